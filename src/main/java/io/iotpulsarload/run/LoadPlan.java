package io.iotpulsarload.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The message rate a load profile plans over time, as straight segments: how many messages it plans in all, or
 * until a moment (a capacity search that stops early planned only what came before its stop). Rates are this
 * injector's, in messages per second.
 */
public final class LoadPlan {

  /** A straight piece of the profile: from {@code fromRate} to {@code toRate} msg/s over {@code millis}. */
  public record Segment(long millis, double fromRate, double toRate) {}

  private final List<Segment> segments;

  public LoadPlan(List<Segment> segments) {
    this.segments = List.copyOf(segments);
  }

  /** A plan that follows this one. */
  public LoadPlan then(double fromRate, double toRate, Duration duration) {
    List<Segment> more = new ArrayList<>(segments);
    more.add(new Segment(duration.toMillis(), fromRate, toRate));
    return new LoadPlan(more);
  }

  public List<Segment> segments() {
    return segments;
  }

  /** Messages the whole profile plans. */
  public double messages() {
    return messagesUntil(Long.MAX_VALUE);
  }

  /** Messages the profile plans in its first {@code elapsedMillis}. */
  public double messagesUntil(long elapsedMillis) {
    return within(elapsedMillis).stream()
        .mapToDouble(s -> (s.fromRate() + s.toRate()) / 2 * s.millis() / 1000.0).sum();
  }

  /** The highest rate (msg/s) the profile reaches in its first {@code millis}: what a warm-up rises to. */
  public double maxRateWithin(long millis) {
    return within(millis).stream().mapToDouble(s -> Math.max(s.fromRate(), s.toRate())).max().orElse(0);
  }

  /** The profile's first {@code millis}, as segments: the last one cut where that time ends. */
  private List<Segment> within(long millis) {
    List<Segment> cut = new ArrayList<>();
    long left = millis;
    for (Segment s : segments) {
      if (left <= 0) {
        break;
      }
      if (s.millis() == 0) {
        continue;
      }
      long part = Math.min(left, s.millis());
      cut.add(new Segment(part, s.fromRate(), s.fromRate() + (s.toRate() - s.fromRate()) * part / (double) s.millis()));
      left -= part;
    }
    return cut;
  }

  /** How long the profile injects. */
  public Duration length() {
    return Duration.ofMillis(segments.stream().mapToLong(Segment::millis).sum());
  }
}
