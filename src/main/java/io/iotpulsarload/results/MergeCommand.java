package io.iotpulsarload.results;

import io.iotpulsarload.config.IoTSettings;
import io.iotpulsarload.gates.GateLimits;
import io.iotpulsarload.settings.SettingException;
import io.iotpulsarload.settings.SettingSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Merges every injector's results of a run into ONE report: {@code reports/<runId>/index.html} (charts),
 * {@code summary.json}, and the gates evaluated on the merged numbers. Exits 1 when a gate fails, 2 on bad input.
 *
 * <pre>bin/iot-pulsar-load merge my-run</pre>
 */
public final class MergeCommand {

  private MergeCommand() {}

  /** What {@code merge --help} prints. */
  public static final String HELP = """
      usage: iot-pulsar-load merge RUN_ID [-Dresults.dir=results] [-Dreports.dir=reports] [-Dgate.*=...]
      Merges every injector's results of a run (results/<runId>/injector-*/) into one report: reports/<runId>/
      index.html, summary.json and junit.xml, the gates judged on the merged numbers (with -Dbaseline=..., the
      regression gates too). RUN_ID may also come as -DrunId / RUN_ID.
      Exit status: 0 every gate passed, 1 a gate failed, 2 bad input.""";

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
    RunReport.Written report;
    try {
      report = RunReport.write(merged, GateLimits.read(source), reportDir);
    } catch (IllegalArgumentException e) { // a bad gate setting
      out.println("merge: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      out.println("merge: cannot write " + reportDir + ": " + e.getMessage());
      return 2;
    }
    RunReport.MergedSummary summary = report.summary();
    // an injector stopped from outside sent less than its share: say so, never merge it silently
    merged.injectors().stream().filter(i -> i.summary().interrupted()).forEach(i -> out.println(
        "merge: injector " + i.summary().injector() + " was INTERRUPTED (SIGTERM or Ctrl-C) before its end"));
    out.printf(Locale.ROOT, "merge: run %s, %d injectors: sent=%d acked=%d failed=%d, publish p99 %.2f ms; "
            + "merged in %d ms%n", runId, merged.injectors().size(), summary.sent(), summary.acked(),
        summary.failed(), summary.publishLatencyMs().p99(), (System.nanoTime() - startNanos) / 1_000_000);
    summary.gates().forEach(g -> out.println("merge: gate " + g.line()));
    out.println("merge: report " + report.index().toAbsolutePath());
    out.println("merge: JUnit XML " + reportDir.resolve(io.iotpulsarload.gates.JUnitReport.FILE).toAbsolutePath());
    return summary.passed() ? 0 : 1;
  }
}
