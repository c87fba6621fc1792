package io.iotpulsarload.sensor;

import com.iot.pipeline.model.SensorData;
import java.util.SplittableRandom;

/**
 * Generates realistic readings for one lane of a device pool. One generator per thread (lane), never shared.
 *
 * <p>Lane {@code l} of {@code L} owns the devices at positions {@code p} with {@code p % L == l}, so devices are
 * written by one thread only. With the same seed, lane and lane count, a generator produces the same readings
 * (the timestamps aside).
 *
 * <p>Ranges (the seed's data model, contradictions settled in docs/settings.md): temperature 15-35 C, humidity 20-80 %,
 * battery 20-100 %, with alert outliers in 5 % (temperature in (35, 40]), 3 % (humidity in (80, 90]) and 2 %
 * (battery in [10, 20)) of readings.
 *
 * <p>Hot path (guarded by {@code SensorGeneratorBenchmark}): no formatting, no locks, one record allocation.
 */
public final class SensorGenerator {

  public static final double TEMPERATURE_ALERT_RATE = 0.05;
  public static final double HUMIDITY_ALERT_RATE = 0.03;
  public static final double BATTERY_ALERT_RATE = 0.02;

  private final DevicePool pool;
  private final DeviceCounters counters;
  private final SplittableRandom random;
  private final DeviceSelection selection;
  private final int lane;
  private final int lanes;
  private final int laneDevices;
  private int nextInLane;

  /**
   * @param pool      the injector's devices
   * @param counters  the pool's per-device counters, shared by all lanes (each lane writes only its devices)
   * @param seed      the run's seed
   * @param lane      this generator's lane, in [0, lanes)
   * @param lanes     how many lanes split the pool, at most the pool's size
   * @param selection how each reading picks its device
   */
  public SensorGenerator(
      DevicePool pool, DeviceCounters counters, long seed, int lane, int lanes, DeviceSelection selection) {
    if (lanes < 1 || lane < 0 || lane >= lanes) {
      throw new IllegalArgumentException("lane " + lane + " of " + lanes + " does not exist");
    }
    if (lanes > pool.size()) {
      throw new IllegalArgumentException("an injector needs at least one device per lane (thread): "
          + pool.size() + " devices for " + lanes + " lanes; raise devices");
    }
    this.pool = pool;
    this.counters = counters;
    this.random = new SplittableRandom(DevicePool.mix(seed ^ 0x4E6E5L, pool.firstIndex() * 64 + lane));
    this.selection = selection;
    this.lane = lane;
    this.lanes = lanes;
    this.laneDevices = (pool.size() - lane + lanes - 1) / lanes;
  }

  /** A single-lane generator over the whole pool (for tools, tests and benchmarks). */
  public static SensorGenerator singleLane(DevicePool pool, long seed, DeviceSelection selection) {
    return new SensorGenerator(pool, new DeviceCounters(pool, seed), seed, 0, 1, selection);
  }

  /** The next reading of a device chosen by this generator's selection, timestamped {@code timeMillis}. */
  public SensorReading next(long timeMillis) {
    int k;
    if (selection == DeviceSelection.ROUND_ROBIN) {
      k = nextInLane;
      nextInLane = k + 1 == laneDevices ? 0 : k + 1;
    } else {
      k = random.nextInt(laneDevices);
    }
    return readingFor(lane + k * lanes, timeMillis);
  }

  /**
   * The next reading of the device at {@code position}. The caller guarantees that no other thread generates for
   * that device at the same time (e.g. one virtual user per device).
   */
  /**
   * Uniform in [lo, hi): what {@code SplittableRandom.nextDouble(lo, hi)} returns, without its argument checks
   * and interface dispatch, which cost ~5 % of the injector's CPU at 50K msg/s (JFR).
   */
  private static double uniform(SplittableRandom r, double lo, double hi) {
    double v = lo + r.nextDouble() * (hi - lo);
    return v < hi ? v : Math.nextDown(hi);
  }

  public SensorReading readingFor(int position, long timeMillis) {
    SplittableRandom r = random;
    SensorData d = new SensorData();
    d.setDeviceId(pool.deviceId(position));
    d.setDeviceType(pool.deviceType(position));
    d.setCustomerId(pool.customerId(position));
    d.setSiteId(pool.siteId(position));
    d.setLatitude(pool.latitude(position));
    d.setLongitude(pool.longitude(position));
    d.setAltitude(pool.altitude(position));
    d.setTime(timeMillis);

    // Alert outliers: the open/half-open ends keep alert and normal ranges disjoint.
    d.setTemperature(r.nextDouble() < TEMPERATURE_ALERT_RATE ? 40.0 - uniform(r, 0.0, 5.0) : uniform(r, 15.0, 35.0));
    d.setHumidity(r.nextDouble() < HUMIDITY_ALERT_RATE ? 90.0 - uniform(r, 0.0, 10.0) : uniform(r, 20.0, 80.0));
    d.setBatteryLevel(r.nextDouble() < BATTERY_ALERT_RATE ? uniform(r, 10.0, 20.0) : 100.0 - uniform(r, 0.0, 80.0));
    d.setPressure(uniform(r, 980.0, 1040.0));
    d.setCo2Level(uniform(r, 400.0, 2000.0));
    d.setNoiseLevel(uniform(r, 30.0, 90.0));
    d.setLightLevel(uniform(r, 0.0, 10_000.0));
    d.setMotionDetected(r.nextInt(100) < 30 ? 1 : 0);
    d.setSignalStrength(uniform(r, -90.0, -30.0));
    d.setMemoryUsage(uniform(r, 20.0, 80.0));
    d.setCpuUsage(uniform(r, 10.0, 70.0));

    int statusDraw = r.nextInt(100);
    int status = statusDraw < 90 ? 1 : statusDraw < 94 ? 2 : statusDraw < 97 ? 3 : 4;
    d.setStatus(status);

    long[] c = counters.state;
    int at = DeviceCounters.STRIDE * position;
    if (status == 4) {
      c[at + DeviceCounters.ERROR_COUNT]++;
    }
    d.setErrorCount((int) c[at + DeviceCounters.ERROR_COUNT]);
    long sent = 1 + r.nextInt(16);
    long received = r.nextInt(17);
    d.setPacketsSent(c[at + DeviceCounters.PACKETS_SENT] += sent);
    d.setPacketsReceived(c[at + DeviceCounters.PACKETS_RECEIVED] += received);
    d.setBytesSent(c[at + DeviceCounters.BYTES_SENT] += sent * (64 + r.nextInt(1_400)));
    d.setBytesReceived(c[at + DeviceCounters.BYTES_RECEIVED] += received * (64 + r.nextInt(1_400)));
    long sequence = c[at + DeviceCounters.SEQUENCE]++;
    return new SensorReading(d, sequence, position);
  }

  public DevicePool pool() {
    return pool;
  }
}
