package io.iotpulsarload.gates;

import java.util.Locale;

/**
 * One gate judged on a run's figures.
 *
 * @param name     the setting that sets its limit, e.g. {@code gate.p99Ms}
 * @param measures what it measures, e.g. {@code publish p99 (ms)}
 * @param atLeast  true when the measured value must be at least the limit, false when at most
 * @param limit    the limit
 * @param measured the run's value
 * @param passed   whether the run met the limit
 * @param note     how the figure was judged, when the value alone does not say (a regression gate's windows and
 *                 noise test), or {@code null}
 * @param skipped  true when the run could not be judged on it (too short to tell a regression from noise): it
 *                 neither passes nor fails the run, and says why in its note
 */
public record Gate(String name, String measures, boolean atLeast, double limit, double measured, boolean passed,
    String note, boolean skipped) {

  /** A gate whose value and limit say it all. */
  public Gate(String name, String measures, boolean atLeast, double limit, double measured, boolean passed) {
    this(name, measures, atLeast, limit, measured, passed, null, false);
  }

  /** A judged gate with a note on how. */
  public Gate(String name, String measures, boolean atLeast, double limit, double measured, boolean passed,
      String note) {
    this(name, measures, atLeast, limit, measured, passed, note, false);
  }

  /** A gate the run could not be judged on, and why: it does not fail the run. */
  static Gate notJudged(String name, String measures, double limit, String why) {
    return new Gate(name, measures, false, limit, 0, true, why, true);
  }

  static Gate atMost(String name, String measures, double limit, double measured) {
    return new Gate(name, measures, false, limit, measured, measured <= limit);
  }

  static Gate atLeast(String name, String measures, double limit, double measured) {
    return new Gate(name, measures, true, limit, measured, measured >= limit);
  }

  /**
   * {@code gate.p99Ms: publish p99 (ms) 12.35 <= 1000: passed}, and the note in brackets when there is one;
   * {@code ... not judged (why)} for a skipped gate.
   */
  public String line() {
    if (skipped) {
      return name + ": " + measures + " not judged (" + note + ")";
    }
    return String.format(Locale.ROOT, "%s: %s %s %s %s: %s%s", name, measures, number(measured),
        atLeast ? ">=" : "<=", number(limit), passed ? "passed" : "FAILED", note == null ? "" : " (" + note + ")");
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
  }
}
