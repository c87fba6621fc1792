package io.iotpulsarload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.results.InjectorSummary;
import io.iotpulsarload.testing.GatlingFork;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A long run's set-up in miniature: a real injector (SteadyIoT in its own JVM, the embedded broker, verification
 * on) with Gatling's log off and live metrics on. Scraped while it sends, the metrics move; scraped after its end
 * (metrics.lingerAfterRun), they are the run's final counts as its summary.json states them. With no Gatling log
 * there is no Gatling report, the run's own report is there, and a failed gate still exits 2.
 */
class LiveMetricsTest {

  @Test
  void aRunWithoutGatlingsLogServesLiveMetricsThatEndAtTheRunsCounts() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String runId = "live-metrics-" + System.nanoTime();
    GatlingFork.Running run = GatlingFork.start("simulations.SteadyIoT", Map.of("rate", "400", "duration", "6s",
        "runId", runId, "progressInterval", "1s", "metrics.port", Integer.toString(port),
        "metrics.lingerAfterRun", "10s", "topic", "persistent://public/default/" + runId, "gatlingLog", "false",
        "gate.p99Ms", "0.001")); // a gate that fails: the run alone decides the exit status
    try {
      run.awaitProgressLines(1, 180);
      Map<String, Double> live = scrape(port);
      assertTrue(live.get("iotload_messages_sent_total") > 0, "sent moves while the run sends: " + live);

      run.awaitLine("final metrics served for", 120);
      Map<String, Double> last = scrape(port);
      InjectorSummary summary = InjectorSummary.read(Path.of("target/test-results", runId, "injector-0",
          "summary.json"));
      assertEquals(2_400, summary.sent());
      assertEquals(summary.sent(), last.get("iotload_messages_sent_total"));
      assertEquals(summary.acked(), last.get("iotload_messages_acked_total"));
      assertEquals(summary.acked(), last.get("iotload_publish_latency_seconds_count"), "one latency per ack");
      assertEquals(0.0, last.get("iotload_messages_in_flight"));
      assertEquals(summary.verification().received(), last.get("iotload_messages_received_total"));
      assertEquals(summary.verification().lost(), last.get("iotload_verification_lost"));
      assertEquals(summary.verification().duplicates(), last.get("iotload_verification_duplicates"));
      assertTrue(last.get("iotload_injector_cpu_seconds_total") > 0);
      assertEquals(summary.reconnects().doubleValue(), last.get("iotload_reconnects_total"),
          "reconnects as the summary counts");
      // the histogram's buckets are cumulative and end with every observation
      assertEquals(last.get("iotload_publish_latency_seconds_count"),
          last.get("iotload_publish_latency_seconds_bucket{le=\"+Inf\"}"));
      GatlingFork.Result result = run.await(120);
      assertEquals(2, result.exitCode(), result.tail());
      assertTrue(result.output().contains("iot-pulsar-load: exit status 2: gates FAILED (gate.p99Ms: publish p99"),
          result.tail());
      assertTrue(!result.output().contains("Reports generated") && !result.output().contains("Parsing log file"),
          "no Gatling log, report or assertion: " + result.tail());
      var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
          Path.of("target/test-reports", runId, "summary.json").toFile());
      assertEquals(2_400, report.path("sent").asLong());
      assertTrue(!report.path("passed").asBoolean(), report.toString());
    } finally {
      if (run.process().isAlive()) {
        run.process().destroyForcibly();
      }
    }
  }

  /** Every series of a scrape with this run's labels: name (plus le for buckets) to value. */
  private static Map<String, Double> scrape(int port) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    Map<String, Double> series = new HashMap<>();
    Matcher m = Pattern.compile("^(iotload_\\w+)\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE).matcher(response.body());
    while (m.find()) {
      assertTrue(m.group(2).contains("injector=\"0\"") && m.group(2).contains("run_id=\"live-metrics-"),
          "every series carries the run and injector: " + m.group());
      Matcher le = Pattern.compile("le=\"([^\"]+)\"").matcher(m.group(2));
      String key = le.find() ? m.group(1) + "{le=\"" + le.group(1) + "\"}" : m.group(1);
      series.merge(key, Double.parseDouble(m.group(3)), Double::sum);
    }
    return series;
  }
}
