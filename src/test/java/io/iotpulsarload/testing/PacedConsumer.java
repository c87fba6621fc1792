package io.iotpulsarload.testing;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;

/** A real consumer of the pipeline for tests: at a pace of its own, for a while, or not at all. */
public final class PacedConsumer {

  private PacedConsumer() {}

  /** A consumer at the topic's end, on subscription {@code name}, with a receiver queue of {@code queue}. */
  public static Consumer<byte[]> subscribe(PulsarClient client, String topic, String name, int queue)
      throws Exception {
    return client.newConsumer(Schema.BYTES).topic(topic).subscriptionName(name).receiverQueueSize(queue)
        .subscriptionInitialPosition(SubscriptionInitialPosition.Latest).subscribe();
  }

  /**
   * Receives and acknowledges at most {@code perSecond}, and for at most {@code forMillis} from its first message
   * (then stays connected, receiving nothing more).
   */
  public static Thread consume(Consumer<byte[]> consumer, AtomicBoolean running, double perSecond,
      long forMillis) {
    Thread t = new Thread(() -> {
      long start = -1;
      long nextNanos = 0;
      long received = 0;
      try {
        while (running.get()) {
          Message<byte[]> m = consumer.receive(200, TimeUnit.MILLISECONDS);
          if (m == null) {
            continue;
          }
          consumer.acknowledge(m);
          received++;
          if (start < 0) {
            start = System.nanoTime();
          }
          long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
          if (elapsedMillis > forMillis) {
            while (running.get()) { // connected, receiving nothing more: its queue fills, delivery stops
              LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
            break;
          }
          if (Double.isFinite(perSecond)) {
            // a consumer of this pace: the next message one interval after this one, or later. Idle time is not
            // banked: a consumer that waited for input cannot then burst above its pace.
            long now = System.nanoTime();
            nextNanos = Math.max(nextNanos, now) + (long) (1e9 / perSecond);
            LockSupport.parkNanos(nextNanos - now);
          }
        }
        consumer.close();
      } catch (Exception e) {
        // the client closing at the end of the test
      }
    }, "test-consumer-" + consumer.getSubscription());
    t.setDaemon(true);
    t.start();
    return t;
  }
}
