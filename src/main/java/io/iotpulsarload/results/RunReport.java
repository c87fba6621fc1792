package io.iotpulsarload.results;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.iotpulsarload.gates.Gate;
import io.iotpulsarload.gates.GateLimits;
import io.iotpulsarload.gates.Gates;
import io.iotpulsarload.gates.JUnitReport;
import io.iotpulsarload.gates.RunFigures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * The run's own report, from its injectors' results: {@code reports/<runId>/index.html} (charts),
 * {@code summary.json}, and the gates judged on the merged numbers. Written at the end of every run by its last
 * injector, and by {@link MergeCommand} for injectors whose results were gathered afterwards.
 */
public final class RunReport {

  private RunReport() {}

  /** What the report says: its summary (gates included) and where its page is. */
  public record Written(MergedSummary summary, Path index) {}

  /**
   * The merged summary.json. sent/acked/failed count every message, the warm-up's too; rates, latencies and gates
   * are the measured load's (after the warm-up): its messages over the seconds it ran.
   *
   * @param simulation          the simulation the injectors ran
   * @param firstSendMillis     the measured load's first send (epoch ms), or null when nothing was sent
   * @param cpuMicrosPerMessage the injectors' CPU per message answered during the load, or null when unknown
   * @param windowSeconds       the length of each of {@code windows}
   * @param windows             the measured load in equal windows (the regression gates' samples)
   * @param settings            the settings the run ran with (secrets left out)
   * @param reconnects          connections the injectors' producers and consumers lost and got back (null when
   *                            no injector counted them)
   * @param events              what the cluster did to the run, every injector's, oldest first (reconnects,
   *                            partitions changed); a subject names its injector when there are several
   * @param subscriptions       the pipeline's watched subscriptions and their verdicts (watched once, by injector
   *                            0), or null
   * @param stage               the processing stage timed after the topic (every injector's figures as one), or
   *                            null
   */
  public record MergedSummary(String runId, int injectors, long sent, long acked, long failed,
      InjectorSummary.Warmup warmup,
      Double plannedMessages, double loadSeconds, double sentPerSecond, double ackedPerSecond,
      Double receivedPerSecond, Percentiles publishLatencyMs, Percentiles e2eLatencyMs,
      RunFigures.Verification verification, Map<String, Long> failuresByType, List<Gate> gates, boolean passed,
      boolean interrupted, List<InjectorOutage> outages, Double scheduleLagMaxSeconds,
      String simulation, Long firstSendMillis, Double cpuMicrosPerMessage, int windowSeconds,
      List<RunWindows.Window> windows, Map<String, String> settings, Long reconnects, List<ClusterEvent> events,
      List<WatchedSubscription> subscriptions, StageResult stage) {

    /** The same summary judged by {@code allGates}. */
    MergedSummary withGates(List<Gate> allGates) {
      return new MergedSummary(runId, injectors, sent, acked, failed, warmup, plannedMessages, loadSeconds,
          sentPerSecond, ackedPerSecond, receivedPerSecond, publishLatencyMs, e2eLatencyMs, verification,
          failuresByType, allGates, Gates.failures(allGates) == null, interrupted, outages, scheduleLagMaxSeconds,
          simulation, firstSendMillis, cpuMicrosPerMessage, windowSeconds, windows, settings, reconnects, events,
          subscriptions, stage);
    }
  }

  /** An outage one injector saw. */
  public record InjectorOutage(int injector, long startMillis, Long endMillis, long failedSends,
      Double secondsToFirstAck) {}

  /** Latency percentiles in milliseconds. */
  public record Percentiles(long count, double p50, double p90, double p99,
      @JsonProperty("p99.9") double p999, double max) {

    /** From a microsecond histogram. */
    static Percentiles of(Histogram h) {
      return new Percentiles(h.getTotalCount(), h.getValueAtPercentile(50) / 1000.0,
          h.getValueAtPercentile(90) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
          h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0);
    }
  }

