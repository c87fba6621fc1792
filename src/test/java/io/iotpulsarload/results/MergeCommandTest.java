package io.iotpulsarload.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpulsarload.gates.RunFigures;
import io.iotpulsarload.settings.SettingSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Merging synthetic injector results with known values: counts sum, percentiles are those of the union. */
class MergeCommandTest {

  @TempDir
  Path dir;

  /** Writes one injector's results: {@code seconds} ticks of latencies drawn around {@code centerMicros}. */
  private static Histogram writeInjector(Path runDir, int index, long centerMicros, int seconds, long perSecond,
      long failedPerSecond) throws Exception {
    Path injectorDir = runDir.resolve("injector-" + index);
    Histogram all = new Histogram(3);
    SplittableRandom random = new SplittableRandom(index);
    try (InjectorResults results = new InjectorResults(injectorDir)) {
      for (int s = 1; s <= seconds; s++) {
        Histogram publish = new Histogram(3);
        Histogram e2e = new Histogram(3);
        for (int i = 0; i < perSecond; i++) {
          long v = centerMicros / 2 + random.nextLong(centerMicros);
          publish.recordValue(v);
          e2e.recordValue(2 * v);
          all.recordValue(v);
        }
        results.writeSecond(1_700_000_000_000L + s * 1000L, perSecond + failedPerSecond, perSecond,
            failedPerSecond, publish, e2e);
      }
    }
    long sent = (perSecond + failedPerSecond) * seconds;
    new InjectorSummary(runDir.getFileName().toString(), "Synthetic", index, 3, "t", "avro", "dev-0", "dev-1", 2, 2,
        (double) sent, 0, null, 0, sent, perSecond * seconds, failedPerSecond * seconds, sent, false,
        failedPerSecond > 0 ? Map.of("TimeoutException: x", failedPerSecond * seconds) : Map.of(),
        new RunFigures.Verification(perSecond * seconds, 0, index, 0, 0, 0, 0, 0, 0, 0), List.of(), false, List.of(), 0.0, null, null)
        .write(injectorDir.resolve(InjectorResults.SUMMARY));
    return all;
  }

  @Test
  void countsSumAndPercentilesAreThoseOfTheUnion() throws Exception {
    Path run = dir.resolve("results").resolve("synthetic");
    Histogram union = new Histogram(3);
    union.add(writeInjector(run, 0, 2_000, 10, 500, 0));
    union.add(writeInjector(run, 1, 20_000, 10, 100, 2)); // a slow injector: averaging p99s would hide it
    union.add(writeInjector(run, 2, 5_000, 10, 300, 0));

    MergedRun merged = MergedRun.read(run);
    assertEquals(3, merged.injectors().size());
    assertEquals(9_020, merged.sum(InjectorSummary::sent));
    assertEquals(9_000, merged.sum(InjectorSummary::acked));
    assertEquals(20, merged.sum(InjectorSummary::failed));
    Histogram publish = merged.overall(InjectorResults.PUBLISH_TAG);
    assertEquals(union.getTotalCount(), publish.getTotalCount());
    for (double q : new double[] {50, 90, 99, 99.9}) {
      assertEquals(union.getValueAtPercentile(q), publish.getValueAtPercentile(q), "p" + q);
    }
    assertEquals(10, merged.perSecond(InjectorResults.PUBLISH_TAG).size(),
        "one merged histogram per second: " + merged.perSecond(InjectorResults.PUBLISH_TAG).keySet());
    assertEquals(1_700_000_001L, merged.perSecond(InjectorResults.PUBLISH_TAG).firstKey(), "absolute seconds");
    assertEquals(900, merged.perSecond(InjectorResults.PUBLISH_TAG).firstEntry().getValue().getTotalCount());
    assertEquals(Map.of("TimeoutException: x", 20L), merged.failuresByType());

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = MergeCommand.run(SettingSource.properties(Map.of("runId", "synthetic",
        "results.dir", dir.resolve("results").toString(), "reports.dir", dir.resolve("reports").toString(),
        "gate.maxKoPercent", "1")), new PrintStream(out, true, StandardCharsets.UTF_8));
    String printed = out.toString(StandardCharsets.UTF_8);
    assertEquals(1, status, "injectors 1 and 2 report duplicates: gate.maxDuplicates fails\n" + printed);
    assertTrue(printed.contains("merge: gate gate.maxDuplicates: duplicates 3 <= 0: FAILED"), printed);
    JsonNode summary = new ObjectMapper().readTree(dir.resolve("reports/synthetic/summary.json").toFile());
    assertEquals(9_020, summary.path("sent").asLong());
    assertEquals(union.getValueAtPercentile(99) / 1000.0, summary.path("publishLatencyMs").path("p99").asDouble());
    String html = Files.readString(dir.resolve("reports/synthetic/index.html"));
    assertTrue(html.contains("\"sent\":9020") && html.contains("\"failed\":20"), "the page draws the merged summary");
    assertTrue(html.contains("\"injector 2\""), "one rate series per injector");
    assertTrue(Files.size(dir.resolve("reports/synthetic/echarts.min.js")) > 100_000);
  }

