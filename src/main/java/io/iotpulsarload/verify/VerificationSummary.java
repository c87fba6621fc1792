package io.iotpulsarload.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the verifying consumer proved at the end of a run. {@code behind} means the consumer was still receiving
 * when the drain timeout passed: then missing messages are reported as not yet received, never as lost.
 */
public record VerificationSummary(
    long sent, long acked, long failed, long received, long unique, long lost, long duplicates, long outOfOrder,
    long invalid, long foreign, boolean behind, double e2eP50Ms, double e2eP99Ms, double e2eMaxMs,
    List<String> invalidExamples) {

  /** Limits for the verification gates. */
  public record Gates(long maxLost, long maxDuplicates, long maxOutOfOrder, long maxInvalid) {}

  /** The gates this summary breaks, each as "gate.name: limit L, measured M"; empty when all hold. */
  public List<String> failedGates(Gates gates) {
    List<String> failed = new ArrayList<>();
    if (behind) {
      failed.add("verifying consumer fell behind: " + (acked - unique)
          + " acknowledged messages not yet received when the drain timeout passed (not counted as lost)");
    }
    check(failed, "gate.maxLost", gates.maxLost(), lost);
    check(failed, "gate.maxDuplicates", gates.maxDuplicates(), duplicates);
    check(failed, "gate.maxOutOfOrder", gates.maxOutOfOrder(), outOfOrder);
    check(failed, "gate.maxInvalid", gates.maxInvalid(), invalid);
    return failed;
  }

  private static void check(List<String> failed, String gate, long limit, long measured) {
    if (measured > limit) {
      failed.add(gate + ": limit " + limit + ", measured " + measured);
    }
  }

  /** One line for the console. */
  public String line() {
    return String.format(Locale.ROOT, "verification: sent=%d acked=%d failed=%d received=%d lost=%d "
            + "duplicates=%d out-of-order=%d invalid=%d%s e2e p50=%.1f p99=%.1f max=%.1f ms",
        sent, acked, failed, received, lost, duplicates, outOfOrder, invalid, behind ? " (consumer BEHIND)" : "",
        e2eP50Ms, e2eP99Ms, e2eMaxMs);
  }

  /** The summary as JSON (flat, hand-written: no mapper needed for numbers and a few strings). */
  public String toJson() {
    StringBuilder examples = new StringBuilder("[");
    for (int i = 0; i < invalidExamples.size(); i++) {
      examples.append(i == 0 ? "" : ", ").append('"')
          .append(invalidExamples.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    examples.append(']');
    return String.format(Locale.ROOT, "{%n  \"sent\": %d,%n  \"acked\": %d,%n  \"failed\": %d,%n"
            + "  \"received\": %d,%n  \"unique\": %d,%n  \"lost\": %d,%n  \"duplicates\": %d,%n"
            + "  \"outOfOrder\": %d,%n  \"invalid\": %d,%n  \"foreign\": %d,%n  \"consumerBehind\": %b,%n"
            + "  \"e2eP50Ms\": %.3f,%n  \"e2eP99Ms\": %.3f,%n  \"e2eMaxMs\": %.3f,%n  \"invalidExamples\": %s%n}%n",
        sent, acked, failed, received, unique, lost, duplicates, outOfOrder, invalid, foreign, behind, e2eP50Ms,
        e2eP99Ms, e2eMaxMs, examples);
  }
}
