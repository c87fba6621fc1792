package io.iotpulsarload.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.results.StageResult;
import io.iotpulsarload.verify.SequenceTracker;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The stage's bookkeeping on made-up outputs: matching by stamp, loss, duplicates, latency, merging. */
class StageTimingsTest {

  private static final long T0 = 1_700_000_000_000L;

  @Test
  void outputsAreMatchedToThisRunsAndInjectorsReadingsByStamp() {
    StageTimings t = new StageTimings(true, "run-1", "0");
    // device d1 sent 0..3, d2 sent 0..1: d1#2 never comes out, d1#1 twice, one send of d2 failed (not expected)
    assertTrue(t.onOutput(stamp("run-1/0/0"), "d1", T0 + 40, T0, T0 + 41));
    assertTrue(t.onOutput(stamp("run-1/0/1"), "d1", T0 + 1_050, T0 + 1_000, T0 + 1_051));
    assertTrue(t.onOutput(stamp("run-1/0/1"), "d1", T0 + 1_060, T0 + 1_000, T0 + 1_061));
    assertTrue(t.onOutput(stamp("run-1/0/3"), "d1", T0 + 2_020, T0 + 2_000, T0 + 2_021));
    assertTrue(t.onOutput(stamp("run-1/0/0"), "d2", T0 + 2_030, 0, T0 + 2_031)); // no event time: no latency
    assertFalse(t.onOutput(stamp("run-2/0/0"), "d1", T0, T0, T0), "another run's");
    assertFalse(t.onOutput(stamp("run-1/1/0"), "d1", T0, T0, T0), "another injector's");
    assertFalse(t.onOutput(stamp(null), "d1", T0, T0, T0), "no stamp");

    StageResult r = t.result("out", "eventTime", Map.of("0/d1", 4L, "0/d2", 2L),
        Set.of(new SequenceTracker.DeviceSequence("0/d2", 1)), 3.0, null);
    assertEquals(5, r.outputs());
    assertEquals(1, r.withoutTime());
    assertEquals(1, r.duplicates());
    assertEquals(5, r.expected(), "6 readings, one failed send");
    assertEquals(1, r.lost(), "d1#2");
    assertEquals(4, r.latencyMs().count());
    assertEquals(40, r.latencyMs().p50(), 0.1); // of 20, 40, 50, 60
    assertEquals(60, r.latencyMs().max(), 0.1);
    assertEquals(3, t.foreign());
    assertEquals(List.of(T0 / 1000, T0 / 1000 + 1, T0 / 1000 + 2),
        r.seconds().stream().map(StageResult.Second::epochSecond).toList());
    assertEquals(2, r.seconds().get(2).outputs());
    assertTrue(t.lostExamples(Map.of("0/d1", 4L, "0/d2", 2L), 5).contains("0/d1: sent 4, never received [2]"),
        t.lostExamples(Map.of("0/d1", 4L, "0/d2", 2L), 5).toString());
  }

  @Test
  void anAggregateCountsEveryOutputAndNoLoss() {
    StageTimings t = new StageTimings(false, "run-1", "0");
    assertTrue(t.onOutput(stamp(null), null, T0 + 1_200, T0 + 990, T0 + 1_201));
    assertTrue(t.onOutput(stamp(null), "site-1", T0 + 1_210, T0 + 700, T0 + 1_211));
    StageResult r = t.result("out", "field:newestEventTime", Map.of(), Set.of(), 2.0, 0.5);
    assertEquals(2, r.outputs());
    assertNull(r.lost());
    assertNull(r.expected());
    assertEquals(510, r.latencyMs().max(), 1);
    assertEquals(1.0, r.outputsPerSecond());
  }

  @Test
  void theWarmUpsReadingsComeOutButTheirLatencyIsNotMeasured() {
    StageTimings t = new StageTimings(true, "r", "0");
    t.onOutput(stamp("r/0/0"), "d1", T0 + 900, T0, T0 + 901); // a cold stage: 900 ms
    t.measureFrom(T0 + 1_000);
    t.onOutput(stamp("r/0/1"), "d1", T0 + 1_010, T0 + 1_000, T0 + 1_011);
    StageResult r = t.result("out", "eventTime", Map.of("0/d1", 2L), Set.of(), 1, 0.0);
    assertEquals(2, r.outputs());
    assertEquals(0, r.lost());
    assertEquals(1, r.latencyMs().count());
    assertEquals(10, r.latencyMs().max(), 0.1);
  }

  @Test
  void injectorsFiguresMergeIntoOne() {
    StageTimings a = new StageTimings(true, "r", "0");
    StageTimings b = new StageTimings(true, "r", "1");
    a.onOutput(stamp("r/0/0"), "d1", T0 + 10, T0, T0 + 11);
    b.onOutput(stamp("r/1/0"), "d9", T0 + 90, T0, T0 + 91);
    b.onOutput(stamp("r/1/1"), "d9", T0 + 95, T0 + 1, T0 + 96);
    StageResult merged = StageResult.merge(List.of(
        a.result("out", "eventTime", Map.of("0/d1", 2L), Set.of(), 1, null),
        b.result("out", "eventTime", Map.of("1/d9", 2L), Set.of(), 1, 0.2)));
    assertEquals(3, merged.outputs());
    assertEquals(4, merged.expected());
    assertEquals(1, merged.lost());
    assertEquals(94, merged.latencyMs().max(), 0.5);
    assertNull(merged.drainSeconds(), "one injector's readings did not all come out");
    assertEquals(3, merged.seconds().get(0).outputs());
  }

  private static java.util.function.Function<String, String> stamp(String value) {
    return name -> name.equals("iot.stamp") ? value : null;
  }
}
