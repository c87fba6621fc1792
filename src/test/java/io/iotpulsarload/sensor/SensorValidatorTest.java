package io.iotpulsarload.sensor;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.iot.pipeline.model.SensorData;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule of the data model, broken one at a time on an otherwise valid, decodable reading. */
class SensorValidatorTest {

  private static SensorData valid() {
    return SensorGenerator.singleLane(DevicePool.of(1_000, 3), 3, DeviceSelection.RANDOM).next(1_700_000_000_000L)
        .data();
  }

  static Stream<Arguments> brokenRules() {
    return Stream.of(
        rule("device_id", d -> d.setDeviceId("device-7")),
        rule("customer_id", d -> d.setCustomerId("cust-999999")),
        rule("site_id", d -> d.setSiteId("site-99999")),
        rule("device_type", d -> d.setDeviceType("")),
        rule("time", d -> d.setTime(0L)),
        rule("latitude", d -> d.setLatitude(91.0)),
        rule("longitude", d -> d.setLongitude(-181.0)),
        rule("altitude", d -> d.setAltitude(9_001.0)),
        rule("temperature", d -> d.setTemperature(40.5)),
        rule("humidity", d -> d.setHumidity(19.9)),
        rule("pressure", d -> d.setPressure(1_041.0)),
        rule("co2_level", d -> d.setCo2Level(399.0)),
        rule("noise_level", d -> d.setNoiseLevel(91.0)),
        rule("light_level", d -> d.setLightLevel(-1.0)),
        rule("motion_detected", d -> d.setMotionDetected(2)),
        rule("battery_level", d -> d.setBatteryLevel(9.0)),
        rule("signal_strength", d -> d.setSignalStrength(-29.0)),
        rule("memory_usage", d -> d.setMemoryUsage(81.0)),
        rule("cpu_usage", d -> d.setCpuUsage(9.0)),
        rule("status", d -> d.setStatus(5)),
        rule("error_count", d -> d.setErrorCount(-1)),
        rule("packets_sent", d -> d.setPacketsSent(-1L)),
        rule("packets_received", d -> d.setPacketsReceived(-1L)),
        rule("bytes_sent", d -> d.setBytesSent(-1L)),
        rule("bytes_received", d -> d.setBytesReceived(-1L)));
  }

  private static Arguments rule(String field, Consumer<SensorData> breakIt) {
    return Arguments.of(field, breakIt);
  }

  @Test
  void aGeneratedReadingIsValid() {
    assertNull(SensorValidator.problem(valid()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenRules")
  void eachBrokenRuleIsNamed(String field, Consumer<SensorData> breakIt) {
    SensorData d = valid();
    breakIt.accept(d);
    String problem = SensorValidator.problem(d);
    assertTrue(problem != null && problem.startsWith(field), field + ": " + problem);
  }
}
