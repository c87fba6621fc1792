package io.iotpulsarload.gates;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one judge of a run: which gates apply and whether the figures meet them. Used for an injector's own verdict
 * at the end of its run (which Gatling's assertion then reads) and for the merge of many injectors.
 */
public final class Gates {

  private Gates() {}

  /** Every gate that applies to these figures, judged. */
  public static List<Gate> judge(GateLimits limits, RunFigures run) {
    List<Gate> gates = new ArrayList<>();
    if (limits.wholeRunLoad()) {
      gates.add(Gate.atMost("gate.p99Ms", "publish p99 (ms)", limits.p99Ms(), run.publishP99Ms()));
      double koPercent = run.sent() == 0 ? 0 : 100.0 * run.failed() / run.sent();
      gates.add(Gate.atMost("gate.maxKoPercent", "failed sends (%)", limits.maxKoPercent(), koPercent));
    }
    if (limits.wholeRunLoad() && !Double.isNaN(run.plannedMessages())) {
      // the plan counts readings: a simulation's other sends (alerts to a second topic) must not make up for them
      long counted = run.readings() > 0 ? run.readings() : run.sent();
      double ratePercent = run.plannedMessages() <= 0 ? 100 : 100.0 * counted / run.plannedMessages();
      gates.add(Gate.atLeast("gate.minRatePercent",
          "sent (% of " + Math.round(run.plannedMessages()) + " planned)", limits.minRatePercent(), ratePercent));
    }
    RunFigures.Verification v = run.verification();
    if (v != null) {
      gates.add(Gate.atMost("verify.drainTimeout",
          "acknowledged but not yet received when the consumer fell behind", 0, v.notYetReceived()));
      gates.add(Gate.atMost("verify.sent", "received but never sent by this run", 0, v.unexpected()));
      gates.add(Gate.atMost("gate.maxLost", "lost", limits.maxLost(), v.lost()));
      gates.add(Gate.atMost("gate.maxDuplicates", "duplicates", limits.maxDuplicates(), v.duplicates()));
      gates.add(Gate.atMost("gate.maxOutOfOrder", "out of order", limits.maxOutOfOrder(), v.outOfOrder()));
      gates.add(Gate.atMost("gate.maxInvalid", "invalid", limits.maxInvalid(), v.invalid()));
      gates.add(Gate.atMost("gate.e2eP99Ms", "e2e p99 (ms)", limits.e2eP99Ms(), v.e2eP99Ms()));
    }
    return gates;
  }

  /** The failed gates in one line, or {@code null} when every gate passed. */
  public static String failures(List<Gate> gates) {
    List<Gate> failed = gates.stream().filter(g -> !g.passed()).toList();
    return failed.isEmpty() ? null : failed.stream().map(Gate::line).collect(Collectors.joining("; "));
  }
}