  @Test
  void theWarmupIsCountedButTheMergedGatesJudgeTheMeasuredLoadOnly() throws Exception {
    Path run = dir.resolve("results").resolve("warmed");
    Path injectorDir = run.resolve("injector-0");
    long t0 = 1_700_000_000_000L;
    try (InjectorResults results = new InjectorResults(injectorDir)) {
      for (int s = 1; s <= 5; s++) { // the warm-up: slow, and 10 of its 500 sends failed
        Histogram slow = new Histogram(3);
        slow.recordValueWithCount(900_000, 100);
        results.writeSecond(t0 + s * 1000L, 100, 98, 2, slow, new Histogram(3), true, -1);
      }
      for (int s = 6; s <= 15; s++) { // the measured load: fast, all acknowledged
        Histogram fast = new Histogram(3);
        fast.recordValueWithCount(3_000, 1_000);
        results.writeSecond(t0 + s * 1000L, 1_000, 1_000, 0, fast, new Histogram(3));
      }
    }
    new InjectorSummary("warmed", "Synthetic", 0, 1, "t", "avro", "dev-0", "dev-1", 2, 2, 10_000.0, t0,
        t0 + 5_000, t0 + 15_000, 10_500, 10_490, 10, 10_500, false, Map.of("TimeoutException: x", 10L), null,
        List.of(), false, List.of(), 0.0, new InjectorSummary.Warmup(5.0, 500, 490, 10, 500), null)
        .write(injectorDir.resolve(InjectorResults.SUMMARY));

    RunReport.Written report = RunReport.write(MergedRun.read(run),
        io.iotpulsarload.gates.GateLimits.read(SettingSource.properties(Map.of("gate.p99Ms", "10",
            "gate.minRatePercent", "100"))), dir.resolve("reports/warmed"));

    RunReport.MergedSummary summary = report.summary();
    assertEquals(10_500, summary.sent(), "every message counts, the warm-up's too");
    assertEquals(10, summary.failed());
    assertEquals(500, summary.warmup().sent());
    assertEquals(3.0, summary.publishLatencyMs().p99(), 0.01, "the warm-up's 900 ms are not the load's");
    assertTrue(summary.passed(), "p99, KO and rate judge the measured 10,000 only: " + summary.gates());
    assertTrue(Files.readString(report.index()).contains("warmupOverTime"), "the page draws the warm-up apart");
  }

  @Test
  void aLongRunsTimeSeriesStayWithinTheirSlots() throws Exception {
    Path run = dir.resolve("results").resolve("four-hours");
    Path injectorDir = run.resolve("injector-0");
    long t0 = 1_700_000_000_000L;
    int seconds = 4 * 3600;
    try (InjectorResults results = new InjectorResults(injectorDir)) {
      Histogram publish = new Histogram(3);
      Histogram e2e = new Histogram(3);
      for (int s = 1; s <= seconds; s++) {
        publish.reset();
        for (int i = 0; i < 10; i++) {
          publish.recordValue(1_000 + s % 100);
        }
        results.writeSecond(t0 + s * 1000L, 10, 10, 0, publish, e2e);
      }
    }
    new InjectorSummary("four-hours", "Synthetic", 0, 1, "t", "avro", "dev-0", "dev-1", 2, 2, 144_000.0, t0, t0,
        t0 + seconds * 1000L, 144_000, 144_000, 0, 144_000, false, Map.of(), null, List.of(), false, List.of(), 0.0, null, null)
        .write(injectorDir.resolve(InjectorResults.SUMMARY));

    MergedRun merged = MergedRun.read(run);
    assertEquals(12, merged.slotSeconds(), "4 h in at most " + MergedRun.MAX_SLOTS + " points");
    var slots = merged.perSecond(InjectorResults.PUBLISH_TAG);
    assertTrue(slots.size() <= MergedRun.MAX_SLOTS + 1, slots.size() + " slots");
    assertEquals(144_000, slots.values().stream().mapToLong(Histogram::getTotalCount).sum(), "nothing dropped");
    assertEquals(144_000, merged.overall(InjectorResults.PUBLISH_TAG).getTotalCount());
    assertEquals(seconds, merged.loadSeconds(), 1.0);
    String html = Files.readString(RunReport.write(merged, io.iotpulsarload.gates.GateLimits.read(
        SettingSource.properties(Map.of())), dir.resolve("reports/four-hours")).index());
    assertTrue(html.contains(",10,10,10,") && !html.contains(",120,120,"), "msg/s per slot, not messages per slot");
  }

  @Test
  void aRunWithoutResultsIsAClearError() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = MergeCommand.run(SettingSource.properties(Map.of("runId", "nothing-here",
        "results.dir", dir.toString())), new PrintStream(out, true, StandardCharsets.UTF_8));
    assertEquals(2, status);
    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("merge: no results for run nothing-here"));
  }
}
