package io.iotpulsarload.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.iotpulsarload.gates.RunFigures;
import io.iotpulsarload.gatling.pulsar.client.ProducerPool;
import io.iotpulsarload.gatling.pulsar.client.PulsarSettings;
import io.iotpulsarload.sensor.DeviceCounters;
import io.iotpulsarload.sensor.DevicePool;
import io.iotpulsarload.sensor.MessageFormat;
import io.iotpulsarload.verify.VerificationSummary;
import io.iotpulsarload.verify.VerifyingConsumer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;

/**
 * The verifying consumer of one injector's run, wired to the run: started before the first send, drained after
 * the last, its summary written to {@code verification.json}. Each received message's end-to-end latency goes to
 * the run's metrics and to whoever listens (Gatling's report).
 */
public final class Verification {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final PulsarClient client;
  private final VerifyingConsumer consumer;
  private final Duration drainTimeout;
  private final Path resultsDir;
  private volatile VerifyingConsumer.ReceiveListener listener = (published, received) -> { };

  Verification(PulsarSettings pulsar, MessageFormat format, RunIdentity identity, Duration drainTimeout,
      PublishMetrics metrics) {
    this.drainTimeout = drainTimeout;
    this.resultsDir = identity.resultsDir();
    try {
      this.client = ProducerPool.newClient(pulsar);
      this.consumer = new VerifyingConsumer(client, pulsar.topic(), format, identity.runId(),
          Integer.toString(identity.slice().index()), (published, received) -> {
        metrics.recordE2e((received - published) * 1000);
        listener.onReceived(published, received);
      }, partitionUpdates(pulsar)).start();
    } catch (PulsarClientException e) {
      throw new IllegalStateException("Cannot start the verifying consumer on " + pulsar.topic() + ": "
          + e.getMessage(), e);
    }
  }

  /** The producers' partition update interval, which the consumer follows too. */
  private static Duration partitionUpdates(PulsarSettings pulsar) {
    Object seconds = pulsar.producerConf().get(PulsarSettings.AUTO_UPDATE_PARTITIONS_INTERVAL_SECONDS);
    return seconds == null ? Duration.ofMinutes(1) : Duration.ofSeconds(((Number) seconds).longValue());
  }

  /** The verifying consumer's connection now, to watch it ({@code null} before it subscribed). */
  org.apache.pulsar.client.api.Consumer<byte[]> connection() {
    return consumer.consumer();
  }

  /** Who else hears of each received message (set when Gatling starts the run). */
  public void listen(VerifyingConsumer.ReceiveListener e2eListener) {
    this.listener = e2eListener;
  }

  /**
   * Waits until everything acknowledged arrived (or {@code drainTimeout}: the setting, shorter for an interrupted
   * run), then stops the consumer, writes
   * {@code verification.json} and returns the summary.
   */
  CompletableFuture<VerificationSummary> drain(PublishMetrics metrics, DevicePool pool, DeviceCounters counters,
      Duration drainTimeout) {
    // the readings the broker acknowledged: other sends of the simulation (e.g. to another topic) do not count
    Map<String, Long> sent = sentPerDevice(pool, counters);
    long acked = sent.values().stream().mapToLong(Long::longValue).sum() - metrics.failedSends().size();
    Duration quiet = drainTimeout.compareTo(Duration.ofSeconds(5)) < 0 ? drainTimeout : Duration.ofSeconds(5);
    return consumer.drain(acked, quiet, drainTimeout).thenApply(behind -> {
      long[] counts = metrics.counts();
      VerificationSummary s = consumer.finish(counts[0], counts[1], counts[2], sent, metrics.failedSends(), behind);
      close();
      System.out.println("iot-pulsar-load: " + s.line());
      write(s);
      return s;
    });
  }

  /** The counts the gates judge. */
  static RunFigures.Verification figures(VerificationSummary s) {
    return new RunFigures.Verification(s.received(), s.lost(), s.duplicates(), s.outOfOrder(), s.invalid(),
        s.unexpected(), s.notYetReceived(), s.e2eP99Ms(), s.deliveredAnyway(), s.notDelivered());
  }

  /** Readings given out per {@code injector/device}: what should arrive. */
  static Map<String, Long> sentPerDevice(DevicePool pool, DeviceCounters counters) {
    Map<String, Long> sent = new HashMap<>();
    String injector = pool.slice().index() + "/";
    for (int p = 0; p < pool.size(); p++) {
      long n = counters.sequence(p);
      if (n > 0) {
        sent.put(injector + pool.deviceId(p), n);
      }
    }
    return sent;
  }

  private void write(VerificationSummary s) {
    Path file = resultsDir.resolve("verification.json");
    try {
      Files.createDirectories(resultsDir);
      JSON.writeValue(file.toFile(), s);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  void close() {
    consumer.close();
    try {
      client.close();
    } catch (PulsarClientException e) {
      // best effort at the end of the run
    }
  }
}
