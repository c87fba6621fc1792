package io.iotpulsarload.run;

import io.iotpulsarload.broker.EmbeddedBroker;
import io.iotpulsarload.config.IoTSettings;
import io.iotpulsarload.config.RunSettings;
import io.iotpulsarload.gates.Gate;
import io.iotpulsarload.gates.GateLimits;
import io.iotpulsarload.gates.Gates;
import io.iotpulsarload.gates.RunFigures;
import io.iotpulsarload.metrics.PrometheusEndpoint;
import io.iotpulsarload.gatling.pulsar.client.PulsarSettings;
import io.iotpulsarload.results.InjectorResults;
import io.iotpulsarload.results.InjectorSummary;
import io.iotpulsarload.results.RunEnd;
import io.iotpulsarload.results.RunPart;
import io.iotpulsarload.results.RunReport;
import io.iotpulsarload.results.StageResult;
import io.iotpulsarload.sensor.DeviceCounters;
import io.iotpulsarload.sensor.DevicePool;
import io.iotpulsarload.settings.SettingException;
import io.iotpulsarload.settings.SettingSource;
import io.iotpulsarload.stage.StageMatcher;
import io.iotpulsarload.verify.SequenceTracker;
import io.iotpulsarload.verify.VerificationSummary;
import io.iotpulsarload.watch.SubscriptionWatch;
import io.iotpulsarload.watch.Verdicts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * One injector's run, from its settings to its verdict, with no Gatling in it: the settings, who it is and where
 * its results go, the cluster (given, or the embedded broker), the preflight, the device pool, the publish
 * metrics and live monitor, the verifying consumer, the planned load, and at the end the gates and
 * {@code summary.json}. The Gatling side ({@code IoTSimulation}) wires it into a simulation.
 */
public final class InjectorRun {

