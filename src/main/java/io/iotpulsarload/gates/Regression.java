package io.iotpulsarload.gates;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The regression gates: whether a run is worse than known-good baseline runs by more than a limit AND by more than
 * the noise. One whole-run percentile is at the mercy of one slow second, so the judgement works on windows of the
 * load: the typical window (the median of the per-window values) must be worse than in the WORST baseline run by
 * more than the limit (identical runs differ from one another: several baseline runs show by how much), and the
 * run's windows must be worse than that baseline's windows as a whole, not by the luck of a few (a one-sided
 * Mann-Whitney U test on the two sets of windows, p below {@link #ALPHA}). A run with too few windows to measure
 * the noise is not judged (its gate is skipped and says why): a few seconds' whole-run figures move with where
 * the first and last second fall.
 */
public final class Regression {

  /** The false-alarm probability the noise test allows for one figure (before run-to-run effects). */
  public static final double ALPHA = 0.01;
  /** Fewer windows than this on either side and the noise cannot be measured. */
  public static final int MIN_WINDOWS = 5;

  private Regression() {}

  /** One baseline run's figure, and how the gate names the run. */
  public record Baseline(String name, Sample sample) {}

  /**
   * Judges one figure of {@code current} against the {@code baselines}. Returns {@code null} when the figure cannot
   * be judged (not measured by the current run or by any baseline, or a baseline of zero).
   *
   * @param limitPercent the most the figure may worsen; {@code NaN}: not judged ({@code null})
   */
  public static Gate judge(RegressionFigure figure, double limitPercent, List<Baseline> baselines, Sample current) {
    List<Baseline> measured = baselines.stream().filter(b -> Double.isFinite(b.sample().wholeRun())
        && b.sample().wholeRun() != 0).toList();
    if (Double.isNaN(limitPercent) || measured.isEmpty() || !Double.isFinite(current.wholeRun())) {
      return null;
    }
    double[] c = current.measuredWindows();
    String names = measured.size() == 1 ? "baseline " + measured.get(0).name()
        : measured.size() + " baselines";
    String measures = figure.label() + " " + (figure.higherIsWorse() ? "rise" : "fall")
        + " beyond the noise vs " + names + " (%)";
    Baseline worstWhole = worst(figure, measured, b -> b.sample().wholeRun());
    String whole = String.format(Locale.ROOT, "whole run %s -> %s %s (%s)", number(worstWhole.sample().wholeRun()),
        number(current.wholeRun()), figure.unit(), percent(change(worstWhole.sample().wholeRun(),
            current.wholeRun())));
    List<Baseline> windowed = measured.stream()
        .filter(b -> b.sample().measuredWindows().length >= MIN_WINDOWS && median(b.sample().measuredWindows()) != 0)
        .toList();
    if (windowed.isEmpty() || c.length < MIN_WINDOWS) {
      // a whole-run figure of a few seconds moves with where its first and last second fall: no verdict on it
      return Gate.notJudged(figure.setting(), measures, limitPercent, String.format(Locale.ROOT,
          "too few windows to tell a regression from the noise: need %d a run, this run has %d, the %s %d; run "
              + "the load longer (about %d s at least); %s", MIN_WINDOWS, c.length,
          measured.size() == 1 ? "baseline" : "longest baseline",
          measured.stream().mapToInt(x -> x.sample().measuredWindows().length).max().orElse(0), MIN_WINDOWS + 2,
          whole));
    }
    Baseline worst = worst(figure, windowed, b -> median(b.sample().measuredWindows()));
    double[] b = worst.sample().measuredWindows();
    double bMedian = median(b);
    double cMedian = median(c);
    double worse = worsening(figure, bMedian, cMedian);
    double p = figure.higherIsWorse() ? MannWhitney.pLarger(b, c) : MannWhitney.pLarger(c, b);
    boolean beyondNoise = p < ALPHA;
    double m = beyondNoise ? Math.max(0, worse) : 0;
    String moved = cMedian == bMedian ? String.format(Locale.ROOT, "stayed at %s %s", number(bMedian), figure.unit())
        : String.format(Locale.ROOT, "%s from %s to %s %s (%s)", cMedian > bMedian ? "rose" : "fell", number(bMedian),
            number(cMedian), figure.unit(), percent(change(bMedian, cMedian)));
    String spread = windowed.size() == 1 ? "" : String.format(Locale.ROOT, " (the worst of %d baselines, %s; their "
            + "medians %s..%s)", windowed.size(), worst.name(),
        number(windowed.stream().mapToDouble(x -> median(x.sample().measuredWindows())).min().orElseThrow()),
        number(windowed.stream().mapToDouble(x -> median(x.sample().measuredWindows())).max().orElseThrow()));
    String note = String.format(Locale.ROOT, "%s %s in the median window%s, %s: Mann-Whitney p=%s %s %s over %d and "
            + "%d windows; %s", figure.label(), moved, spread,
        beyondNoise ? "beyond the run-to-run noise" : "within the run-to-run noise",
        pValue(p), beyondNoise ? "<" : ">=", pValue(ALPHA), b.length, c.length, whole);
    return new Gate(figure.setting(), measures, false, limitPercent, round(m), m <= limitPercent, note);
  }

  /** The baseline whose value is the worst: the highest latency or cost, the lowest rate. */
  private static Baseline worst(RegressionFigure figure, List<Baseline> baselines,
      java.util.function.ToDoubleFunction<Baseline> value) {
    java.util.Comparator<Baseline> byValue = java.util.Comparator.comparingDouble(value);
    return figure.higherIsWorse() ? java.util.Collections.max(baselines, byValue)
        : java.util.Collections.min(baselines, byValue);
  }

  /** The change from {@code baseline} to {@code current}, in percent of the baseline. */
  static double change(double baseline, double current) {
    return (current - baseline) / baseline * 100;
  }

  /** How much worse {@code current} is than {@code baseline}, in percent of the baseline (negative: better). */
  static double worsening(RegressionFigure figure, double baseline, double current) {
    return figure.higherIsWorse() ? change(baseline, current) : -change(baseline, current);
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double round(double percent) {
    return Math.round(percent * 10) / 10.0;
  }

  private static String percent(double change) {
    return String.format(Locale.ROOT, "%+.1f %%", change);
  }

  private static String pValue(double p) {
    return p < 0.0001 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
  }

  private static String number(double v) {
    return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }
}
