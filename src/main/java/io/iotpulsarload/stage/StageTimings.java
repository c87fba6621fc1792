package io.iotpulsarload.stage;

import io.iotpulsarload.results.StageResult;
import io.iotpulsarload.sensor.MessageStamps;
import io.iotpulsarload.verify.SequenceTracker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * The bookkeeping of a stage's outputs, with no Pulsar in it: each output's latency (its publish time minus the
 * event time it carries: its reading's send), a histogram for the run and one per second, and for a 1:1 stage
 * which readings came out (per device and sequence, as the verifying consumer tracks them). One thread calls it
 * (the stage consumer's); the figures are read once it stopped.
 */
public final class StageTimings {

  private static final long MAX_MICROS = Duration.ofHours(1).toNanos() / 1000;

  private final boolean byStamp;
  private final String runId;
  private final String injector;
  private final Histogram latency = new Histogram(MAX_MICROS, 3);
  private final Histogram ofSecond = new Histogram(MAX_MICROS, 2);
  // read by a capacity search while the receiving thread adds to it, once a second
  private final List<StageResult.Second> seconds = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final SequenceTracker readings = new SequenceTracker();
  private long second = -1;
  private long outputsOfSecond;
  private long outputs;
  private long withoutTime;
  private long foreign;
  private volatile long uniqueReadings;
  private volatile long newestEventMillis;
  private volatile long lastOutputMillis;
  /** Readings sent before this (the warm-up's) are counted and matched but their latency is not measured. */
  private volatile long measuredFromMillis;
  private long appliedFromMillis; // receiving thread: the measuredFromMillis the histogram holds outputs since

  /**
   * @param byStamp  true: outputs carry their reading's stamp, only this run's and injector's count; false: every
   *                 output counts (an aggregate carries no stamp)
   * @param runId    the run whose readings count
   * @param injector the injector whose readings count (each injector matches its own)
   */
  public StageTimings(boolean byStamp, String runId, String injector) {
    this.byStamp = byStamp;
    this.runId = runId;
    this.injector = injector;
  }

  /**
   * One output.
   *
   * @param property      the output's properties (its stamp)
   * @param key           its key (the device, for a 1:1 stage), or null
   * @param publishMillis its publish time (set by the stage's producer)
   * @param eventMillis   the event time it carries, or 0 or less when it carries none
   * @param receiveMillis when it was received here
   * @return whether it was one of this run's (a stage's output of another run, or of another injector's readings,
   *         is not)
   */
  public boolean onOutput(Function<String, String> property, String key, long publishMillis, long eventMillis,
      long receiveMillis) {
    if (byStamp) {
      MessageStamps.Stamp stamp = MessageStamps.read(property);
      if (stamp == null || !runId.equals(stamp.run()) || !injector.equals(stamp.injector())
          || stamp.sequence() < 0 || key == null) {
        foreign++;
        return false;
      }
      readings.onMessage(injector + "/" + key, stamp.sequence());
      uniqueReadings = readings.unique();
    }
    outputs++;
    lastOutputMillis = receiveMillis;
    long s = receiveMillis / 1000;
    if (s != second) {
      closeSecond();
      second = s;
    }
    outputsOfSecond++;
    if (eventMillis <= 0) {
      withoutTime++;
      return true;
    }
    newestEventMillis = Math.max(newestEventMillis, eventMillis);
    long micros = Math.min(MAX_MICROS, Math.max(0, publishMillis - eventMillis) * 1000);
    ofSecond.recordValue(micros); // the plot shows the warm-up too
    dropWarmupLatencies();
    if (eventMillis >= measuredFromMillis) {
      latency.recordValue(micros);
    }
    return true;
  }

  private void closeSecond() {
    if (second >= 0 && outputsOfSecond > 0) {
      long n = ofSecond.getTotalCount();
      seconds.add(new StageResult.Second(second, outputsOfSecond,
          n == 0 ? null : ofSecond.getValueAtPercentile(50) / 1000.0,
          n == 0 ? null : ofSecond.getValueAtPercentile(99) / 1000.0));
    }
    ofSecond.reset();
    outputsOfSecond = 0;
  }

  /** The highest per-second latency p99 (ms) of outputs received between the two instants, or null. */
  public Double worstP99Between(long fromMillis, long toMillis) {
    return seconds.stream().filter(s -> s.epochSecond() * 1000 >= fromMillis && s.epochSecond() * 1000 < toMillis)
        .map(StageResult.Second::p99Ms).filter(java.util.Objects::nonNull).max(Double::compare).orElse(null);
  }

  /** The warm-up ended since the last output: what the histogram holds until now is the warm-up's. */
  private void dropWarmupLatencies() {
    long from = measuredFromMillis;
    if (from != appliedFromMillis) {
      latency.reset();
      appliedFromMillis = from;
    }
  }

  /** From here on (epoch ms of a reading's event time) latency is measured: before, the warm-up's is not. */
  public void measureFrom(long epochMillis) {
    measuredFromMillis = epochMillis;
  }

  /** Distinct readings seen coming out so far (1:1 stage). */
  public long uniqueReadings() {
    return uniqueReadings;
  }

  /** The newest event time carried by an output so far (epoch ms), 0 before the first. */
  public long newestEventMillis() {
    return newestEventMillis;
  }

  /** When the last output of this run was received (epoch ms), 0 before the first. */
  public long lastOutputMillis() {
    return lastOutputMillis;
  }

  /** Outputs of other runs or injectors, or without a readable stamp, that were skipped. */
  public long foreign() {
    return foreign;
  }

  /** Outputs of this run's second so far (the progress line). */
  public long outputs() {
    return outputs;
  }

  /**
   * The figures, once receiving stopped.
   *
   * @param sentPerDevice readings given out per {@code injector/device} (1:1 stage: what should come out)
   * @param failedSends   sends that failed (not expected out)
   * @param loadSeconds   how long the load ran (for the output rate)
   * @param drainSeconds  from the load's end to the last expected output, or null when some never came
   */
  public StageResult result(String topic, String eventTimeFrom, Map<String, Long> sentPerDevice,
      Set<SequenceTracker.DeviceSequence> failedSends, double loadSeconds, Double drainSeconds) {
    closeSecond();
    dropWarmupLatencies();
    Long expected = null;
    Long lost = null;
    if (byStamp) {
      expected = sentPerDevice.values().stream().mapToLong(Long::longValue).sum() - failedSends.size();
      lost = readings.lost(sentPerDevice, failedSends);
    }
    return new StageResult(topic, byStamp ? StageResult.STAMP : StageResult.EVENT_TIME, eventTimeFrom, outputs,
        withoutTime, byStamp ? readings.duplicates() : 0, expected, lost, StageResult.Latency.of(latency),
        StageResult.encode(latency), loadSeconds > 0 ? outputs / loadSeconds : 0, drainSeconds,
        new ArrayList<>(seconds));
  }

  /** Up to {@code max} readings that never came out, {@code injector/device#sequence}. */
  public List<String> lostExamples(Map<String, Long> sentPerDevice, int max) {
    return readings.lostExamples(sentPerDevice, max);
  }
}
