package io.iotpulsarload.settings;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The text formats settings accept: durations, rates, bounded numbers, booleans, URLs and enum names. */
public final class Parsers {

  private static final Pattern DURATION =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min|h)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(k)?", Pattern.CASE_INSENSITIVE);

  private Parsers() {}

  /** "60" (seconds), "90s", "10m", "1h", "500ms". */
  public static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration");
    }
    double amount = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
    double millis = switch (unit) {
      case "ms" -> amount;
      case "s" -> amount * 1_000;
      case "m", "min" -> amount * 60_000;
      case "h" -> amount * 3_600_000;
      default -> throw new IllegalArgumentException("unknown unit " + unit);
    };
    return Duration.ofMillis(Math.round(millis));
  }

  /** A duration strictly greater than zero. */
  public static Duration positiveDuration(String text) {
    Duration d = duration(text);
    if (d.isZero()) {
      throw new IllegalArgumentException("must be more than zero");
    }
    return d;
  }

  /** A duration from {@code min} to {@code max}; the error names the range as written, e.g. "not from 1s to 60s". */
  public static Setting.Parser<Duration> durationBetween(String min, String max) {
    Duration low = duration(min);
    Duration high = duration(max);
    return text -> {
      Duration d = duration(text);
      if (d.compareTo(low) < 0 || d.compareTo(high) > 0) {
        throw new IllegalArgumentException("not from " + min + " to " + max);
      }
      return d;
    };
  }

  /** Messages per second: "1000", "2.5k", "50000". Must be more than zero. */
  public static double rate(String text) {
    Matcher m = RATE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a number");
    }
    double value = Double.parseDouble(m.group(1)) * (m.group(2) == null ? 1 : 1_000);
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("must be more than zero");
    }
    return value;
  }

  /** An integer within [min, max]. */
  public static Setting.Parser<Integer> intBetween(int min, int max) {
    return text -> {
      long value = Long.parseLong(text.trim());
      if (value < min || value > max) {
        throw new IllegalArgumentException("out of range");
      }
      return (int) value;
    };
  }

  /** A long within [min, max]. */
  public static Setting.Parser<Long> longBetween(long min, long max) {
    return text -> {
      long value = Long.parseLong(text.trim());
      if (value < min || value > max) {
        throw new IllegalArgumentException("out of range");
      }
      return value;
    };
  }

  /** A decimal number within [min, max]. */
  public static Setting.Parser<Double> doubleBetween(double min, double max) {
    return text -> {
      double value = Double.parseDouble(text.trim());
      if (Double.isNaN(value) || value < min || value > max) {
        throw new IllegalArgumentException("out of range");
      }
      return value;
    };
  }

  /** true/false, yes/no, on/off, 1/0. */
  public static boolean bool(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new IllegalArgumentException("not a boolean");
    };
  }

  /** A URL with one of the given schemes and a host, e.g. pulsar://127.0.0.1:6650. */
  public static Setting.Parser<String> url(String... schemes) {
    return text -> {
      URI uri = URI.create(text.trim());
      String scheme = uri.getScheme();
      if (scheme == null || Arrays.stream(schemes).noneMatch(s -> s.equalsIgnoreCase(scheme))) {
        throw new IllegalArgumentException("scheme must be " + String.join(" or ", schemes));
      }
      // pulsar://host1:6650,host2:6650 has no single host for java.net.URI; check the authority instead
      String authority = uri.getRawAuthority();
      if (authority == null || authority.isBlank()) {
        throw new IllegalArgumentException("no host");
      }
      return text.trim();
    };
  }

  /** A name of the enum, case-insensitive, with '-' and '_' ignored ("round-robin" finds ROUND_ROBIN). */
  public static <E extends Enum<E>> Setting.Parser<E> oneOf(Class<E> type) {
    return text -> {
      String wanted = normalized(text);
      for (E constant : type.getEnumConstants()) {
        if (normalized(constant.name()).equals(wanted)) {
          return constant;
        }
      }
      throw new IllegalArgumentException("unknown value");
    };
  }

  /** "a, b, c": the enum's constants as users type them (ROUND_ROBIN and RoundRobin both become round-robin). */
  public static <E extends Enum<E>> String choices(Class<E> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(e -> typed(e.name()))
        .collect(Collectors.joining(", "));
  }

  /** How users type an enum constant: lower case words joined by '-'. */
  public static String typed(String constant) {
    return constant.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replace('_', '-').toLowerCase(Locale.ROOT);
  }

  private static String normalized(String name) {
    return name.trim().replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }

  /** A non-blank string. */
  public static String text(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("blank");
    }
    return text.trim();
  }

  /** The absolute path of a readable regular file ({@code file:} URLs accepted). */
  public static String readableFile(String text) {
    java.nio.file.Path path = filePath(text);
    if (!java.nio.file.Files.isRegularFile(path)) {
      throw new IllegalArgumentException("no such file: " + path);
    }
    if (!java.nio.file.Files.isReadable(path)) {
      throw new IllegalArgumentException("cannot read " + path + ": permission denied");
    }
    return path.toString();
  }

  /** A path, given plainly or as a {@code file:} URL ({@code file:/p}, {@code file:///p}, {@code file:rel/p}). */
  public static java.nio.file.Path filePath(String text) {
    String t = text(text);
    if (t.startsWith("file://")) {
      return java.nio.file.Path.of(URI.create(t)).toAbsolutePath();
    }
    return java.nio.file.Path.of(t.startsWith("file:") ? t.substring("file:".length()) : t).toAbsolutePath();
  }

  /**
   * A Pulsar topic name as Pulsar accepts it: {@code name} (public/default), {@code tenant/namespace/name}, or
   * {@code persistent://} / {@code non-persistent://} followed by {@code tenant/namespace/name}.
   */
  public static String topic(String text) {
    String t = text(text);
    String rest = t.replaceFirst("^(persistent|non-persistent)://", "");
    boolean full = !rest.equals(t);
    String[] parts = rest.split("/", -1);
    boolean ok = full ? parts.length == 3 : parts.length == 1 || parts.length == 3;
    for (String p : parts) {
      ok &= !p.isBlank() && !p.contains(":");
    }
    if (!ok || t.contains("://") && !full) {
      throw new IllegalArgumentException("not a topic name");
    }
    return t;
  }
}
