package io.iotpulsarload.results;

import io.iotpulsarload.gates.Gate;
import io.iotpulsarload.gates.Regression;
import io.iotpulsarload.gates.RegressionFigure;
import io.iotpulsarload.gates.RegressionLimits;
import io.iotpulsarload.gates.RunFigures;
import io.iotpulsarload.gates.Sample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One run set against another, figure by figure: the regression gates (the run end's and the merge's, with a
 * {@code baseline}), and the compare command's table and differing settings.
 */
public final class RunComparison {

  private RunComparison() {}

  /** Settings that name or watch a run without shaping its load: two runs may differ in them freely. */
  private static final Set<String> NOT_SHAPING_THE_LOAD = Set.of("runId", "injector.index", "results.dir",
      "reports.dir", "metrics.port", "metrics.lingerAfterRun", "progressInterval", "baseline");

  /**
   * One figure of the baseline runs and the current one; a value is {@code null} where no run measured it. With
   * several baselines, {@code baseline} is their median and {@code baselineMin}..{@code baselineMax} their range.
   */
  public record Row(String figure, String unit, Double baseline, Double baselineMin, Double baselineMax,
      Double current) {

    /** current - baseline, {@code null} when either is missing. */
    public Double difference() {
      return baseline == null || current == null ? null : current - baseline;
    }

    /** current / baseline, {@code null} when either is missing or the baseline is 0. */
    public Double ratio() {
      return baseline == null || current == null || baseline == 0 ? null : current / baseline;
    }
  }

  /** A baseline run and how the gates name it: its runId, or its file where runIds repeat (a CI's fixed runId). */
  public record Baseline(String name, RunReport.MergedSummary summary) {}

