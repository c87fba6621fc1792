package io.iotpulsarload.gatling.pulsar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.testing.GatlingFork;
import io.iotpulsarload.testing.SharedBroker;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.junit.jupiter.api.Test;

/**
 * The DSL's consume, request-reply and checks in a real Gatling run against a real echo service on the test
 * broker. The simulation's own assertions hold Gatling's figures (round trip >= the service's delay, every echo
 * OK, every failing check KO, both readers read every reading); this test reads the reasons Gatling reports.
 */
class ConsumeAndReplyTest {

  private static final int USERS = 10;
  private static final long ECHO_DELAY_MS = 40;
  private static final int KEYS = 30;

  @Test
  void requestReplyConsumeAndChecksInAGatlingRun() throws Exception {
    String requests = SharedBroker.uniqueTopic("requests");
    String replies = SharedBroker.uniqueTopic("replies");
    String readings = SharedBroker.uniqueTopic("readings");
    String keyed = SharedBroker.uniqueTopic("keyed");
    AtomicInteger echoed = new AtomicInteger();
    ScheduledExecutorService delay = Executors.newSingleThreadScheduledExecutor();
    try (PulsarClient client = SharedBroker.client();
        Producer<String> replyProducer = client.newProducer(Schema.STRING).topic(replies).create();
        Consumer<String> echo = client.newConsumer(Schema.STRING).topic(requests).subscriptionName("echo")
            .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
            .messageListener((consumer, request) -> {
              consumer.acknowledgeAsync(request);
              if (request.getKey().startsWith("silent-")) {
                return; // a request the service never answers
              }
              delay.schedule(() -> replyProducer.newMessage().key(request.getKey())
                  .properties(request.getProperties()).property("service", "echo")
                  .value("echo: " + request.getValue()).sendAsync()
                  .thenRun(echoed::incrementAndGet), ECHO_DELAY_MS, TimeUnit.MILLISECONDS);
            })
            .subscribe();
        Producer<String> readingProducer = client.newProducer(Schema.STRING).topic(readings).create();
        Producer<String> keyedProducer = client.newProducer(Schema.STRING).topic(keyed).enableBatching(false)
            .create()) {
      for (int i = 0; i < ConsumeAndReplySimulation.READINGS; i++) {
        readingProducer.newMessage().key("dev-" + i).eventTime(1_700_000_000_000L + i).value("reading " + i).send();
      }
      // the Key_Shared subscription exists before the readings: 30 keys x 10 in order, and one key out of order
      try (Consumer<String> create = client.newConsumer(Schema.STRING).topic(keyed).subscriptionName("key-shared")
          .subscriptionType(org.apache.pulsar.client.api.SubscriptionType.Key_Shared).subscribe()) {
        create.getSubscription();
      }
      for (int seq = 1; seq <= 10; seq++) {
        for (int k = 0; k < KEYS; k++) {
          keyedProducer.newMessage().key("key-" + k).property("seq", String.valueOf(seq)).value("v").send();
        }
      }
      keyedProducer.newMessage().key("backwards").property("seq", "2").value("v").send();
      keyedProducer.newMessage().key("backwards").property("seq", "1").value("v").send();

      GatlingFork.Result run = GatlingFork.run(ConsumeAndReplySimulation.class.getName(), Map.of(
          "pulsar.url", SharedBroker.serviceUrl(), "probe.requests", requests, "probe.replies", replies,
          "probe.readings", readings, "probe.keyed", keyed, "probe.users", String.valueOf(USERS),
          "probe.echoDelayMs", String.valueOf(ECHO_DELAY_MS)), 180);

      // the simulation's assertions (Gatling's own verdict on its report's figures) all held
      assertEquals(0, run.exitCode(), run.tail());
      assertArrayEquals(new long[] {USERS, 0}, run.okKo("echo"), run.tail());
      assertArrayEquals(new long[] {USERS, 0}, run.okKo("echo by property"), run.tail());
      assertArrayEquals(new long[] {USERS, 0}, run.okKo("echo expected"), run.tail());
      assertArrayEquals(new long[] {0, USERS}, run.okKo("failing check"), run.tail());
      assertArrayEquals(new long[] {0, USERS}, run.okKo("silent"), run.tail());
      assertArrayEquals(new long[] {2L * ConsumeAndReplySimulation.READINGS, 0}, run.okKo("read"), run.tail());
      // the reasons, as Gatling's error table shows them
      assertTrue(run.output().contains("pulsarProperty(service).is(not-echo), but actually found echo"),
          run.tail());
      assertTrue(run.output().contains("timeout after 1 s"), run.tail());
      assertTrue(run.output().contains("timeout after 1 s: received 0 of 1"), run.tail());
      assertEquals(4 * USERS, echoed.get(), "the service answered every request but the silent ones");

      // consumer load: the Key_Shared consumers shared every message between them, in order per key but one
      long ok = 0;
      long ko = 0;
      for (int c = 0; c < ConsumeAndReplySimulation.CONSUMERS; c++) {
        if (run.output().contains("> receive c" + c + " ")) {
          long[] counts = run.okKo("receive c" + c);
          ok += counts[0];
          ko += counts[1];
        }
      }
      assertEquals(KEYS * 10 + 1, ok, run.tail());
      assertEquals(1, ko, run.tail());
      assertTrue(run.output().contains("pulsarKeyOrder, but actually found key backwards at 1 after 2"), run.tail());
    } finally {
      delay.shutdownNow();
    }
  }
}
