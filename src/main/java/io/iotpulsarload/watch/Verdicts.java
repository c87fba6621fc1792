package io.iotpulsarload.watch;

import io.iotpulsarload.gates.Gate;
import io.iotpulsarload.results.WatchedSubscription;
import io.iotpulsarload.results.WatchedSubscription.Sample;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Judges a watched subscription from its samples, as Burrow and Theodolite judge a consumer: by the trend over the
 * load, not by one sample (a Flink job acknowledges on checkpoints, so its backlog saws up and down while it keeps
 * up). The trend is that of the messages published to the topic but not yet delivered to the subscription
 * ({@code msgInCounter - msgOutCounter}, both live counters in messages), fitted by least squares; the backlog
 * itself is shown in Pulsar's unit, entries. Pure logic: no Pulsar here.
 */
public final class Verdicts {

  /** The limits a subscription is judged by ({@code NaN}: not judged). */
  public record Limits(double maxGrowthPercent, double maxLagSeconds, double maxDrainSeconds, double stallSeconds) {}

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
      .withZone(ZoneId.systemDefault());
  /** A trend needs this many samples during the load. */
  static final int MIN_SAMPLES = 3;

  private Verdicts() {}

  /**
   * The verdict on one subscription.
   *
   * @param samples every sample, in time order: during the load ({@code afterLoad} false) and the drain after it
   */
  public static WatchedSubscription judge(String topic, String subscription, List<Sample> samples, Limits limits,
      long loadEndMillis) {
    return judge(topic, subscription, samples, limits, 0, loadEndMillis);
  }

  /**
   * The verdict on one subscription over the measured load: samples before {@code measuredFromMillis} (the
   * warm-up, when a cold job catches up) are shown but not judged.
   */
  public static WatchedSubscription judge(String topic, String subscription, List<Sample> samples, Limits limits,
      long measuredFromMillis, long loadEndMillis) {
    List<Sample> load = samples.stream().filter(s -> !s.afterLoad() && s.epochMillis() >= measuredFromMillis)
        .toList();
    long maxBacklog = samples.stream().filter(s -> s.epochMillis() >= measuredFromMillis)
        .mapToLong(Sample::backlogEntries).max().orElse(0);
    Double maxLag = load.stream().filter(s -> s.lagSeconds() != null)
        .map(Sample::lagSeconds).max(Double::compare).orElse(null);
    Drain drain = drain(samples, loadEndMillis);
    if (load.size() < MIN_SAMPLES) {
      return new WatchedSubscription(topic, subscription, WatchedSubscription.NOT_JUDGED, "only " + load.size()
          + " samples during the load: a trend needs " + MIN_SAMPLES + " (a longer load, or a shorter "
          + "watch.interval)", null, null, maxBacklog, maxLag, drain.seconds, drain.perSecond, samples);
    }
    Sample first = load.get(0);
    Sample last = load.get(load.size() - 1);
    double seconds = Math.max(0.001, (last.epochMillis() - first.epochMillis()) / 1000.0);
    double inputRate = (last.inCounter() - first.inCounter()) / seconds;
    double growth = slope(load);
    double percent = inputRate > 0 ? 100 * growth / inputRate : 0;
    String trend = String.format(Locale.ROOT, "%.0f msg/s, %.1f %% of the input's %.0f msg/s", growth, percent,
        inputRate);
    String verdict;
    String reason;
    Stall stall = longestStall(load);
    if (load.stream().allMatch(s -> s.consumers() == 0)) {
      verdict = WatchedSubscription.NO_CONSUMER;
      reason = "no consumer connected while the load ran; undelivered messages grew " + trend;
    } else if (stall.seconds >= limits.stallSeconds()) {
      verdict = WatchedSubscription.STALLED;
      reason = String.format(Locale.ROOT, "nothing delivered for %.0f s from %s with %d entries in its backlog"
          + " (%s connected)", stall.seconds, CLOCK.format(Instant.ofEpochMilli(stall.fromMillis)),
          stall.backlog, stall.consumers == 1 ? "1 consumer" : stall.consumers + " consumers");
    } else if (!Double.isNaN(limits.maxGrowthPercent()) && percent > limits.maxGrowthPercent()) {
      verdict = WatchedSubscription.FALLS_BEHIND;
      reason = "undelivered messages grow " + trend + ", since " + CLOCK.format(Instant.ofEpochMilli(
          growingSince(load)));
    } else {
      verdict = WatchedSubscription.KEEPS_UP;
      reason = "undelivered messages trend " + trend + (maxLag == null ? ""
          : String.format(Locale.ROOT, "; lag at most %.1f s", maxLag));
    }
    reason += drain.text;
    return new WatchedSubscription(topic, subscription, verdict, reason, growth, percent, maxBacklog, maxLag,
        drain.seconds, drain.perSecond, samples);
  }

