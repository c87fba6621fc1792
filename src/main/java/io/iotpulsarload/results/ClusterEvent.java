package io.iotpulsarload.results;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Something the cluster did to a run that is not a failed send: a producer or the verifying consumer lost its
 * connection and got it back (a topic unloaded, a broker restarted, ownership moved), or the topic's partitions
 * changed. In {@code summary.json}, the console and the run's report (marked on the latency plots).
 *
 * @param epochMillis when it happened (for a reconnect: when the connection was lost)
 * @param kind        {@link #RECONNECT} or {@link #PARTITIONS}
 * @param subject     what it happened to, e.g. {@code producer 0 of persistent://public/default/t}
 * @param detail      what happened, e.g. {@code connected again after 0.2 s}
 */
public record ClusterEvent(long epochMillis, String kind, String subject, String detail) {

  public static final String RECONNECT = "reconnect";
  public static final String PARTITIONS = "partitions";

  /** One line for the console: {@code 12:00:01.250 reconnect: producer 0 of t: connected again after 0.2 s}. */
  public String line() {
    DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
        .withZone(ZoneId.systemDefault());
    return clock.format(Instant.ofEpochMilli(epochMillis)) + " " + kind + ": " + subject + ": " + detail;
  }
}
