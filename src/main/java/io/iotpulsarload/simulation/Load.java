package io.iotpulsarload.simulation;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.incrementUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.iotpulsarload.run.LoadPlan;
import io.iotpulsarload.sensor.InjectorSlice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A load profile in TOTAL messages per second (all injectors together), turned into this injector's Gatling
 * injection steps: its share of every rate, {@code rate / messagesPerUser} users per second. Immutable: every
 * method returns a new profile. {@link #steps()} hands the steps to Gatling and tells the run what the profile
 * plans to send, which the rate gate ({@code gate.minRatePercent}) compares with what was sent.
 *
 * <pre>{@code
 * setUp(devices.injectOpen(load().ramp(0, 50_000, Duration.ofMinutes(2)).hold(50_000, Duration.ofMinutes(1)).steps()))
 * }</pre>
 */
public final class Load {

  private final Consumer<LoadPlan> planned;
  private final InjectorSlice slice;
  private final int messagesPerUser;
  private final List<OpenInjectionStep> steps;
  private final LoadPlan plan;

  /**
   * @param planned told each profile's plan when its steps are handed to Gatling (the run's {@code plan})
   * @param slice   this injector's share of the run
   */
  public Load(Consumer<LoadPlan> planned, InjectorSlice slice, int messagesPerUser) {
    this(planned, slice, messagesPerUser, List.of(), new LoadPlan(List.of()));
  }

  private Load(Consumer<LoadPlan> planned, InjectorSlice slice, int messagesPerUser, List<OpenInjectionStep> steps,
      LoadPlan plan) {
    this.planned = planned;
    this.slice = slice;
    this.messagesPerUser = messagesPerUser;
    this.steps = steps;
    this.plan = plan;
  }

  private Load then(OpenInjectionStep step, double fromRate, double toRate, Duration duration) {
    List<OpenInjectionStep> more = new ArrayList<>(steps);
    more.add(step);
    return new Load(planned, slice, messagesPerUser, List.copyOf(more), plan.then(fromRate, toRate, duration));
  }

  /** Holds {@code totalRate} msg/s for {@code duration}. */
  public Load hold(double totalRate, Duration duration) {
    double rate = slice.share(totalRate);
    return then(constantUsersPerSec(rate / messagesPerUser).during(duration), rate, rate, duration);
  }

  /** Ramps linearly from {@code fromTotal} to {@code toTotal} msg/s over {@code duration}. */
  public Load ramp(double fromTotal, double toTotal, Duration duration) {
    double from = slice.share(fromTotal);
    double to = slice.share(toTotal);
    return then(rampUsersPerSec(from / messagesPerUser).to(to / messagesPerUser).during(duration), from, to,
        duration);
  }

  /**
   * A baseline with spikes: each period of {@code every} holds the baseline, then {@code factor} x baseline for its
   * last {@code spike}, until {@code total} has passed (the last period is cut short).
   *
   * @throws IllegalArgumentException when the spike is not shorter than its period
   */
  public Load spikes(double baselineTotal, double factor, Duration spike, Duration every, Duration total) {
    if (spike.compareTo(every) >= 0) {
      throw new IllegalArgumentException("spikeDuration (" + spike + ") must be shorter than spikeEvery (" + every
          + ")");
    }
    Load load = this;
    Duration left = total;
    boolean spiking = false;
    while (!left.isZero()) {
      Duration part = spiking ? spike : every.minus(spike);
      part = part.compareTo(left) > 0 ? left : part;
      load = load.hold(spiking ? baselineTotal * factor : baselineTotal, part);
      left = left.minus(part);
      spiking = !spiking;
    }
    return load;
  }

  /** Stair steps: {@code steps} levels of {@code stepDuration}, from {@code startTotal} msg/s up by {@code stepTotal}. */
  public Load stairs(double startTotal, double stepTotal, int steps, Duration stepDuration) {
    double start = slice.share(startTotal);
    double step = slice.share(stepTotal);
    List<OpenInjectionStep> more = new ArrayList<>(this.steps);
    more.add(incrementUsersPerSec(step / messagesPerUser).times(steps).eachLevelLasting(stepDuration)
        .startingFrom(start / messagesPerUser));
    LoadPlan stairs = plan;
    for (int i = 0; i < steps; i++) {
      stairs = stairs.then(start + i * step, start + i * step, stepDuration);
    }
    return new Load(planned, slice, messagesPerUser, List.copyOf(more), stairs);
  }

  /**
   * The device model: this injector's {@code devices} virtual users arrive spread over one {@code interval}, each
   * then publishing one reading per started interval of {@code duration} (a scenario of
   * {@code repeat(readings).on(pace(interval).exec(...))}).
   */
  public Load devices(long devices, Duration interval, Duration duration) {
    long readings = (duration.toMillis() + interval.toMillis() - 1) / interval.toMillis();
    double rate = devices * readings * 1000.0 / duration.toMillis();
    return then(rampUsers((int) devices).during(interval), rate, rate, duration);
  }

  /** Messages this profile plans (this injector's share). */
  public double plannedMessages() {
    return plan.messages();
  }

  /** How long the profile injects. */
  public Duration length() {
    return plan.length();
  }

  /**
   * The Gatling injection steps, for {@code injectOpen(..)}; tells the run what this profile plans to send (call
   * it once per population).
   */
  public List<OpenInjectionStep> steps() {
    planned.accept(plan);
    return steps;
  }
}