  /** The gates of one watched subscription, named by their settings, failing with its name and figure. */
  public static List<Gate> gates(WatchedSubscription w, Limits limits, double drainTimeoutSeconds) {
    List<Gate> gates = new ArrayList<>();
    String name = w.subscription();
    if (w.verdict().equals(WatchedSubscription.NOT_JUDGED)) {
      if (!Double.isNaN(limits.maxGrowthPercent())) {
        gates.add(new Gate("gate.watch.maxGrowthPercent", "backlog growth of " + name + " (% of the input rate)",
            false, limits.maxGrowthPercent(), 0, true, w.reason(), true));
      }
      return gates;
    }
    if (!Double.isNaN(limits.maxGrowthPercent())) {
      boolean stalled = w.verdict().equals(WatchedSubscription.STALLED);
      gates.add(new Gate("gate.watch.maxGrowthPercent", "backlog growth of " + name + " (% of the input rate)",
          false, limits.maxGrowthPercent(), w.growthPercent(),
          !stalled && w.growthPercent() <= limits.maxGrowthPercent(), w.verdict() + ": " + w.reason()));
    }
    if (!Double.isNaN(limits.maxLagSeconds()) && w.maxLagSeconds() != null) {
      gates.add(new Gate("gate.watch.maxLagSeconds", "lag of " + name + " (s, oldest unacknowledged message)",
          false, limits.maxLagSeconds(), w.maxLagSeconds(), w.maxLagSeconds() <= limits.maxLagSeconds()));
    }
    if (!Double.isNaN(limits.maxDrainSeconds())) {
      double drained = w.drainSeconds() == null ? drainTimeoutSeconds : w.drainSeconds();
      gates.add(new Gate("gate.watch.maxDrainSeconds", "drain time of " + name + " after the load (s)", false,
          limits.maxDrainSeconds(), drained, w.drainSeconds() != null && drained <= limits.maxDrainSeconds(),
          w.drainSeconds() == null ? String.format(Locale.ROOT, "NOT drained when watch.drainTimeout (%.0f s) "
              + "ended: raise it to see how long it takes", drainTimeoutSeconds) : null));
    }
    return gates;
  }

  /** Least-squares slope of (in - out) over time, messages per second. */
  static double slope(List<Sample> load) {
    double t0 = load.get(0).epochMillis();
    double n = load.size();
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (Sample s : load) {
      double x = (s.epochMillis() - t0) / 1000.0;
      double y = s.inCounter() - s.outCounter();
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    double d = n * sxx - sx * sx;
    return d == 0 ? 0 : (n * sxy - sx * sy) / d;
  }

  /** The last time the undelivered messages were near their lowest: where the growth began. */
  private static long growingSince(List<Sample> load) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (Sample s : load) {
      min = Math.min(min, s.inCounter() - s.outCounter());
      max = Math.max(max, s.inCounter() - s.outCounter());
    }
    long near = min + (max - min) / 20;
    long since = load.get(0).epochMillis();
    for (Sample s : load) {
      if (s.inCounter() - s.outCounter() <= near) {
        since = s.epochMillis();
      }
    }
    return since;
  }

  private record Stall(double seconds, long fromMillis, long backlog, int consumers) {}

  /** The longest stretch with a backlog and nothing delivered (its delivered counter not moving). */
  private static Stall longestStall(List<Sample> load) {
    Stall longest = new Stall(0, 0, 0, 0);
    Sample from = null;
    for (int i = 1; i < load.size(); i++) {
      Sample prev = load.get(i - 1);
      Sample s = load.get(i);
      boolean stalled = s.outCounter() == prev.outCounter() && s.backlogEntries() > 0 && prev.backlogEntries() > 0;
      if (stalled) {
        from = from == null ? prev : from;
        double seconds = (s.epochMillis() - from.epochMillis()) / 1000.0;
        if (seconds > longest.seconds) {
          longest = new Stall(seconds, from.epochMillis(), s.backlogEntries(), s.consumers());
        }
      } else {
        from = null;
      }
    }
    return longest;
  }

  private record Drain(Double seconds, Double perSecond, String text) {}

  /** From the load's end to the first sample with an empty backlog, and the delivery rate meanwhile. */
  private static Drain drain(List<Sample> samples, long loadEndMillis) {
    List<Sample> after = samples.stream().filter(Sample::afterLoad).toList();
    if (after.isEmpty()) {
      return new Drain(null, null, "");
    }
    Sample atEnd = samples.stream().filter(s -> !s.afterLoad()).reduce((a, b) -> b).orElse(after.get(0));
    for (Sample s : after) {
      if (s.backlogEntries() == 0) {
        double seconds = Math.max(0, (s.epochMillis() - loadEndMillis) / 1000.0);
        long caughtUp = s.outCounter() - atEnd.outCounter();
        double perSecond = seconds > 0 ? caughtUp / seconds : 0;
        return new Drain(seconds, perSecond, caughtUp == 0
            ? String.format(Locale.ROOT, "; empty at the first look after the load, %.1f s after it", seconds)
            : String.format(Locale.ROOT, "; drained %.1f s after the load, catching up at %.0f msg/s", seconds,
                perSecond));
      }
    }
    Sample last = after.get(after.size() - 1);
    return new Drain(null, null, String.format(Locale.ROOT, "; did NOT drain within %.0f s of the load's end "
        + "(backlog %d entries)", (last.epochMillis() - loadEndMillis) / 1000.0, last.backlogEntries()));
  }
}
