package io.iotpulsarload.pulsar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.testing.SharedBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.junit.jupiter.api.Test;

/** The producer pool against a real broker: delivery, failure accounting, and sharing. */
class ProducerPoolTest {

  private static PulsarSettings settings(String topic) {
    return PulsarSettings.defaults().withServiceUrl(SharedBroker.serviceUrl()).withTopic(topic);
  }

  @Test
  void keyPropertiesEventTimeAndPayloadArriveIntact() throws Exception {
    String topic = SharedBroker.uniqueTopic("pool");
    PulsarSettings s = settings(topic);
    try (PulsarClient client = SharedBroker.client();
        Consumer<byte[]> consumer = client.newConsumer(Schema.BYTES).topic(topic).subscriptionName("t")
            .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest).subscribe()) {
      ProducerPool pool = new ProducerPool(ProducerPool.newClient(s), s);
      pool.publish(topic, Schema.BYTES,
          new OutgoingMessage<>(new byte[] {1, 2, 3}, "dev-7", Map.of("iot.seq", "5"), 1_234L)).join();
      PublishCounters.Snapshot counts = pool.closeAndCount();
      assertEquals(new PublishCounters.Snapshot(1, 1, 0), counts);
      Message<byte[]> m = consumer.receive(30, TimeUnit.SECONDS);
      assertNotNull(m);
      assertEquals("dev-7", m.getKey());
      assertEquals("5", m.getProperty("iot.seq"));
      assertEquals(1_234L, m.getEventTime());
      assertEquals(List.of((byte) 1, (byte) 2, (byte) 3), List.of(m.getValue()[0], m.getValue()[1], m.getValue()[2]));
    }
  }

  @Test
  void sendsToAPausedBrokerFailWithinTheSendTimeoutAndAreAllCounted() throws Exception {
    String topic = SharedBroker.uniqueTopic("paused");
    PulsarSettings s = settings(topic).withProducerConf(Map.of(PulsarSettings.SEND_TIMEOUT_MS, 2_000));
    ProducerPool pool = new ProducerPool(ProducerPool.newClient(s), s);
    pool.publish(topic, Schema.BYTES, OutgoingMessage.of(new byte[] {0})).join(); // producer up, broker fine
    List<CompletableFuture<MessageId>> sends = new ArrayList<>();
    long pid = SharedBroker.broker().pid();
    signal("STOP", pid);
    try {
      for (int i = 0; i < 50; i++) {
        sends.add(pool.publish(topic, Schema.BYTES, OutgoingMessage.of(new byte[] {(byte) i})));
      }
      for (CompletableFuture<MessageId> send : sends) {
        // bounded: the send timeout (2 s) answers every one of them
        CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
            () -> send.orTimeout(30, TimeUnit.SECONDS).join());
        assertInstanceOf(PulsarClientException.TimeoutException.class, e.getCause());
      }
    } finally {
      signal("CONT", pid);
    }
    PublishCounters.Snapshot counts = pool.closeAndCount();
    assertEquals(51, counts.sent());
    assertEquals(1, counts.acked());
    assertEquals(50, counts.failed());
    assertEquals(counts.sent(), counts.acked() + counts.failed());
  }

  @Test
  void oneSetOfProducersPerTopicAndSchemaWhateverTheNumberOfSenders() throws Exception {
    String topic = SharedBroker.uniqueTopic("shared");
    PulsarSettings s = settings(topic).withProducersPerTopic(2);
    ProducerPool pool = new ProducerPool(ProducerPool.newClient(s), s);
    List<CompletableFuture<MessageId>> sends = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      sends.add(pool.publish(topic, Schema.BYTES, new OutgoingMessage<>(new byte[] {1}, "dev-" + (i % 37), null, 0)));
    }
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
    try (var admin = SharedBroker.admin()) {
      assertEquals(2, admin.topics().getStats(topic).getPublishers().size());
    }
    assertEquals(new PublishCounters.Snapshot(500, 500, 0), pool.closeAndCount());
  }

  @Test
  void aSendAfterCloseIsAFailureNotASilentDrop() throws Exception {
    String topic = SharedBroker.uniqueTopic("closed");
    ProducerPool pool = new ProducerPool(ProducerPool.newClient(settings(topic)), settings(topic));
    pool.closeAndCount();
    CompletableFuture<MessageId> late = pool.publish(topic, Schema.BYTES, OutgoingMessage.of(new byte[] {1}));
    assertTrue(late.isCompletedExceptionally());
  }

  static void signal(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
    assertEquals(0, kill.waitFor(), "kill -" + signal);
  }
}
