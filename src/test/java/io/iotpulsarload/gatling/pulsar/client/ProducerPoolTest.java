package io.iotpulsarload.gatling.pulsar.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.testing.SharedBroker;
import io.iotpulsarload.testing.Signals;
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
    Signals.send("STOP", pid);
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
      Signals.send("CONT", pid);
    }
    PublishCounters.Snapshot counts = pool.closeAndCount();
    assertEquals(51, counts.sent());
    assertEquals(1, counts.acked());
    assertEquals(50, counts.failed());
    assertEquals(counts.sent(), counts.acked() + counts.failed());
  }

  /**
   * A paused broker fills the client's memory limit; from then on a send fails at once with KO "queue full"
   * instead of blocking the calling thread (a Gatling event loop in a run): the sender finishes its 20,000 sends
   * while the broker is still paused, and every one of them is accounted for.
   */
  @Test
  void aFullMemoryLimitFailsSendsAtOnceInsteadOfBlockingTheSender() throws Exception {
    String topic = SharedBroker.uniqueTopic("queue-full");
    PulsarSettings s = settings(topic)
        .withClientConf(Map.of(PulsarSettings.MEMORY_LIMIT_BYTES, 1L << 20))
        .withProducerConf(Map.of(PulsarSettings.SEND_TIMEOUT_MS, 5_000, PulsarSettings.BATCHING_ENABLED, false));
    ProducerPool pool = new ProducerPool(ProducerPool.newClient(s), s);
    pool.publish(topic, Schema.BYTES, OutgoingMessage.of(new byte[] {0})).join(); // producer up, broker fine
    List<CompletableFuture<MessageId>> sends = java.util.Collections.synchronizedList(new ArrayList<>());
    long pid = SharedBroker.broker().pid();
    Signals.send("STOP", pid);
    try {
      CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
        for (int i = 0; i < 20_000; i++) {
          sends.add(pool.publish(topic, Schema.BYTES, OutgoingMessage.of(new byte[1024])));
        }
      });
      // were the sender blocked on the full queue, it could not finish before the broker resumes
      sender.get(60, TimeUnit.SECONDS);
      long queueFull = sends.stream().filter(CompletableFuture::isCompletedExceptionally).map(f -> {
        try {
          f.join();
          return "";
        } catch (CompletionException e) {
          return PublishErrors.type(e.getCause());
        }
      }).filter(PublishErrors.QUEUE_FULL::equals).count();
      assertTrue(queueFull > 15_000, queueFull + " of 20,000 sends failed at once as queue full (1 MiB holds ~1,000)");
    } finally {
      Signals.send("CONT", pid);
    }
    PublishCounters.Snapshot counts = pool.closeAndCount();
    assertEquals(20_001, counts.sent());
    assertEquals(counts.sent(), counts.acked() + counts.failed(), "every send accounted for");
  }

  /**
   * A producer the client closes for good is created again by the pool: its namespace is deleted under it (as
   * when a broker is replaced by a fresh one that has not yet re-created its namespaces), the client fails a
   * lookup with "Namespace not found" and closes the producer for good; once the namespace exists again, acks
   * resume with no one re-creating anything by hand.
   */
  /**
   * blockIfQueueFull=true: with the memory limit full, sends wait for room parked on their futures, the sender's
   * thread is never blocked (it finishes all its sends while the broker is paused), and once the broker resumes
   * every send is acknowledged: none failed as queue full.
   */
  @Test
  void waitingForRoomParksSendsWithoutBlockingTheSender() throws Exception {
    String topic = SharedBroker.uniqueTopic("wait-for-room");
    PulsarSettings s = settings(topic)
        .withClientConf(Map.of(PulsarSettings.MEMORY_LIMIT_BYTES, 1L << 20))
        .withProducerConf(Map.of(PulsarSettings.SEND_TIMEOUT_MS, 30_000, PulsarSettings.BATCHING_ENABLED, false,
            PulsarSettings.BLOCK_IF_QUEUE_FULL, true));
    ProducerPool pool = new ProducerPool(ProducerPool.newClient(s), s);
    pool.publish(topic, Schema.BYTES, OutgoingMessage.of(new byte[] {0})).join();
    List<CompletableFuture<MessageId>> sends = java.util.Collections.synchronizedList(new ArrayList<>());
    long pid = SharedBroker.broker().pid();
    Signals.send("STOP", pid);
    try {
      CompletableFuture.runAsync(() -> {
        for (int i = 0; i < 3_000; i++) { // 3 MiB: three times the memory limit
          sends.add(pool.publish(topic, Schema.BYTES, OutgoingMessage.of(new byte[1024])));
        }
      }).get(60, TimeUnit.SECONDS); // were the sender blocked, it could not finish while the broker is paused
      assertTrue(sends.stream().filter(CompletableFuture::isDone).count() < 3_000, "some sends wait for room");
    } finally {
      Signals.send("CONT", pid);
    }
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    PublishCounters.Snapshot counts = pool.closeAndCount();
    assertEquals(new PublishCounters.Snapshot(3_001, 3_001, 0), counts, "all acknowledged once there was room");
  }

  @Test
  void aProducerClosedForGoodIsCreatedAgainAndAcksResume() throws Exception {
    String namespace = "public/fault-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    String topic = "persistent://" + namespace + "/readings";
    try (var admin = SharedBroker.admin()) {
      admin.namespaces().createNamespace(namespace);
      ProducerPool pool = new ProducerPool(ProducerPool.newClient(settings(topic)), settings(topic));
      pool.publish(topic, Schema.BYTES, OutgoingMessage.of(new byte[] {0})).join();
      admin.namespaces().deleteNamespace(namespace, true);
      // sends fail while the namespace is gone: the client closes the producer for good on its failed lookup
      boolean closedForGood = false;
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!closedForGood && System.nanoTime() < until) {
        try {
          pool.publish(topic, Schema.BYTES, OutgoingMessage.of(new byte[] {1})).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          closedForGood = e.getCause() instanceof PulsarClientException.AlreadyClosedException;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // pacing attempts
      }
      assertTrue(closedForGood, "the client closed the producer for good");
      admin.namespaces().createNamespace(namespace);
      // the namespace is back: a send is acknowledged again within a bounded number of attempts
      until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      boolean acked = false;
      while (!acked && System.nanoTime() < until) {
        try {
          pool.publish(topic, Schema.BYTES, OutgoingMessage.of(new byte[] {3})).get(30, TimeUnit.SECONDS);
          acked = true;
        } catch (java.util.concurrent.ExecutionException stillRecovering) {
          // refused at once while the pool's backoff runs: pace the attempts, as a rate would
          java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
      }
      assertTrue(acked, "acks resumed after the producer was closed for good");
      PublishCounters.Snapshot counts = pool.closeAndCount();
      assertEquals(counts.sent(), counts.acked() + counts.failed(), "every send accounted for");
      admin.namespaces().deleteNamespace(namespace, true);
    }
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


}
