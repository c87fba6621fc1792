package io.iotpulsarload.compare;

import io.iotpulsarload.config.IoTSettings;
import io.iotpulsarload.gates.Gate;
import io.iotpulsarload.gates.Gates;
import io.iotpulsarload.gates.JUnitReport;
import io.iotpulsarload.gates.RegressionLimits;
import io.iotpulsarload.results.RunComparison;
import io.iotpulsarload.results.RunReport;
import io.iotpulsarload.settings.SettingSource;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run beside one or more known-good ones: every figure with its difference and ratio, the settings in which the
 * runs differ (listed first), the regression gates of the current run against the baselines (beyond the run-to-run
 * noise, see {@link io.iotpulsarload.gates.Regression}), and one HTML page with every run's windows overlaid.
 * Exits 0 when no regression gate failed, 1 when one did, 2 on bad input.
 *
 * <pre>bin/iot-pulsar-load compare reports/last-green reports/this-run [--html FILE] [--junit FILE]</pre>
 */
public final class CompareCommand {

  private CompareCommand() {}

  /** What {@code --help} prints. */
  public static final String HELP = """
      usage: iot-pulsar-load compare BASELINE [BASELINE ...] CURRENT [--html FILE] [--junit FILE]
          [-Dgate.regression.*=...]
        BASELINE  a known-good run: a report folder (reports/<runId>), its summary.json, or a folder of such
                  summaries; several baselines show how much identical runs differ
        CURRENT   the run judged: a report folder or its summary.json
        --html FILE   the comparison page (default: compare-<first baseline's runId>.html in CURRENT's folder)
        --junit FILE  also write the regression gates as JUnit XML
      Lists the settings in which the runs differ, every figure (difference and ratio to the baselines' median),
      and judges the regression gates (their limits: a percentage, or off): gate.regression.p99Percent,
      gate.regression.e2eP99Percent, gate.regression.ratePercent, gate.regression.cpuPercent. A figure fails only
      when its median window is worse than in the worst baseline by more than its limit AND the windows differ
      beyond the noise (one-sided Mann-Whitney U test, p < 0.01).
      Exit status: 0 no regression, 1 a regression gate failed, 2 bad input.""";

