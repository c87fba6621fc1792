package io.iotpulsarload.results;

import io.iotpulsarload.gates.Gate;
import io.iotpulsarload.gates.Regression;
import io.iotpulsarload.gates.RegressionFigure;
import io.iotpulsarload.gates.RegressionLimits;
import io.iotpulsarload.gates.RunFigures;
import io.iotpulsarload.gates.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * One run set against another, figure by figure: the regression gates (the run end's and the merge's, with a
 * {@code baseline}), and the compare command's table and differing settings.
 */
public final class RunComparison {

  private RunComparison() {}

  /** Settings that name or watch a run without shaping its load: two runs may differ in them freely. */
  private static final Set<String> NOT_SHAPING_THE_LOAD = Set.of("runId", "injector.index", "results.dir",
      "reports.dir", "metrics.port", "metrics.lingerAfterRun", "progressInterval", "baseline");

  /** One figure of both runs; a value is {@code null} where that run did not measure it. */
  public record Row(String figure, String unit, Double baseline, Double current) {

    /** current - baseline, {@code null} when either is missing. */
    public Double difference() {
      return baseline == null || current == null ? null : current - baseline;
    }

    /** current / baseline, {@code null} when either is missing or the baseline is 0. */
    public Double ratio() {
      return baseline == null || current == null || baseline == 0 ? null : current / baseline;
    }
  }

  /** The regression gates of {@code current} against {@code baseline}, for every figure both runs measured. */
  public static List<Gate> regressionGates(RunReport.MergedSummary baseline, RunReport.MergedSummary current,
      RegressionLimits limits) {
    List<Gate> gates = new ArrayList<>();
    for (RegressionFigure figure : RegressionFigure.values()) {
      Gate gate = Regression.judge(figure, limits.limit(figure), baseline.runId(), sample(baseline, figure),
          sample(current, figure));
      if (gate != null) {
        gates.add(gate);
      }
    }
    return gates;
  }

  /** A run's whole-run value and per-window values of one figure ({@code NaN} where it was not measured). */
  public static Sample sample(RunReport.MergedSummary run, RegressionFigure figure) {
    List<RunWindows.Window> windows = run.windows() == null ? List.of() : run.windows();
    return switch (figure) {
      case PUBLISH_P99 -> new Sample(run.publishLatencyMs() == null || run.publishLatencyMs().count() == 0
          ? Double.NaN : run.publishLatencyMs().p99(), values(windows, RunWindows.Window::publishP99Ms));
      case E2E_P99 -> new Sample(run.e2eLatencyMs() == null || run.e2eLatencyMs().count() == 0 ? Double.NaN
          : run.e2eLatencyMs().p99(), values(windows, RunWindows.Window::e2eP99Ms));
      case RATE -> new Sample(run.ackedPerSecond(), values(windows, w -> w.ackedPerSecond()));
      case CPU_PER_MESSAGE -> new Sample(orNaN(run.cpuMicrosPerMessage()),
          values(windows, RunWindows.Window::cpuMicrosPerMessage));
    };
  }

  private static double[] values(List<RunWindows.Window> windows, Function<RunWindows.Window, Double> value) {
    return windows.stream().mapToDouble(w -> orNaN(value.apply(w))).toArray();
  }

  private static double orNaN(Double v) {
    return v == null ? Double.NaN : v;
  }

  /**
   * The settings that shape the load and differ between the runs: property -> {baseline's, current's} (a
   * missing one as "unset"); empty when either run recorded none.
   */
  public static Map<String, String[]> differingSettings(RunReport.MergedSummary baseline,
      RunReport.MergedSummary current) {
    Map<String, String[]> differ = new LinkedHashMap<>();
    if (!Objects.equals(baseline.simulation(), current.simulation())) {
      differ.put("simulation", new String[] {baseline.simulation(), current.simulation()});
    }
    if (baseline.settings() == null || current.settings() == null) {
      return differ;
    }
    Set<String> names = new TreeSet<>(baseline.settings().keySet());
    names.addAll(current.settings().keySet());
    for (String name : names) {
      if (NOT_SHAPING_THE_LOAD.contains(name) || name.startsWith("gate.")) {
        continue;
      }
      String b = baseline.settings().getOrDefault(name, "unset");
      String c = current.settings().getOrDefault(name, "unset");
      if (!b.equals(c)) {
        differ.put(name, new String[] {b, c});
      }
    }
    return differ;
  }

