package io.iotpulsarload.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.iot.pipeline.model.SensorData;
import io.iotpulsarload.sensor.MessageFormat;
import io.iotpulsarload.sensor.MessageStamps;
import io.iotpulsarload.sensor.SensorCodec;
import io.iotpulsarload.testing.GatlingFork;
import io.iotpulsarload.settings.Parsers;
import io.iotpulsarload.testing.SharedBroker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.schema.GenericRecord;
import org.apache.pulsar.common.schema.SchemaInfo;
import org.apache.pulsar.common.schema.SchemaType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SteadyIoT as users run it (a Gatling fork), against the shared embedded broker. */
class SteadyIoTTest {

  private static final String STEADY = "simulations.SteadyIoT";

  private static Map<String, String> shortRun(String topic, String rate, String duration) {
    Map<String, String> p = new HashMap<>();
    p.put("pulsar.url", SharedBroker.serviceUrl());
    p.put("pulsar.adminUrl", SharedBroker.adminUrl());
    p.put("topic", topic);
    p.put("rate", rate);
    p.put("duration", duration);
    return p;
  }

  @ParameterizedTest
  @EnumSource(MessageFormat.class)
  void everyFormatIsPublishedWithoutKoAndReadBackAsGeneratedReadings(MessageFormat format) throws Exception {
    String topic = SharedBroker.uniqueTopic("steady-" + format.name().toLowerCase());
    int expected = 600; // 200 msg/s for 3 s
    try (PulsarClient client = SharedBroker.client();
        Consumer<byte[]> consumer = client.newConsumer(Schema.BYTES).topic(topic).subscriptionName("check")
            .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest).subscribe()) {
      Map<String, String> props = shortRun(topic, "200", "3s");
      props.put("format", Parsers.typed(format.name()));
      props.put("verify", "true");
      props.put("runId", "steady-" + format.name().toLowerCase());
      props.put("results.dir", "target/test-results");
      GatlingFork.Result run = GatlingFork.run(STEADY, props, 240);

      assertEquals(0, run.exitCode(), run.tail());
      assertArrayEquals(new long[] {expected, 0}, run.okKo("publish"), run.tail());
      assertArrayEquals(new long[] {expected, expected, 0}, run.published(), "sent = acked + failed");
      // the run summary line: what was sent and how fast the injector published it (rates are judged from the
      // per-second timeline in SimulationsTest)
      assertTrue(run.output().contains("run: sent=600 acked=600 failed=0 mean rate="), run.tail());
      // the verifying consumer's end-to-end view, in the same report
      assertTrue(run.output().contains("verification: sent=600 acked=600 failed=0 received=600 lost=0 "
          + "duplicates=0 out-of-order=0 invalid=0"), run.tail());
      assertArrayEquals(new long[] {expected, 0}, run.okKo("e2e"), run.tail());
      assertArrayEquals(new long[] {1, 0}, run.okKo("gates"), run.tail());
      com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
          java.nio.file.Path.of("target/test-results", "steady-" + format.name().toLowerCase(), "injector-0",
              "verification.json").toFile());
      assertEquals(0, json.path("lost").asLong(-1), json.toString());
      assertEquals(600, json.path("received").asLong(), json.toString());

