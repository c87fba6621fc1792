package io.iotpulsarload.run;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;

import io.gatling.javaapi.core.OpenInjectionStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An open-model message-rate profile, as Gatling injection steps and as the number of messages it plans, so the
 * rate gate can compare what was sent with what was asked. Rates are messages per second; with
 * {@code messagesPerUser} k, users arrive at rate / k.
 */
public final class LoadShape {

  private final int messagesPerUser;
  private final List<OpenInjectionStep> steps = new ArrayList<>();
  private double plannedMessages;
  private Duration length = Duration.ZERO;

  public LoadShape(int messagesPerUser) {
    this.messagesPerUser = messagesPerUser;
  }

  /** Holds {@code rate} msg/s for {@code duration}. */
  public LoadShape hold(double rate, Duration duration) {
    steps.add(constantUsersPerSec(rate / messagesPerUser).during(duration));
    plannedMessages += rate * seconds(duration);
    length = length.plus(duration);
    return this;
  }

  /** Ramps linearly from {@code from} to {@code to} msg/s over {@code duration}. */
  public LoadShape ramp(double from, double to, Duration duration) {
    steps.add(rampUsersPerSec(from / messagesPerUser).to(to / messagesPerUser).during(duration));
    plannedMessages += (from + to) / 2 * seconds(duration);
    length = length.plus(duration);
    return this;
  }

  /**
   * A baseline with spikes: each period of {@code every} holds the baseline, then {@code factor} x baseline for its
   * last {@code spike}, until {@code total} has passed (the last period is cut short).
   */
  public LoadShape spikes(double baseline, double factor, Duration spike, Duration every, Duration total) {
    if (spike.compareTo(every) >= 0) {
      throw new IllegalArgumentException("spikeDuration (" + spike + ") must be shorter than spikeEvery (" + every
          + ")");
    }
    Duration left = total;
    boolean spiking = false;
    while (!left.isZero()) {
      Duration part = spiking ? spike : every.minus(spike);
      part = part.compareTo(left) > 0 ? left : part;
      hold(spiking ? baseline * factor : baseline, part);
      left = left.minus(part);
      spiking = !spiking;
    }
    return this;
  }

  public List<OpenInjectionStep> steps() {
    return List.copyOf(steps);
  }

  public int messagesPerUser() {
    return messagesPerUser;
  }

  /** Messages this profile plans to send. */
  public double plannedMessages() {
    return plannedMessages;
  }

  /** How long the profile injects. */
  public Duration length() {
    return length;
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
