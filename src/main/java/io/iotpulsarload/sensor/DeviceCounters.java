package io.iotpulsarload.sensor;

import java.util.SplittableRandom;

/**
 * The per-device state that only grows: sequence number, error count and network counters.
 *
 * <p>Not thread-safe, by design: each device is written by one thread at a time. Generators split the pool so that
 * every device belongs to exactly one lane (one Gatling event loop), which also keeps each device's messages in
 * sequence order on the wire without a lock.
 */
public final class DeviceCounters {

  // a device's six counters side by side (one cache line, not six arrays): index = STRIDE * position + field
  static final int STRIDE = 6;
  static final int SEQUENCE = 0;
  static final int ERROR_COUNT = 1;
  static final int PACKETS_SENT = 2;
  static final int PACKETS_RECEIVED = 3;
  static final int BYTES_SENT = 4;
  static final int BYTES_RECEIVED = 5;

  final long[] state;

  /** Counters for every device of the pool, starting where a device that has run for a while would be. */
  public DeviceCounters(DevicePool pool, long seed) {
    int n = pool.size();
    state = new long[STRIDE * n];
    for (int i = 0; i < n; i++) {
      SplittableRandom r = new SplittableRandom(DevicePool.mix(seed ^ 0xC0C0A1L, pool.firstIndex() + i));
      int at = STRIDE * i;
      state[at + ERROR_COUNT] = r.nextInt(5);
      long packetsSent = r.nextLong(1_000, 1_000_000);
      long packetsReceived = packetsSent - r.nextLong(0, 1_000);
      state[at + PACKETS_SENT] = packetsSent;
      state[at + PACKETS_RECEIVED] = packetsReceived;
      state[at + BYTES_SENT] = packetsSent * r.nextLong(64, 512);
      state[at + BYTES_RECEIVED] = packetsReceived * r.nextLong(64, 512);
    }
  }

  /** Messages generated so far for the device at {@code position} (its next sequence number). */
  public long sequence(int position) {
    return state[STRIDE * position + SEQUENCE];
  }
}
