package io.iotpulsarload.results;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.iotpulsarload.config.IoTSettings;
import io.iotpulsarload.gates.Gate;
import io.iotpulsarload.gates.GateLimits;
import io.iotpulsarload.gates.Gates;
import io.iotpulsarload.gates.RunFigures;
import io.iotpulsarload.settings.SettingException;
import io.iotpulsarload.settings.SettingSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Merges every injector's results of a run into ONE report: {@code reports/<runId>/index.html} (charts),
 * {@code summary.json}, and the gates evaluated on the merged numbers. Exits 1 when a gate fails, 2 on bad input.
 *
 * <pre>mvn -q compile exec:java -Dexec.mainClass=io.iotpulsarload.results.MergeCommand -DrunId=my-run</pre>
 */
public final class MergeCommand {

  private MergeCommand() {}

  public static void main(String[] args) {
    System.exit(run(SettingSource.system(), System.out));
  }

  /** Merges and reports; returns the exit status. */
  public static int run(SettingSource source, PrintStream out) {
    long startNanos = System.nanoTime();
    String runId;
    MergedRun merged;
    Path reportDir;
    try {
      runId = IoTSettings.RUN_ID.readOptional(source).orElseThrow(() -> new SettingException(
          "merge needs the run to merge: set runId (-DrunId / RUN_ID), the name under results/"));
      merged = MergedRun.read(Path.of(IoTSettings.RESULTS_DIR.read(source), runId));
      reportDir = Path.of(IoTSettings.REPORTS_DIR.read(source), runId);
    } catch (IllegalArgumentException e) { // a SettingException, or no results to merge
      out.println("merge: " + e.getMessage());
      return 2;
    }
    List<Gate> gates;
    try {
      GateLimits limits = GateLimits.read(source);
      // a capacity search's injectors judged their load step by step: so does their merge
      boolean stepByStep = merged.injectors().stream().anyMatch(i -> i.summary().judgedStepByStep());
      gates = new java.util.ArrayList<>(Gates.judge(stepByStep ? limits.judgedStepByStep() : limits,
          figures(merged)));
      // an injector stopped from outside sent less than its share: say so, never merge it silently
      long interrupted = merged.injectors().stream().filter(i -> i.summary().interrupted()).count();
      merged.injectors().stream().filter(i -> i.summary().interrupted()).forEach(i -> out.println(
          "merge: injector " + i.summary().injector() + " was INTERRUPTED (SIGTERM or Ctrl-C) before its end"));
      if (interrupted > 0) {
        gates.add(new Gate("interrupted", "injectors stopped before their end", false, 0, interrupted, false));
      }
    } catch (IllegalArgumentException e) {
      out.println("merge: " + e.getMessage());
      return 2;
    }
    MergedSummary summary = summary(merged, figures(merged), gates);
    try {
      Files.createDirectories(reportDir);
      Files.writeString(reportDir.resolve("summary.json"), InjectorSummary.json(summary));
      Files.writeString(reportDir.resolve("index.html"), HtmlReport.render(merged, summary));
      try (InputStream echarts = MergeCommand.class.getResourceAsStream("/report/echarts.min.js")) {
        Files.copy(echarts, reportDir.resolve("echarts.min.js"), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      out.println("merge: cannot write " + reportDir + ": " + e.getMessage());
      return 2;
    }
    out.printf(Locale.ROOT, "merge: run %s, %d injectors: sent=%d acked=%d failed=%d, publish p99 %.2f ms; "
            + "merged in %d ms%n", runId, merged.injectors().size(), summary.sent(), summary.acked(),
        summary.failed(), merged.overall(InjectorResults.PUBLISH_TAG).getValueAtPercentile(99) / 1000.0,
        (System.nanoTime() - startNanos) / 1_000_000);
    boolean passed = true;
    for (Gate g : gates) {
      out.println("merge: gate " + g.line());
      passed &= g.passed();
    }
    out.println("merge: report " + reportDir.resolve("index.html").toAbsolutePath());
    return passed ? 0 : 1;
  }

  /** The merged run's figures, as the gates judge them. */
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
    return new RunFigures(run.sum(InjectorSummary::sent), run.sum(InjectorSummary::acked),
        run.sum(InjectorSummary::failed), run.sum(InjectorSummary::readings), run.plannedMessages(),
        run.overall(InjectorResults.PUBLISH_TAG).getValueAtPercentile(99) / 1000.0, verification);
  }

  /** The merged summary.json. */
  public record MergedSummary(String runId, int injectors, long sent, long acked, long failed,
      Double plannedMessages, Percentiles publishLatencyMs, Percentiles e2eLatencyMs,
      RunFigures.Verification verification, Map<String, Long> failuresByType, List<Gate> gates, boolean passed,
      List<InjectorOutage> outages, Double scheduleLagMaxSeconds) {}

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

  static MergedSummary summary(MergedRun run, RunFigures figures, List<Gate> gates) {
    double planned = figures.plannedMessages();
    return new MergedSummary(run.runId(), run.injectors().size(), figures.sent(), figures.acked(),
        figures.failed(), Double.isNaN(planned) ? null : planned,
        Percentiles.of(run.overall(InjectorResults.PUBLISH_TAG)),
        run.verified() ? Percentiles.of(run.overall(InjectorResults.E2E_TAG)) : null, figures.verification(),
        run.failuresByType(), gates, Gates.failures(gates) == null,
        run.injectors().stream().flatMap(i -> (i.summary().outages() == null ? List.<Outage>of()
            : i.summary().outages()).stream().map(o -> new InjectorOutage(i.summary().injector(), o.startMillis(),
            o.endMillis(), o.failedSends(), o.secondsToFirstAck()))).toList(),
        run.injectors().stream().map(i -> i.summary().scheduleLagMaxSeconds()).filter(java.util.Objects::nonNull)
            .max(Double::compare).orElse(null));
  }
}
