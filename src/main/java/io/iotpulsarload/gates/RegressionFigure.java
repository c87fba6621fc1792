package io.iotpulsarload.gates;

/** A figure the regression gates judge against a baseline: its gate setting, its name and unit, and which way is worse. */
public enum RegressionFigure {
  PUBLISH_P99("gate.regression.p99Percent", "publish p99", "ms", true),
  E2E_P99("gate.regression.e2eP99Percent", "e2e p99", "ms", true),
  RATE("gate.regression.ratePercent", "acknowledged rate", "msg/s", false),
  CPU_PER_MESSAGE("gate.regression.cpuPercent", "injector CPU per message", "us", true);

  private final String setting;
  private final String label;
  private final String unit;
  private final boolean higherIsWorse;

  RegressionFigure(String setting, String label, String unit, boolean higherIsWorse) {
    this.setting = setting;
    this.label = label;
    this.unit = unit;
    this.higherIsWorse = higherIsWorse;
  }

  /** The gate's setting, e.g. {@code gate.regression.p99Percent}. */
  public String setting() {
    return setting;
  }

  /** e.g. {@code publish p99}. */
  public String label() {
    return label;
  }

  public String unit() {
    return unit;
  }

  /** True for latencies and cost, false for the rate. */
  public boolean higherIsWorse() {
    return higherIsWorse;
  }
}
