package io.iotpulsarload.run;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Reads {@link PublishMetrics} once a second, off the hot path, and hands each one-second interval to its
 * listeners: the live progress line (every {@code progressInterval}), the capacity search's step verdicts, and
 * anything else that wants per-second figures.
 */
public final class RunMonitor {

  /** hh:mm:ss always (LocalTime.toString drops ":00" seconds, which broke the line's shape once a minute). */
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  /**
   * One second of the run: sent, acked and failed are that second's counts, {@code cpuNanos} the injector's CPU
   * time in it (-1 where the JVM cannot tell). A warm-up tick belongs to the warm-up before the measured load (its
   * elapsed time is the warm-up's own).
   */
  public record Tick(long elapsedMillis, long epochMillis, long sent, long acked, long failed,
      Histogram latenciesMicros, Histogram e2eMicros, boolean warmup, long cpuNanos) {

    /** A tick of the measured load, its CPU unknown. */
    public Tick(long elapsedMillis, long epochMillis, long sent, long acked, long failed,
        Histogram latenciesMicros, Histogram e2eMicros) {
      this(elapsedMillis, epochMillis, sent, acked, failed, latenciesMicros, e2eMicros, false, -1);
    }
  }

  /** Told about every tick, on the monitor's thread. */
  @FunctionalInterface
  public interface TickListener {
    void onTick(Tick tick);
  }

  private final PublishMetrics metrics;
  private final Duration progressInterval;
  private final List<TickListener> listeners = new CopyOnWriteArrayList<>();
  private ScheduledExecutorService scheduler;
  private long startNanos;
  private long[] previous = {0, 0, 0};
  private long previousCpuNanos = -1;
  private final Histogram window = new Histogram(PublishMetrics.HIGHEST_MICROS, 3);
  private final Histogram wholeRun = new Histogram(PublishMetrics.HIGHEST_MICROS, 3);
  private long windowStartMillis;
  // the most heap still in use after a GC: a stalled broker must not pile messages up in the injector
  private long maxHeapUsedBytes;
  private long[] windowStartCounts = {0, 0, 0};
  private Histogram recycle;
  private Histogram e2eRecycle;
  // the injector's own CPU (all its threads): tells whether the injector, not the cluster, is the limit
  private final ProcessCpu cpu = ProcessCpu.open();
  private long startCpuNanos;
  private long windowStartCpuNanos;
  // a warm-up runs before the measured load: its ticks are marked, and the run's figures start after it
  private volatile boolean warmingUp;
  private long[] measuredFromCounts = {0, 0, 0};

  public RunMonitor(PublishMetrics metrics, Duration progressInterval) {
    this.metrics = metrics;
    this.progressInterval = progressInterval;
  }

  /** Appended to every progress line, e.g. {@code " reconnects=3"} (empty for nothing); monitor thread. */
  private volatile java.util.function.Supplier<String> progressNote = () -> "";

  public void progressNote(java.util.function.Supplier<String> note) {
    this.progressNote = note;
  }

  public void addListener(TickListener listener) {
    listeners.add(listener);
  }

