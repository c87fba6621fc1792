package io.iotpulsarload.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.testing.GatlingFork;
import io.iotpulsarload.testing.SharedBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.junit.jupiter.api.Test;

/** The README's "Write your own simulation" example is this file, compiled with the tests and run here. */
class WriteYourOwnSimulationTest {

  private static final Path EXAMPLE = Path.of("src/test/java/examples/AlertsIoT.java");

  @Test
  void theReadmeShowsTheExampleAsItIs() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    String example = Files.readString(EXAMPLE).strip();
    assertTrue(readme.contains(example), "README's example differs from " + EXAMPLE);
  }

  @Test
  void theExampleRunsAndItsReadingsAndAlertsAreOnTheBroker() throws Exception {
    String topic = SharedBroker.uniqueTopic("alerts-example");
    try (PulsarClient client = SharedBroker.client();
        Consumer<byte[]> readings = client.newConsumer(Schema.BYTES).topic(topic).subscriptionName("check")
            .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest).subscribe();
        Consumer<String> alerts = client.newConsumer(Schema.STRING).topic(topic + "-alerts")
            .subscriptionName("check").subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
            .subscribe()) {
      Map<String, String> p = new HashMap<>();
      p.put("pulsar.url", SharedBroker.serviceUrl());
      p.put("pulsar.adminUrl", SharedBroker.adminUrl());
      p.put("topic", topic);
      p.put("rate", "100");
      p.put("duration", "3s");
      p.put("verify", "true");
      GatlingFork.Result run = GatlingFork.run("examples.AlertsIoT", p, 240);
      assertEquals(0, run.exitCode(), run.tail());
      assertTrue(run.output().contains("iot-pulsar-load: gates PASSED"), run.tail());
      assertEquals(300, run.okKo("publish")[0], run.tail());
      assertEquals(30, run.okKo("alert")[0], "one user in ten sends an alert");

      int night = 0;
      for (int i = 0; i < 300; i++) {
        Message<byte[]> m = readings.receive(30, TimeUnit.SECONDS);
        assertNotNull(m, "reading " + i);
        assertTrue(m.getKey().startsWith("dev-"), m.getKey());
        night += "night".equals(m.getProperty("shift")) ? 1 : 0;
      }
      assertEquals(100, night, "the feeder's shift on every reading: one in three at night");
      for (int i = 0; i < 30; i++) {
        Message<String> m = alerts.receive(30, TimeUnit.SECONDS);
        assertNotNull(m, "alert " + i);
        assertTrue(m.getValue().startsWith("check site of reading "), m.getValue());
      }
    }
  }
}