  /** Every figure the two runs can be compared on, in the order a reader looks for them. */
  public static List<Row> rows(RunReport.MergedSummary baseline, RunReport.MergedSummary current) {
    List<Row> rows = new ArrayList<>();
    row(rows, "sent rate", "msg/s", baseline, current, s -> s.sentPerSecond());
    row(rows, "acknowledged rate", "msg/s", baseline, current, s -> s.ackedPerSecond());
    rowOrNull(rows, "received rate", "msg/s", baseline, current, RunReport.MergedSummary::receivedPerSecond);
    rowOrNull(rows, "publish p50", "ms", baseline, current, s -> latency(s.publishLatencyMs(), 50));
    rowOrNull(rows, "publish p99", "ms", baseline, current, s -> latency(s.publishLatencyMs(), 99));
    rowOrNull(rows, "publish p99.9", "ms", baseline, current, s -> latency(s.publishLatencyMs(), 99.9));
    rowOrNull(rows, "publish max", "ms", baseline, current, s -> latency(s.publishLatencyMs(), 100));
    rowOrNull(rows, "e2e p50", "ms", baseline, current, s -> latency(s.e2eLatencyMs(), 50));
    rowOrNull(rows, "e2e p99", "ms", baseline, current, s -> latency(s.e2eLatencyMs(), 99));
    rowOrNull(rows, "e2e p99.9", "ms", baseline, current, s -> latency(s.e2eLatencyMs(), 99.9));
    row(rows, "failed sends", "%", baseline, current, s -> s.sent() == 0 ? 0 : 100.0 * s.failed() / s.sent());
    rowOrNull(rows, "lost", "messages", baseline, current, s -> verified(s, RunFigures.Verification::lost));
    rowOrNull(rows, "duplicates", "messages", baseline, current,
        s -> verified(s, RunFigures.Verification::duplicates));
    rowOrNull(rows, "out of order", "messages", baseline, current,
        s -> verified(s, RunFigures.Verification::outOfOrder));
    rowOrNull(rows, "invalid", "messages", baseline, current, s -> verified(s, RunFigures.Verification::invalid));
    rowOrNull(rows, "injector CPU per message", "us", baseline, current,
        RunReport.MergedSummary::cpuMicrosPerMessage);
    rowOrNull(rows, "schedule lag, max", "s", baseline, current, RunReport.MergedSummary::scheduleLagMaxSeconds);
    row(rows, "load duration", "s", baseline, current, RunReport.MergedSummary::loadSeconds);
    return rows;
  }

  private static Double latency(RunReport.Percentiles p, double q) {
    if (p == null || p.count() == 0) {
      return null;
    }
    return q == 50 ? p.p50() : q == 99 ? p.p99() : q == 99.9 ? p.p999() : p.max();
  }

  private static Double verified(RunReport.MergedSummary s, java.util.function.ToLongFunction<RunFigures.Verification> count) {
    return s.verification() == null ? null : (double) count.applyAsLong(s.verification());
  }

  private static void row(List<Row> rows, String figure, String unit, RunReport.MergedSummary b,
      RunReport.MergedSummary c, ToDoubleFunction<RunReport.MergedSummary> value) {
    rows.add(new Row(figure, unit, value.applyAsDouble(b), value.applyAsDouble(c)));
  }

  private static void rowOrNull(List<Row> rows, String figure, String unit, RunReport.MergedSummary b,
      RunReport.MergedSummary c, Function<RunReport.MergedSummary, Double> value) {
    Double bv = value.apply(b);
    Double cv = value.apply(c);
    if (bv != null || cv != null) {
      rows.add(new Row(figure, unit, bv, cv));
    }
  }
}
