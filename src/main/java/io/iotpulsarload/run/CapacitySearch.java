package io.iotpulsarload.run;

import java.time.Duration;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Judges CapacityIoT's stair steps as they finish: a step holds when its publish p99 and KO share are within
 * gate.p99Ms and gate.maxKoPercent, its achieved rate is at least capacity.minRatePercent of its target (given as
 * the gates' minRatePercent), and the pipeline behind the topic kept up through it (its watched subscriptions
 * and timed stage, when there are). The first step that does not hold stops the search; the answer is the highest
 * rate that held, and what broke first.
 */
public final class CapacitySearch implements RunMonitor.TickListener {

  /** When a step holds: publish p99 and KO share at most these, achieved rate at least this share of target. */
  public record StepLimits(double p99Ms, double maxKoPercent, double minRatePercent) {}

  private final double start;
  private final double step;
  private final int steps;
  private final long stepMillis;
  private final StepLimits gates;
  private final Histogram stepLatencies = new Histogram(PublishMetrics.HIGHEST_MICROS, 3);
  private int currentStep;
  private long stepAnswered;
  private long stepFailed;
  private long stepMeasuredMillis;
  private boolean firstTickOfStep = true;
  private long stepFromMillis = -1;
  private long stepToMillis;
  private volatile PipelineCheck pipeline = (from, to) -> null;

  /** Why the pipeline behind the topic did not keep up between two instants (epoch ms), or null. */
  @FunctionalInterface
  public interface PipelineCheck {
    String behindBetween(long fromMillis, long toMillis);
  }
  private volatile boolean broken;
  private volatile double highestHeld;
  private volatile String verdict = "no step finished";

  public CapacitySearch(double start, double step, int steps, Duration stepDuration, StepLimits gates) {
    this.start = start;
    this.step = step;
    this.steps = steps;
    this.stepMillis = stepDuration.toMillis();
    this.gates = gates;
  }

  /** A step holds only while the pipeline kept up too, as {@code check} sees it. */
  public void watchPipeline(PipelineCheck check) {
    this.pipeline = check;
  }

  /** Target rate of step {@code i} (from 0). */
  public double rateOfStep(int i) {
    return start + i * step;
  }

  @Override
  public void onTick(RunMonitor.Tick tick) {
    if (tick.warmup()) {
      return; // the steps are the measured load's
    }
    int stepOfTick = (int) ((tick.elapsedMillis() - 1) / stepMillis);
    if (stepOfTick > currentStep && !broken) {
      judge(currentStep);
      currentStep = stepOfTick;
      stepLatencies.reset();
      stepAnswered = 0;
      stepFailed = 0;
      stepMeasuredMillis = 0;
      stepFromMillis = -1;
      firstTickOfStep = true;
    }
    if (firstTickOfStep) {
      // the second in which the rate changes (and, for step 1, the warm-up) does not count
      firstTickOfStep = false;
      return;
    }
    if (stepFromMillis < 0) {
      stepFromMillis = tick.epochMillis() - 1_000;
    }
    stepToMillis = tick.epochMillis();
    stepLatencies.add(tick.latenciesMicros());
    stepAnswered += tick.acked() + tick.failed();
    stepFailed += tick.failed();
    stepMeasuredMillis += 1_000;
  }

  private void judge(int i) {
    if (i >= steps) {
      return;
    }
    double target = rateOfStep(i);
    double achieved = stepAnswered / Math.max(1.0, stepMeasuredMillis / 1000.0);
    double p99 = stepLatencies.getValueAtPercentile(99) / 1000.0;
    double koPercent = stepAnswered == 0 ? 0 : 100.0 * stepFailed / stepAnswered;
    String figures = String.format(Locale.ROOT, "step %d at %.0f msg/s: achieved %.0f msg/s, p99 %.1f ms, KO %.2f %%",
        i + 1, target, achieved, p99, koPercent);
    String failure = p99 > gates.p99Ms() ? "p99 above gate.p99Ms " + gates.p99Ms()
        : koPercent > gates.maxKoPercent() ? "KO above gate.maxKoPercent " + gates.maxKoPercent()
        : achieved < target * gates.minRatePercent() / 100
            ? "rate below capacity.minRatePercent " + gates.minRatePercent()
        : stepFromMillis < 0 ? null : pipelineBehind();
    System.out.println("iot-pulsar-load: capacity " + figures + (failure == null ? ": held" : ": FAILED, " + failure));
    if (failure == null) {
      highestHeld = target;
      verdict = figures;
    } else {
      broken = true;
      verdict = figures + " failed (" + failure + ")";
    }
  }

  private String pipelineBehind() {
    String why = pipeline.behindBetween(stepFromMillis, stepToMillis);
    return why == null ? null : "the pipeline did not keep up: " + why;
  }

  /** Judges the step in progress at the end of the run (the last one is as long as the others). */
  public void finish() {
    if (!broken) {
      judge(currentStep);
    }
    System.out.printf(Locale.ROOT, "iot-pulsar-load: CAPACITY highest rate that held: %.0f msg/s (%s)%n",
        highestHeld, verdict);
  }

  /** True once a step failed: the scenario stops the load generator. */
  public boolean broken() {
    return broken;
  }

  public double highestHeld() {
    return highestHeld;
  }
}
