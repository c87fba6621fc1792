package io.iotpulsarload.results;

import io.iotpulsarload.gates.RunFigures;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * Every injector's results of one run, merged: counts are exact sums, latency percentiles come from merged
 * histograms (never from averaged percentiles), time series are aligned on wall-clock seconds.
 */
public final class MergedRun {

  /**
   * One injector's summary.json and timeline: per slot sent, acked, failed and the injector's CPU microseconds
   * (-1 when unknown).
   */
  public record Injector(int index, InjectorSummary summary, TreeMap<Long, long[]> timeline,
      long lastSendTickMillis) {}

  private final String runId;
  private int slotSeconds = 1;
  private final List<Injector> injectors = new ArrayList<>();
  private final Map<String, Histogram> overall = new TreeMap<>();
  private final Map<String, TreeMap<Long, Histogram>> perSecond = new TreeMap<>();

  private MergedRun(String runId) {
    this.runId = runId;
  }

  /** Reads {@code runDir/injector-* /} (summary.json, latency.hlog, timeline.csv). */
  public static MergedRun read(Path runDir) {
    return read(runDir, summary -> true);
  }

  /** Time series are kept in at most this many slots, however long the run: its report's memory stays flat. */
  static final int MAX_SLOTS = 1_200;

  /**
   * Reads the injectors of {@code runDir} whose summary {@code belongs} to the run merged (a runId used again
   * leaves an earlier run's injectors beside this one's).
   */
  public static MergedRun read(Path runDir, Predicate<InjectorSummary> belongs) {
    MergedRun run = new MergedRun(runDir.getFileName().toString());
    List<Path> dirs;
    try (Stream<Path> list = Files.list(runDir)) {
      dirs = list.filter(p -> p.getFileName().toString().startsWith("injector-")).sorted().toList();
    } catch (IOException e) {
      throw new IllegalArgumentException("no results for run " + runDir.getFileName() + " in " + runDir
          + " (" + e.getMessage() + ")");
    }
    Map<Path, InjectorSummary> summaries = new LinkedHashMap<>();
    for (Path dir : dirs) {
      InjectorSummary summary = InjectorSummary.read(dir.resolve(InjectorResults.SUMMARY));
      if (belongs.test(summary)) {
        summaries.put(dir, summary);
      }
    }
    if (summaries.isEmpty()) {
      throw new IllegalArgumentException("no injector-*/ results in " + runDir);
    }
    long start = summaries.values().stream().mapToLong(InjectorSummary::startMillis).min().orElseThrow();
    long end = summaries.values().stream().mapToLong(InjectorSummary::endMillis).max().orElseThrow();
    run.slotSeconds = Math.max(1, (int) Math.ceil((end - start) / 1000.0 / MAX_SLOTS));
    summaries.forEach(run::readInjector);
    return run;
  }

  /** Seconds per point of the time series (1 up to 20 minutes of run, then more). */
  public int slotSeconds() {
    return slotSeconds;
  }

  long slot(long epochMillis) {
    long second = second(epochMillis);
    return second - Math.floorMod(second, slotSeconds);
  }

