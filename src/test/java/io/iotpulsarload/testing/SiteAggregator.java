package io.iotpulsarload.testing;

import com.iot.pipeline.model.SensorData;
import io.iotpulsarload.sensor.MessageFormat;
import io.iotpulsarload.sensor.SensorCodec;
import java.nio.charset.StandardCharsets;
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
 * A real aggregating stage for tests, the seed pipeline's shape in miniature: it reads the readings, counts them
 * per site in 1 s windows (processing time, aligned to the second) and writes one JSON record per site and window
 * to an output topic, carrying the newest contributing reading's event time in the field {@code newestEventTime}
 * (the aggregate's stage contract).
 */
public final class SiteAggregator implements AutoCloseable {

  private final Consumer<byte[]> consumer;
  private final Producer<byte[]> producer;
  private final ScheduledExecutorService windows = Executors.newSingleThreadScheduledExecutor();
  private final Map<String, long[]> window = new HashMap<>(); // site -> {count, newest event time}
  private final AtomicLong readings = new AtomicLong();
  private final AtomicLong outputs = new AtomicLong();
  private final AtomicLong aggregated = new AtomicLong();

  public SiteAggregator(PulsarClient client, String input, String output) throws Exception {
    this.producer = client.newProducer(Schema.BYTES).topic(output).create();
    this.consumer = client.newConsumer(Schema.BYTES).topic(input).subscriptionName("site-aggregator")
        .subscriptionInitialPosition(SubscriptionInitialPosition.Latest)
        .messageListener(this::onReading).subscribe();
    long toNextSecond = 1000 - System.currentTimeMillis() % 1000;
    windows.scheduleAtFixedRate(this::closeWindow, toNextSecond, 1000, TimeUnit.MILLISECONDS);
  }

  private void onReading(Consumer<byte[]> c, Message<byte[]> in) {
    SensorData reading = SensorCodec.forThisThread().decode(MessageFormat.AVRO, in.getData());
    synchronized (window) {
      long[] site = window.computeIfAbsent(reading.getSiteId().toString(), s -> new long[2]);
      site[0]++;
      site[1] = Math.max(site[1], reading.getTime());
    }
    readings.incrementAndGet();
    c.acknowledgeAsync(in);
  }

  private void closeWindow() {
    Map<String, long[]> closed;
    synchronized (window) {
      closed = new HashMap<>(window);
      window.clear();
    }
    closed.forEach((site, w) -> {
      String json = "{\"site\":\"" + site + "\",\"count\":" + w[0] + ",\"newestEventTime\":" + w[1] + "}";
      producer.sendAsync(json.getBytes(StandardCharsets.UTF_8)).thenRun(() -> {
        outputs.incrementAndGet();
        aggregated.addAndGet(w[0]);
      });
    });
  }

  /** Readings received. */
  public long readings() {
    return readings.get();
  }

  /** Aggregates written (acknowledged). */
  public long outputs() {
    return outputs.get();
  }

  /** Readings counted in the aggregates written. */
  public long aggregated() {
    return aggregated.get();
  }

  @Override
  public void close() throws Exception {
    consumer.close();
    windows.shutdown();
    windows.awaitTermination(5, TimeUnit.SECONDS);
    closeWindow();
    producer.flush();
    producer.close();
  }
}
