package io.iotpulsarload.run;

import io.iotpulsarload.gatling.pulsar.client.OutgoingMessage;
import io.iotpulsarload.gatling.pulsar.client.PublishListener;
import io.iotpulsarload.sensor.MessageStamps;
import io.iotpulsarload.verify.SequenceTracker;
import io.iotpulsarload.gatling.pulsar.client.PublishErrors;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Publish outcomes as the run goes: counts, and an HdrHistogram of latencies read out interval by interval.
 *
 * <p>Hot path: one {@link LongAdder} increment per event and a wait-free {@link Recorder} write per outcome; the
 * single reader ({@link RunMonitor}) swaps the interval histogram out once a second.
 */
public final class PublishMetrics implements PublishListener {

  /** Latencies are recorded in microseconds, up to 10 minutes, with 3 significant digits. */
  static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

  private final LongAdder sent = new LongAdder();
  private final LongAdder acked = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final Recorder latencies = new Recorder(HIGHEST_MICROS, 3);
  private final Recorder e2eLatencies = new Recorder(HIGHEST_MICROS, 3);
  private final Set<SequenceTracker.DeviceSequence> failedSends = ConcurrentHashMap.newKeySet();
  private final Map<String, LongAdder> failuresByType = new ConcurrentHashMap<>();
  // when the last outcome arrived (System.nanoTime): the load's end, for a mean rate that leaves out what
  // follows it (the verifier's drain); a release store, as cheap as a plain one on x86
  private final AtomicLong lastOutcomeNanos = new AtomicLong();

  // when the first message was sent (System.nanoTime): the load's time zero, the injection's own clock
  private final AtomicLong firstSendNanos = new AtomicLong();

  @Override
  public void onSent() {
    sent.increment();
    if (firstSendNanos.get() == 0) { // a plain read on x86 once set; only the first send pays the CAS
      firstSendNanos.compareAndSet(0, System.nanoTime());
    }
  }

  /**
   * The warm-up has ended (every one of its sends answered): the next send is the measured load's time zero.
   * Counts and histograms go on; the monitor tells the warm-up's apart.
   */
  public void restartClock() {
    firstSendNanos.set(0);
  }

  /** System.nanoTime() of the first send (of the measured load, after a warm-up), or 0 before it. */
  public long firstSendNanos() {
    return firstSendNanos.get();
  }

  @Override
  public void onOutcome(long latencyNanos, Throwable error, OutgoingMessage<?> message) {
    boolean ok = error == null;
    (ok ? acked : failed).increment();
    lastOutcomeNanos.lazySet(System.nanoTime());
    if (ok) {
      latencies.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, latencyNanos / 1_000)));
    } else {
      failuresByType.computeIfAbsent(PublishErrors.type(error), k -> new LongAdder()).increment();
      // failures are rare: remember which device sequence never reached the broker (not "lost")
      MessageStamps.Stamp stamp = MessageStamps.read(message.properties()::get);
      if (stamp != null && stamp.sequence() >= 0) {
        failedSends.add(new SequenceTracker.DeviceSequence(stamp.injector() + "/" + message.key(), stamp.sequence()));
      }
    }
  }

  /** The sends that failed, by device and sequence. */
  public Set<SequenceTracker.DeviceSequence> failedSends() {
    return Set.copyOf(failedSends);
  }

  /** Records one end-to-end latency (the verifying consumer's receive time minus the publish time). */
  public void recordE2e(long micros) {
    e2eLatencies.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, micros)));
  }

  /** End-to-end latencies since the previous call. Single reader only. */
  public Histogram intervalE2e(Histogram recycle) {
    return e2eLatencies.getIntervalHistogram(recycle);
  }

  /** Failed sends so far, by error type. */
  public Map<String, Long> failuresByType() {
    Map<String, Long> copy = new java.util.TreeMap<>();
    failuresByType.forEach((k, v) -> copy.put(k, v.sum()));
    return copy;
  }

  /** System.nanoTime() of the latest outcome, or 0 before the first. */
  public long lastOutcomeNanos() {
    return lastOutcomeNanos.get();
  }

  /** Counts so far (sent, acked, failed). */
  public long[] counts() {
    return new long[] {sent.sum(), acked.sum(), failed.sum()};
  }

  /**
   * The latencies of acknowledged messages since the previous call. Single reader only.
   *
   * @param recycle a histogram returned by an earlier call, to reuse its memory (or null)
   */
  public Histogram intervalLatencies(Histogram recycle) {
    return latencies.getIntervalHistogram(recycle);
  }
}