  /** Reads the baselines' summaries (one-line {@link IllegalArgumentException} for a file that is none). */
  public static List<Baseline> readBaselines(List<Path> summaries) {
    List<RunReport.MergedSummary> runs = summaries.stream().map(RunReport::readSummary).toList();
    boolean unique = runs.stream().map(RunReport.MergedSummary::runId).distinct().count() == runs.size();
    List<Baseline> baselines = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      Path file = summaries.get(i).toAbsolutePath();
      String fileName = file.getFileName().toString().equals(RunReport.SUMMARY) && file.getParent() != null
          ? file.getParent().getFileName().toString() : file.getFileName().toString().replaceFirst("\\.json$", "");
      baselines.add(new Baseline(unique ? runs.get(i).runId() : fileName, runs.get(i)));
    }
    return baselines;
  }

  /** The summaries of the baselines. */
  public static List<RunReport.MergedSummary> summaries(List<Baseline> baselines) {
    return baselines.stream().map(Baseline::summary).toList();
  }

  /** The regression gates of {@code current} against the {@code baselines}, for every figure they measured. */
  public static List<Gate> regressionGates(List<Baseline> baselines, RunReport.MergedSummary current,
      RegressionLimits limits) {
    List<Gate> gates = new ArrayList<>();
    for (RegressionFigure figure : RegressionFigure.values()) {
      Gate gate = Regression.judge(figure, limits.limit(figure), baselines.stream()
          .map(b -> new Regression.Baseline(b.name(), sample(b.summary(), figure))).toList(),
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
   * The settings that shape the load and differ between a baseline and the current run: property -> {the
   * baselines' values, the current's} (a missing one as "unset"); settings a run did not record are not compared.
   */
  public static Map<String, String[]> differingSettings(List<RunReport.MergedSummary> baselines,
      RunReport.MergedSummary current) {
    Map<String, Set<String>> baselineValues = new LinkedHashMap<>();
    Map<String, String> currentValues = new LinkedHashMap<>();
    for (RunReport.MergedSummary baseline : baselines) {
      Map<String, String> b = recorded(baseline);
      Map<String, String> c = recorded(current);
      if (b == null || c == null) {
        continue;
      }
      Set<String> names = new TreeSet<>(b.keySet());
      names.addAll(c.keySet());
      for (String name : names) {
        String bv = b.getOrDefault(name, "unset");
        String cv = c.getOrDefault(name, "unset");
        if (!bv.equals(cv)) {
          baselineValues.computeIfAbsent(name, n -> new TreeSet<>()).add(bv);
          currentValues.put(name, cv);
        }
      }
    }
    Map<String, String[]> differ = new LinkedHashMap<>();
    baselineValues.forEach((name, values) -> differ.put(name,
        new String[] {String.join(", ", values), currentValues.get(name)}));
    return differ;
  }

  /** A run's settings that shape its load, the simulation among them; {@code null} when it recorded none. */
  private static Map<String, String> recorded(RunReport.MergedSummary run) {
    if (run.settings() == null) {
      return null;
    }
    Map<String, String> shaping = new LinkedHashMap<>();
    shaping.put("simulation", String.valueOf(run.simulation()));
    run.settings().forEach((name, value) -> {
      if (!NOT_SHAPING_THE_LOAD.contains(name) && !name.startsWith("gate.")) {
        shaping.put(name, value);
      }
    });
    return shaping;
  }

  /** Every figure the runs can be compared on, in the order a reader looks for them. */
  public static List<Row> rows(List<RunReport.MergedSummary> baselines, RunReport.MergedSummary current) {
    List<Row> rows = new ArrayList<>();
    row(rows, "sent rate", "msg/s", baselines, current, s -> s.sentPerSecond());
    row(rows, "acknowledged rate", "msg/s", baselines, current, s -> s.ackedPerSecond());
    row(rows, "received rate", "msg/s", baselines, current, RunReport.MergedSummary::receivedPerSecond);
    row(rows, "publish p50", "ms", baselines, current, s -> latency(s.publishLatencyMs(), 50));
    row(rows, "publish p99", "ms", baselines, current, s -> latency(s.publishLatencyMs(), 99));
    row(rows, "publish p99.9", "ms", baselines, current, s -> latency(s.publishLatencyMs(), 99.9));
    row(rows, "publish max", "ms", baselines, current, s -> latency(s.publishLatencyMs(), 100));
    row(rows, "e2e p50", "ms", baselines, current, s -> latency(s.e2eLatencyMs(), 50));
    row(rows, "e2e p99", "ms", baselines, current, s -> latency(s.e2eLatencyMs(), 99));
    row(rows, "e2e p99.9", "ms", baselines, current, s -> latency(s.e2eLatencyMs(), 99.9));
    row(rows, "failed sends", "%", baselines, current, s -> s.sent() == 0 ? 0.0 : 100.0 * s.failed() / s.sent());
    row(rows, "lost", "messages", baselines, current, s -> verified(s, RunFigures.Verification::lost));
    row(rows, "duplicates", "messages", baselines, current, s -> verified(s, RunFigures.Verification::duplicates));
    row(rows, "out of order", "messages", baselines, current, s -> verified(s, RunFigures.Verification::outOfOrder));
    row(rows, "invalid", "messages", baselines, current, s -> verified(s, RunFigures.Verification::invalid));
    row(rows, "injector CPU per message", "us", baselines, current, RunReport.MergedSummary::cpuMicrosPerMessage);
    row(rows, "schedule lag, max", "s", baselines, current, RunReport.MergedSummary::scheduleLagMaxSeconds);
    row(rows, "load duration", "s", baselines, current, s -> s.loadSeconds());
    return rows;
  }

  private static Double latency(RunReport.Percentiles p, double q) {
    if (p == null || p.count() == 0) {
      return null;
    }
    return q == 50 ? p.p50() : q == 99 ? p.p99() : q == 99.9 ? p.p999() : p.max();
  }

  private static Double verified(RunReport.MergedSummary s,
      java.util.function.ToLongFunction<RunFigures.Verification> count) {
    return s.verification() == null ? null : (double) count.applyAsLong(s.verification());
  }

  /** A row, left out when no run measured the figure. */
  private static void row(List<Row> rows, String figure, String unit, List<RunReport.MergedSummary> baselines,
      RunReport.MergedSummary current, Function<RunReport.MergedSummary, Double> value) {
    double[] b = baselines.stream().map(value).filter(Objects::nonNull).mapToDouble(Double::doubleValue).sorted()
        .toArray();
    Double c = value.apply(current);
    if (b.length == 0 && c == null) {
      return;
    }
    Double median = b.length == 0 ? null : b.length % 2 == 1 ? b[b.length / 2] : (b[b.length / 2 - 1] + b[b.length / 2]) / 2;
    rows.add(new Row(figure, unit, median, b.length == 0 ? null : b[0], b.length == 0 ? null : b[b.length - 1], c));
  }
}
