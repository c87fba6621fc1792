package io.iotpulsarload.results;

import java.util.List;

/**
 * One subscription behind the run's topic (a real consumer of the pipeline: a Flink job, an archiver), watched
 * while the load ran and after it: its verdict and why, the figures behind it and its samples. In
 * {@code summary.json} and the run's report.
 *
 * @param verdict                one of {@link #KEEPS_UP}, {@link #FALLS_BEHIND}, {@link #STALLED},
 *                               {@link #NO_CONSUMER}, {@link #NOT_JUDGED}
 * @param reason                 the verdict in one sentence, with its figures
 * @param growthPerSecond        the trend of the messages published but not yet delivered to it, during the load
 *                               (least squares over the samples, messages/s), or null when not judged
 * @param growthPercent          that trend as a share of the topic's input rate
 * @param maxBacklogEntries      the largest backlog seen, in Pulsar's unit: entries (a batch is one entry)
 * @param maxLagSeconds          the oldest unacknowledged message's age at its largest, or null when unknown
 * @param drainSeconds           from the end of the load until its backlog was 0, or null when it did not drain
 *                               within the drain timeout
 * @param catchUpPerSecond       messages delivered per second while it drained, or null
 */
public record WatchedSubscription(String topic, String subscription, String verdict, String reason,
    Double growthPerSecond, Double growthPercent, long maxBacklogEntries, Double maxLagSeconds, Double drainSeconds,
    Double catchUpPerSecond, List<Sample> samples) {

  public static final String KEEPS_UP = "keeps up";
  public static final String FALLS_BEHIND = "falls behind";
  public static final String STALLED = "stalled";
  public static final String NO_CONSUMER = "no consumer";
  public static final String NOT_JUDGED = "not judged";

  /**
   * One look at the subscription. Counters are Pulsar's own, live (its rates are recomputed only every
   * {@code statsUpdateFrequencyInSecs}); rates here are their deltas over the interval.
   *
   * @param backlogEntries  {@code msgBacklog}: entries, not messages
   * @param inCounter       messages published to the topic so far ({@code msgInCounter})
   * @param outCounter      messages delivered to this subscription so far ({@code msgOutCounter})
   * @param lagSeconds      age of the oldest message in its backlog, 0 without backlog, null when unknown
   * @param afterLoad       taken after the load stopped (the drain)
   */
  public record Sample(long epochMillis, long backlogEntries, long inCounter, long outCounter, long unacked,
      int consumers, double redeliverPerSecond, boolean blocked, Double lagSeconds, boolean afterLoad) {}

  /** {@code flink-iot: falls behind (backlog grows 480 msg/s, 48 % of the input's 1000 msg/s, since 12:00:05)}. */
  public String line() {
    return subscription + ": " + verdict + " (" + reason + ")";
  }
}
