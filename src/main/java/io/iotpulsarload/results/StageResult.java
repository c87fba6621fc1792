package io.iotpulsarload.results;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * A processing stage after the topic (a Pulsar Function, a Flink job), timed by reading its output topic: how
 * long a reading took to come out of it and, for a stage that passes every reading on, which never did.
 *
 * @param topic           the stage's output topic
 * @param match           {@link #STAMP}: each output carries its reading's stamp (1:1, loss counted);
 *                        {@link #EVENT_TIME}: each output carries the newest contributing reading's event time
 *                        (an aggregate)
 * @param eventTimeFrom   where an output's event time was read: {@code eventTime} (Pulsar's), {@code property:NAME}
 *                        or {@code field:NAME}
 * @param outputs         outputs of this run received (stamp: of this injector's readings)
 * @param withoutTime     of those, outputs whose event time was missing or unreadable (no latency)
 * @param duplicates      stamp: outputs of a reading that had come out before
 * @param expected        stamp: readings the broker acknowledged, each expected out once; null for event time
 * @param lost            stamp: of those, readings that did not come out within the drain timeout; null for event
 *                        time
 * @param latencyMs       stage latency (an output's publish time minus its reading's event time, the reading's
 *                        send) p50, p99, max over the measured load (readings sent after the warm-up)
 * @param histogram       that latency in microseconds, an HdrHistogram compressed and base64'd (merging)
 * @param outputsPerSecond outputs over the load's seconds
 * @param drainSeconds    from the end of the load until the stage's last expected output, or null when it was
 *                        still missing some at the drain timeout
 * @param seconds         per second of receiving: outputs and latency p50 / p99
 */
public record StageResult(String topic, String match, String eventTimeFrom, long outputs, long withoutTime,
    long duplicates, Long expected, Long lost, Latency latencyMs, String histogram, double outputsPerSecond,
    Double drainSeconds, List<Second> seconds) {

  public static final String STAMP = "stamp";
  public static final String EVENT_TIME = "eventTime";

  /** Latency percentiles in milliseconds, {@code null} each when nothing was timed. */
  public record Latency(long count, Double p50, Double p99, Double max) {

    /** From a microsecond histogram. */
    public static Latency of(Histogram micros) {
      long n = micros.getTotalCount();
      return new Latency(n, n == 0 ? null : micros.getValueAtPercentile(50) / 1000.0,
          n == 0 ? null : micros.getValueAtPercentile(99) / 1000.0, n == 0 ? null : micros.getMaxValue() / 1000.0);
    }
  }

  /** One second of outputs (by the second they were received), with their latency. */
  public record Second(long epochSecond, long outputs, Double p50Ms, Double p99Ms) {}

  /** {@code stage out of iot-enriched (stamp): 15000 outputs, p50 12.0 ms, p99 48.1 ms, 0 lost, drained in 0.4 s}. */
  public String line() {
    Latency l = latencyMs;
    return String.format(Locale.ROOT, "stage out of %s (%s): %d outputs (%.0f/s), latency p50 %s, p99 %s, max %s"
            + "%s%s%s%s", topic, match, outputs, outputsPerSecond, ms(l.p50()), ms(l.p99()), ms(l.max()),
        lost == null ? "" : ", " + lost + " of " + expected + " readings lost (never came out)",
        duplicates == 0 ? "" : ", " + duplicates + " duplicates",
        withoutTime == 0 ? "" : ", " + withoutTime + " without a readable event time (" + eventTimeFrom + ")",
        drainSeconds == null ? ", still incomplete at the drain timeout"
            : String.format(Locale.ROOT, ", last output %.1f s after the load", drainSeconds));
  }

  private static String ms(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.1f ms", v);
  }

  /** The histogram, compressed and base64'd, for {@link #histogram()}. */
  public static String encode(Histogram micros) {
    ByteBuffer buffer = ByteBuffer.allocate(micros.getNeededByteBufferCapacity());
    int length = micros.encodeIntoCompressedByteBuffer(buffer);
    byte[] bytes = new byte[length];
    buffer.flip();
    buffer.get(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** The latency histogram back, in microseconds. */
  public Histogram decodedHistogram() {
    try {
      return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(histogram)), 0);
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("stage histogram of " + topic + " unreadable: " + e.getMessage(), e);
    }
  }

  /**
   * Several injectors' figures for one stage as one: counts summed, latency from the merged histograms, seconds
   * summed (their percentiles the worst injector's). An event-time stage is timed once (one injector), and
   * comes back as it is.
   */
  public static StageResult merge(List<StageResult> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    StageResult first = parts.get(0);
    Histogram all = null;
    long outputs = 0;
    long withoutTime = 0;
    long duplicates = 0;
    Long expected = null;
    Long lost = null;
    double rate = 0;
    Double drain = 0.0;
    Map<Long, Second> seconds = new TreeMap<>();
    for (StageResult p : parts) {
      Histogram h = p.decodedHistogram();
      if (all == null) {
        all = h;
      } else {
        all.add(h);
      }
      outputs += p.outputs();
      withoutTime += p.withoutTime();
      duplicates += p.duplicates();
      expected = p.expected() == null ? expected : (expected == null ? 0 : expected) + p.expected();
      lost = p.lost() == null ? lost : (lost == null ? 0 : lost) + p.lost();
      rate += p.outputsPerSecond();
      drain = drain == null || p.drainSeconds() == null ? null : Math.max(drain, p.drainSeconds());
      for (Second s : p.seconds()) {
        seconds.merge(s.epochSecond(), s, (a, b) -> new Second(a.epochSecond(), a.outputs() + b.outputs(),
            max(a.p50Ms(), b.p50Ms()), max(a.p99Ms(), b.p99Ms())));
      }
    }
    return new StageResult(first.topic(), first.match(), first.eventTimeFrom(), outputs, withoutTime, duplicates,
        expected, lost, Latency.of(all), encode(all), rate, drain, new ArrayList<>(seconds.values()));
  }

  private static Double max(Double a, Double b) {
    return a == null ? b : b == null ? a : Math.max(a, b);
  }
}
