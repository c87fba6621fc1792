package io.iotpulsarload.gates;

import io.iotpulsarload.config.IoTSettings;
import io.iotpulsarload.settings.SettingSource;

/**
 * The limits a run is judged on, read from the gate settings. The same limits judge one injector at the end of
 * its run and the merge of many injectors.
 *
 * @param wholeRunLoad false when publish p99, KO share and achieved rate are judged otherwise (CapacityIoT
 *                     judges them step by step: breaking a step is its answer, not a failure)
 * @param regression   the baseline run and how far this one may fall behind it ({@link RegressionLimits#NONE}:
 *                     no regression gates)
 */
public record GateLimits(double p99Ms, double maxKoPercent, double minRatePercent, long maxLost, long maxDuplicates,
    long maxOutOfOrder, long maxInvalid, double e2eP99Ms, boolean wholeRunLoad, RegressionLimits regression) {

  /** Limits without a baseline. */
  public GateLimits(double p99Ms, double maxKoPercent, double minRatePercent, long maxLost, long maxDuplicates,
      long maxOutOfOrder, long maxInvalid, double e2eP99Ms, boolean wholeRunLoad) {
    this(p99Ms, maxKoPercent, minRatePercent, maxLost, maxDuplicates, maxOutOfOrder, maxInvalid, e2eP99Ms,
        wholeRunLoad, RegressionLimits.NONE);
  }

  /** Reads every gate setting; a bad value fails with its one-line message. */
  public static GateLimits read(SettingSource source) {
    return new GateLimits(
        IoTSettings.GATE_P99_MS.read(source),
        IoTSettings.GATE_MAX_KO_PERCENT.read(source),
        IoTSettings.GATE_MIN_RATE_PERCENT.read(source),
        IoTSettings.GATE_MAX_LOST.read(source),
        IoTSettings.GATE_MAX_DUPLICATES.read(source),
        IoTSettings.GATE_MAX_OUT_OF_ORDER.read(source),
        IoTSettings.GATE_MAX_INVALID.read(source),
        IoTSettings.GATE_E2E_P99_MS.read(source),
        true,
        RegressionLimits.read(source));
  }

  /** The same limits without the whole-run publish p99, KO and rate gates (for a step-by-step search). */
  public GateLimits judgedStepByStep() {
    return new GateLimits(p99Ms, maxKoPercent, minRatePercent, maxLost, maxDuplicates, maxOutOfOrder, maxInvalid,
        e2eP99Ms, false, regression);
  }
}