  private void readInjector(Path dir, InjectorSummary summary) {
    try {
      TreeMap<Long, long[]> timeline = new TreeMap<>();
      long lastSendTick = 0;
      try (Stream<String> lines = Files.lines(dir.resolve(InjectorResults.TIMELINE))) {
        for (String line : (Iterable<String>) lines.skip(1)::iterator) {
          String[] f = line.split(",");
          if (f.length < 4) {
            continue; // a line cut short by a crash
          }
          if (Long.parseLong(f[1]) > 0) {
            lastSendTick = Long.parseLong(f[0]);
          }
          long cpuMicros = f.length > 4 && !f[4].isEmpty() ? Long.parseLong(f[4]) : -1;
          timeline.merge(slot(Long.parseLong(f[0])),
              new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), cpuMicros},
              (x, y) -> new long[] {x[0] + y[0], x[1] + y[1], x[2] + y[2], x[3] < 0 || y[3] < 0 ? -1 : x[3] + y[3]});
        }
      }
      injectors.add(new Injector(summary.injector(), summary, timeline, lastSendTick));
      try (InputStream in = new FileInputStream(dir.resolve(InjectorResults.LATENCY_LOG).toFile())) {
        HistogramLogReader reader = new HistogramLogReader(in);
        EncodableHistogram h;
        while ((h = reader.nextIntervalHistogram()) != null) {
          Histogram interval = (Histogram) h;
          String tag = interval.getTag() == null ? InjectorResults.PUBLISH_TAG : interval.getTag();
          overall.computeIfAbsent(tag, t -> new Histogram(3)).add(interval);
          // 2 significant digits over time (1 %), 3 for the whole run: a slot's histogram is ~10x smaller
          perSecond.computeIfAbsent(tag, t -> new TreeMap<>())
              .computeIfAbsent(slot(interval.getEndTimeStamp()), x -> new Histogram(2)).add(interval);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the results in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The wall-clock second a tick ending at {@code epochMillis} belongs to, rounded: the log stores timestamps as
   * decimal seconds, so a tick written at x.000 s may read back as x - 0.001 s.
   */
  static long second(long epochMillis) {
    return Math.floorDiv(epochMillis + 500, 1000);
  }

  public String runId() {
    return runId;
  }

  public List<Injector> injectors() {
    return injectors;
  }

  /** The merged latency histogram (microseconds) of a tag over the whole run, empty when never recorded. */
  public Histogram overall(String tag) {
    return overall.getOrDefault(tag, new Histogram(3));
  }

  /** The merged latency histogram of a tag for each slot of {@link #slotSeconds()} (keys: epoch seconds). */
  public TreeMap<Long, Histogram> perSecond(String tag) {
    return perSecond.getOrDefault(tag, new TreeMap<>());
  }

  /**
   * The seconds the measured load ran: from the first send of any injector (after its warm-up) to the end of the
   * last one-second tick in which one sent (0 when nothing was sent). Mean rates divide by it.
   */
  public double loadSeconds() {
    Long first = firstSendMillis();
    long last = lastSendTickMillis();
    return first == null || last <= first ? 0 : (last - first) / 1000.0;
  }

  /** The measured load's first send of any injector (epoch ms), {@code null} when nothing was sent. */
  public Long firstSendMillis() {
    return injectors.stream().map(i -> i.summary().firstSendMillis()).filter(java.util.Objects::nonNull)
        .min(Long::compare).orElse(null);
  }

  /** The end of the last one-second tick in which any injector sent (epoch ms), 0 when none did. */
  public long lastSendTickMillis() {
    return injectors.stream().mapToLong(Injector::lastSendTickMillis).max().orElse(0);
  }

  /** The injectors' warm-ups: counts summed, the longest one's seconds ({@code NONE} when none warmed up). */
  public InjectorSummary.Warmup warmup() {
    return injectors.stream().map(i -> i.summary().warmupOrNone()).reduce(InjectorSummary.Warmup.NONE,
        (a, b) -> new InjectorSummary.Warmup(Math.max(a.seconds(), b.seconds()), a.sent() + b.sent(),
            a.acked() + b.acked(), a.failed() + b.failed(), a.readings() + b.readings()));
  }

  /** Sum of a count over every injector's summary. */
  public long sum(ToLongFunction<InjectorSummary> count) {
    return injectors.stream().mapToLong(i -> count.applyAsLong(i.summary())).sum();
  }

  /** Sum of a verification count over every injector (call only when {@link #verified()}). */
  public long sumVerified(ToLongFunction<RunFigures.Verification> count) {
    return injectors.stream().mapToLong(i -> count.applyAsLong(i.summary().verification())).sum();
  }

  /** Messages the injectors' profiles planned, {@code NaN} when one of them did not say. */
  public double plannedMessages() {
    return injectors.stream().mapToDouble(i -> i.summary().planned()).sum();
  }

  /** Whether every injector ran the verifying consumer. */
  public boolean verified() {
    return injectors.stream().allMatch(i -> i.summary().verification() != null);
  }

  /** Failures by type, summed over injectors. */
  public Map<String, Long> failuresByType() {
    Map<String, Long> merged = new TreeMap<>();
    for (Injector i : injectors) {
      if (i.summary().failuresByType() != null) {
        i.summary().failuresByType().forEach((type, n) -> merged.merge(type, n, Long::sum));
      }
    }
    return merged;
  }
}
