package io.iotpulsarload.gates;

/**
 * What a run measured, as the gates need it: one injector's at the end of its run, or the merged run's.
 *
 * @param readings        generated readings sent ({@code publishReading}), which the plan counts; 0 when the
 *                        simulation sends none (then every send is compared with the plan)
 * @param plannedMessages messages the load profile planned, or {@code NaN} when the simulation's injection did
 *                        not say (then the rate gate is not judged)
 * @param publishP99Ms    publish latency p99 of acknowledged messages, in ms
 * @param verification    the verifying consumer's counts, or {@code null} when verification was off
 */
public record RunFigures(long sent, long acked, long failed, long readings, double plannedMessages,
    double publishP99Ms,
    Verification verification) {

  /**
   * What the verifying consumer proved.
   *
   * @param unexpected     readings received that the run never sent (its picture of what it sent is wrong)
   * @param notYetReceived acknowledged messages still missing when the drain timeout passed while the consumer
   *                       was still receiving (it fell behind: they are not counted as lost)
   * @param e2eP99Ms        end-to-end latency p99
   * @param deliveredAnyway failed sends (KO: timed out, ...) the consumer received all the same: not lost
   * @param notDelivered    failed sends the consumer never received
   */
  public record Verification(long received, long lost, long duplicates, long outOfOrder, long invalid,
      long unexpected, long notYetReceived, double e2eP99Ms, long deliveredAnyway, long notDelivered) {}
}