  private final RunSettings settings;
  private final RunIdentity identity;
  private final PulsarSettings pulsar;
  private final Duration drainTimeout;
  private final DevicePool pool;
  private final DeviceCounters counters;
  private final PublishMetrics metrics;
  private final RunMonitor monitor;
  private final Verification verification;
  private final ConnectionWatch connections;
  /** The parts with a job of their own (watching subscriptions, timing a stage): one lifecycle, see RunPart. */
  private final List<RunPart> parts = new CopyOnWriteArrayList<>();
  private final List<LoadPlan> plans = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService finisher = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "iot-run-finish");
    t.setDaemon(true);
    return t;
  });
  private volatile GateLimits limits;
  private volatile long loadStoppedAtMillis = -1;
  private CompletableFuture<String> verdict;
  private final long startMillis = System.currentTimeMillis();
  /** How long an interrupted run may take to end: within Kubernetes' default 30 s grace period. */
  static final Duration INTERRUPTED_END = Duration.ofSeconds(25);
  private volatile boolean interrupted;
  private final OutageDetector outageDetector = new OutageDetector();
  private final ScheduleLag scheduleLag = new ScheduleLag(this::plannedUntil);
  private volatile Runnable stopSending = () -> { };
  private final Runnable onShutdown = this::endOnShutdown;
  private Thread shutdownHook;
  private EmbeddedBroker embeddedBroker;
  private final RunReportWriter report;
  private final Options options;
  private volatile InjectorSummary.Warmup warmupDone;

  /**
   * What a run is told once and keeps.
   *
   * @param gatlingLog          whether Gatling writes its simulation.log (and judges its assertions)
   * @param warmup              the warm-up before the measured load (zero: none)
   * @param startBarrierTimeout how long the injectors of a distributed run wait for each other (zero: not at all)
   * @param reportDir           where the run's own report goes
   * @param ranWith             the settings it ran with, secrets left out (summary.json)
   */
  private record Options(boolean gatlingLog, Duration warmup, Duration startBarrierTimeout, Path reportDir,
      Map<String, String> ranWith) {}

  private InjectorRun(RunSettings settings, RunIdentity identity, Duration drainTimeout, PulsarSettings pulsar,
      DevicePool pool, GateLimits limits, PublishMetrics metrics, Verification verification, RunMonitor monitor,
      Options options) {
    this.options = options;
    this.report = new RunReportWriter(identity, options.reportDir(), startMillis);
    this.settings = settings;
    this.identity = identity;
    this.drainTimeout = drainTimeout;
    this.pulsar = pulsar;
    this.pool = pool;
    this.counters = new DeviceCounters(pool, settings.sensor().seed());
    this.limits = limits;
    this.metrics = metrics;
    this.verification = verification;
    this.monitor = monitor;
    Object partitionSeconds = pulsar.producerConf().get(PulsarSettings.AUTO_UPDATE_PARTITIONS_INTERVAL_SECONDS);
    this.connections = new ConnectionWatch(pulsar.topic(), partitionSeconds == null ? Duration.ofMinutes(1)
        : Duration.ofSeconds(((Number) partitionSeconds).longValue()));
    if (verification != null) {
      connections.watchConsumer(verification::connection);
    }
  }

  /** The run's producers, whose connections the run watches (the protocol hands them over once created). */
  public void watchProducers(io.iotpulsarload.gatling.pulsar.client.ProducerPool producers) {
    connections.watchProducers(producers);
  }

  /**
   * Reads and checks every setting, reaches Pulsar (or starts the embedded broker), checks a producer can be
   * created, warms the generator up and starts the verifying consumer when verification is on. Bad input throws a
   * one-line {@link SettingException} or {@link IllegalStateException} before anything is sent.
   */
  public static InjectorRun start(SettingSource source, String simulation) {
    RunSettings settings = RunSettings.read(source);
    RunSettings.SensorSettings s = settings.sensor();
    GateLimits limits = GateLimits.read(source);
    for (Path baseline : limits.regression().baselines()) { // one that cannot be read fails now, not after the load
      try {
        RunReport.readSummary(baseline);
      } catch (IllegalArgumentException e) {
        throw new SettingException("Invalid " + IoTSettings.BASELINE.names() + ": " + e.getMessage());
      }
    }
    boolean verifyAsked = IoTSettings.VERIFY.readOptional(source).orElse(settings.pulsarUrl().isEmpty());
    Duration drainTimeout = IoTSettings.VERIFY_DRAIN_TIMEOUT.read(source);
    PublishMetrics metrics = new PublishMetrics();
    RunMonitor monitor = new RunMonitor(metrics, IoTSettings.PROGRESS_INTERVAL.read(source));
    DevicePool pool;
    try {
      pool = new DevicePool(s.devices(), s.deviceOffset(), settings.slice(), s.seed());
    } catch (IllegalArgumentException e) {
      throw new SettingException("Invalid device settings: " + e.getMessage());
    }
    RunIdentity identity = RunIdentity.of(source, simulation, settings.slice()).checkWritable();
    Options options = new Options(IoTSettings.GATLING_LOG.read(source), IoTSettings.WARMUP.read(source),
        IoTSettings.START_BARRIER_TIMEOUT.read(source),
        Path.of(IoTSettings.REPORTS_DIR.read(source), identity.runId()), IoTSettings.effective(source));
    int metricsPort = IoTSettings.METRICS_PORT.read(source);
    Duration metricsLinger = IoTSettings.METRICS_LINGER.read(source);
    if (settings.slice().count() > 1 && IoTSettings.RUN_ID.readOptional(source).isEmpty()) {
      throw new SettingException("injector.count=" + settings.slice().count() + " injectors share one run: give "
          + "every one of them the same runId (-DrunId / RUN_ID), so they find each other and their results merge");
    }
    EmbeddedBroker.Security security = EmbeddedBroker.Security.of(IoTSettings.BROKER_SECURITY.read(source));
    if (security != EmbeddedBroker.Security.NONE && settings.pulsarUrl().isPresent()) {
      throw new SettingException("broker.security applies to the embedded broker only, and pulsar.url (or the "
          + "client.conf's brokerServiceUrl) names another cluster: unset one of them");
    }
    PulsarTarget target = PulsarTarget.resolve(settings.pulsar(), security);
    PulsarSettings pulsar = target.applyTo(settings.pulsar());
    Preflight.check(pulsar, s.format());
    SubscriptionWatch.Settings watchSettings = watchSettings(source, pulsar.topic());
    StageMatcher.Settings stageSettings = stageSettings(source);
    GeneratorWarmUp.run(s);
    Verification verification = verifyAsked
        ? new Verification(pulsar, s.format(), identity, drainTimeout, metrics) : null;
    InjectorRun run = new InjectorRun(settings, identity, drainTimeout, pulsar, pool, limits, metrics, verification,
        monitor, options);
    try {
      run.openParts(watchSettings, stageSettings, metricsPort, metricsLinger);
    } catch (RuntimeException e) {
      run.parts.forEach(RunPart::close);
      run.verificationClose();
      throw e;
    }
    if (target.embedded()) {
      // the broker's own stop hook runs ours first: the run's end needs the broker until its results are written
      run.embeddedBroker = EmbeddedBroker.shared(security);
      run.embeddedBroker.beforeStop(run.onShutdown);
    } else {
      run.shutdownHook = new Thread(run.onShutdown, "iot-run-interrupted");
      Runtime.getRuntime().addShutdownHook(run.shutdownHook);
    }
    System.out.println("iot-pulsar-load: run " + identity.runId() + ", injector " + settings.slice().index()
        + " of " + settings.slice().count() + " (" + pool.size() + " devices from " + pool.deviceId(0)
        + "), format " + s.format().name().toLowerCase(Locale.ROOT) + ", verification "
        + (verification != null ? "on" : "off"));
    return run;
  }

  /**
   * The parts the settings ask for, each checked before anything is sent: the watched subscriptions (once per
   * distributed run, by injector 0) and the timed stage (a 1:1 stage by every injector, for its own readings; an
   * aggregate once).
   */
  private void openParts(SubscriptionWatch.Settings watch, StageMatcher.Settings stage, int metricsPort,
      Duration metricsLinger) {
    boolean first = settings.slice().index() == 0;
    if (watch != null && first) {
      parts.add(SubscriptionWatch.open(pulsar, watch));
      System.out.println("iot-pulsar-load: watching " + String.join(", ", watch.subscriptions()) + " on "
          + watch.topic() + " every " + watch.interval().toSeconds() + " s");
    }
    if (stage != null && (stage.byStamp() || first)) {
      StageMatcher.Sent sent = new StageMatcher.Sent() {
        @Override
        public Map<String, Long> perDevice() {
          return Verification.sentPerDevice(pool, counters);
        }

        @Override
        public java.util.Set<SequenceTracker.DeviceSequence> failed() {
          return metrics.failedSends();
        }
      };
      parts.add(StageMatcher.open(pulsar, stage, identity.runId(), Integer.toString(settings.slice().index()),
          sent));
      System.out.println("iot-pulsar-load: timing the stage that writes " + stage.topic() + " (matched by "
          + (stage.byStamp() ? "stamp" : "event time") + ", event time from " + stage.eventTimeFrom() + ")");
    }
    if (metricsPort != 0) {
      parts.add(LiveMetrics.serve(metricsPort, metricsLinger, identity.runId(), settings.slice().index(), metrics,
          monitor, connections::reconnects, this::watchedNow, () -> interrupted));
    }
  }

  /** The watched subscriptions' last samples, for the live metrics. */
  private List<PrometheusEndpoint.Watched> watchedNow() {
    List<PrometheusEndpoint.Watched> now = new ArrayList<>();
    parts.stream().filter(SubscriptionWatch.class::isInstance).map(SubscriptionWatch.class::cast)
        .forEach(watch -> watch.latest().forEach((name, s) -> now.add(new PrometheusEndpoint.Watched(name,
            s.backlogEntries(), s.lagSeconds(), s.consumers()))));
    return now;
  }

  /** The stage's settings, read (and checked) with every other setting; null when no stage is timed. */
  private static StageMatcher.Settings stageSettings(SettingSource source) {
    var topic = IoTSettings.STAGE_TOPIC.readOptional(source);
    String match = IoTSettings.STAGE_MATCH.read(source);
    String eventTime = IoTSettings.STAGE_EVENT_TIME.read(source);
    Duration drain = IoTSettings.STAGE_DRAIN_TIMEOUT.read(source);
    double maxLost = IoTSettings.GATE_STAGE_MAX_LOST.read(source);
    double p99 = IoTSettings.GATE_STAGE_P99_MS.read(source);
    return topic.map(t -> new StageMatcher.Settings(t, match.equals(StageResult.STAMP), eventTime, drain, maxLost,
        p99)).orElse(null);
  }

  /** The watch's settings, read (and checked) with every other setting; null when nothing is watched. */
  private static SubscriptionWatch.Settings watchSettings(SettingSource source, String runTopic) {
    var subscriptions = IoTSettings.WATCH_SUBSCRIPTIONS.readOptional(source);
    Duration interval = IoTSettings.WATCH_INTERVAL.read(source);
    Duration drain = IoTSettings.WATCH_DRAIN_TIMEOUT.read(source);
    Verdicts.Limits limits = new Verdicts.Limits(IoTSettings.GATE_WATCH_MAX_GROWTH_PERCENT.read(source),
        IoTSettings.GATE_WATCH_MAX_LAG_SECONDS.read(source), IoTSettings.GATE_WATCH_MAX_DRAIN_SECONDS.read(source),
        Math.max(10, 3 * interval.toSeconds())); // stalled: nothing delivered for three samples, 10 s at least
    String topic = IoTSettings.WATCH_TOPIC.readOptional(source).orElse(runTopic);
    return subscriptions.map(names -> new SubscriptionWatch.Settings(topic, names, interval, drain, limits))
        .orElse(null);
  }

  private void verificationClose() {
    if (verification != null) {
      verification.close();
    }
  }

  public RunSettings settings() {
    return settings;
  }

  public RunIdentity identity() {
    return identity;
  }

  /** The Pulsar settings of the run, with the target's service and admin URLs filled in. */
  public PulsarSettings pulsar() {
    return pulsar;
  }

  public DevicePool devicePool() {
    return pool;
  }

  /** The pool's per-device counters and sequences, shared by every send of the run. */
  public DeviceCounters deviceCounters() {
    return counters;
  }

  /** Every publish and its outcome (lock-free: it is on the hot path). */
  public PublishMetrics metrics() {
    return metrics;
  }

  /** Per-second figures of the run (live progress, capacity steps, results). */
  public RunMonitor monitor() {
    return monitor;
  }

  /** The verifying consumer, when verification is on. */
  public Optional<Verification> verification() {
    return Optional.ofNullable(verification);
  }

  /**
   * Whether Gatling writes its simulation.log (and report, and judges its assertions). Off, the run's own gates
   * alone decide the exit status.
   */
  public boolean gatlingLog() {
    return options.gatlingLog();
  }

  /** Adds a load profile's plan to what this injector plans to send (the rate gate compares). */
  public void plan(LoadPlan plan) {
    plans.add(plan);
  }

  /** How long the warm-up before the measured load lasts ({@code warmup}); zero for none. */
  public Duration warmup() {
    return options.warmup();
  }

  /**
   * The rate (msg/s) a warm-up rises to: the highest the planned load reaches within its first {@link #warmup()};
   * 0 when no profile told its plan (then there is nothing to warm up to).
   */
  public double warmupRate() {
    return plans.stream().mapToDouble(p -> p.maxRateWithin(options.warmup().toMillis())).sum();
  }

  /** A warm-up runs before the measured load: call before it starts. */
  public void beginWarmup() {
    monitor.warmingUp();
  }

  /**
   * Ends the warm-up once every one of its sends is answered (or the send timeout passed): from here the
   * monitor, the gates and the load's clock measure. Never blocks the caller; completes with {@code null}.
   */
  public CompletableFuture<String> endWarmup() {
    return outstandingSendsAnswered().thenApply(ignored -> {
      // nothing of the measured load is sent before this completes: the counts now are the warm-up's
      monitor.endWarmup().ifPresent(seconds -> {
        long[] counts = metrics.counts();
        warmupDone = new InjectorSummary.Warmup(seconds, counts[0], counts[1], counts[2], readingsSent());
        long now = System.currentTimeMillis();
        parts.forEach(p -> p.warmupEnded(now));
      });
      return null;
    });
  }

  /** Messages the plans send from the load's start to {@code elapsedMillis}, {@code NaN} without a plan. */
  private double plannedUntil(long elapsedMillis) {
    return plans.isEmpty() ? Double.NaN : plans.stream().mapToDouble(p -> p.messagesUntil(elapsedMillis)).sum();
  }

  /** Messages planned so far, {@code NaN} when no profile told. */
  public double plannedMessages() {
    if (plans.isEmpty()) {
      return Double.NaN;
    }
    long stop = loadStoppedAtMillis;
    return plans.stream().mapToDouble(p -> stop < 0 ? p.messages() : p.messagesUntil(stop)).sum();
  }

  /**
   * Why the pipeline behind the topic did not keep up between two instants (epoch ms), as its parts (watched
   * subscriptions, a timed stage) see it; {@code null} when it did, or when nothing is watched.
   */
  public String pipelineBehindBetween(long fromMillis, long toMillis) {
    for (RunPart part : parts) {
      String why = part.behindBetween(fromMillis, toMillis);
      if (why != null) {
        return why;
      }
    }
    return null;
  }

  /** Changes the limits this run is judged on (e.g. CapacityIoT judges p99, KO and rate per step instead). */
  public void adjustGates(UnaryOperator<GateLimits> change) {
    limits = change.apply(limits);
  }

  /** What stops the sending when the run is interrupted (the protocol's producers register it). */
  public void onStop(Runnable stop) {
    this.stopSending = stop;
  }

  /**
   * The JVM is stopping (SIGTERM: a pod deleted; Ctrl-C) before the run ended: stop sending, wait a bounded time
   * for what was sent, write results and summary marked interrupted, print the verdict (FAILED: interrupted).
   * After a normal end it only waits, bounded, for the end already under way.
   */
  private void endOnShutdown() {
    synchronized (this) {
      if (verdict == null) {
        interrupted = true;
        System.out.println("iot-pulsar-load: INTERRUPTED (the JVM is stopping: SIGTERM or Ctrl-C): sending stops;"
            + " waiting up to " + INTERRUPTED_END.toSeconds() + " s for what was sent, then writing the results");
        stopSending.run();
        loadStoppedEarly(); // the rate gate judges the time it ran
      }
    }
    try {
      finish().get(INTERRUPTED_END.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      System.out.println("iot-pulsar-load: the interrupted run did not end within " + INTERRUPTED_END.toSeconds()
          + " s; its results may be partial");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      System.out.println("iot-pulsar-load: the interrupted run's end failed: " + e.getMessage());
    }
  }

  private void forgetShutdown() {
    if (embeddedBroker != null) {
      embeddedBroker.forgetBeforeStop(onShutdown);
    }
    if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is running or has run
      }
    }
  }

  /** Whether the run was stopped from outside before its end. */
  public boolean interrupted() {
    return interrupted;
  }

  /**
   * With other injectors in the run, waits (once) at the start barrier for all of them and the instant they
   * agreed on: call it when the send path is ready (producers created), right before the load. A barrier that
   * fails (an injector missing after startBarrier.timeout) throws {@link IllegalStateException} with one line,
   * before any send.
   */
  public void awaitStartBarrier() {
    if (settings.slice().count() <= 1 || options.startBarrierTimeout().isZero()
        || !barrierPending.compareAndSet(true, false)) {
      return;
    }
    try {
      StartBarrier.await(pulsar, identity.runId(), settings.slice().index(), settings.slice().count(),
          options.startBarrierTimeout());
    } catch (IllegalStateException e) {
      forgetShutdown(); // nothing was sent: no results to write on the way out
      verificationClose();
      throw e;
    }
  }

  private final java.util.concurrent.atomic.AtomicBoolean barrierPending =
      new java.util.concurrent.atomic.AtomicBoolean(true);

  /** The load is about to start: start the monitor and the results files. */
  public void startLoad() {
    InjectorResults results = new InjectorResults(identity.resultsDir());
    monitor.addListener(outageDetector);
    monitor.addListener(scheduleLag);
    monitor.addListener(tick -> results.writeSecond(tick.epochMillis(), tick.sent(), tick.acked(), tick.failed(),
        tick.latenciesMicros(), tick.e2eMicros(), tick.warmup(), tick.cpuNanos(),
        connections.takeReconnectsOfSecond()));
    monitor.onStop(results::close);
    monitor.progressNote(() -> {
      StringBuilder note = new StringBuilder(connections.progressText());
      parts.forEach(p -> note.append(p.progressText()));
      return note.toString();
    });
    connections.start();
    parts.forEach(RunPart::start);
    monitor.start();
  }

  /** The load stopped before its profile ended (a capacity search found its answer): plan only what came before. */
  public void loadStoppedEarly() {
    if (loadStoppedAtMillis < 0) {
      loadStoppedAtMillis = monitor.inWarmup() ? 0 : monitor.elapsedMillis();
    }
  }

  /**
   * Ends the run once: waits (bounded) for outstanding sends, drains the verifying consumer, stops the monitor,
   * judges the gates, writes {@code summary.json} and prints the verdict. Completes with the failed gates in one
   * line, or {@code null} when all passed. Never blocks the caller.
   */
  public synchronized CompletableFuture<String> finish() {
    if (verdict == null) {
      verdict = outstandingSendsAnswered()
          .thenCompose(ignored -> {
            // the parts (watched subscriptions, a stage) drain while the verifying consumer does
            CompletableFuture<Void> watched = interrupted ? CompletableFuture.completedFuture(null)
                : CompletableFuture.allOf(parts.stream().map(p -> p.loadEnded().exceptionally(e -> null))
                    .toArray(CompletableFuture[]::new));
            CompletableFuture<VerificationSummary> verified = verification == null
                ? CompletableFuture.completedFuture(null)
                : verification.drain(metrics, pool, counters, interrupted ? Duration.ofSeconds(3) : drainTimeout);
            return verified.thenCombine(watched, (v, w) -> v);
          })
          // on the run's own thread: the last future may complete on a part's thread, which its part then stops
          .handleAsync(this::judge, finisher);
    }
    return verdict;
  }

  /** Completes when every send was answered, or once the send timeout and a margin have passed. */
  private CompletableFuture<Void> outstandingSendsAnswered() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    var poll = finisher.scheduleAtFixedRate(() -> {
      long[] c = metrics.counts();
      if (c[0] == c[1] + c[2]) {
        done.complete(null);
      }
    }, 0, 20, TimeUnit.MILLISECONDS);
    long waitMillis = Math.min(pulsar.sendTimeout().toMillis() + 5_000,
        interrupted ? INTERRUPTED_END.toMillis() - 5_000 : Long.MAX_VALUE);
    return done.completeOnTimeout(null, waitMillis, TimeUnit.MILLISECONDS)
        .whenComplete((v, e) -> poll.cancel(false));
  }

  private String judge(VerificationSummary verified, Throwable verificationError) {
    connections.close();
    monitor.stop();
    long[] counts = metrics.counts();
    InjectorSummary.Warmup warm = warmupDone == null ? InjectorSummary.Warmup.NONE : warmupDone;
    // the gates judge the measured load: the warm-up's messages are counted, never judged
    RunFigures figures = new RunFigures(counts[0] - warm.sent(), counts[1] - warm.acked(),
        counts[2] - warm.failed(), readingsSent() - warm.readings(), plannedMessages(),
        monitor.wholeRun().getValueAtPercentile(99) / 1000.0,
        verified == null ? null : Verification.figures(verified));
    long reconnects = connections.reconnects();
    List<Gate> gates = new ArrayList<>(Gates.judge(limits, figures));
    if (reconnects > 0 && verified != null && verified.duplicates() > 0) {
      String cause = verified.duplicates() + " duplicates written by resends after " + reconnects + " reconnects: "
          + "enable deduplication to prevent them (docs/faults.md)";
      System.out.println("iot-pulsar-load: " + cause);
      gates.replaceAll(g -> g.name().equals(IoTSettings.GATE_MAX_DUPLICATES.property()) && g.note() == null
          ? new Gate(g.name(), g.measures(), g.atLeast(), g.limit(), g.measured(), g.passed(), cause) : g);
    }
    if (verificationError != null) { // a verification that could not finish must not pass silently
      System.out.println("iot-pulsar-load: verification failed: " + verificationError);
      gates.add(new Gate("verify", "verifications that could not finish", false, 0, 1, false));
    }
    RunEnd end = new RunEnd(figures.verification());
    for (RunPart part : parts) {
      try {
        part.finish(end);
      } catch (RuntimeException e) { // one part's failure must not cost the run its results
        end.print(part + " could not finish: " + e);
      }
    }
    end.lines().forEach(line -> System.out.println("iot-pulsar-load: " + line));
    gates.addAll(end.gates());
    if (interrupted) { // a run stopped from outside must never pass as if it had run its course
      gates.add(new Gate("interrupted", "runs stopped by SIGTERM or Ctrl-C before their end", false, 0, 1, false));
    }
    if (!plans.isEmpty()) {
      System.out.printf(Locale.ROOT, "iot-pulsar-load: schedule lag (sends behind the load's plan; a late send's "
          + "latency hides its wait): max %.2f s, %d s more than 1 s behind%n", scheduleLag.maxSeconds(),
          scheduleLag.secondsBehindOverOne());
    }
    outageDetector.outages().forEach(o -> System.out.println("iot-pulsar-load: " + o.line()));
    System.out.println("iot-pulsar-load: reconnects (connections of the producers and the verifying consumer lost "
        + "and got back): " + reconnects + partitionChanges());
    if (!outageDetector.outages().isEmpty() && verified != null && reconnects == 0) {
      System.out.println("iot-pulsar-load: duplicates received (resends after reconnecting count here): "
          + verified.duplicates());
    }
    gates.forEach(g -> System.out.println("iot-pulsar-load: gate " + g.line()));
    String failures = Gates.failures(gates);
    System.out.println("iot-pulsar-load: gates " + (failures == null ? "PASSED" : "FAILED: " + failures));
    summary(counts, figures, gates, end).write(identity.resultsDir().resolve(InjectorResults.SUMMARY));
    System.out.println("iot-pulsar-load: results of injector " + identity.slice().index() + " in "
        + identity.resultsDir());
    // the regression gates judge the whole run against its baseline: the run's report judges them
    String regressions = Gates.failures(report.write(limits).stream()
        .filter(g -> g.name().startsWith("gate.regression.")).toList());
    return regressions == null ? failures : failures == null ? regressions : failures + "; " + regressions;
  }

  /**
   * The failed gates in one line, {@code null} when all passed; "the run did not end" when its end is not
   * complete (call after {@link #close()}).
   */
  public synchronized String failures() {
    CompletableFuture<String> v = verdict;
    if (v == null || !v.isDone()) {
      return "the run did not end";
    }
    try {
      return v.getNow("the run did not end");
    } catch (RuntimeException e) {
      return "the run's end failed: " + e.getMessage();
    }
  }

  private InjectorSummary summary(long[] counts, RunFigures figures, List<Gate> gates, RunEnd end) {
    double planned = figures.plannedMessages();
    return new InjectorSummary(identity.runId(), identity.simulation(), identity.slice().index(),
        identity.slice().count(), pulsar.topic(), settings.sensor().format().name().toLowerCase(Locale.ROOT),
        pool.deviceId(0), pool.deviceId(pool.size() - 1), pool.size(), pool.poolSize(),
        Double.isNaN(planned) ? null : planned, startMillis, firstSendMillis(), System.currentTimeMillis(),
        counts[0], counts[1], counts[2], readingsSent(), !limits.wholeRunLoad(), metrics.failuresByType(),
        figures.verification(), gates, interrupted, outageDetector.outages(),
        plans.isEmpty() ? null : scheduleLag.maxSeconds(), warmupDone, options.ranWith(), connections.reconnects(),
        connections.events(), end.subscriptions(), end.stage());
  }

  /** {@code "; partitions of t grew from 2 to 4 partitions (...)"} for each change seen, or nothing. */
  private String partitionChanges() {
    StringBuilder text = new StringBuilder();
    connections.events().stream().filter(e -> e.kind().equals(io.iotpulsarload.results.ClusterEvent.PARTITIONS))
        .forEach(e -> text.append("; partitions: ").append(e.line()));
    return text.toString();
  }

  /** Readings generated for this run's devices: one per sequence number given out. */
  private long readingsSent() {
    long readings = 0;
    for (int p = 0; p < pool.size(); p++) {
      readings += counters.sequence(p);
    }
    return readings;
  }

  /** The first send as epoch milliseconds, or null when nothing was sent. */
  private Long firstSendMillis() {
    long first = metrics.firstSendNanos();
    return first == 0 ? null : System.currentTimeMillis() - (System.nanoTime() - first) / 1_000_000;
  }

  /**
   * At the very end (Gatling's {@code after}): ends the run if nothing did (the load generator was stopped or
   * crashed before the verdict), waiting a bounded time, and stops the monitor.
   */
  public void close() {
    try {
      // what finish() may take: outstanding sends (send timeout + 5 s), the drain, and a margin to write
      finish().get(pulsar.sendTimeout().toMillis() + 5_000 + drainTimeout.toMillis() + 30_000,
          TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      System.out.println("iot-pulsar-load: the run's end did not complete in time; results may be partial");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      System.out.println("iot-pulsar-load: the run's end failed: " + e.getMessage());
    } finally {
      monitor.stop();
      connections.close();
      parts.forEach(RunPart::close);
      finisher.shutdownNow();
      forgetShutdown();
    }
  }
}