  /** Starts ticking; idempotent. */
  public synchronized void start() {
    if (scheduler != null) {
      return;
    }
    startNanos = System.nanoTime();
    startCpuNanos = cpu.nanos();
    windowStartCpuNanos = startCpuNanos;
    previousCpuNanos = cpu.available() ? startCpuNanos : -1;
    metrics.intervalLatencies(null); // drop anything recorded before the start (the preflight)
    metrics.intervalE2e(null);
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "iot-run-monitor");
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
  }

  /** A warm-up comes first: ticks are marked warm-up until {@link #endWarmup()}. Call before the first send. */
  public void warmingUp() {
    warmingUp = true;
  }

  /** Whether the warm-up is still on. */
  public boolean inWarmup() {
    return warmingUp;
  }

  /**
   * Ends the warm-up, once all its sends are answered: one last warm-up tick takes what it recorded, then the
   * measured load's clock restarts at its first send and the whole-run latencies, rate and CPU start here.
   *
   * @return how long the warm-up ran, in seconds (its counts are the metrics' at this moment); empty without one
   */
  public synchronized OptionalDouble endWarmup() {
    if (!warmingUp) {
      return OptionalDouble.empty();
    }
    if (scheduler != null) {
      tick();
    }
    long[] now = metrics.counts();
    double seconds = metrics.firstSendNanos() == 0 ? 0 : (System.nanoTime() - metrics.firstSendNanos()) / 1e9;
    warmingUp = false;
    metrics.restartClock();
    startNanos = System.nanoTime();
    startCpuNanos = cpu.nanos();
    windowStartCpuNanos = startCpuNanos;
    measuredFromCounts = now;
    windowStartCounts = now;
    windowStartMillis = 0;
    window.reset();
    System.out.printf(Locale.ROOT, "iot-pulsar-load: %s warm-up done in %.1f s: sent=%d acked=%d failed=%d "
        + "(not judged); the measured load starts%n", LocalTime.now().format(CLOCK), seconds, now[0], now[1], now[2]);
    return OptionalDouble.of(seconds);
  }

  /** Listeners told once the last tick is in (e.g. to close a results file). */
  private final List<Runnable> stopListeners = new CopyOnWriteArrayList<>();

  public void onStop(Runnable listener) {
    stopListeners.add(listener);
  }

  /** Stops ticking after one last tick, so the tail of the run is counted too. */
  public synchronized void stop() {
    if (scheduler == null) {
      return;
    }
    scheduler.shutdown();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    tick();
    scheduler = null;
    printRunSummary();
    stopListeners.forEach(Runnable::run);
  }

  /**
   * Publish latency over the whole run, in microsecond precision (Gatling's report rounds to whole ms), and the
   * injector's CPU during the load (start-up and Gatling's report or assertion parsing afterwards excluded).
   */
  private void printRunSummary() {
    long[] all = metrics.counts();
    long[] now = {all[0] - measuredFromCounts[0], all[1] - measuredFromCounts[1], all[2] - measuredFromCounts[2]};
    long stopNanos = System.nanoTime();
    double seconds = Math.max(0.001, (stopNanos - startNanos) / 1e9);
    // the mean rate runs to the last outcome, not to the stop (which may wait for the verifier to drain)
    long last = metrics.lastOutcomeNanos();
    long first = metrics.firstSendNanos() > 0 ? metrics.firstSendNanos() : startNanos;
    double loadSeconds = last > first ? Math.max(0.001, (last - first) / 1e9) : seconds;
    long outcomes = now[1] + now[2];
    System.out.printf(Locale.ROOT,
        "iot-pulsar-load: run: sent=%d acked=%d failed=%d mean rate=%.0f msg/s publish latency p50=%.2f "
            + "p99=%.2f p99.9=%.2f max=%.2f ms%s, live heap max %d MiB%s%n",
        now[0], now[1], now[2], outcomes / loadSeconds, wholeRun.getValueAtPercentile(50) / 1000.0,
        wholeRun.getValueAtPercentile(99) / 1000.0, wholeRun.getValueAtPercentile(99.9) / 1000.0,
        wholeRun.getMaxValue() / 1000.0, cpuText(cpu.nanos() - startCpuNanos, seconds, outcomes),
        maxHeapUsedBytes >> 20, measuredFromCounts[0] == 0 ? ""
            : " (after a warm-up of " + measuredFromCounts[0] + " messages, not counted here)");
  }

  /** " injector cpu=1.23 cores (24.6 us/msg)", or nothing where the JVM cannot tell its CPU time. */
  private String cpuText(long cpuNanos, double seconds, long messages) {
    if (!cpu.available()) {
      return "";
    }
    return String.format(Locale.ROOT, " injector cpu=%.2f cores (%s us/msg)", cpuNanos / 1e9 / seconds,
        messages == 0 ? "-" : String.format(Locale.ROOT, "%.1f", cpuNanos / 1e3 / messages));
  }

  /** Publish latencies of the measured load so far, warm-up left out (read on the monitor's thread or after stop). */
  public Histogram wholeRun() {
    return wholeRun;
  }

  /**
   * Milliseconds since the load's first send (0 before it): the injection's own clock, so a second of the
   * monitor and a step of the load profile line up however long Gatling took to start injecting.
   */
  public long elapsedMillis() {
    long zero = metrics.firstSendNanos();
    return zero == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - zero);
  }

  /** Heap in use after the last collection of each heap pool: what is alive, not what awaits collection. */
  private static long liveHeapBytes() {
    long live = 0;
    for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
      java.lang.management.MemoryUsage afterGc = pool.getCollectionUsage();
      if (pool.getType() == java.lang.management.MemoryType.HEAP && afterGc != null) {
        live += afterGc.getUsed();
      }
    }
    return live;
  }

  private synchronized void tick() {
    maxHeapUsedBytes = Math.max(maxHeapUsedBytes, liveHeapBytes());
    long elapsed = elapsedMillis();
    boolean warmup = warmingUp;
    long[] now = metrics.counts();
    recycle = metrics.intervalLatencies(recycle);
    e2eRecycle = metrics.intervalE2e(e2eRecycle);
    long cpuNanos = cpu.available() ? cpu.nanos() : -1;
    Tick tick = new Tick(elapsed, System.currentTimeMillis(), now[0] - previous[0], now[1] - previous[1],
        now[2] - previous[2], recycle, e2eRecycle, warmup,
        cpuNanos < 0 || previousCpuNanos < 0 ? -1 : cpuNanos - previousCpuNanos);
    previous = now;
    previousCpuNanos = cpuNanos;
    for (TickListener listener : listeners) {
      listener.onTick(tick);
    }
    window.add(recycle);
    if (!warmup) {
      wholeRun.add(recycle);
    }
    if (elapsed - windowStartMillis >= progressInterval.toMillis() - 500) {
      long cpuNow = cpu.nanos();
      printProgress(elapsed, now, cpuNow, warmup);
      window.reset();
      windowStartMillis = elapsed;
      windowStartCounts = now;
      windowStartCpuNanos = cpuNow;
    }
  }

  private void printProgress(long elapsedMillis, long[] now, long cpuNow, boolean warmup) {
    double seconds = Math.max(0.001, (elapsedMillis - windowStartMillis) / 1000.0);
    long outcomes = now[1] + now[2] - windowStartCounts[1] - windowStartCounts[2];
    System.out.printf(Locale.ROOT,
        "iot-pulsar-load: %s %s+%ds sent=%d acked=%d failed=%d rate=%.0f msg/s p50=%.2f ms p99=%.2f ms%s%s "
            + "(last %.0f s)%n",
        LocalTime.now().format(CLOCK), warmup ? "warm-up " : "", elapsedMillis / 1000, now[0], now[1], now[2],
        outcomes / seconds, window.getValueAtPercentile(50) / 1000.0, window.getValueAtPercentile(99) / 1000.0,
        cpuText(cpuNow - windowStartCpuNanos, seconds, outcomes), progressNote.get(), seconds);
  }
}
