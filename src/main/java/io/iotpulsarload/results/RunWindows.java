package io.iotpulsarload.results;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * A merged run's measured load cut into equal windows, about {@value #TARGET_WINDOWS} of them whatever its length
 * (1 s windows for a run of up to ~45 s): what varies from one window to the next is the run's own noise, which
 * the regression gates weigh a change against. The first and last seconds with sends are left out (partial).
 *
 * @param windowSeconds       the length of each window
 * @param windows             the full windows, in time order
 * @param cpuMicrosPerMessage the injectors' CPU per message answered over the whole load, {@code null} unknown
 */
public record RunWindows(int windowSeconds, List<Window> windows, Double cpuMicrosPerMessage) {

  /** About this many windows per run. */
  static final int TARGET_WINDOWS = 30;

  /**
   * One window of the measured load, all injectors together.
   *
   * @param startMillis         its start (epoch ms)
   * @param ackedPerSecond      acknowledged messages per second
   * @param publishP50Ms        publish latency p50 in the window, {@code null} when nothing was acknowledged
   * @param publishP99Ms        publish latency p99 in the window
   * @param e2eP99Ms            end-to-end latency p99 of what the verifier received in it, {@code null} for none
   * @param cpuMicrosPerMessage the injectors' CPU per message answered in it, {@code null} when unknown
   */
  public record Window(long startMillis, long sent, long acked, long failed, double ackedPerSecond,
      Double publishP50Ms, Double publishP99Ms, Double e2eP99Ms, Double cpuMicrosPerMessage) {}

  /** The windows of {@code run}'s measured load (none when it sent nothing). */
  static RunWindows of(MergedRun run) {
    int slot = run.slotSeconds();
    Long first = run.firstSendMillis();
    long last = run.lastSendTickMillis();
    if (first == null || last <= first) {
      return new RunWindows(slot, List.of(), null);
    }
    // a tick is keyed by the second its end rounds to and covers the second before its end: the load's first
    // tick is the first keyed at or after first send + 0.5 s, its first FULL tick the first at or after + 1.5 s
    long firstTick = run.slot(ceilSecond(first + 500) * 1000);
    long firstFull = ceilSlot(ceilSecond(first + 1500), slot);
    long lastKey = run.slot(last);
    long[] whole = counts(run, firstTick, lastKey);
    Double wholeCpu = cpuPerMessage(whole);
    int windowSeconds = slot * Math.max(1, (int) Math.round(run.loadSeconds() / slot / TARGET_WINDOWS));
    List<Window> windows = new ArrayList<>();
    for (long start = firstFull; start + windowSeconds - slot <= lastKey - slot; start += windowSeconds) {
      long end = start + windowSeconds - slot;
      long[] c = counts(run, start, end);
      Histogram publish = merged(run.perSecond(InjectorResults.PUBLISH_TAG), start, end);
      Histogram e2e = merged(run.perSecond(InjectorResults.E2E_TAG), start, end);
      windows.add(new Window(start * 1000, c[0], c[1], c[2], c[1] / (double) windowSeconds,
          percentile(publish, 50), percentile(publish, 99), percentile(e2e, 99), cpuPerMessage(c)));
    }
    return new RunWindows(windowSeconds, List.copyOf(windows), wholeCpu);
  }

  private static long ceilSecond(long epochMillis) {
    return Math.floorDiv(epochMillis + 999, 1000);
  }

  /** The first slot key (a multiple of {@code slot} seconds) at or after {@code second}. */
  private static long ceilSlot(long second, int slot) {
    return second + Math.floorMod(-second, slot);
  }

  /** sent, acked, failed and CPU microseconds (-1 when an injector could not tell) of the slots from..to. */
  private static long[] counts(MergedRun run, long fromKey, long toKey) {
    long[] sum = new long[4];
    for (MergedRun.Injector injector : run.injectors()) {
      for (long[] c : injector.timeline().subMap(fromKey, true, toKey, true).values()) {
        sum[0] += c[0];
        sum[1] += c[1];
        sum[2] += c[2];
        sum[3] = sum[3] < 0 || c[3] < 0 ? -1 : sum[3] + c[3];
      }
    }
    return sum;
  }

  private static Double cpuPerMessage(long[] c) {
    long answered = c[1] + c[2];
    return c[3] < 0 || answered == 0 ? null : c[3] / (double) answered;
  }

  private static Histogram merged(TreeMap<Long, Histogram> perSlot, long fromKey, long toKey) {
    Histogram h = new Histogram(2);
    NavigableMap<Long, Histogram> in = perSlot.subMap(fromKey, true, toKey, true);
    in.values().forEach(h::add);
    return h;
  }

  private static Double percentile(Histogram h, double q) {
    return h.getTotalCount() == 0 ? null : h.getValueAtPercentile(q) / 1000.0;
  }
}
