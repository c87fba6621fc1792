package io.iotpulsarload.sensor;

import java.util.SplittableRandom;

/**
 * The devices one injector sends for: a slice of the global pool, with every per-device string precomputed so the
 * send path never formats text. A device's type, customer, site and location depend only on its global index and
 * the run's seed, so they are the same on every injector and in every run with that seed.
 *
 * <p>Global index {@code g} (from {@code offset} to {@code offset + size - 1}) has id {@code dev-%07d(g)}, customer
 * {@code cust-%06d(g / 10)} and site {@code site-%05d(g / 100)}; devices of one site stand close together.
 */
public final class DevicePool {

  /** Land-like anchor regions (lat, lon, typical altitude m): sites are scattered around these. */
  private static final double[][] REGIONS = {
    {40.71, -74.00, 10}, {41.88, -87.63, 180}, {34.05, -118.24, 90}, {39.74, -104.99, 1600},
    {51.51, -0.13, 15}, {48.86, 2.35, 35}, {52.52, 13.40, 34}, {47.37, 8.54, 408},
    {35.68, 139.69, 40}, {37.57, 126.98, 38}, {1.35, 103.82, 15}, {28.61, 77.21, 216},
    {-33.87, 151.21, 58}, {-23.55, -46.63, 760}, {19.43, -99.13, 2240}, {-1.29, 36.82, 1795},
  };

  private final long offset;
  private final long poolSize;
  private final InjectorSlice slice;
  private final long firstIndex;
  // One device's attributes side by side (id, type, customer, site; latitude, longitude, altitude), not one array
  // per attribute: a reading of a random device among tens of thousands then touches two cache lines, not seven
  // (JFR at 50,000 msg/s and 17,000 devices: the generator's share fell from 10 % to 3 % with 100 devices).
  private final int size;
  private final String[] names;
  private final double[] places;

  /**
   * @param poolSize total devices across all injectors
   * @param offset   global index of the pool's first device
   * @param slice    which part of the pool this injector owns
   * @param seed     the run's seed: the same seed gives the same device attributes
   */
  public DevicePool(long poolSize, long offset, InjectorSlice slice, long seed) {
    if (poolSize < 1) {
      throw new IllegalArgumentException("device pool size must be at least 1, got " + poolSize);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("device offset must not be negative, got " + offset);
    }
    if (slice.count() > poolSize) {
      throw new IllegalArgumentException(
          slice.count() + " injectors need at least as many devices, but the pool has " + poolSize);
    }
    long length = slice.length(poolSize);
    if (length > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("one injector can own at most 2^31 devices, got " + length);
    }
    this.offset = offset;
    this.poolSize = poolSize;
    this.slice = slice;
    this.firstIndex = offset + slice.start(poolSize);
    int n = (int) length;
    size = n;
    names = new String[4 * n];
    places = new double[3 * n];
    DeviceType[] types = DeviceType.values();
    String[] typeNames = new String[types.length];
    for (int t = 0; t < types.length; t++) {
      typeNames[t] = types[t].wireName();
    }
    String customer = null;
    String site = null;
    for (int i = 0; i < n; i++) {
      long g = firstIndex + i;
      names[4 * i] = zeroPadded("dev-", g, 7);
      // consecutive devices share customers and sites: reuse the string instead of formatting it again
      customer = i > 0 && g / 10 == (g - 1) / 10 ? customer : zeroPadded("cust-", g / 10, 6);
      site = i > 0 && g / 100 == (g - 1) / 100 ? site : zeroPadded("site-", g / 100, 5);
      names[4 * i + 2] = customer;
      names[4 * i + 3] = site;
      SplittableRandom deviceRandom = new SplittableRandom(mix(seed, g));
      names[4 * i + 1] = typeNames[deviceRandom.nextInt(typeNames.length)];
      SplittableRandom siteRandom = new SplittableRandom(mix(seed ^ 0x5EED5173L, g / 100));
      double[] region = REGIONS[siteRandom.nextInt(REGIONS.length)];
      double siteLat = region[0] + siteRandom.nextDouble(-0.5, 0.5);
      double siteLon = region[1] + siteRandom.nextDouble(-0.5, 0.5);
      double siteAlt = Math.max(0, region[2] + siteRandom.nextDouble(-50, 50));
      places[3 * i] = siteLat + deviceRandom.nextDouble(-0.002, 0.002);
      places[3 * i + 1] = siteLon + deviceRandom.nextDouble(-0.002, 0.002);
      places[3 * i + 2] = siteAlt + deviceRandom.nextDouble(0, 30); // ground to a few floors up
    }
  }

  /** A pool of {@code size} devices from index 0, owned by a single injector. */
  public static DevicePool of(long size, long seed) {
    return new DevicePool(size, 0, InjectorSlice.SINGLE, seed);
  }

  /** Devices this injector owns. */
  public int size() {
    return size;
  }

  /** Global index of this injector's first device. */
  public long firstIndex() {
    return firstIndex;
  }

  public long offset() {
    return offset;
  }

  public long poolSize() {
    return poolSize;
  }

  public InjectorSlice slice() {
    return slice;
  }

  public String deviceId(int position) {
    return names[4 * position];
  }

  public String deviceType(int position) {
    return names[4 * position + 1];
  }

  public String customerId(int position) {
    return names[4 * position + 2];
  }

  public String siteId(int position) {
    return names[4 * position + 3];
  }

  public double latitude(int position) {
    return places[3 * position];
  }

  public double longitude(int position) {
    return places[3 * position + 1];
  }

  public double altitude(int position) {
    return places[3 * position + 2];
  }

  /** A stable 64-bit mix of (seed, index) for per-device random streams (SplitMix64 finaliser). */
  static long mix(long seed, long index) {
    long z = seed * 0x9E3779B97F4A7C15L + index;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** {@code prefix} followed by {@code value} zero-padded to {@code width} digits, as %0Nd would print it. */
  static String zeroPadded(String prefix, long value, int width) {
    String digits = Long.toString(value);
    StringBuilder sb = new StringBuilder(prefix.length() + Math.max(width, digits.length()));
    sb.append(prefix);
    for (int i = digits.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(digits).toString();
  }
}
