package io.iotpulsarload.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.iot.pipeline.model.SensorData;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One million readings from the default pool, checked against the data model docs/settings.md documents. */
class SensorGeneratorTest {

  private static final int READINGS = 1_000_000;
  private static final int DEVICES = 17_000;

  private static int temperatureAlerts;
  private static int humidityAlerts;
  private static int batteryAlerts;
  private static final Set<String> deviceIds = new HashSet<>();
  private static final Map<Integer, Integer> statusCounts = new HashMap<>();
  private static String firstViolation;

  @BeforeAll
  static void generateAMillionReadings() {
    DevicePool pool = DevicePool.of(DEVICES, 42);
    SensorGenerator generator = SensorGenerator.singleLane(pool, 42, DeviceSelection.RANDOM);
    long[] lastSequence = new long[DEVICES];
    java.util.Arrays.fill(lastSequence, -1);
    SensorData[] last = new SensorData[DEVICES];
    for (int i = 0; i < READINGS; i++) {
      SensorReading r = generator.next(1_700_000_000_000L + i);
      SensorData d = r.data();
      deviceIds.add(d.getDeviceId());
      int index = Integer.parseInt(d.getDeviceId().substring(4));
      check(d.getCustomerId().equals(String.format("cust-%06d", index / 10)), "customer of " + d.getDeviceId());
      check(d.getSiteId().equals(String.format("site-%05d", index / 100)), "site of " + d.getDeviceId());
      check(r.sequence() == lastSequence[r.position()] + 1, "sequence without gaps");
      lastSequence[r.position()] = r.sequence();
      SensorData previous = last[r.position()];
      if (previous != null) {
        check(d.getErrorCount() >= previous.getErrorCount(), "error_count never decreases");
        check(d.getPacketsSent() >= previous.getPacketsSent(), "packets_sent never decreases");
        check(d.getPacketsReceived() >= previous.getPacketsReceived(), "packets_received never decreases");
        check(d.getBytesSent() >= previous.getBytesSent(), "bytes_sent never decreases");
        check(d.getBytesReceived() >= previous.getBytesReceived(), "bytes_received never decreases");
        check(d.getDeviceType().equals(previous.getDeviceType()) && d.getLatitude() == previous.getLatitude(),
            "type and location are stable per device");
      }
      last[r.position()] = d;
      checkRanges(d);
      if (d.getTemperature() > 35) {
        temperatureAlerts++;
      }
      if (d.getHumidity() > 80) {
        humidityAlerts++;
      }
      if (d.getBatteryLevel() < 20) {
        batteryAlerts++;
      }
      statusCounts.merge(d.getStatus(), 1, Integer::sum);
    }
  }

  private static void checkRanges(SensorData d) {
    check(d.getTemperature() >= 15 && d.getTemperature() <= 40, "temperature " + d.getTemperature());
    check(d.getHumidity() >= 20 && d.getHumidity() <= 90, "humidity " + d.getHumidity());
    check(d.getBatteryLevel() >= 10 && d.getBatteryLevel() <= 100, "battery " + d.getBatteryLevel());
    check(d.getPressure() >= 980 && d.getPressure() <= 1040, "pressure");
    check(d.getCo2Level() >= 400 && d.getCo2Level() <= 2000, "co2");
    check(d.getNoiseLevel() >= 30 && d.getNoiseLevel() <= 90, "noise");
    check(d.getLightLevel() >= 0 && d.getLightLevel() <= 10_000, "light");
    check(d.getMotionDetected() == 0 || d.getMotionDetected() == 1, "motion");
    check(d.getSignalStrength() >= -90 && d.getSignalStrength() <= -30, "signal");
    check(d.getMemoryUsage() >= 20 && d.getMemoryUsage() <= 80, "memory");
    check(d.getCpuUsage() >= 10 && d.getCpuUsage() <= 70, "cpu");
    check(d.getStatus() >= 1 && d.getStatus() <= 4, "status");
    check(d.getLatitude() >= -90 && d.getLatitude() <= 90 && d.getLongitude() >= -180 && d.getLongitude() <= 180,
        "coordinates");
    check(d.getAltitude() >= 0 && d.getAltitude() <= 3_000, "altitude " + d.getAltitude());
  }

