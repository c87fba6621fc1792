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

  final long[] sequence;
  final int[] errorCount;
  final long[] packetsSent;
  final long[] packetsReceived;
  final long[] bytesSent;
  final long[] bytesReceived;

  /** Counters for every device of the pool, starting where a device that has run for a while would be. */
  public DeviceCounters(DevicePool pool, long seed) {
    int n = pool.size();
    sequence = new long[n];
    errorCount = new int[n];
    packetsSent = new long[n];
    packetsReceived = new long[n];
    bytesSent = new long[n];
    bytesReceived = new long[n];
    for (int i = 0; i < n; i++) {
      SplittableRandom r = new SplittableRandom(DevicePool.mix(seed ^ 0xC0C0A1L, pool.firstIndex() + i));
      errorCount[i] = r.nextInt(5);
      packetsSent[i] = r.nextLong(1_000, 1_000_000);
      packetsReceived[i] = packetsSent[i] - r.nextLong(0, 1_000);
      bytesSent[i] = packetsSent[i] * r.nextLong(64, 512);
      bytesReceived[i] = packetsReceived[i] * r.nextLong(64, 512);
    }
  }

  /** Messages generated so far for the device at {@code position} (its next sequence number). */
  public long sequence(int position) {
    return sequence[position];
  }
}
