package io.iotpulsarload.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.config.IoTSettings;
import io.iotpulsarload.config.RunSettings;
import io.iotpulsarload.gates.GateLimits;
import io.iotpulsarload.gatling.pulsar.client.PulsarSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingTest {

  @Test
  void propertyWinsOverEnvironmentAndBlankCountsAsUnset() {
    SettingSource source = SettingSource.of(Map.of("rate", "5000"), Map.of("MESSAGES_PER_SECOND", "7000"));
    assertEquals(5000.0, IoTSettings.RATE.read(source));
    SettingSource envOnly = SettingSource.of(Map.of("rate", "  "), Map.of("MESSAGES_PER_SECOND", "7000"));
    assertEquals(7000.0, IoTSettings.RATE.read(envOnly));
    assertEquals(1000.0, IoTSettings.RATE.read(SettingSource.of(Map.of(), Map.of("MESSAGES_PER_SECOND", ""))));
  }

  @Test
  void defaultsMatchTheDocumentedOnes() {
    RunSettings s = RunSettings.read(SettingSource.properties(Map.of()));
    assertEquals(Optional.empty(), s.pulsarUrl());
    assertEquals(1000.0, s.rate());
    assertEquals(Duration.ofSeconds(60), s.duration());
    assertEquals("persistent://public/default/iot-sensor-data", s.pulsar().topic());
    assertEquals(0, s.pulsar().partitions());
    assertEquals("LZ4", s.pulsar().producerConf().get(PulsarSettings.COMPRESSION_TYPE));
    assertEquals(true, s.pulsar().producerConf().get(PulsarSettings.BATCHING_ENABLED));
    assertEquals(Duration.ofSeconds(10), s.pulsar().sendTimeout());
    assertEquals(17_000, s.sensor().devices());
    assertEquals("AVRO", s.sensor().format().name());
  }

  @ParameterizedTest
  @CsvSource({"60,60000", "90s,90000", "10m,600000", "1h,3600000", "500ms,500", "1.5m,90000", "2 min,120000"})
  void durationsParse(String text, long millis) {
    assertEquals(Duration.ofMillis(millis), Parsers.duration(text));
  }

  @ParameterizedTest
  @CsvSource({"1000,1000", "2.5k,2500", "50K,50000", "0.5,0.5"})
  void ratesParse(String text, double expected) {
    assertEquals(expected, Parsers.rate(text));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "rate|abc|Invalid rate (-Drate / MESSAGES_PER_SECOND) 'abc' (not a number): expected a positive number",
      "rate|0|Invalid rate (-Drate / MESSAGES_PER_SECOND) '0' (must be more than zero)",
      "rate|-5|Invalid rate (-Drate / MESSAGES_PER_SECOND) '-5'",
      "duration|ten|Invalid duration (-Dduration / DURATION) 'ten'",
      "duration|0s|Invalid duration (-Dduration / DURATION) '0s' (must be more than zero)",
      "duration|5d|Invalid duration (-Dduration / DURATION) '5d'",
      "pulsar.url|localhost:6650|Invalid pulsar.url (-Dpulsar.url / PULSAR_URL) 'localhost:6650'",
      "pulsar.url|http://x:8080|Invalid pulsar.url (-Dpulsar.url / PULSAR_URL) 'http://x:8080' (scheme must be pulsar",
      "pulsar.url|pulsar://|Invalid pulsar.url (-Dpulsar.url / PULSAR_URL) 'pulsar://'",
      "pulsar.adminUrl|ftp://x|Invalid pulsar.adminUrl (-Dpulsar.adminUrl / PULSAR_ADMIN_URL) 'ftp://x'",
      "partitions|-1|Invalid partitions (-Dpartitions / PULSAR_PARTITIONS) '-1' (out of range)",
      "compression|GZIP|Invalid compression (-Dcompression / PULSAR_COMPRESSION) 'GZIP' (unknown value): expected one of none, lz4, zlib, zstd, snappy",
      "batching|maybe|Invalid batching (-Dbatching / PULSAR_BATCHING) 'maybe' (not a boolean): expected true or false",
      "devices|0|Invalid devices (-Ddevices / DEVICE_POOL_SIZE) '0' (out of range)",
      "format|xml|Invalid format (-Dformat / MESSAGE_FORMAT) 'xml' (unknown value): expected one of avro, avro-bytes, json",
      "deviceSelection|sometimes|Invalid deviceSelection (-DdeviceSelection / DEVICE_SELECTION) 'sometimes'",
      "seed|x1|Invalid seed (-Dseed / SEED) 'x1'",
      "gate.maxKoPercent|150|Invalid gate.maxKoPercent (-Dgate.maxKoPercent / GATE_MAX_KO_PERCENT) '150' (out of range)",
      "pulsar.producersPerTopic|0|Invalid pulsar.producersPerTopic (-Dpulsar.producersPerTopic / PULSAR_PRODUCERS_PER_TOPIC) '0'",
  })
  void badValuesGiveOneLineNamingSettingValueAndWhatIsAccepted(String property, String value, String expectedStart) {
    SettingException e = assertThrows(SettingException.class,
        () -> {
          // what a run reads at its start, before anything is sent
          SettingSource source = SettingSource.properties(Map.of(property, value));
          RunSettings.read(source);
          GateLimits.read(source);
        });
    assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    assertTrue(e.getMessage().contains("expected "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }

  @Test
  void routingModeAcceptsTheWayUsersTypeIt() {
    assertEquals("SinglePartition", IoTSettings.ROUTING_MODE.parse("single-partition").name());
    assertEquals("RoundRobinPartition", IoTSettings.ROUTING_MODE.parse("RoundRobinPartition").name());
  }

  @Test
  void everySettingHasANameAnEnvVariableAndADescription() {
    for (Setting<?> s : IoTSettings.ALL) {
      assertFalse(s.property().isBlank());
      assertTrue(s.env() != null && s.env().matches("[A-Z][A-Z0-9_]+"), s.property());
      assertFalse(s.description().isBlank(), s.property());
      if (s.defaultText() != null) {
        s.parse(s.defaultText()); // every default is itself a valid value
      }
    }
  }

  @Test
  void aDurationBetweenTwoBoundsNamesTheRangeWhenOutside() {
    Setting.Parser<Duration> parser = Parsers.durationBetween("1s", "60s");
    assertEquals(Duration.ofSeconds(1), parser.parse("1s"));
    assertEquals(Duration.ofMinutes(1), parser.parse("1m"));
    assertEquals("not from 1s to 60s", assertThrows(IllegalArgumentException.class, () -> parser.parse("999ms"))
        .getMessage());
    assertEquals("not from 1s to 60s", assertThrows(IllegalArgumentException.class, () -> parser.parse("61s"))
        .getMessage());
  }
}
