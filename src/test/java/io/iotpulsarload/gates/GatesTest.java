package io.iotpulsarload.gates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one judge of a run, on figures made up to sit on each side of each limit. */
class GatesTest {

  private static final GateLimits LIMITS = new GateLimits(100, 1, 99, 0, 0, 0, 0, 500, true);

  private static List<String> failed(GateLimits limits, RunFigures run) {
    return Gates.judge(limits, run).stream().filter(g -> !g.passed()).map(Gate::name).toList();
  }

  @Test
  void aRunWithinEveryLimitPasses() {
    RunFigures run = new RunFigures(1_000, 1_000, 0, 1_000, 1_000, 99.9, null);
    assertEquals(List.of(), failed(LIMITS, run));
    assertNull(Gates.failures(Gates.judge(LIMITS, run)));
  }

  @Test
  void eachLoadGateFailsOnItsSideOfTheLimit() {
    assertEquals(List.of("gate.p99Ms"), failed(LIMITS, new RunFigures(1_000, 1_000, 0, 1_000, 1_000, 100.1, null)));
    assertEquals(List.of("gate.maxKoPercent"),
        failed(LIMITS, new RunFigures(1_000, 989, 11, 1_000, 1_000, 1, null)));
    assertEquals(List.of("gate.minRatePercent"), failed(LIMITS, new RunFigures(989, 989, 0, 989, 1_000, 1, null)));
  }

  /** Other sends (alerts to a second topic) must not make up for readings the plan counts and that were not sent. */
  @Test
  void theRateGateCountsReadingsWhenThereAreAny() {
    assertEquals(List.of("gate.minRatePercent"),
        failed(LIMITS, new RunFigures(1_100, 1_100, 0, 900, 1_000, 1, null)));
    assertEquals(List.of(), failed(LIMITS, new RunFigures(1_000, 1_000, 0, 0, 1_000, 1, null)),
        "a simulation without readings: every send counts");
  }

  @Test
  void noPlanMeansNoRateGateAndAStepByStepSearchHasNoLoadGates() {
    assertTrue(Gates.judge(LIMITS, new RunFigures(1, 1, 0, 1, Double.NaN, 1, null)).stream()
        .noneMatch(g -> g.name().equals("gate.minRatePercent")));
    assertEquals(List.of(), Gates.judge(LIMITS.judgedStepByStep(),
        new RunFigures(10, 0, 10, 10, 1_000, 10_000, null)), "p99, KO and rate are judged per step");
  }

  @Test
  void verificationGatesJudgeTheConsumersCounts() {
    RunFigures.Verification clean = new RunFigures.Verification(1_000, 0, 0, 0, 0, 0, 0, 499, 0, 0);
    RunFigures.Verification dirty = new RunFigures.Verification(1_000, 1, 2, 3, 4, 5, 6, 501, 0, 0);
    assertEquals(List.of(), failed(LIMITS, new RunFigures(1_000, 1_000, 0, 1_000, 1_000, 1, clean)));
    assertEquals(List.of("verify.drainTimeout", "verify.sent", "gate.maxLost", "gate.maxDuplicates",
            "gate.maxOutOfOrder", "gate.maxInvalid", "gate.e2eP99Ms"),
        failed(LIMITS, new RunFigures(1_000, 1_000, 0, 1_000, 1_000, 1, dirty)));
  }

  @Test
  void aGateLineSaysWhatItMeasuredAgainstWhichLimit() {
    Gate g = Gates.judge(LIMITS, new RunFigures(1_000, 1_000, 0, 1_000, 1_000, 12.345, null)).get(0);
    assertEquals("gate.p99Ms: publish p99 (ms) 12.35 <= 100: passed", g.line());
  }
}
