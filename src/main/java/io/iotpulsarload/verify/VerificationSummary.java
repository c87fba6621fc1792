package io.iotpulsarload.verify;

import java.util.List;
import java.util.Locale;

/**
 * What the verifying consumer proved at the end of a run. {@code behind} means the consumer was still receiving
 * when the drain timeout passed: then missing messages are reported as not yet received, never as lost. Written
 * as {@code verification.json} by the run (Jackson). A failed send (KO) is either {@code deliveredAnyway} (timed out,
 * yet the broker stored it: the consumer received it) or {@code notDelivered}; {@code lost} counts acknowledged
 * messages never received, and only those.
 */
public record VerificationSummary(
    long sent, long acked, long failed, long received, long unique, long lost, long duplicates, long outOfOrder,
    long invalid, long foreign, long unexpected, boolean behind, double e2eP50Ms, double e2eP99Ms, double e2eMaxMs,
    List<String> invalidExamples, long deliveredAnyway, long notDelivered) {

  /** Acknowledged messages not received yet when the consumer fell behind (0 when it kept up). */
  public long notYetReceived() {
    return behind ? Math.max(0, acked - unique) : 0;
  }

  /** One line for the console. */
  public String line() {
    return String.format(Locale.ROOT, "verification: sent=%d acked=%d failed=%d%s received=%d lost=%d "
            + "duplicates=%d out-of-order=%d invalid=%d%s%s e2e p50=%.1f p99=%.1f max=%.1f ms",
        sent, acked, failed,
        failed > 0 ? " (delivered anyway=" + deliveredAnyway + " not delivered=" + notDelivered + ")" : "",
        received, lost, duplicates, outOfOrder, invalid,
        unexpected > 0 ? " UNEXPECTED=" + unexpected + " (received, never sent by this run)" : "",
        behind ? " (consumer BEHIND)" : "",
        e2eP50Ms, e2eP99Ms, e2eMaxMs);
  }
}
