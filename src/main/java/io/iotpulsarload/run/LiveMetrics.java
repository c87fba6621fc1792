package io.iotpulsarload.run;

import io.iotpulsarload.gates.RunFigures;
import io.iotpulsarload.metrics.PrometheusEndpoint;
import org.HdrHistogram.Histogram;

/**
 * Feeds the injector's Prometheus endpoint from the run's monitor: once a second (a tick) the counts, failures by
 * type, the run's publish and e2e latency so far, the injector's CPU, the reconnects and the watched
 * subscriptions' last samples; at the end, what the verifying consumer proved. Runs on the monitor's thread only.
 */
final class LiveMetrics implements RunMonitor.TickListener {

  private final PrometheusEndpoint endpoint;
  private final PublishMetrics metrics;
  private final ProcessCpu cpu = ProcessCpu.open();
  private final Histogram publish = new Histogram(PublishMetrics.HIGHEST_MICROS, 3);
  private final Histogram e2e = new Histogram(PublishMetrics.HIGHEST_MICROS, 3);

  private final java.util.function.LongSupplier reconnects;
  private final java.util.function.Supplier<java.util.List<PrometheusEndpoint.Watched>> watched;

  LiveMetrics(PrometheusEndpoint endpoint, PublishMetrics metrics, java.util.function.LongSupplier reconnects,
      java.util.function.Supplier<java.util.List<PrometheusEndpoint.Watched>> watched) {
    this.endpoint = endpoint;
    this.metrics = metrics;
    this.reconnects = reconnects;
    this.watched = watched;
  }

  @Override
  public synchronized void onTick(RunMonitor.Tick tick) {
    publish.add(tick.latenciesMicros());
    e2e.add(tick.e2eMicros());
    endpoint.update(figures(null));
  }

  /** The verifying consumer's final counts join the figures (after the last tick). */
  synchronized void verified(RunFigures.Verification verification) {
    endpoint.update(figures(verification));
  }

  private synchronized PrometheusEndpoint.Figures figures(RunFigures.Verification v) {
    long[] counts = metrics.counts();
    return new PrometheusEndpoint.Figures(counts[0], counts[1], counts[2], metrics.failuresByType(),
        PrometheusEndpoint.Latencies.of(publish), PrometheusEndpoint.Latencies.of(e2e),
        v == null ? e2e.getTotalCount() : v.received(), v == null ? null : v.lost(),
        v == null ? null : v.duplicates(), v == null ? null : v.outOfOrder(), v == null ? null : v.invalid(),
        cpu.nanos() / 1e9, reconnects.getAsLong(), watched.get());
  }
}
