package io.iotpulsarload.gates;

import java.util.Arrays;

/**
 * One figure of one run, as a regression gate compares it: its whole-run value, and its value in each window of
 * the measured load (the run cut into equal windows: what varies from window to window is the run's own noise).
 *
 * @param wholeRun the figure over the whole measured load ({@code NaN} when the run did not measure it)
 * @param windows  the figure in each full window of the load, in time order ({@code NaN} where a window has none)
 */
public record Sample(double wholeRun, double[] windows) {

  /** The windows that measured the figure. */
  double[] measuredWindows() {
    return Arrays.stream(windows).filter(Double::isFinite).toArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sample s && Double.compare(wholeRun, s.wholeRun) == 0 && Arrays.equals(windows, s.windows);
  }

  @Override
  public int hashCode() {
    return 31 * Double.hashCode(wholeRun) + Arrays.hashCode(windows);
  }

  @Override
  public String toString() {
    return "Sample[wholeRun=" + wholeRun + ", windows=" + Arrays.toString(windows) + "]";
  }
}
