package io.iotpulsarload.run;

import io.iotpulsarload.gates.RunFigures;
import io.iotpulsarload.metrics.PrometheusEndpoint;
import io.iotpulsarload.results.RunEnd;
import io.iotpulsarload.results.RunPart;
import io.iotpulsarload.settings.SettingException;
import java.io.IOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;

/**
 * The injector's Prometheus endpoint ({@code metrics.port}), a part of the run fed by its monitor: once a second
 * (a tick) the counts, failures by type, the run's publish and e2e latency so far, the injector's CPU, the
 * reconnects and the watched subscriptions' last samples; at the end, what the verifying consumer proved, served
 * for {@code metrics.lingerAfterRun} more before it stops.
 */
final class LiveMetrics implements RunMonitor.TickListener, RunPart {

  private final PrometheusEndpoint endpoint;
  private final RunMonitor monitor;
  private final Duration linger;
  private final BooleanSupplier interrupted;
  private boolean closed;
  private final PublishMetrics metrics;
  private final ProcessCpu cpu = ProcessCpu.open();
  private final Histogram publish = new Histogram(PublishMetrics.HIGHEST_MICROS, 3);
  private final Histogram e2e = new Histogram(PublishMetrics.HIGHEST_MICROS, 3);

  private final java.util.function.LongSupplier reconnects;
  private final java.util.function.Supplier<java.util.List<PrometheusEndpoint.Watched>> watched;

  private LiveMetrics(PrometheusEndpoint endpoint, Duration linger, PublishMetrics metrics, RunMonitor monitor,
      java.util.function.LongSupplier reconnects,
      java.util.function.Supplier<java.util.List<PrometheusEndpoint.Watched>> watched, BooleanSupplier interrupted) {
    this.endpoint = endpoint;
    this.linger = linger;
    this.monitor = monitor;
    this.interrupted = interrupted;
    this.metrics = metrics;
    this.reconnects = reconnects;
    this.watched = watched;
  }

  /**
   * Serves on {@code port} from now on; a port that cannot be served is a one-line {@link SettingException}.
   *
   * @param linger how long the final figures stay served after the run (one more scrape)
   */
  static LiveMetrics serve(int port, Duration linger, String runId, int injector, PublishMetrics metrics,
      RunMonitor monitor, java.util.function.LongSupplier reconnects,
      java.util.function.Supplier<java.util.List<PrometheusEndpoint.Watched>> watched, BooleanSupplier interrupted) {
    PrometheusEndpoint endpoint;
    try {
      endpoint = PrometheusEndpoint.start(port, runId, injector);
    } catch (IOException e) {
      throw new SettingException("metrics.port " + port + ": cannot serve metrics there (" + e.getMessage()
          + "): choose a free port, or 0 for none");
    }
    System.out.println("iot-pulsar-load: live metrics on http://<this host>:" + endpoint.port() + "/metrics");
    return new LiveMetrics(endpoint, linger, metrics, monitor, reconnects, watched, interrupted);
  }

  @Override
  public void start() {
    monitor.addListener(this);
  }

  @Override
  public void finish(RunEnd end) {
    if (end.verification() != null) {
      verified(end.verification());
    }
  }

  /** Serves the final figures for metrics.lingerAfterRun (one more scrape), then stops serving. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!linger.isZero() && !interrupted.getAsBoolean()) {
      System.out.println("iot-pulsar-load: final metrics served for " + linger.toSeconds()
          + " s more (metrics.lingerAfterRun)");
      try {
        Thread.sleep(linger.toMillis()); // the time Prometheus needs to scrape once more
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    endpoint.close();
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
