package io.iotpulsarload.run;

import java.util.function.LongToDoubleFunction;

/**
 * How far the sends ran behind the load's plan, second by second: the open model's promise is that a message is
 * sent when its plan says, and an injector that stalls (a blocked event loop, a full CPU) sends late. Its
 * publish latency then starts at the late send and hides the wait (coordinated omission); this lag shows it.
 * Lag = messages planned by now but not yet sent, divided by the plan's current rate. Monitor thread only.
 */
final class ScheduleLag implements RunMonitor.TickListener {

  private final LongToDoubleFunction plannedUntilMillis;
  private long sent;
  private double maxSeconds;
  private long secondsBehindOverOne;

  /** @param plannedUntilMillis messages the plan sends from the load's start to a given elapsed time */
  ScheduleLag(LongToDoubleFunction plannedUntilMillis) {
    this.plannedUntilMillis = plannedUntilMillis;
  }

  @Override
  public void onTick(RunMonitor.Tick tick) {
    if (tick.warmup()) {
      return; // the plan is the measured load's
    }
    sent += tick.sent();
    double planned = plannedUntilMillis.applyAsDouble(tick.elapsedMillis());
    double rate = planned - plannedUntilMillis.applyAsDouble(Math.max(0, tick.elapsedMillis() - 1_000));
    if (Double.isNaN(planned) || rate <= 0) {
      return; // no plan, or the plan is idle now: nothing to be late for
    }
    double lag = Math.max(0, planned - sent) / rate;
    maxSeconds = Math.max(maxSeconds, lag);
    if (lag > 1) {
      secondsBehindOverOne++;
    }
  }

  /** The largest lag seen, in seconds. */
  double maxSeconds() {
    return maxSeconds;
  }

  /** Seconds of the run in which the sends were more than one second behind the plan. */
  long secondsBehindOverOne() {
    return secondsBehindOverOne;
  }
}
