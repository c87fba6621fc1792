package io.iotpulsarload.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.gates.Gate;
import io.iotpulsarload.results.WatchedSubscription;
import io.iotpulsarload.results.WatchedSubscription.Sample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdict logic on made-up samples: 1,000 msg/s in, one sample a second, 30 s of load then a drain. */
class VerdictsTest {

  private static final Verdicts.Limits LIMITS = new Verdicts.Limits(5, Double.NaN, 60, 10);
  private static final long T0 = 1_800_000_000_000L;
  private static final long END = T0 + 30_000;

  /** Samples where {@code delivered(second)} messages have been delivered by each second. */
  private static List<Sample> samples(java.util.function.IntToLongFunction delivered, int consumers,
      int drainSeconds) {
    List<Sample> list = new ArrayList<>();
    for (int t = 0; t <= 30 + drainSeconds; t++) {
      long in = 1_000L * Math.min(t, 30);
      long out = Math.min(in, delivered.applyAsLong(t));
      long backlog = (in - out) / 10; // batches of ten: the backlog is in entries
      list.add(new Sample(T0 + t * 1_000L, backlog, in, out, 0, consumers, 0, false, backlog == 0 ? 0.0 : 1.0,
          t > 30));
    }
    return list;
  }

  @Test
  void aConsumerThatAcknowledgesOnCheckpointsKeepsUpThoughItsBacklogSaws() {
    // delivered in bursts every 5 s (a checkpoint interval): the backlog saws from 0 to 5,000 and back
    WatchedSubscription w = Verdicts.judge("t", "flink", samples(t -> 5_000L * (t / 5), 1, 5), LIMITS, END);
    assertEquals(WatchedSubscription.KEEPS_UP, w.verdict(), w.reason());
    assertTrue(Math.abs(w.growthPercent()) < 5, w.reason());
    assertEquals(1.0, w.drainSeconds(), "empty at the first look after the load");
    assertTrue(Verdicts.gates(w, LIMITS, 60).stream().allMatch(Gate::passed));
  }

  @Test
  void aColdJobCatchingUpDuringTheWarmUpIsNotJudgedOnIt() {
    // nothing delivered for the first 8 s (a job starting, during the warm-up), then at the input's pace
    java.util.function.IntToLongFunction cold = t -> t < 8 ? 0 : 1_000L * (t - 8);
    WatchedSubscription whole = Verdicts.judge("t", "flink", samples(cold, 1, 5), LIMITS, END);
    WatchedSubscription measured = Verdicts.judge("t", "flink", samples(cold, 1, 5), LIMITS, T0 + 10_000, END);
    assertEquals(WatchedSubscription.FALLS_BEHIND, whole.verdict(), "judged with its warm-up: " + whole.reason());
    assertEquals(WatchedSubscription.KEEPS_UP, measured.verdict(), measured.reason());
    assertEquals(whole.samples(), measured.samples(), "the warm-up's samples are still shown");
  }

  @Test
  void aConsumerAtHalfTheRateFallsBehindAtTheRateItLosesAndDoesNotDrain() {
    WatchedSubscription w = Verdicts.judge("t", "slow", samples(t -> 500L * t, 1, 20), LIMITS, END);
    assertEquals(WatchedSubscription.FALLS_BEHIND, w.verdict(), w.reason());
    assertEquals(500, w.growthPerSecond(), 1);
    assertEquals(50, w.growthPercent(), 0.5);
    assertNull(w.drainSeconds(), "15,000 behind at 500 msg/s does not drain in 20 s");
    assertTrue(w.reason().contains("did NOT drain"), w.reason());
    List<Gate> gates = Verdicts.gates(w, LIMITS, 60);
    assertFalse(gates.stream().filter(g -> g.name().equals("gate.watch.maxGrowthPercent")).findFirst()
        .orElseThrow().passed());
    assertTrue(gates.stream().filter(g -> !g.passed()).allMatch(g -> g.line().contains("slow")));
  }

  @Test
  void aConsumerThatStopsIsStalledAndOneThatCatchesUpDrains() {
    WatchedSubscription stalled = Verdicts.judge("t", "stops", samples(t -> 1_000L * Math.min(t, 8), 1, 5),
        LIMITS, END);
    assertEquals(WatchedSubscription.STALLED, stalled.verdict(), stalled.reason());
    assertTrue(stalled.reason().startsWith("nothing delivered for 21 s"), stalled.reason());
    // behind during the load, then catching up at 2,000 msg/s: drains 5 s after the load
    WatchedSubscription catchesUp = Verdicts.judge("t", "late", samples(t -> t <= 30 ? 800L * t
        : 24_000L + 1_200L * (t - 30), 1, 10), LIMITS, END);
    assertEquals(WatchedSubscription.FALLS_BEHIND, catchesUp.verdict());
    assertEquals(5.0, catchesUp.drainSeconds());
    assertEquals(1_200, catchesUp.catchUpPerSecond(), 1);
  }

  @Test
  void noConsumerAndTooFewSamplesAreSaidSo() {
    WatchedSubscription none = Verdicts.judge("t", "nobody", samples(t -> 0, 0, 2), LIMITS, END);
    assertEquals(WatchedSubscription.NO_CONSUMER, none.verdict(), none.reason());
    WatchedSubscription few = Verdicts.judge("t", "short", samples(t -> 1_000L * t, 1, 0).subList(0, 2), LIMITS,
        END);
    assertEquals(WatchedSubscription.NOT_JUDGED, few.verdict());
    assertTrue(Verdicts.gates(few, LIMITS, 60).stream().allMatch(g -> g.skipped() && g.passed()));
  }
}
