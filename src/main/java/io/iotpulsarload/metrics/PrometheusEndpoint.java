package io.iotpulsarload.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One injector's live figures on {@code http://<host>:<port>/metrics}, in Prometheus' text format, with
 * Prometheus' own Java client. Nothing here is on the send path: the run hands over a {@link Figures} once a
 * second (its monitor's tick) and every scrape reads the latest, so a scrape costs the injector nothing per
 * message. Every series carries {@code run_id} and {@code injector}.
 */
public final class PrometheusEndpoint implements AutoCloseable {

  /** Bucket bounds of the latency histograms, in seconds: 0.5 ms to 30 s, then +Inf. */
  static final double[] BOUNDS_SECONDS = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5,
      10, 30, Double.POSITIVE_INFINITY};

  /** The run so far, as counted by the injector. Verification counts are null while the run does not know them. */
  public record Figures(long sent, long acked, long failed, Map<String, Long> failedByType, Latencies publish,
      Latencies e2e, long received, Long lost, Long duplicates, Long outOfOrder, Long invalid, double cpuSeconds,
      long reconnects, List<Watched> watched) {

    public static final Figures NONE = new Figures(0, 0, 0, Map.of(), Latencies.of(new Histogram(3)),
        Latencies.of(new Histogram(3)), 0, null, null, null, null, 0, 0, List.of());
  }

  /** A watched subscription's last sample: backlog in entries, lag (null when unknown), consumers. */
  public record Watched(String subscription, long backlogEntries, Double lagSeconds, int consumers) {}

  /** A latency distribution in Prometheus' classic-histogram form: per-bucket counts, sum and count. */
  public record Latencies(long[] bucketCounts, double sumSeconds, long count) {

    /** From a histogram of microseconds (cumulative over the run). */
    public static Latencies of(Histogram micros) {
      long[] counts = new long[BOUNDS_SECONDS.length];
      long below = 0;
      for (int b = 0; b < BOUNDS_SECONDS.length - 1; b++) {
        long upTo = micros.getCountBetweenValues(0, (long) (BOUNDS_SECONDS[b] * 1e6));
        counts[b] = upTo - below;
        below = upTo;
      }
      counts[counts.length - 1] = micros.getTotalCount() - below;
      return new Latencies(counts, micros.getTotalCount() == 0 ? 0 : micros.getMean() * micros.getTotalCount() / 1e6,
          micros.getTotalCount());
    }
  }

  private final HTTPServer server;
  private final Labels labels;
  private volatile Figures figures = Figures.NONE;

  private PrometheusEndpoint(int port, String runId, int injector) throws IOException {
    this.labels = Labels.of("run_id", runId, "injector", Integer.toString(injector));
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register((MultiCollector) this::snapshots);
    this.server = HTTPServer.builder().port(port).registry(registry).buildAndStart();
  }

  /** Serves the figures on {@code port} (0: any free port) until {@link #close()}. */
  public static PrometheusEndpoint start(int port, String runId, int injector) throws IOException {
    return new PrometheusEndpoint(port, runId, injector);
  }

  /** The port it listens on. */
  public int port() {
    return server.getPort();
  }

  /** What the next scrapes report. */
  public void update(Figures latest) {
    this.figures = latest;
  }

  private MetricSnapshots snapshots() {
    Figures f = figures;
    List<MetricSnapshot> all = new ArrayList<>();
    all.add(counter("iotload_messages_sent", "Messages handed to the Pulsar producer.", f.sent()));
    all.add(counter("iotload_messages_acked", "Messages the broker acknowledged.", f.acked()));
    CounterSnapshot.Builder failed = CounterSnapshot.builder().name("iotload_messages_failed")
        .help("Sends that failed, by error type (timed out, queue full, ...).");
    f.failedByType().forEach((type, n) -> failed.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
        .labels(labels.add("error", type)).value(n).build()));
    all.add(failed.build());
    all.add(gauge("iotload_messages_in_flight", "Sent, neither acknowledged nor failed yet.",
        f.sent() - f.acked() - f.failed()));
    all.add(histogram("iotload_publish_latency_seconds", "Send to broker acknowledgement.", f.publish()));
    all.add(histogram("iotload_e2e_latency_seconds", "Publish to the verifying consumer.", f.e2e()));
    all.add(counter("iotload_messages_received", "Messages the verifying consumer received.", f.received()));
    if (f.lost() != null) { // known once the verifying consumer has drained
      all.add(gauge("iotload_verification_lost", "Acknowledged but never received.", f.lost()));
      all.add(gauge("iotload_verification_duplicates", "Received more than once.", f.duplicates()));
      all.add(gauge("iotload_verification_out_of_order", "Received before an earlier reading of its device.",
          f.outOfOrder()));
      all.add(gauge("iotload_verification_invalid", "Received but failed validation.", f.invalid()));
    }
    all.add(counter("iotload_injector_cpu_seconds", "CPU time of the injector's JVM, all threads.",
        f.cpuSeconds()));
    all.add(counter("iotload_reconnects", "Connections the producers and the verifying consumer lost (topic "
        + "unloaded, broker restarted, ownership moved).", f.reconnects()));
    if (!f.watched().isEmpty()) {
      GaugeSnapshot.Builder backlog = GaugeSnapshot.builder().name("iotload_watch_backlog_entries")
          .help("A watched subscription's backlog (msgBacklog: entries, a batch is one).");
      GaugeSnapshot.Builder lag = GaugeSnapshot.builder().name("iotload_watch_lag_seconds")
          .help("Age of the oldest message in a watched subscription's backlog.");
      GaugeSnapshot.Builder consumers = GaugeSnapshot.builder().name("iotload_watch_consumers")
          .help("Consumers connected to a watched subscription.");
      for (Watched w : f.watched()) {
        Labels l = labels.add("subscription", w.subscription());
        backlog.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(l).value(w.backlogEntries()).build());
        if (w.lagSeconds() != null) {
          lag.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(l).value(w.lagSeconds()).build());
        }
        consumers.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(l).value(w.consumers()).build());
      }
      all.add(backlog.build());
      all.add(lag.build());
      all.add(consumers.build());
    }
    return new MetricSnapshots(all);
  }

  private CounterSnapshot counter(String name, String help, double value) {
    return CounterSnapshot.builder().name(name).help(help)
        .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(value).build()).build();
  }

  private GaugeSnapshot gauge(String name, String help, double value) {
    return GaugeSnapshot.builder().name(name).help(help)
        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build()).build();
  }

  private HistogramSnapshot histogram(String name, String help, Latencies l) {
    return HistogramSnapshot.builder().name(name).help(help)
        .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(labels)
            .classicHistogramBuckets(ClassicHistogramBuckets.of(BOUNDS_SECONDS, l.bucketCounts()))
            .sum(l.sumSeconds()).build()).build();
  }

  @Override
  public void close() {
    server.close();
  }
}
