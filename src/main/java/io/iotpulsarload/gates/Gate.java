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
 */
public record Gate(String name, String measures, boolean atLeast, double limit, double measured, boolean passed) {

  static Gate atMost(String name, String measures, double limit, double measured) {
    return new Gate(name, measures, false, limit, measured, measured <= limit);
  }

  static Gate atLeast(String name, String measures, double limit, double measured) {
    return new Gate(name, measures, true, limit, measured, measured >= limit);
  }

  /** {@code gate.p99Ms: publish p99 (ms) 12.35 <= 1000: passed}. */
  public String line() {
    return String.format(Locale.ROOT, "%s: %s %s %s %s: %s", name, measures, number(measured),
        atLeast ? ">=" : "<=", number(limit), passed ? "passed" : "FAILED");
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
  }
}
