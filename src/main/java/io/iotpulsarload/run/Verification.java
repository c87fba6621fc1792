package io.iotpulsarload.run;

import io.iotpulsarload.gatling.pulsar.RequestRecorder;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;

/**
 * The verifying consumer of one injector's run: started before the first send, drained after the last, judged
 * against the verification gates. Its "e2e" requests and its "verification" verdict go into Gatling's report.
 */
public final class Verification {

  /** Request name of each received message's end-to-end latency in the report. */
  public static final String E2E = "e2e";
  /** Request name of the verdict: OK when every verification gate holds. */
  public static final String VERDICT = "verification";

  private final PulsarClient client;
  private final VerifyingConsumer consumer;
  private final VerificationSummary.Gates gates;
  private final Duration drainTimeout;
  private final Path resultsDir;
  private volatile RequestRecorder recorder;
  private volatile VerificationSummary summary;

  Verification(String serviceUrl, String topic, MessageFormat format, String runId, int injector,
      VerificationSummary.Gates gates, Duration drainTimeout, Path resultsDir, PublishMetrics metrics) {
    this.gates = gates;
    this.drainTimeout = drainTimeout;
    this.resultsDir = resultsDir;
    try {
      this.client = PulsarClient.builder().serviceUrl(serviceUrl).build();
      this.consumer = new VerifyingConsumer(client, topic, format, runId, Integer.toString(injector),
          (published, received) -> {
        metrics.recordE2e((received - published) * 1000);
        RequestRecorder r = recorder;
        if (r != null) {
          r.record(E2E, published, received, true, null);
        }
      }).start();
    } catch (PulsarClientException e) {
      throw new IllegalStateException("Cannot start the verifying consumer on " + topic + ": " + e.getMessage(), e);
    }
  }

  /** Where the run's requests made outside virtual users are recorded (set when Gatling starts the run). */
  void recordTo(RequestRecorder recorder) {
    this.recorder = recorder;
  }

  /**
   * Waits until everything acknowledged arrived (or the drain timeout), then writes the summary and returns the
   * failed gates as one text, or {@code null} when all hold.
   */
  CompletableFuture<String> drainAndJudge(PublishMetrics metrics, DevicePool pool, DeviceCounters counters) {
    long acked = metrics.counts()[1];
    Duration quiet = drainTimeout.compareTo(Duration.ofSeconds(5)) < 0 ? drainTimeout : Duration.ofSeconds(5);
    return consumer.drain(acked, quiet, drainTimeout).thenApply(behind -> {
      long[] counts = metrics.counts();
      VerificationSummary s = consumer.finish(counts[0], counts[1], counts[2], sentPerDevice(pool, counters),
          metrics.failedSends(), behind);
      summary = s;
      close();
      System.out.println("iot-pulsar-load: " + s.line());
      write(s);
      List<String> failed = s.failedGates(gates);
      failed.forEach(f -> System.out.println("iot-pulsar-load: GATE FAILED " + f));
      return failed.isEmpty() ? null : String.join("; ", failed);
    });
  }

  private static Map<String, Long> sentPerDevice(DevicePool pool, DeviceCounters counters) {
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
    try {
      Files.createDirectories(resultsDir);
      Path file = resultsDir.resolve("verification.json");
      Files.writeString(file, s.toJson());
      System.out.println("iot-pulsar-load: verification summary written to " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the verification summary: " + e.getMessage(), e);
    }
  }

  /** The summary, once the drain is over. */
  public VerificationSummary summary() {
    return summary;
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
