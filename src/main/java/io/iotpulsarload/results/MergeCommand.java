package io.iotpulsarload.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpulsarload.run.IoTSettings;
import io.iotpulsarload.settings.SettingException;
import io.iotpulsarload.settings.SettingSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

  /** One gate on the merged numbers. */
  public record Gate(String name, double limit, double measured, boolean passed) {}

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
    List<Gate> gates = gates(merged, source);
    Map<String, Object> summary = summary(merged, gates);
    try {
      Files.createDirectories(reportDir);
      Files.writeString(reportDir.resolve("summary.json"),
          new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(summary));
      Files.writeString(reportDir.resolve("index.html"), HtmlReport.render(merged, summary));
      try (InputStream echarts = MergeCommand.class.getResourceAsStream("/report/echarts.min.js")) {
        Files.copy(echarts, reportDir.resolve("echarts.min.js"), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      out.println("merge: cannot write " + reportDir + ": " + e.getMessage());
      return 2;
    }
    out.printf(Locale.ROOT, "merge: run %s, %d injectors: sent=%d acked=%d failed=%d, publish p99 %.2f ms; "
            + "merged in %d ms%n", runId, merged.injectors().size(), merged.sum("sent"), merged.sum("acked"),
        merged.sum("failed"), merged.overall(InjectorResults.PUBLISH_TAG).getValueAtPercentile(99) / 1000.0,
        (System.nanoTime() - startNanos) / 1_000_000);
    boolean passed = true;
    for (Gate g : gates) {
      out.printf(Locale.ROOT, "merge: gate %s: limit %.2f, measured %.2f: %s%n", g.name(), g.limit(),
          g.measured(), g.passed() ? "passed" : "FAILED");
      passed &= g.passed();
    }
    out.println("merge: report " + reportDir.resolve("index.html").toAbsolutePath());
    return passed ? 0 : 1;
  }

  static List<Gate> gates(MergedRun run, SettingSource source) {
    List<Gate> gates = new ArrayList<>();
    Histogram publish = run.overall(InjectorResults.PUBLISH_TAG);
    double p99 = publish.getValueAtPercentile(99) / 1000.0;
    double p99Limit = IoTSettings.GATE_P99_MS.read(source);
    gates.add(new Gate("gate.p99Ms", p99Limit, p99, p99 <= p99Limit));
    long sent = run.sum("sent");
    double koPercent = sent == 0 ? 0 : 100.0 * run.sum("failed") / sent;
    double koLimit = IoTSettings.GATE_MAX_KO_PERCENT.read(source);
    gates.add(new Gate("gate.maxKoPercent", koLimit, koPercent, koPercent <= koLimit));
    double planned = run.injectors().stream().mapToDouble(i -> i.summary().path("plannedMessages").asDouble())
        .sum();
    double ratePercent = planned == 0 ? 100 : 100.0 * sent / planned;
    double rateLimit = IoTSettings.GATE_MIN_RATE_PERCENT.read(source);
    gates.add(new Gate("gate.minRatePercent", rateLimit, ratePercent, ratePercent >= rateLimit));
    if (run.verified()) {
      count(gates, "gate.maxLost", IoTSettings.GATE_MAX_LOST.read(source), run.sum("verification.lost"));
      count(gates, "gate.maxDuplicates", IoTSettings.GATE_MAX_DUPLICATES.read(source),
          run.sum("verification.duplicates"));
      count(gates, "gate.maxOutOfOrder", IoTSettings.GATE_MAX_OUT_OF_ORDER.read(source),
          run.sum("verification.outOfOrder"));
      count(gates, "gate.maxInvalid", IoTSettings.GATE_MAX_INVALID.read(source), run.sum("verification.invalid"));
      double e2e = run.overall(InjectorResults.E2E_TAG).getValueAtPercentile(99) / 1000.0;
      double e2eLimit = IoTSettings.GATE_E2E_P99_MS.read(source);
      gates.add(new Gate("gate.e2eP99Ms", e2eLimit, e2e, e2e <= e2eLimit));
    }
    return gates;
  }

  private static void count(List<Gate> gates, String name, long limit, long measured) {
    gates.add(new Gate(name, limit, measured, measured <= limit));
  }

  static Map<String, Object> summary(MergedRun run, List<Gate> gates) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("runId", run.runId());
    s.put("injectors", run.injectors().size());
    s.put("sent", run.sum("sent"));
    s.put("acked", run.sum("acked"));
    s.put("failed", run.sum("failed"));
    s.put("plannedMessages", run.injectors().stream()
        .mapToDouble(i -> i.summary().path("plannedMessages").asDouble()).sum());
    s.put("publishLatencyMs", percentiles(run.overall(InjectorResults.PUBLISH_TAG)));
    if (run.verified()) {
      s.put("e2eLatencyMs", percentiles(run.overall(InjectorResults.E2E_TAG)));
      Map<String, Object> v = new LinkedHashMap<>();
      for (String f : List.of("received", "lost", "duplicates", "outOfOrder", "invalid")) {
        v.put(f, run.sum("verification." + f));
      }
      s.put("verification", v);
    }
    s.put("failuresByType", run.failuresByType());
    s.put("gates", gates);
    s.put("passed", gates.stream().allMatch(Gate::passed));
    return s;
  }

  /** p50/p90/p99/p99.9/max and count of a microsecond histogram, in milliseconds. */
  static Map<String, Object> percentiles(Histogram h) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("count", h.getTotalCount());
    for (double q : new double[] {50, 90, 99, 99.9}) {
      p.put("p" + (q == Math.rint(q) ? Integer.toString((int) q) : Double.toString(q)),
          h.getValueAtPercentile(q) / 1000.0);
    }
    p.put("max", h.getMaxValue() / 1000.0);
    return p;
  }
}
