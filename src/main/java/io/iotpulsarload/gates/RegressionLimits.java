package io.iotpulsarload.gates;

import io.iotpulsarload.config.IoTSettings;
import io.iotpulsarload.settings.SettingSource;
import java.nio.file.Path;
import java.util.List;

/**
 * How far a run may fall behind known-good ones: the baseline runs and, for each figure a regression gate judges,
 * the most it may worsen, in percent ({@code NaN}: that figure is not judged).
 *
 * @param baselines     the baseline runs' summary.json files; none: no regression gates
 * @param p99Percent    the most the publish p99 may rise
 * @param e2eP99Percent the most the end-to-end p99 may rise
 * @param ratePercent   the most the acknowledged rate may fall
 * @param cpuPercent    the most the injector's CPU per message may rise
 */
public record RegressionLimits(List<Path> baselines, double p99Percent, double e2eP99Percent, double ratePercent,
    double cpuPercent) {

  /** No baseline: no regression gates. */
  public static final RegressionLimits NONE = new RegressionLimits(List.of(), Double.NaN, Double.NaN, Double.NaN,
      Double.NaN);

  /** Reads the baseline and the regression limits; a bad value fails with its one-line message. */
  public static RegressionLimits read(SettingSource source) {
    return new RegressionLimits(IoTSettings.BASELINE.readOptional(source).orElse(List.of()),
        IoTSettings.GATE_REGRESSION_P99_PERCENT.read(source),
        IoTSettings.GATE_REGRESSION_E2E_P99_PERCENT.read(source),
        IoTSettings.GATE_REGRESSION_RATE_PERCENT.read(source),
        IoTSettings.GATE_REGRESSION_CPU_PERCENT.read(source));
  }

  /** The same limits against other baselines (the compare command names them on its command line). */
  public RegressionLimits against(List<Path> summaries) {
    return new RegressionLimits(List.copyOf(summaries), p99Percent, e2eP99Percent, ratePercent, cpuPercent);
  }

  /** The limit of one figure, {@code NaN} when it is not judged. */
  public double limit(RegressionFigure figure) {
    return switch (figure) {
      case PUBLISH_P99 -> p99Percent;
      case E2E_P99 -> e2eP99Percent;
      case RATE -> ratePercent;
      case CPU_PER_MESSAGE -> cpuPercent;
    };
  }
}
