package io.iotpulsarload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The step verdicts, fed with synthetic one-second ticks. */
class CapacitySearchTest {

  private static RunMonitor.Tick tick(long second, long answered, long failed, long latencyMicros) {
    Histogram h = new Histogram(PublishMetrics.HIGHEST_MICROS, 3);
    h.recordValueWithCount(latencyMicros, Math.max(1, answered - failed));
    return new RunMonitor.Tick(second * 1_000, second * 1_000, answered, answered - failed, failed, h, h);
  }

  @Test
  void theFirstStepToBreakAGateEndsTheSearchAndTheOneBeforeIsTheAnswer() {
    CapacitySearch search = new CapacitySearch(1_000, 1_000, 5, Duration.ofSeconds(3),
        new CapacitySearch.StepLimits(50, 0, 95));
    long second = 1;
    // step 1 (1,000/s) and step 2 (2,000/s) keep up with 5 ms; step 3 (3,000/s) reaches 80 ms
    for (long[] step : new long[][] {{1_000, 5_000}, {2_000, 5_000}, {3_000, 80_000}}) {
      for (int i = 0; i < 3; i++) {
        search.onTick(tick(second++, step[0], 0, step[1]));
      }
    }
    search.onTick(tick(second, 4_000, 0, 5_000)); // first tick of step 4 judges step 3
    assertTrue(search.broken());
    assertEquals(2_000, search.highestHeld());
  }

  @Test
  void anInjectorThatFallsBehindBreaksTheRateGate() {
    CapacitySearch search = new CapacitySearch(10_000, 10_000, 3, Duration.ofSeconds(2),
        new CapacitySearch.StepLimits(1_000, 0, 99));
    search.onTick(tick(1, 10_000, 0, 1_000));
    search.onTick(tick(2, 9_000, 0, 1_000)); // 90 % of the target
    search.onTick(tick(3, 20_000, 0, 1_000));
    assertTrue(search.broken());
    assertEquals(0, search.highestHeld());
  }

  @Test
  void failuresAboveTheKoGateBreakAStep() {
    CapacitySearch search = new CapacitySearch(100, 100, 3, Duration.ofSeconds(2), new CapacitySearch.StepLimits(1_000, 1, 0));
    search.onTick(tick(1, 100, 0, 1_000));
    search.onTick(tick(2, 100, 0, 1_000));
    search.onTick(tick(3, 200, 0, 1_000));
    search.onTick(tick(4, 200, 10, 1_000));
    assertFalse(search.broken());
    search.onTick(tick(5, 300, 0, 1_000));
    assertTrue(search.broken());
    assertEquals(100, search.highestHeld());
  }
}
