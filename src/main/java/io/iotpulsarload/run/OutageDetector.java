package io.iotpulsarload.run;

import io.iotpulsarload.results.Outage;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the outages of a run in its one-second ticks. An outage starts with a second in which sends failed, or in
 * which nothing was acknowledged while sends were outstanding; it ends with the first later second in which sends
 * were acknowledged and none failed. A span of one quiet second without failures is a hiccup, not an outage.
 * Runs on the monitor's thread only.
 */
final class OutageDetector implements RunMonitor.TickListener {

  private final List<Outage> outages = new ArrayList<>();
  private long inFlight;
  private long startMillis = -1;
  private long failed;

  @Override
  public void onTick(RunMonitor.Tick tick) {
    long acked = tick.acked(); // a tick holds its own second's counts
    long failedNow = tick.failed();
    inFlight += tick.sent() - acked - failedNow;
    boolean bad = failedNow > 0 || (acked == 0 && inFlight > 0);
    if (startMillis < 0) {
      if (bad) {
        startMillis = tick.epochMillis() - 1_000;
        failed = failedNow;
      }
    } else {
      failed += failedNow;
      if (acked > 0 && failedNow == 0) {
        long endMillis = tick.epochMillis();
        if (failed > 0 || endMillis - startMillis > 2_000) {
          outages.add(new Outage(startMillis, endMillis, failed, (endMillis - startMillis) / 1000.0));
        }
        startMillis = -1;
      }
    }
  }

  /** The outages found, one still open at the end included (call after the last tick). */
  List<Outage> outages() {
    List<Outage> all = new ArrayList<>(outages);
    if (startMillis >= 0 && failed > 0) {
      all.add(new Outage(startMillis, null, failed, null));
    }
    return all;
  }
}