      SensorCodec codec = SensorCodec.forThisThread();
      Map<String, java.util.TreeSet<Long>> sequences = new HashMap<>();
      for (int i = 0; i < expected; i++) {
        Message<byte[]> m = consumer.receive(30, TimeUnit.SECONDS);
        assertNotNull(m, "message " + i + " of " + expected);
        SensorData reading = codec.decode(format, m.getValue());
        assertEquals(reading.getDeviceId(), m.getKey(), "key = device id");
        assertEquals(reading.getTime(), m.getEventTime(), "event time = reading time");
        MessageStamps.Stamp stamp = MessageStamps.read(m::getProperty);
        assertEquals(Map.of(MessageStamps.STAMP, MessageStamps.prefix(stamp.run(), "0") + stamp.sequence()),
            m.getProperties(), "one stamp property: run/injector/sequence");
        sequences.computeIfAbsent(m.getKey(), k -> new java.util.TreeSet<>()).add(stamp.sequence());
        assertTrue(reading.getTemperature() >= 15 && reading.getTemperature() <= 40);
      }
      // every device's sequence numbers run from 0 without a gap: what the verifier relies on
      sequences.forEach((device, seqs) -> assertEquals(seqs.size() - 1, seqs.last(), device + " " + seqs));
      assertEquals(0L, sequences.values().stream().mapToLong(java.util.TreeSet::first).max().orElseThrow());
    }
    if (format == MessageFormat.AVRO) {
      try (PulsarAdmin admin = SharedBroker.admin(); PulsarClient client = SharedBroker.client();
          Consumer<GenericRecord> auto = client.newConsumer(Schema.AUTO_CONSUME()).topic(topic)
              .subscriptionName("auto").subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
              .subscribe()) {
        SchemaInfo registered = admin.schemas().getSchemaInfo(topic);
        assertEquals(SchemaType.AVRO, registered.getType());
        assertEquals(SensorCodec.SCHEMA, new org.apache.avro.Schema.Parser().parse(registered.getSchemaDefinition()));
        GenericRecord record = auto.receive(30, TimeUnit.SECONDS).getValue();
        assertTrue(record.getField("device_id").toString().startsWith("dev-"));
        assertTrue(record.getField("pressure") instanceof Double);
      }
    }
  }

  @Test
  void anUnreachableBrokerFailsAtOnceWithOneClearLine() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    Map<String, String> props = shortRun("t", "10", "2s");
    props.put("pulsar.url", "pulsar://127.0.0.1:" + closedPort);
    GatlingFork.Result run = GatlingFork.run(STEADY, props, 120);
    assertNotEquals(0, run.exitCode());
    assertTrue(run.output().contains("iot-pulsar-load: Cannot reach the Pulsar broker at pulsar://127.0.0.1:"
        + closedPort + " (Connection refused): check pulsar.url / PULSAR_URL"), run.tail());
  }

  @Test
  void aBadSettingFailsBeforeAnythingIsSent() throws Exception {
    Map<String, String> props = shortRun("t", "lots", "2s");
    GatlingFork.Result run = GatlingFork.run(STEADY, props, 120);
    assertEquals(1, run.exitCode());
    assertTrue(run.output().contains("iot-pulsar-load: Invalid rate (-Drate / MESSAGES_PER_SECOND) 'lots' "
        + "(not a number): expected a positive number of messages per second"), run.tail());
    assertTrue(!run.output().contains("---- Requests"), "no load was started");
  }

  @Test
  void aFailedGateFailsTheRunAndSaysWhich() throws Exception {
    Map<String, String> props = shortRun(SharedBroker.uniqueTopic("gate"), "50", "2s");
    props.put("gate.p99Ms", "0");
    GatlingFork.Result run = GatlingFork.run(STEADY, props, 120);
    assertEquals(2, run.exitCode(), "Gatling's exit status for failed assertions");
    assertTrue(run.output().contains("iot-pulsar-load: gates FAILED: gate.p99Ms: publish p99 (ms) "), run.tail());
    assertTrue(run.output().contains("gates: count of failed events is 0.0 : false"), run.tail());
  }

  /** A verification gate (here the e2e p99, which can never be 0 ms) fails the whole Gatling run. */
  @Test
  void aFailedVerificationGateFailsTheRun() throws Exception {
    Map<String, String> props = shortRun(SharedBroker.uniqueTopic("e2e-gate"), "50", "2s");
    props.put("verify", "true");
    props.put("gate.e2eP99Ms", "0");
    GatlingFork.Result run = GatlingFork.run(STEADY, props, 120);
    assertEquals(2, run.exitCode(), "Gatling's exit status for failed assertions\n" + run.tail());
    assertTrue(run.output().contains("iot-pulsar-load: gates FAILED: gate.e2eP99Ms: e2e p99 (ms) "), run.tail());
    assertTrue(run.output().contains("iot-pulsar-load: gate gate.maxLost: lost 0 <= 0: passed"), run.tail());
  }

  @Test
  void allVirtualUsersShareOneProducer() throws Exception {
    String topic = SharedBroker.uniqueTopic("one-producer");
    GatlingFork.Running running = GatlingFork.start(STEADY, shortRun(topic, "300", "20s"));
    int publishers = -1;
    try (PulsarAdmin admin = SharedBroker.admin()) {
      // poll the broker's view while the run sends (each poll is a real admin round trip)
      for (int attempt = 0; attempt < 600 && running.process().isAlive(); attempt++) {
        try {
          var stats = admin.topics().getStats(topic);
          if (stats.getMsgInCounter() > 1_500) {
            publishers = stats.getPublishers().size();
            break;
          }
        } catch (org.apache.pulsar.client.admin.PulsarAdminException.NotFoundException notYet) {
          // the run has not created the topic yet
        }
        running.process().onExit().completeOnTimeout(null, 100, TimeUnit.MILLISECONDS).join();
      }
    }
    GatlingFork.Result run = running.await(240);
    assertEquals(0, run.exitCode(), run.tail());
    assertEquals(1, publishers, "6,000 virtual users, one producer on the broker");
  }
}
