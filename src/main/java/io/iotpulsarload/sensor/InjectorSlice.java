package io.iotpulsarload.sensor;

/**
 * Injector {@code index} of {@code count}: owns a contiguous, disjoint part of the device pool and its share of every
 * rate. Remainders go to the lowest indexes, so the slices cover the pool and the shares add up exactly.
 */
public record InjectorSlice(int index, int count) {

  /** The only slice of a single-injector run. */
  public static final InjectorSlice SINGLE = new InjectorSlice(0, 1);

  public InjectorSlice {
    if (count < 1) {
      throw new IllegalArgumentException("injector count must be at least 1, got " + count);
    }
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException(
          "injector index must be in [0, " + (count - 1) + "] for " + count + " injectors, got " + index);
    }
  }

  /** First position (inclusive) of this slice in a pool of {@code size} items. */
  public long start(long size) {
    long base = size / count;
    long remainder = size % count;
    return index * base + Math.min(index, remainder);
  }

  /** Number of items of a pool of {@code size} that this slice owns. */
  public long length(long size) {
    long base = size / count;
    return base + (index < size % count ? 1 : 0);
  }

  /** This injector's share of a total rate: the shares of all injectors add up to exactly {@code total}. */
  public double share(double total) {
    // Splitting a decimal total: integer part like items, fractional part on injector 0.
    long whole = (long) Math.floor(total);
    double fraction = total - whole;
    return length(whole) + (index == 0 ? fraction : 0.0);
  }
}
