package io.iotpulsarload.results;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * One injector's results in standard formats, written second by second as the run goes:
 * {@code latency.hlog} (HdrHistogram interval log, one interval per second per tag: {@code publish} and
 * {@code e2e}, in microseconds, absolute timestamps) and {@code timeline.csv} (sent, acked, failed, the
 * injector's CPU microseconds, empty where the JVM cannot tell, and connections lost, per second).
 * {@code summary.json} ({@link InjectorSummary}) is written at the end of the run. The merge command reads them all.
 *
 * <p>Cost: one compressed histogram per second and tag, off the hot path (on the monitor's thread).
 */
public final class InjectorResults implements AutoCloseable {

  public static final String LATENCY_LOG = "latency.hlog";
  public static final String TIMELINE = "timeline.csv";
  public static final String SUMMARY = "summary.json";
  public static final String PUBLISH_TAG = "publish";
  public static final String E2E_TAG = "e2e";
  /** Publish latencies of the warm-up before the measured load: reported, never judged. */
  public static final String WARMUP_TAG = "warmup";

  private final Path dir;
  private final PrintStream hlog;
  private final HistogramLogWriter writer;
  private final BufferedWriter timeline;

  public InjectorResults(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
      hlog = new PrintStream(new FileOutputStream(dir.resolve(LATENCY_LOG).toFile()), false, StandardCharsets.UTF_8);
      writer = new HistogramLogWriter(hlog);
      // timestamps relative to an explicit base time: readers then give them back as absolute epoch times
      // (without a BaseTime line they guess, and may add the start time to absolute stamps)
      long base = System.currentTimeMillis();
      writer.outputLogFormatVersion();
      writer.outputStartTime(base);
      writer.setBaseTime(base);
      writer.outputBaseTime(base);
      writer.outputLegend();
      timeline = Files.newBufferedWriter(dir.resolve(TIMELINE));
      timeline.write("epoch_ms,sent,acked,failed,cpu_us,reconnects\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write results under " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Writes one second of the measured load, ending at {@code epochMillis}: counts and latencies (microseconds). */
  public void writeSecond(long epochMillis, long sent, long acked, long failed, Histogram publish,
      Histogram e2e) {
    writeSecond(epochMillis, sent, acked, failed, publish, e2e, false, -1);
  }

  /**
   * Writes one second of the run; a warm-up second's publish latencies go under {@link #WARMUP_TAG}.
   * {@code cpuNanos} is the injector's CPU time in that second, -1 when unknown.
   */
  public void writeSecond(long epochMillis, long sent, long acked, long failed, Histogram publish,
      Histogram e2e, boolean warmup, long cpuNanos) {
    writeSecond(epochMillis, sent, acked, failed, publish, e2e, warmup, cpuNanos, 0);
  }

  /** ... and {@code reconnects}, the connections the run's producers and consumer lost in that second. */
  public synchronized void writeSecond(long epochMillis, long sent, long acked, long failed, Histogram publish,
      Histogram e2e, boolean warmup, long cpuNanos, long reconnects) {
    long end = epochMillis;
    write(publish, warmup ? WARMUP_TAG : PUBLISH_TAG, end);
    write(e2e, E2E_TAG, end);
    try {
      timeline.write(end + "," + sent + "," + acked + "," + failed + ","
          + (cpuNanos < 0 ? "" : Long.toString(cpuNanos / 1_000)) + "," + reconnects + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void write(Histogram interval, String tag, long endMillis) {
    if (interval.getTotalCount() == 0) {
      return;
    }
    interval.setStartTimeStamp(endMillis - 1_000);
    interval.setEndTimeStamp(endMillis);
    interval.setTag(tag);
    writer.outputIntervalHistogram(interval);
  }

  /** Where this injector's files are. */
  public Path dir() {
    return dir;
  }

  @Override
  public synchronized void close() {
    hlog.close();
    try {
      timeline.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