  /** Compares; returns the exit status. */
  public static int run(List<String> args, SettingSource source, PrintStream out) {
    List<String> runs = new ArrayList<>();
    Path html = null;
    Path junit = null;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--help", "-h" -> {
          out.println(HELP);
          return 0;
        }
        case "--html", "--junit" -> {
          if (i + 1 >= args.size()) {
            return bad(out, a + " needs a file: " + a + " FILE");
          }
          Path file = Path.of(args.get(++i));
          if (a.equals("--html")) {
            html = file;
          } else {
            junit = file;
          }
        }
        default -> {
          if (a.startsWith("-")) {
            return bad(out, "unknown option '" + a + "': expected --html FILE, --junit FILE or --help");
          }
          runs.add(a);
        }
      }
    }
    if (runs.size() < 2) {
      return bad(out, "compare takes a BASELINE and the CURRENT run (report folders or their summary.json), got "
          + runs.size() + ": see compare --help");
    }
    List<RunComparison.Baseline> named;
    RunReport.MergedSummary current;
    RegressionLimits limits;
    try {
      List<Path> files = new ArrayList<>();
      for (String baseline : runs.subList(0, runs.size() - 1)) {
        files.addAll(IoTSettings.baselines(baseline));
      }
      named = RunComparison.readBaselines(files);
      current = RunReport.readSummary(Path.of(runs.get(runs.size() - 1)));
      limits = RegressionLimits.read(source);
    } catch (IllegalArgumentException e) { // an unreadable run, or a bad gate setting
      return bad(out, e.getMessage());
    }
    List<RunReport.MergedSummary> baselines = RunComparison.summaries(named);
    for (RunComparison.Baseline baseline : named) {
      out.println("compare: baseline " + (baseline.name().equals(baseline.summary().runId()) ? ""
          : baseline.name() + ": ") + describe(baseline.summary()));
    }
    out.println("compare: current  " + describe(current));
    Map<String, String[]> differ = RunComparison.differingSettings(baselines, current);
    boolean unknown = current.settings() == null || baselines.stream().anyMatch(b -> b.settings() == null);
    if (unknown) {
      out.println("compare: settings unknown for a run (a report written before settings were recorded): make "
          + "sure the runs are alike");
    } else if (differ.isEmpty()) {
      out.println("compare: settings the same (names, ports and gate limits aside)");
    }
    if (!differ.isEmpty()) {
      out.println("compare: settings that DIFFER (the figures below compare unlike runs): "
          + String.join("; ", differ.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()[0] + " -> "
          + e.getValue()[1]).toList()));
    }
    List<RunComparison.Row> rows = RunComparison.rows(baselines, current);
    boolean several = baselines.size() > 1;
    out.printf(Locale.ROOT, "compare: %-34s %12s%s %12s %12s %8s%n", "figure", several ? "baselines" : "baseline",
        several ? String.format(Locale.ROOT, " %21s", "(their range)") : "", "current", "difference", "ratio");
    for (RunComparison.Row r : rows) {
      out.printf(Locale.ROOT, "compare: %-34s %12s%s %12s %12s %8s%n", r.figure() + " (" + r.unit() + ")",
          number(r.baseline()), several ? String.format(Locale.ROOT, " %21s", r.baseline() == null ? "-"
              : "(" + number(r.baselineMin()) + ".." + number(r.baselineMax()) + ")") : "",
          number(r.current()), signed(r.difference()),
          r.ratio() == null ? "-" : String.format(Locale.ROOT, "%.2fx", r.ratio()));
    }
    List<Gate> gates = RunComparison.regressionGates(named, current, limits);
    gates.forEach(g -> out.println("compare: gate " + g.line()));
    String failures = Gates.failures(gates);
    Path currentDir = currentFolder(Path.of(runs.get(1)));
    Path page = html != null ? html : currentDir.resolve("compare-" + safe(baselines.get(0).runId()) + ".html");
    try {
      ComparePage.write(page, baselines, current, rows, differ, gates);
      if (junit != null) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("baselines", String.join(",", baselines.stream().map(RunReport.MergedSummary::runId)
            .toList()));
        properties.put("current", current.runId());
        JUnitReport.write(junit, "iot-pulsar-load.compare." + current.simulation(), properties, gates,
            current.loadSeconds(), current.firstSendMillis() == null ? 0 : current.firstSendMillis());
        out.println("compare: JUnit XML " + junit.toAbsolutePath());
      }
    } catch (IOException | UncheckedIOException e) {
      return bad(out, "cannot write " + page + ": " + e.getMessage());
    }
    out.println("compare: page " + page.toAbsolutePath().toUri());
    if (failures == null) {
      out.println("compare: no regression beyond the run-to-run noise (" + gates.size() + " regression gates)");
      return 0;
    }
    out.println("compare: REGRESSION: " + failures);
    return 1;
  }

  private static int bad(PrintStream out, String message) {
    out.println("compare: " + message);
    return 2;
  }

  private static Path currentFolder(Path given) {
    Path absolute = given.toAbsolutePath();
    return java.nio.file.Files.isDirectory(absolute) ? absolute : absolute.getParent();
  }

  private static String safe(String runId) {
    return runId.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static String describe(RunReport.MergedSummary s) {
    return s.runId() + " (" + (s.simulation() == null ? "simulation unknown" : s.simulation())
        + (s.firstSendMillis() == null ? "" : ", " + Instant.ofEpochMilli(s.firstSendMillis())
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)) + ", " + s.injectors() + " injector"
        + (s.injectors() == 1 ? "" : "s") + ", " + (s.windows() == null ? 0 : s.windows().size()) + " windows of "
        + s.windowSeconds() + " s)";
  }

  static String number(Double v) {
    if (v == null) {
      return "-";
    }
    return Math.abs(v) >= 1000 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }

  static String signed(Double v) {
    if (v == null) {
      return "-";
    }
    return (v >= 0 ? "+" : "") + number(v);
  }
}
