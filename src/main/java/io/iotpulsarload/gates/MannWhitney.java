package io.iotpulsarload.gates;

import java.util.Arrays;

/**
 * The Mann-Whitney U test (Wilcoxon rank-sum): whether the values of one sample tend to be larger than those of
 * another, from their ranks alone. No assumption about the shape of the distributions, so a few slow windows
 * weigh no more than their rank, which is what latency windows need. Normal approximation with tie and
 * continuity corrections (good from about 5 values a side).
 */
final class MannWhitney {

  private MannWhitney() {}

  /**
   * The one-sided p-value of "the values of {@code larger} tend to be larger than those of {@code smaller}":
   * small when they clearly are, near 1 when they clearly are not, 0.5 around no difference.
   */
  static double pLarger(double[] smaller, double[] larger) {
    int n1 = larger.length;
    int n2 = smaller.length;
    if (n1 == 0 || n2 == 0) {
      return 1;
    }
    int n = n1 + n2;
    double[][] all = new double[n][];
    for (int i = 0; i < n1; i++) {
      all[i] = new double[] {larger[i], 1};
    }
    for (int i = 0; i < n2; i++) {
      all[n1 + i] = new double[] {smaller[i], 0};
    }
    Arrays.sort(all, (a, b) -> Double.compare(a[0], b[0]));
    double rankSumLarger = 0;
    double ties = 0; // sum of t^3 - t over groups of equal values
    for (int i = 0; i < n; ) {
      int j = i;
      while (j + 1 < n && all[j + 1][0] == all[i][0]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1; // the mean rank of the group
      for (int k = i; k <= j; k++) {
        rankSumLarger += all[k][1] * rank;
      }
      double t = j - i + 1;
      ties += t * t * t - t;
      i = j + 1;
    }
    double u = rankSumLarger - n1 * (n1 + 1) / 2.0;
    double mean = n1 * (double) n2 / 2.0;
    double variance = n1 * (double) n2 / 12.0 * ((n + 1) - ties / ((double) n * (n - 1)));
    if (variance <= 0) {
      return 1; // every value the same: nothing tells the samples apart
    }
    double z = (u - mean - 0.5) / Math.sqrt(variance);
    return 1 - normalCdf(z);
  }

  /** The standard normal distribution function. */
  static double normalCdf(double z) {
    return 0.5 * erfc(-z / Math.sqrt(2));
  }

  /** The complementary error function (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7). */
  private static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }
}
