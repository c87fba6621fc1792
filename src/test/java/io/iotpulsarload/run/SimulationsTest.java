package io.iotpulsarload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.results.InjectorResults;
import io.iotpulsarload.results.InjectorSummary;
import io.iotpulsarload.testing.GatlingFork;
import io.iotpulsarload.testing.SharedBroker;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every simulation starts, runs briefly against the embedded broker, and has its gates judged. */
class SimulationsTest {

  private record Run(GatlingFork.Result result, InjectorSummary summary) {}

  private static Run run(String simulation, String... settings) throws Exception {
    Map<String, String> p = new HashMap<>();
    p.put("pulsar.url", SharedBroker.serviceUrl());
    p.put("pulsar.adminUrl", SharedBroker.adminUrl());
    p.put("topic", SharedBroker.uniqueTopic(simulation.toLowerCase()));
    String runId = simulation + "-" + UUID.randomUUID().toString().substring(0, 8);
    p.put("runId", runId);
    p.put("results.dir", "target/test-results");
    for (int i = 0; i < settings.length; i += 2) {
      p.put(settings[i], settings[i + 1]);
    }
    GatlingFork.Result result = GatlingFork.run("simulations." + simulation, p, 240);
    Path summary = Path.of("target/test-results", runId, "injector-0", InjectorResults.SUMMARY);
    return new Run(result, summary.toFile().exists() ? InjectorSummary.read(summary) : null);
  }

  private static void assertGatesPassedWithNoKo(Run run, long minMessages) {
    GatlingFork.Result r = run.result();
    assertEquals(0, r.exitCode(), r.tail());
    long[] okKo = r.okKo("publish");
    assertEquals(0, okKo[1], r.tail());
    assertTrue(okKo[0] >= minMessages, okKo[0] + " < " + minMessages);
    long[] published = r.published();
    assertEquals(published[0], published[1] + published[2], "sent = acked + failed");
    assertTrue(r.output().contains("iot-pulsar-load: gates PASSED"), r.tail());
    assertTrue(r.output().contains("gates: count of failed events is 0.0 : true"), r.tail());
    assertEquals(published[0], run.summary().sent(), "summary.json counts the run's sends");
  }

  @Test
  void rampIoTRampsThenHolds() throws Exception {
    // (0 + 400) / 2 * 3 s + 400 * 2 s = 1,400 messages
    Run run = run("RampIoT", "rate", "400", "rampDuration", "3s", "duration", "2s");
    assertGatesPassedWithNoKo(run, 1_386);
    assertEquals(1_400, run.summary().plannedMessages(), 1e-6);
    assertTrue(run.result().output().contains("sent (% of 1400 planned)"), run.result().tail());
  }

  @Test
  void spikeIoTAddsSpikesOnTopOfTheBaseline() throws Exception {
    // 4 s: 2 s at 100/s, 1 s at 300/s, 1 s at 100/s -> 600 messages
    Run run = run("SpikeIoT", "rate", "100", "spikeFactor", "3", "spikeDuration", "1s",
        "spikeEvery", "3s", "duration", "4s");
    assertGatesPassedWithNoKo(run, 594);
    assertEquals(600, run.summary().plannedMessages(), 1e-6);
  }

  @Test
  void spikeIoTRejectsASpikeLongerThanItsPeriod() throws Exception {
    Run run = run("SpikeIoT", "spikeDuration", "90s", "spikeEvery", "60s");
    assertEquals(1, run.result().exitCode());
    assertTrue(run.result().output().contains(
        "iot-pulsar-load: spikeDuration (PT1M30S) must be shorter than spikeEvery"), run.result().tail());
  }

  @Test
  void soakIoTSendsTenReadingsPerUser() throws Exception {
    Run run = run("SoakIoT", "rate", "200", "duration", "3s");
    assertGatesPassedWithNoKo(run, 594);
    assertEquals(600, run.summary().plannedMessages(), 1e-6, "SoakIoT's own default duration (1h) was overridden");
  }

  /** Was a BUILD FAILURE: DevicesIoT never added the verification user, yet the gates expected it. */
  @Test
  void devicesIoTHasEachDeviceReportOnItsIntervalWithVerification() throws Exception {
    Run run = run("DevicesIoT", "devices", "100", "interval", "1s", "duration", "3s", "verify", "true");
    assertGatesPassedWithNoKo(run, 300);
    assertTrue(run.result().output().contains("100 devices, one reading every PT1S each: 100 msg/s"),
        run.result().tail());
    assertEquals(300, run.summary().plannedMessages(), 1e-6);
    assertEquals(run.summary().acked(), run.summary().verification().received(), "every ack read back");
    assertEquals(0, run.summary().verification().lost());
  }

  /** Was planned 0: CapacityIoT never told the run what it planned, so the merge's rate gate always passed. */
  @Test
  void capacityIoTReportsTheHighestRateThatHeldAndPlansItsSteps() throws Exception {
    Run run = run("CapacityIoT", "capacity.start", "100", "capacity.step", "100",
        "capacity.maxRate", "200", "capacity.stepDuration", "3s");
    assertEquals(0, run.result().exitCode(), run.result().tail());
    assertTrue(run.result().output().contains("iot-pulsar-load: CAPACITY highest rate that held: "),
        run.result().tail());
    // the steps that ran: all of step 1, and step 2 up to where the search stopped the load (if it did)
    double planned = run.summary().plannedMessages();
    assertTrue(planned > 100 * 3 && planned <= 100 * 3 + 200 * 3, "planned " + planned);
    assertTrue(run.summary().gates().stream().noneMatch(g -> g.name().equals("gate.p99Ms")),
        "p99 is judged step by step: " + run.summary().gates());
  }
}
