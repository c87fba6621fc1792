package io.iotpulsarload.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;

/**
 * A real 1:1 processing stage for tests: a consumer-producer on its own subscription that passes each reading on
 * to an output topic after a delay, as the stage contract asks (key, properties and event time copied), and
 * drops every {@code dropEvery}-th reading (counted), so a test knows exactly what the run must find lost.
 */
public final class PassThroughStage implements AutoCloseable {

  private final Consumer<byte[]> consumer;
  private final Producer<byte[]> producer;
  private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong passed = new AtomicLong();
  private final long delayMillis;
  private final long dropEvery;

  /**
   * @param dropEvery drop every n-th reading received (0: none)
   */
  public PassThroughStage(PulsarClient client, String input, String output, long delayMillis, long dropEvery)
      throws Exception {
    this.delayMillis = delayMillis;
    this.dropEvery = dropEvery;
    this.producer = client.newProducer(Schema.BYTES).topic(output).enableBatching(true)
        .batchingMaxPublishDelay(1, TimeUnit.MILLISECONDS).create();
    this.consumer = client.newConsumer(Schema.BYTES).topic(input).subscriptionName("enricher")
        .subscriptionInitialPosition(SubscriptionInitialPosition.Latest)
        .messageListener(this::onReading).subscribe();
  }

  private void onReading(Consumer<byte[]> c, Message<byte[]> in) {
    long n = received.incrementAndGet();
    c.acknowledgeAsync(in);
    if (dropEvery > 0 && n % dropEvery == 0) {
      dropped.incrementAndGet();
      return;
    }
    Map<String, String> properties = new HashMap<>(in.getProperties());
    properties.put("enriched-by", "pass-through-stage");
    later.schedule(() -> producer.newMessage().key(in.getKey()).properties(properties)
        .eventTime(in.getEventTime()).value(in.getData()).sendAsync()
        .thenRun(passed::incrementAndGet), delayMillis, TimeUnit.MILLISECONDS);
  }

  public long received() {
    return received.get();
  }

  public long dropped() {
    return dropped.get();
  }

  public long passed() {
    return passed.get();
  }

  @Override
  public void close() throws Exception {
    consumer.close();
    later.shutdown();
    later.awaitTermination(10, TimeUnit.SECONDS);
    producer.flush();
    producer.close();
  }
}
