package io.iotpulsarload.gates;

import java.util.Arrays;
import java.util.Locale;

/**
 * The regression gates: whether a run is worse than a known-good baseline by more than a limit AND by more than
 * the run-to-run noise. One whole-run percentile is at the mercy of one slow second, so the judgement works on
 * windows of the load: the typical window (the median of the per-window values) must have worsened by more than
 * the limit, and the windows of the run must be worse than the baseline's as a whole, not by the luck of a few
 * (a one-sided Mann-Whitney U test on the two sets of windows, p below {@link #ALPHA}). A run with too few
 * windows to measure the noise is judged on its whole-run figures alone, and says so.
 */
public final class Regression {

  /** The false-alarm probability the noise test allows for one figure (before run-to-run effects). */
  public static final double ALPHA = 0.01;
  /** Fewer windows than this on either side and the noise cannot be measured. */
  public static final int MIN_WINDOWS = 5;

  private Regression() {}

  /**
   * Judges one figure of {@code current} against {@code baseline}. Returns {@code null} when the figure cannot be
   * judged (not measured by one of the runs, or a baseline of zero).
   *
   * @param limitPercent the most the figure may worsen; {@code NaN}: not judged ({@code null})
   * @param baselineName how the baseline is named in the gate, e.g. its runId
   */
  public static Gate judge(RegressionFigure figure, double limitPercent, String baselineName, Sample baseline,
      Sample current) {
    if (Double.isNaN(limitPercent) || !Double.isFinite(baseline.wholeRun()) || !Double.isFinite(current.wholeRun())
        || baseline.wholeRun() == 0) {
      return null;
    }
    double[] b = baseline.measuredWindows();
    double[] c = current.measuredWindows();
    String measures = figure.label() + " " + (figure.higherIsWorse() ? "rise" : "fall")
        + " beyond the noise vs baseline " + baselineName + " (%)";
    String whole = String.format(Locale.ROOT, "whole run %s -> %s %s (%s)", number(baseline.wholeRun()),
        number(current.wholeRun()), figure.unit(), percent(change(baseline.wholeRun(), current.wholeRun())));
    if (b.length < MIN_WINDOWS || c.length < MIN_WINDOWS) {
      double worse = worsening(figure, baseline.wholeRun(), current.wholeRun());
      double measured = Math.max(0, worse);
      return new Gate(figure.setting(), measures, false, limitPercent, round(measured), measured <= limitPercent,
          String.format(Locale.ROOT, "%s; too few windows to measure the noise (%d and %d, need %d): judged on the "
              + "whole run alone", whole, b.length, c.length, MIN_WINDOWS));
    }
    double bMedian = median(b);
    double cMedian = median(c);
    if (bMedian == 0) {
      return null;
    }
    double worse = worsening(figure, bMedian, cMedian);
    double p = figure.higherIsWorse() ? MannWhitney.pLarger(b, c) : MannWhitney.pLarger(c, b);
    boolean beyondNoise = p < ALPHA;
    double measured = beyondNoise ? Math.max(0, worse) : 0;
    boolean passed = measured <= limitPercent;
    String moved = cMedian == bMedian ? String.format(Locale.ROOT, "stayed at %s %s", number(bMedian), figure.unit())
        : String.format(Locale.ROOT, "%s from %s to %s %s (%s)", cMedian > bMedian ? "rose" : "fell", number(bMedian),
            number(cMedian), figure.unit(), percent(change(bMedian, cMedian)));
    String note = String.format(Locale.ROOT, "%s %s in the median window, %s: Mann-Whitney p=%s %s %s over %d and "
            + "%d windows; %s", figure.label(), moved,
        beyondNoise ? "beyond the run-to-run noise" : "within the run-to-run noise",
        pValue(p), beyondNoise ? "<" : ">=", pValue(ALPHA), b.length, c.length, whole);
    return new Gate(figure.setting(), measures, false, limitPercent, round(measured), passed, note);
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
