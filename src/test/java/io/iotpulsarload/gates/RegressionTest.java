package io.iotpulsarload.gates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The regression judgement on windows made up to sit on each side of the limit and of the noise. */
class RegressionTest {

  /** Judges against one baseline run. */
  private static Gate judge(RegressionFigure figure, double limit, String name, Sample baseline, Sample current) {
    return Regression.judge(figure, limit, List.of(new Regression.Baseline(name, baseline)), current);
  }

  /** Windows drawn around {@code center} with a relative spread, as a run's per-window p99s scatter. */
  private static double[] windows(SplittableRandom random, int n, double center, double spread) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = center * (1 + spread * (random.nextDouble() * 2 - 1));
    }
    return w;
  }

  @Test
  void theRankTestMatchesItsTextbookValue() {
    // 1..5 against 6..10: U = 25 (all above), exact one-sided p = 1/252 = 0.004; normal approximation ~0.006
    double p = MannWhitney.pLarger(new double[] {1, 2, 3, 4, 5}, new double[] {6, 7, 8, 9, 10});
    assertTrue(p > 0.003 && p < 0.008, "p=" + p);
    assertTrue(MannWhitney.pLarger(new double[] {6, 7, 8, 9, 10}, new double[] {1, 2, 3, 4, 5}) > 0.99,
        "the other way round: no evidence at all");
    assertEquals(1, MannWhitney.pLarger(new double[] {3, 3, 3}, new double[] {3, 3, 3}), "all tied");
    assertEquals(0.5, MannWhitney.normalCdf(0), 1e-7);
    assertEquals(0.975, MannWhitney.normalCdf(1.959964), 1e-6);
  }

  @Test
  void aClearRiseBeyondTheLimitAndTheNoiseFails() {
    SplittableRandom r = new SplittableRandom(1);
    Sample baseline = new Sample(8.4, windows(r, 20, 8.0, 0.1));
    Sample current = new Sample(12.3, windows(r, 20, 12.0, 0.1));
    Gate gate = judge(RegressionFigure.PUBLISH_P99, 20, "base", baseline, current);
    assertFalse(gate.passed(), gate.line());
    assertTrue(gate.measured() > 40 && gate.measured() < 60, gate.line());
    assertTrue(gate.line().contains("beyond the run-to-run noise"), gate.line());
    assertTrue(gate.line().startsWith("gate.regression.p99Percent: publish p99 rise beyond the noise vs baseline "
        + "base (%)"), gate.line());
    assertTrue(gate.line().contains("whole run 8.40 -> 12.30 ms (+46.4 %)"), gate.line());
  }

  /** One slow window makes the whole-run p99 jump; the windows as a whole have not moved: noise, not a regression. */
  @Test
  void oneSlowWindowIsNotARegression() {
    SplittableRandom r = new SplittableRandom(2);
    Sample baseline = new Sample(8.2, windows(r, 20, 8.0, 0.15));
    double[] cur = windows(r, 20, 8.0, 0.15);
    cur[7] = 60; // a GC pause or a broker hiccup in one window
    Gate gate = judge(RegressionFigure.PUBLISH_P99, 20, "base", baseline, new Sample(40, cur));
    assertTrue(gate.passed(), gate.line());
    assertEquals(0, gate.measured(), gate.line());
    assertTrue(gate.line().contains("within the run-to-run noise"), gate.line());
  }

  @Test
  void aSignificantRiseUnderTheLimitPassesWithItsSize() {
    SplittableRandom r = new SplittableRandom(3);
    Gate gate = judge(RegressionFigure.PUBLISH_P99, 20, "base", new Sample(8, windows(r, 30, 8.0, 0.02)), new Sample(8.8, windows(r, 30, 8.8, 0.02)));
    assertTrue(gate.passed(), gate.line());
    assertEquals(10, gate.measured(), 2, gate.line());
  }

  @Test
  void theRateRegressesWhenItFalls() {
    SplittableRandom r = new SplittableRandom(4);
    Sample baseline = new Sample(5_000, windows(r, 20, 5_000, 0.005));
    Gate fell = judge(RegressionFigure.RATE, 2, "base", baseline,
        new Sample(4_500, windows(r, 20, 4_500, 0.005)));
    assertFalse(fell.passed(), fell.line());
    assertTrue(fell.line().contains("acknowledged rate fell from"), fell.line());
    Gate rose = judge(RegressionFigure.RATE, 2, "base", baseline,
        new Sample(5_500, windows(r, 20, 5_500, 0.005)));
    assertTrue(rose.passed(), "a higher rate is no regression: " + rose.line());
  }

  /** A run of a few seconds: its whole-run figures move with where its first and last second fall. */
  @Test
  void tooFewWindowsAreNotJudgedAndSaySo() {
    Gate gate = judge(RegressionFigure.CPU_PER_MESSAGE, 15, "base",
        new Sample(20, new double[] {20, 21}), new Sample(30, new double[] {30, 29, 31}));
    assertTrue(gate.skipped() && gate.passed(), "neither passes nor fails the run: " + gate.line());
    assertTrue(gate.line().contains("not judged (too few windows to tell a regression from the noise: need 5 a "
        + "run, this run has 3, the baseline 2; run the load longer"), gate.line());
    assertTrue(gate.line().contains("whole run 20.00 -> 30.00 us (+50.0 %)"), "the figures all the same: "
        + gate.line());
  }

  @Test
  void aFigureOffOrUnmeasuredIsNotJudged() {
    Sample s = new Sample(8, new double[] {8, 8, 8, 8, 8});
    assertNull(judge(RegressionFigure.PUBLISH_P99, Double.NaN, "b", s, s), "off");
    assertNull(judge(RegressionFigure.E2E_P99, 20, "b", new Sample(Double.NaN, new double[0]), s),
        "the baseline was not verified");
  }

  /**
   * The noise test keeps its promise: runs whose windows come from one distribution raise a false alarm in about
   * ALPHA of the comparisons (here with no limit at all, so only the noise test stands between noise and a
   * failure), and a limit of 20 % on top leaves far fewer (windows spread +-30 %: medians still drift apart).
   */
  @Test
  void identicalRunsRarelyRaiseAnAlarm() {
    SplittableRandom r = new SplittableRandom(5);
    int trials = 4_000;
    int noLimitAlarms = 0;
    int limitAlarms = 0;
    for (int t = 0; t < trials; t++) {
      Sample a = new Sample(8, windows(r, 30, 8, 0.3));
      Sample b = new Sample(8, windows(r, 30, 8, 0.3));
      noLimitAlarms += judge(RegressionFigure.PUBLISH_P99, 0, "a", a, b).passed() ? 0 : 1;
      limitAlarms += judge(RegressionFigure.PUBLISH_P99, 20, "a", a, b).passed() ? 0 : 1;
    }
    double rate = noLimitAlarms / (double) trials;
    assertTrue(rate > 0.002 && rate < 0.02, "false alarms without a limit: " + rate + " (ALPHA " + Regression.ALPHA
        + ")");
    assertTrue(limitAlarms < noLimitAlarms / 2 && limitAlarms / (double) trials < 0.005,
        "false alarms with a 20 % limit: " + limitAlarms + " of " + trials + " (without: " + noLimitAlarms + ")");
  }

  /** Several baselines: the run must be worse than the worst of them, which is how far identical runs differ. */
  @Test
  void severalBaselinesJudgeAgainstTheWorstOfThem() {
    SplittableRandom r = new SplittableRandom(6);
    List<Regression.Baseline> baselines = List.of(
        new Regression.Baseline("b1", new Sample(8, windows(r, 20, 8, 0.05))),
        new Regression.Baseline("b2", new Sample(12, windows(r, 20, 12, 0.05))),
        new Regression.Baseline("b3", new Sample(9, windows(r, 20, 9, 0.05))));
    Gate within = Regression.judge(RegressionFigure.PUBLISH_P99, 20, baselines,
        new Sample(13, windows(r, 20, 13, 0.05)));
    assertTrue(within.passed(), "+8 % over the worst baseline (b2), +60 % over the best: " + within.line());
    assertTrue(within.line().contains("vs 3 baselines") && within.line().contains("the worst of 3 baselines, b2"),
        within.line());
    Gate beyond = Regression.judge(RegressionFigure.PUBLISH_P99, 20, baselines,
        new Sample(16, windows(r, 20, 16, 0.05)));
    assertFalse(beyond.passed(), "+33 % over the worst: " + beyond.line());
  }
}