  /**
   * Judges the gates on the merged numbers and writes the report into {@code reportDir}. A run whose injectors
   * judged their load step by step (a capacity search) is judged so here too; an injector stopped from outside
   * fails the {@code interrupted} gate.
   */
  public static Written write(MergedRun run, GateLimits limits, Path reportDir) throws IOException {
    boolean stepByStep = run.injectors().stream().anyMatch(i -> i.summary().judgedStepByStep());
    RunFigures figures = figures(run);
    List<Gate> gates = new ArrayList<>(Gates.judge(stepByStep ? limits.judgedStepByStep() : limits, figures));
    long interrupted = run.injectors().stream().filter(i -> i.summary().interrupted()).count();
    if (interrupted > 0) {
      gates.add(new Gate("interrupted", "injectors stopped before their end", false, 0, interrupted, false));
    }
    // the watched subscriptions were judged once, by the injector that watched them; a stage by each injector
    // that timed it, on its own readings
    run.injectors().forEach(i -> i.summary().gates().stream()
        .filter(g -> g.name().startsWith("gate.watch.") || g.name().startsWith("gate.stage."))
        .forEach(gates::add));
    MergedSummary summary = summary(run, figures, gates, interrupted > 0);
    if (!limits.regression().baselines().isEmpty()) {
      gates.addAll(RunComparison.regressionGates(RunComparison.readBaselines(limits.regression().baselines()),
          summary, limits.regression()));
      summary = summary.withGates(gates);
    }
    Files.createDirectories(reportDir);
    replace(reportDir.resolve(SUMMARY), InjectorSummary.json(summary));
    replace(reportDir.resolve("index.html"), HtmlReport.render(run, summary));
    HtmlPage.copyEcharts(reportDir);
    JUnitReport.write(reportDir.resolve(JUnitReport.FILE), "iot-pulsar-load." + summary.simulation(),
        junitProperties(summary, limits), summary.gates(), summary.loadSeconds(),
        summary.firstSendMillis() == null ? run.injectors().get(0).summary().startMillis()
            : summary.firstSendMillis());
    return new Written(summary, reportDir.resolve("index.html"));
  }

  /** The report's summary file. */
  public static final String SUMMARY = "summary.json";