  private static void check(boolean condition, String what) {
    if (!condition && firstViolation == null) {
      firstViolation = what;
    }
  }

  @Test
  void everyFieldStaysInItsRangeAndCountersOnlyGrow() {
    assertEquals(null, firstViolation);
  }

  @Test
  void alertRatesAreTheSeedsWithinAThirdOfAPoint() {
    assertEquals(5.0, 100.0 * temperatureAlerts / READINGS, 0.3, "temperature alerts %");
    assertEquals(3.0, 100.0 * humidityAlerts / READINGS, 0.3, "humidity alerts %");
    assertEquals(2.0, 100.0 * batteryAlerts / READINGS, 0.3, "battery alerts %");
  }

  @Test
  void allDevicesOfThePoolReportAndNoOther() {
    assertEquals(DEVICES, deviceIds.size());
    assertTrue(deviceIds.contains("dev-0000000") && deviceIds.contains("dev-0016999"));
  }

  @Test
  void statusesFollowTheDocumentedShares() {
    // docs/settings.md: 1 online 90 %, 4 error 3 %, 2 offline and 3 maintenance the rest
    // (binomial: 10 sigma is < 0.3 %)
    assertEquals(0.90, statusCounts.get(1) / (double) READINGS, 0.003, statusCounts.toString());
    assertEquals(0.03, statusCounts.get(4) / (double) READINGS, 0.002, statusCounts.toString());
    assertEquals(READINGS, statusCounts.values().stream().mapToLong(Number::longValue).sum(), "only statuses 1-4");
  }

  @Test
  void sameSeedGivesTheSameReadingsAndAnotherSeedDoesNot() {
    SensorGenerator a = SensorGenerator.singleLane(DevicePool.of(1_000, 7), 7, DeviceSelection.RANDOM);
    SensorGenerator b = SensorGenerator.singleLane(DevicePool.of(1_000, 7), 7, DeviceSelection.RANDOM);
    SensorGenerator c = SensorGenerator.singleLane(DevicePool.of(1_000, 8), 8, DeviceSelection.RANDOM);
    int differ = 0;
    for (int i = 0; i < 1_000; i++) {
      SensorData x = a.next(5).data();
      assertEquals(x, b.next(5).data());
      if (!x.equals(c.next(5).data())) {
        differ++;
      }
    }
    assertTrue(differ > 990);
  }

  @Test
  void roundRobinVisitsEveryDeviceEquallyOften() {
    DevicePool pool = DevicePool.of(10, 1);
    SensorGenerator g = SensorGenerator.singleLane(pool, 1, DeviceSelection.ROUND_ROBIN);
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 1_000; i++) {
      counts.merge(g.next(1).key(), 1, Integer::sum);
    }
    assertEquals(10, counts.size());
    counts.values().forEach(n -> assertEquals(100, n));
  }

  @Test
  void lanesSplitThePoolSoEachDeviceHasOneWriter() {
    DevicePool pool = DevicePool.of(101, 3);
    DeviceCounters counters = new DeviceCounters(pool, 3);
    Set<String> lane0 = new HashSet<>();
    Set<String> lane1 = new HashSet<>();
    SensorGenerator g0 = new SensorGenerator(pool, counters, 3, 0, 2, DeviceSelection.RANDOM);
    SensorGenerator g1 = new SensorGenerator(pool, counters, 3, 1, 2, DeviceSelection.ROUND_ROBIN);
    for (int i = 0; i < 5_000; i++) {
      lane0.add(g0.next(1).key());
      lane1.add(g1.next(1).key());
    }
    assertEquals(51, lane0.size());
    assertEquals(50, lane1.size());
    assertTrue(lane0.stream().noneMatch(lane1::contains));
  }

  @Test
  void deviceAttributesDependOnIndexAndSeedNotOnTheSlice() {
    DevicePool whole = DevicePool.of(300, 9);
    DevicePool second = new DevicePool(300, 0, new InjectorSlice(1, 3), 9);
    assertEquals("dev-0000100", second.deviceId(0));
    assertEquals(whole.deviceType(100), second.deviceType(0));
    assertEquals(whole.latitude(150), second.latitude(50));
  }
}
