package io.iotpulsarload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The lag of sends behind a 100 msg/s plan, from what each second sent. */
class ScheduleLagTest {

  private static void tick(ScheduleLag lag, long second, long sent) {
    lag.onTick(new RunMonitor.Tick(second * 1000, 0, sent, sent, 0, null, null));
  }

  @Test
  void anInjectorThatStallsTwoSecondsIsTwoSecondsBehindThenCatchesUp() {
    ScheduleLag lag = new ScheduleLag(ms -> ms / 1000.0 * 100); // 100 msg/s
    tick(lag, 1, 100);
    tick(lag, 2, 100);
    tick(lag, 3, 0); // stalled
    tick(lag, 4, 0);
    assertEquals(2.0, lag.maxSeconds(), 1e-9);
    tick(lag, 5, 300); // catches up
    tick(lag, 6, 100);
    assertEquals(2.0, lag.maxSeconds(), 1e-9);
    assertEquals(1, lag.secondsBehindOverOne(), "only the second at 2 s behind counts");
  }

  @Test
  void withoutAPlanThereIsNoLag() {
    ScheduleLag lag = new ScheduleLag(ms -> Double.NaN);
    tick(lag, 1, 0);
    assertEquals(0, lag.maxSeconds());
  }
}
