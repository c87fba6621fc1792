package io.iotpulsarload.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * Every injector's results of one run, merged: counts are exact sums, latency percentiles come from merged
 * histograms (never from averaged percentiles), time series are aligned on wall-clock seconds.
 */
public final class MergedRun {

  /** One injector's summary.json and timeline. */
  public record Injector(int index, JsonNode summary, TreeMap<Long, long[]> timeline) {}

  private final String runId;
  private final List<Injector> injectors = new ArrayList<>();
  private final Map<String, Histogram> overall = new TreeMap<>();
  private final Map<String, TreeMap<Long, Histogram>> perSecond = new TreeMap<>();

  private MergedRun(String runId) {
    this.runId = runId;
  }

  /** Reads {@code runDir/injector-* /} (summary.json, latency.hlog, timeline.csv). */
  public static MergedRun read(Path runDir) {
    MergedRun run = new MergedRun(runDir.getFileName().toString());
    List<Path> dirs;
    try (Stream<Path> list = Files.list(runDir)) {
      dirs = list.filter(p -> p.getFileName().toString().startsWith("injector-")).sorted().toList();
    } catch (IOException e) {
      throw new IllegalArgumentException("no results for run " + runDir.getFileName() + " in " + runDir
          + " (" + e.getMessage() + ")");
    }
    if (dirs.isEmpty()) {
      throw new IllegalArgumentException("no injector-*/ results in " + runDir);
    }
    for (Path dir : dirs) {
      run.readInjector(dir);
    }
    return run;
  }

  private void readInjector(Path dir) {
    try {
      JsonNode summary = new ObjectMapper().readTree(dir.resolve(InjectorResults.SUMMARY).toFile());
      TreeMap<Long, long[]> timeline = new TreeMap<>();
      for (String line : Files.readAllLines(dir.resolve(InjectorResults.TIMELINE)).subList(1,
          Files.readAllLines(dir.resolve(InjectorResults.TIMELINE)).size())) {
        String[] f = line.split(",");
        timeline.merge(second(Long.parseLong(f[0])),
            new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])},
            (a, b) -> new long[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
      }
      injectors.add(new Injector(summary.path("injector").asInt(), summary, timeline));
      try (InputStream in = new FileInputStream(dir.resolve(InjectorResults.LATENCY_LOG).toFile())) {
        HistogramLogReader reader = new HistogramLogReader(in);
        EncodableHistogram h;
        while ((h = reader.nextIntervalHistogram()) != null) {
          Histogram interval = (Histogram) h;
          String tag = interval.getTag() == null ? InjectorResults.PUBLISH_TAG : interval.getTag();
          overall.computeIfAbsent(tag, t -> new Histogram(3)).add(interval);
          perSecond.computeIfAbsent(tag, t -> new TreeMap<>())
              .computeIfAbsent(second(interval.getEndTimeStamp()), s -> new Histogram(3)).add(interval);
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

  /** The merged latency histogram of a tag for each wall-clock second (epoch seconds). */
  public TreeMap<Long, Histogram> perSecond(String tag) {
    return perSecond.getOrDefault(tag, new TreeMap<>());
  }

  /** Sum of a numeric field of every injector's summary (or of its verification, with "verification."). */
  public long sum(String field) {
    long total = 0;
    for (Injector i : injectors) {
      JsonNode node = field.startsWith("verification.")
          ? i.summary().path("verification").path(field.substring("verification.".length()))
          : i.summary().path(field);
      total += node.asLong(0);
    }
    return total;
  }

  /** Whether every injector ran the verifying consumer. */
  public boolean verified() {
    return injectors.stream().allMatch(i -> i.summary().has("verification"));
  }

  /** Failures by type, summed over injectors. */
  public Map<String, Long> failuresByType() {
    Map<String, Long> merged = new TreeMap<>();
    for (Injector i : injectors) {
      i.summary().path("failuresByType").fields()
          .forEachRemaining(e -> merged.merge(e.getKey(), e.getValue().asLong(), Long::sum));
    }
    return merged;
  }
}