  private static Map<String, String> junitProperties(MergedSummary summary, GateLimits limits) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("runId", summary.runId());
    p.put("simulation", String.valueOf(summary.simulation()));
    p.put("injectors", Integer.toString(summary.injectors()));
    if (!limits.regression().baselines().isEmpty()) {
      p.put("baselines", String.join(",", limits.regression().baselines().stream().map(Path::toString).toList()));
    }
    return p;
  }

  /**
   * Reads a run report's summary.json (a report folder's, or the file itself): a baseline or a side of a
   * comparison. Anything else fails with one line that says what it is and what to give instead.
   */
  public static MergedSummary readSummary(Path fileOrFolder) {
    Path file = Files.isDirectory(fileOrFolder) ? fileOrFolder.resolve(SUMMARY) : fileOrFolder;
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(fileOrFolder + ": no run report there (expected a report folder "
          + "reports/<runId> with a summary.json, or that summary.json)");
    }
    com.fasterxml.jackson.databind.JsonNode json;
    try {
      json = InjectorSummary.mapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not a run report's summary.json (not JSON: "
          + e.getMessage().lines().findFirst().orElse("") + ")");
    }
    if (json == null || !json.isObject() || json.has("injectorCount")) {
      throw new IllegalArgumentException(file + (json != null && json.has("injectorCount")
          ? " is one injector's summary (results/<runId>/injector-<i>/): give the run's report folder "
              + "reports/<runId> or its summary.json"
          : ": not a run report's summary.json"));
    }
    if (!json.has("runId") || !json.has("injectors") || !json.has("publishLatencyMs")) {
      throw new IllegalArgumentException(file + ": not a run report's summary.json (no runId, injectors or "
          + "publishLatencyMs)");
    }
    try {
      return InjectorSummary.mapper().treeToValue(json, MergedSummary.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not a run report's summary.json ("
          + e.getMessage().lines().findFirst().orElse("") + ")");
    }
  }

  /** Two injectors ending together may both write the report: each file appears whole, never half-written. */
  private static void replace(Path file, String content) throws IOException {
    replace(file, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static void replace(Path file, byte[] content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    Files.write(tmp, content);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The merged run's figures, as the gates judge them: the measured load's, warm-up left out. */
  static RunFigures figures(MergedRun run) {
    RunFigures.Verification verification = null;
    if (run.verified()) {
      verification = new RunFigures.Verification(run.sumVerified(RunFigures.Verification::received),
          run.sumVerified(RunFigures.Verification::lost), run.sumVerified(RunFigures.Verification::duplicates),
          run.sumVerified(RunFigures.Verification::outOfOrder), run.sumVerified(RunFigures.Verification::invalid),
          run.sumVerified(RunFigures.Verification::unexpected), run.sumVerified(RunFigures.Verification::notYetReceived),
          run.overall(InjectorResults.E2E_TAG).getValueAtPercentile(99) / 1000.0,
          run.sumVerified(RunFigures.Verification::deliveredAnyway),
          run.sumVerified(RunFigures.Verification::notDelivered));
    }
    return new RunFigures(run.sum(s -> s.sent() - s.warmupOrNone().sent()),
        run.sum(s -> s.acked() - s.warmupOrNone().acked()), run.sum(s -> s.failed() - s.warmupOrNone().failed()),
        run.sum(s -> s.readings() - s.warmupOrNone().readings()), run.plannedMessages(),
        run.overall(InjectorResults.PUBLISH_TAG).getValueAtPercentile(99) / 1000.0, verification);
  }

  static MergedSummary summary(MergedRun run, RunFigures figures, List<Gate> gates, boolean interrupted) {
    double planned = figures.plannedMessages();
    double seconds = Math.max(1, run.loadSeconds());
    RunFigures.Verification v = figures.verification();
    InjectorSummary.Warmup warmup = run.warmup();
    RunWindows windows = RunWindows.of(run);
    InjectorSummary first = run.injectors().stream().min(java.util.Comparator.comparingInt(MergedRun.Injector::index))
        .orElseThrow().summary();
    Map<String, String> settings = null;
    if (first.settings() != null) {
      settings = new LinkedHashMap<>(first.settings());
      settings.remove("injector.index"); // the merged run is every injector's
    }
    return new MergedSummary(run.runId(), run.injectors().size(), figures.sent() + warmup.sent(),
        figures.acked() + warmup.acked(), figures.failed() + warmup.failed(),
        warmup.sent() == 0 ? null : warmup, Double.isNaN(planned) ? null : planned, run.loadSeconds(),
        figures.sent() / seconds, figures.acked() / seconds, v == null ? null : v.received() / seconds,
        Percentiles.of(run.overall(InjectorResults.PUBLISH_TAG)),
        run.verified() ? Percentiles.of(run.overall(InjectorResults.E2E_TAG)) : null, v,
        run.failuresByType(), gates, Gates.failures(gates) == null, interrupted,
        run.injectors().stream().flatMap(i -> (i.summary().outages() == null ? List.<Outage>of()
            : i.summary().outages()).stream().map(o -> new InjectorOutage(i.summary().injector(), o.startMillis(),
            o.endMillis(), o.failedSends(), o.secondsToFirstAck()))).toList(),
        run.injectors().stream().map(i -> i.summary().scheduleLagMaxSeconds()).filter(Objects::nonNull)
            .max(Double::compare).orElse(null),
        first.simulation(), run.firstSendMillis(), windows.cpuMicrosPerMessage(), windows.windowSeconds(),
        windows.windows(), settings, reconnects(run), events(run), watched(run), stage(run));
  }

  private static StageResult stage(MergedRun run) {
    List<StageResult> timed = run.injectors().stream().map(i -> i.summary().stage()).filter(Objects::nonNull)
        .toList();
    return timed.isEmpty() ? null : StageResult.merge(timed);
  }

  private static List<WatchedSubscription> watched(MergedRun run) {
    List<WatchedSubscription> all = run.injectors().stream().map(i -> i.summary().subscriptions())
        .filter(Objects::nonNull).flatMap(List::stream).toList();
    return all.isEmpty() ? null : all;
  }

  private static Long reconnects(MergedRun run) {
    List<Long> counted = run.injectors().stream().map(i -> i.summary().reconnects()).filter(Objects::nonNull)
        .toList();
    return counted.isEmpty() ? null : counted.stream().mapToLong(Long::longValue).sum();
  }

  private static List<ClusterEvent> events(MergedRun run) {
    boolean several = run.injectors().size() > 1;
    return run.injectors().stream()
        .flatMap(i -> (i.summary().events() == null ? List.<ClusterEvent>of() : i.summary().events()).stream()
            .map(e -> several ? new ClusterEvent(e.epochMillis(), e.kind(),
                "injector " + i.summary().injector() + ": " + e.subject(), e.detail()) : e))
        .sorted(java.util.Comparator.comparingLong(ClusterEvent::epochMillis)).toList();
  }
}
