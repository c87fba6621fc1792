package io.iotpulsarload.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.gates.RunFigures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The measured load cut into windows: partial seconds left out, about 30 windows, CPU per message where known. */
class RunWindowsTest {

  @TempDir
  Path dir;

  /**
   * One injector: a warm-up second, then {@code seconds} seconds at 100 msg/s whose publish latency is the
   * second's number in ms, CPU 50 us per message ({@code -1}: unknown in the seconds from {@code cpuUnknownFrom}).
   */
  private MergedRun run(int seconds, int cpuUnknownFrom) throws Exception {
    Path injector = dir.resolve("r").resolve("injector-0");
    long t0 = 1_700_000_000_000L;
    try (InjectorResults results = new InjectorResults(injector)) {
      Histogram warm = new Histogram(3);
      warm.recordValueWithCount(900_000, 10);
      results.writeSecond(t0, 10, 10, 0, warm, new Histogram(3), true, 5_000_000_000L);
      for (int s = 1; s <= seconds; s++) {
        Histogram publish = new Histogram(3);
        publish.recordValueWithCount(s * 1_000L, 100);
        results.writeSecond(t0 + s * 1000L, 100, 100, 0, publish, new Histogram(3), false,
            s >= cpuUnknownFrom ? -1 : 100 * 50_000L);
      }
    }
    long sent = 10 + 100L * seconds;
    new InjectorSummary("r", "SteadyIoT", 0, 1, "t", "avro", "dev-0", "dev-1", 2, 2, (double) sent, t0 - 1000,
        t0 + 200, t0 + seconds * 1000L, sent, sent, 0, sent, false, Map.of(),
        (RunFigures.Verification) null, List.of(), false, List.of(), 0.0, null, null)
        .write(injector.resolve(InjectorResults.SUMMARY));
    return MergedRun.read(dir.resolve("r"));
  }

  @Test
  void aShortRunHasOneSecondWindowsWithoutItsPartialEnds() throws Exception {
    RunWindows w = RunWindows.of(run(12, Integer.MAX_VALUE));
    assertEquals(1, w.windowSeconds());
    // ticks 1..12 carry the load: the first (holding the first send) and the last are left out
    assertEquals(10, w.windows().size(), w.windows().toString());
    assertEquals(2.0, w.windows().get(0).publishP99Ms(), 0.01, "the second full second: latency 2 ms");
    assertEquals(11.0, w.windows().get(9).publishP99Ms(), 0.02);
    assertEquals(100, w.windows().get(0).ackedPerSecond(), 1e-9);
    assertEquals(50, w.windows().get(0).cpuMicrosPerMessage(), 1e-9);
    assertNull(w.windows().get(0).e2eP99Ms(), "not verified");
    assertEquals(50, w.cpuMicrosPerMessage(), 1e-9, "the warm-up's CPU left out");
  }

  @Test
  void aLongRunHasAboutThirtyWindows() throws Exception {
    RunWindows w = RunWindows.of(run(300, Integer.MAX_VALUE));
    assertEquals(10, w.windowSeconds());
    assertTrue(w.windows().size() >= 28 && w.windows().size() <= 30, w.windows().size() + " windows");
    assertEquals(100, w.windows().get(3).ackedPerSecond(), 1e-9, "msg/s, not messages per window");
  }

  @Test
  void cpuUnknownInAWindowIsUnknownNotZero() throws Exception {
    RunWindows w = RunWindows.of(run(12, 6));
    assertEquals(50, w.windows().get(0).cpuMicrosPerMessage(), 1e-9);
    assertNull(w.windows().get(5).cpuMicrosPerMessage(), "second 7: the JVM could not tell");
    assertNull(w.cpuMicrosPerMessage(), "the whole run: unknown");
  }
}
