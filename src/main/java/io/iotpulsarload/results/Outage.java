package io.iotpulsarload.results;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One outage of a run, as the injector saw it: sends failing, or nothing acknowledged while sends were
 * outstanding, until acknowledgements came back. In {@code summary.json}.
 *
 * @param startMillis        epoch ms of the start of its first second
 * @param endMillis          epoch ms of the end of the second acks came back, or null if they never did
 * @param failedSends        sends that failed during it
 * @param secondsToFirstAck  from its start to the first acknowledgement after it (recovery), or null
 */
public record Outage(long startMillis, Long endMillis, long failedSends, Double secondsToFirstAck) {

  /** One line for the console. */
  public String line() {
    DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    return endMillis == null
        ? String.format(Locale.ROOT, "outage from %s, not over at the end of the run: %d sends failed",
            clock.format(Instant.ofEpochMilli(startMillis)), failedSends)
        : String.format(Locale.ROOT, "outage %s to %s (%.0f s): %d sends failed, first acknowledgement %.0f s "
                + "after its start", clock.format(Instant.ofEpochMilli(startMillis)),
            clock.format(Instant.ofEpochMilli(endMillis)), (endMillis - startMillis) / 1000.0, failedSends,
            secondsToFirstAck);
  }
}
