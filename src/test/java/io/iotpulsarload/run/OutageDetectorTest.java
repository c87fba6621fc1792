package io.iotpulsarload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Outages found in per-second counts: their span, failed sends and time to the first ack after them. */
class OutageDetectorTest {

  private long second;

  private void tick(OutageDetector d, long sent, long acked, long failed) {
    second++;
    d.onTick(new RunMonitor.Tick(second * 1000, 1_000_000 + second * 1000, sent, acked, failed, null, null));
  }

  @Test
  void aPauseIsOneOutageFromTheFirstSilentSecondToTheFirstAck() {
    OutageDetector d = new OutageDetector();
    tick(d, 100, 100, 0);
    tick(d, 100, 100, 0);
    for (int i = 0; i < 12; i++) {
      tick(d, 100, 0, i < 10 ? 0 : 50); // paused: nothing acked, timeouts from the 11th second
    }
    tick(d, 100, 1100, 0); // resumed: the backlog is acknowledged
    tick(d, 100, 100, 0);
    List<io.iotpulsarload.results.Outage> outages = d.outages();
    assertEquals(1, outages.size(), outages.toString());
    io.iotpulsarload.results.Outage o = outages.get(0);
    assertEquals(1_000_000 + 2_000, o.startMillis(), "starts with the first silent second");
    assertEquals(1_000_000 + 15_000, o.endMillis());
    assertEquals(100, o.failedSends());
    assertEquals(13.0, o.secondsToFirstAck());
  }

  @Test
  void oneSlowSecondIsNotAnOutageAndAnOutageStillOpenAtTheEndIsReported() {
    OutageDetector d = new OutageDetector();
    tick(d, 100, 100, 0);
    tick(d, 100, 0, 0); // a 1 s hiccup
    tick(d, 100, 200, 0);
    assertEquals(List.of(), d.outages());
    tick(d, 100, 0, 100);
    tick(d, 100, 0, 100);
    io.iotpulsarload.results.Outage open = d.outages().get(0);
    assertEquals(200, open.failedSends());
    assertNull(open.endMillis());
  }
}
