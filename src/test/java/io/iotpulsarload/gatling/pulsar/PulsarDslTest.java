package io.iotpulsarload.gatling.pulsar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.testing.GatlingFork;
import io.iotpulsarload.testing.SharedBroker;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.junit.jupiter.api.Test;

/** Messages sent through the DSL in a real Gatling run arrive with key, properties, payload and event time. */
class PulsarDslTest {

  @Test
  void messagesSentThroughTheDslArriveIntact() throws Exception {
    String topic = SharedBroker.uniqueTopic("dsl");
    int users = 20;
    try (PulsarClient client = SharedBroker.client();
        Consumer<String> text = subscribe(client, Schema.STRING, topic);
        Consumer<byte[]> bytes = subscribe(client, Schema.BYTES, topic + "-bytes");
        Consumer<Long> typed = subscribe(client, Schema.INT64, topic + "-typed")) {

      GatlingFork.Result run = GatlingFork.run(DslProbeSimulation.class.getName(), Map.of(
          "pulsar.url", SharedBroker.serviceUrl(), "probe.topic", topic, "probe.users", "20"), 180);
      assertEquals(0, run.exitCode(), run.tail());
      assertEquals(users, run.okKo("text via EL")[0], run.tail());

      Set<String> keys = new HashSet<>();
      for (int i = 0; i < users; i++) {
        Message<String> m = text.receive(30, TimeUnit.SECONDS);
        assertNotNull(m, "message " + i + " of " + users);
        String n = m.getProperty("n");
        assertEquals("reading " + n + " of " + m.getKey(), m.getValue());
        assertEquals("dev-" + n, m.getKey());
        assertEquals("dsl-probe", m.getProperty("source"));
        assertEquals(1_700_000_000_000L + Integer.parseInt(n), m.getEventTime());
        keys.add(m.getKey());

        Message<byte[]> b = bytes.receive(30, TimeUnit.SECONDS);
        assertNotNull(b);
        assertEquals("raw-" + b.getKey(), new String(b.getValue(), StandardCharsets.UTF_8));

        Message<Long> t = typed.receive(30, TimeUnit.SECONDS);
        assertNotNull(t);
        assertEquals(42L, t.getValue());
      }
      assertEquals(users, keys.size(), "every virtual user sent its own device");
    }
  }

  /** Without the throttle all 500 users would send within a second; with it about 20 per second get through. */
  @Test
  void sendsHonourTheThrottleAndTimeTheirGroup() throws Exception {
    GatlingFork.Result run = GatlingFork.run(ThrottledProbeSimulation.class.getName(), Map.of(
        "pulsar.url", SharedBroker.serviceUrl(), "probe.topic", SharedBroker.uniqueTopic("throttled")), 180);
    long sent = run.okKo("readings / throttled send")[0]; // reported inside its group
    assertTrue(sent > 0 && sent <= 100, "throttled to 20 rps for ~4 s, sent " + sent + "\n" + run.tail());
  }

  static <T> Consumer<T> subscribe(PulsarClient client, Schema<T> schema, String topic) throws Exception {
    return client.newConsumer(schema)
        .topic(topic)
        .subscriptionName("check")
        .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
        .subscribe();
  }
}
