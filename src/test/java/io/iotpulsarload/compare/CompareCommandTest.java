package io.iotpulsarload.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.gates.GateLimits;
import io.iotpulsarload.gates.RunFigures;
import io.iotpulsarload.results.InjectorResults;
import io.iotpulsarload.results.InjectorSummary;
import io.iotpulsarload.results.MergeCommand;
import io.iotpulsarload.results.MergedRun;
import io.iotpulsarload.results.RunReport;
import io.iotpulsarload.settings.SettingSource;
import io.iotpulsarload.testing.JUnitXml;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * compare on runs made up with known latencies (real runs are RegressionRunsTest's): the figures side by side, the
 * settings that differ, the regression gates and their exit status, the page and the JUnit file, bad input.
 */
class CompareCommandTest {

  @TempDir
  Path dir;

  /**
   * Writes a one-injector run of {@code seconds} seconds at 1,000 msg/s, publish latencies spread around
   * {@code centerMicros}, the injector's CPU {@code cpuMicrosPerMessage} per message, and its report; returns the
   * report folder.
   */
  Path run(String runId, long centerMicros, long cpuMicrosPerMessage, int seconds, Map<String, String> settings)
      throws Exception {
    Path runDir = dir.resolve("results").resolve(runId);
    Path injectorDir = runDir.resolve("injector-0");
    long t0 = 1_700_000_000_000L;
    SplittableRandom random = new SplittableRandom(runId.hashCode());
    try (InjectorResults results = new InjectorResults(injectorDir)) {
      for (int s = 1; s <= seconds; s++) {
        Histogram publish = new Histogram(3);
        Histogram e2e = new Histogram(3);
        for (int i = 0; i < 1_000; i++) {
          long v = centerMicros / 2 + random.nextLong(centerMicros);
          publish.recordValue(v);
          e2e.recordValue(v + 1_000);
        }
        results.writeSecond(t0 + s * 1000L, 1_000, 1_000, 0, publish, e2e, false,
            cpuMicrosPerMessage * 1_000 * 1_000);
      }
    }
    long sent = 1_000L * seconds;
    new InjectorSummary(runId, "SteadyIoT", 0, 1, "t", "avro", "dev-0", "dev-1", 2, 2, (double) sent, t0, t0 + 500,
        t0 + seconds * 1000L, sent, sent, 0, sent, false, Map.of(),
        new RunFigures.Verification(sent, 0, 0, 0, 0, 0, 0, 0, 0, 0), List.of(), false, List.of(), 0.0, null,
        settings).write(injectorDir.resolve(InjectorResults.SUMMARY));
    Path report = dir.resolve("reports").resolve(runId);
    RunReport.write(MergedRun.read(runDir), GateLimits.read(SettingSource.properties(Map.of())), report);
    return report;
  }

  private static Map<String, String> settings(String rate) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("rate", rate);
    s.put("duration", "30s");
    s.put("runId", "whatever"); // names a run: never a difference
    return s;
  }

  record Result(int status, String out) {}

  static Result compare(SettingSource source, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = CompareCommand.run(List.of(args), source, new PrintStream(out, true, StandardCharsets.UTF_8));
    return new Result(status, out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void alikeRunsPassAndASlowerOneIsNamedAndFails() throws Exception {
    Path base = run("base", 4_000, 20, 40, settings("1000"));
    Path same = run("same", 4_000, 20, 40, settings("1000"));
    Path slow = run("slow", 12_000, 20, 40, settings("1000"));

    Result alike = compare(SettingSource.properties(Map.of()), base.toString(),
        same.resolve("summary.json").toString());
    assertEquals(0, alike.status(), alike.out());
    assertTrue(alike.out().contains("compare: settings the same"), alike.out());
    assertTrue(alike.out().contains("compare: no regression beyond the run-to-run noise (4 regression gates)"),
        alike.out());

    Result slower = compare(SettingSource.properties(Map.of()), base.toString(), slow.toString());
    assertEquals(1, slower.status(), slower.out());
    assertTrue(slower.out().contains("compare: gate gate.regression.p99Percent: publish p99 rise beyond the noise "
        + "vs baseline base (%)"), slower.out());
    assertTrue(slower.out().contains("beyond the run-to-run noise"), slower.out());
    assertTrue(slower.out().contains("compare: REGRESSION: gate.regression.p99Percent"), slower.out());
    assertTrue(slower.out().lines().anyMatch(l -> l.matches("compare: publish p99 \\(ms\\)\\s+[\\d.]+\\s+[\\d.]+\\s+"
        + "\\+[\\d.]+\\s+(2\\.9\\d|3\\.0\\d)x")), "a row with both values, the difference and the ratio:\n" + slower.out());
    assertTrue(slower.out().contains("gate.regression.cpuPercent: injector CPU per message rise beyond the noise "
        + "vs baseline base (%) 0 <= 20: passed"), "the same CPU: " + slower.out());

    // a looser limit (and e2e, which the made-up slowdown also moved, not judged): the same slowdown passes
    Result loose = compare(SettingSource.properties(Map.of("gate.regression.p99Percent", "300",
        "gate.regression.e2eP99Percent", "off")), base.toString(), slow.toString());
    assertEquals(0, loose.status(), loose.out());

    String html = Files.readString(slow.resolve("compare-base.html"));
    assertTrue(html.contains("\"baseline base\"") && html.contains("\"current slow\""), "both runs overlaid");
    assertTrue(Files.size(slow.resolve("echarts.min.js")) > 100_000);
  }

  @Test
  void differingSettingsAreListedFirst() throws Exception {
    Path base = run("base", 4_000, 20, 20, settings("1000"));
    Path other = run("other", 4_000, 30, 20, settings("2000"));
    Result r = compare(SettingSource.properties(Map.of()), base.toString(), other.toString(), "--junit",
        dir.resolve("ci/compare.xml").toString());
    List<String> lines = r.out().lines().toList();
    assertEquals(2, lines.indexOf(lines.stream().filter(l -> l.startsWith("compare: settings that DIFFER"))
        .findFirst().orElseThrow()), "right after the runs, before the figures: " + r.out());
    assertTrue(r.out().contains("rate 1000 -> 2000") && !r.out().contains("runId"), r.out());
    assertEquals(1, r.status(), "CPU per message rose 50 %: " + r.out());
    var suite = JUnitXml.parse(dir.resolve("ci/compare.xml"));
    assertEquals(4, suite.getNumberOfTests());
    assertEquals(1, suite.getNumberOfFailures());
  }

  @Test
  void aBaselineSettingAddsTheRegressionGatesToTheMerge() throws Exception {
    Path base = run("base", 4_000, 20, 30, settings("1000"));
    run("slow", 12_000, 20, 30, settings("1000"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = MergeCommand.run(SettingSource.properties(Map.of("runId", "slow",
        "results.dir", dir.resolve("results").toString(), "reports.dir", dir.resolve("merged").toString(),
        "baseline", base.toString())), new PrintStream(out, true, StandardCharsets.UTF_8));
    String printed = out.toString(StandardCharsets.UTF_8);
    assertEquals(1, status, printed);
    assertTrue(printed.contains("merge: gate gate.regression.p99Percent:") && printed.contains("FAILED"), printed);
    var suite = JUnitXml.parse(dir.resolve("merged/slow/junit.xml"));
    assertTrue(suite.getTestCases().stream().anyMatch(c -> c.getName().equals("gate.regression.p99Percent")
        && c.hasFailure()), "the regression gate in the merge's JUnit file");
  }

  @Test
  void badInputIsOneLineAndExitTwo() throws Exception {
    Path base = run("base", 4_000, 20, 10, settings("1000"));
    SettingSource none = SettingSource.properties(Map.of());
    for (Result r : List.of(
        compare(none, base.toString()),
        compare(none, base.toString(), dir.resolve("nowhere").toString()),
        compare(none, base.toString(), dir.resolve("results/base/injector-0").toString()),
        compare(none, base.toString(), base.toString(), "--frob"),
        compare(none, base.toString(), base.toString(), "--html"),
        compare(SettingSource.properties(Map.of("gate.regression.p99Percent", "lots")), base.toString(),
            base.toString()))) {
      assertEquals(2, r.status(), r.out());
      assertEquals(1, r.out().lines().count(), "one line: " + r.out());
    }
    assertTrue(compare(none, base.toString(), dir.resolve("results/base/injector-0").toString()).out()
        .contains("is one injector's summary"));
    assertTrue(compare(none, "--help").out().startsWith("usage: iot-pulsar-load compare"));
  }

  @Test
  void severalBaselinesGiveTheirMedianAndRange() throws Exception {
    run("b1", 4_000, 20, 20, settings("1000"));
    run("b2", 6_000, 20, 20, settings("1000"));
    Path current = run("c", 6_500, 20, 20, settings("1000"));
    Result r = compare(SettingSource.properties(Map.of()), dir.resolve("reports").toString(), current.toString());
    // the folder of reports holds b1, b2 and c itself: compare c against b1, b2 (and c)
    assertTrue(r.out().contains("compare: baseline b1") && r.out().contains("compare: baseline b2"), r.out());
    assertTrue(r.out().contains("(their range)"), r.out());
    assertTrue(r.out().contains("vs 3 baselines"), r.out());
    assertEquals(0, r.status(), "+8 % over the worst baseline: " + r.out());
  }
}
