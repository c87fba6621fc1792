package io.iotpulsarload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.results.InjectorResults;
import io.iotpulsarload.results.InjectorSummary;
import io.iotpulsarload.testing.GatlingFork;
import io.iotpulsarload.testing.SharedBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
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

  /**
   * The run's own per-second timeline against its plan: every second after the first (warm-up) and inside the
   * profile sent what the plan asks for that second, within 20 % (or 15 messages) either way; and the whole run
   * sent the planned total within 1 %. A flat ramp, a misplaced spike or over-sending fails here.
   */
  private static void assertFollowsThePlan(Run run, LoadPlan plan) throws Exception {
    List<String> lines = Files.readAllLines(Path.of("target/test-results", run.summary().runId(), "injector-0",
        InjectorResults.TIMELINE));
    long first = run.summary().firstSendMillis();
    long length = plan.length().toMillis();
    int judged = 0;
    long previous = -1;
    StringBuilder seconds = new StringBuilder();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      long end = Long.parseLong(f[0]) - first;
      long sent = Long.parseLong(f[1]);
      if (previous >= 1_000 && end <= length) {
        double expected = plan.messagesUntil(end) - plan.messagesUntil(previous);
        seconds.append(String.format(" [%d-%d ms: %d, planned %.0f]", previous, end, sent, expected));
        assertEquals(expected, sent, Math.max(0.2 * expected, 15), "the second " + previous + "-" + end
            + " ms after the first send" + seconds);
        judged++;
      }
      previous = end;
    }
    assertTrue(judged >= plan.length().toSeconds() - 3, "seconds judged: " + judged + seconds);
    assertEquals(plan.messages(), run.summary().sent(), plan.messages() * 0.01, "sent, planned");
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
    if (r.output().contains("Reports generated")) { // Gatling's log on: its assertion judged the gates too
      assertTrue(r.output().contains("gates: count of failed events is 0.0 : true"), r.tail());
    } else { // off (SoakIoT's default): no Gatling assertion; the run's own report says it
      assertTrue(r.output().contains("iot-pulsar-load: run report (1 injector, gates PASSED)"), r.tail());
    }
    assertEquals(published[0], run.summary().sent(), "summary.json counts the run's sends");
  }

  @Test
  void steadyIoTHoldsItsRateEverySecond() throws Exception {
    Run run = run("SteadyIoT", "rate", "300", "duration", "6s");
    assertGatesPassedWithNoKo(run, 1_800);
    assertFollowsThePlan(run, new LoadPlan(List.of()).then(300, 300, Duration.ofSeconds(6)));
  }

  @Test
  void rampIoTRampsThenHolds() throws Exception {
    // (0 + 400) / 2 * 4 s + 400 * 2 s = 1,600 messages; the ramp adds 100 msg/s every second
    Run run = run("RampIoT", "rate", "400", "rampDuration", "4s", "duration", "2s");
    assertGatesPassedWithNoKo(run, 1_584);
    assertEquals(1_600, run.summary().plannedMessages(), 1e-6);
    assertTrue(run.result().output().contains("sent (% of 1600 planned)"), run.result().tail());
    assertFollowsThePlan(run, new LoadPlan(List.of()).then(0, 400, Duration.ofSeconds(4))
        .then(400, 400, Duration.ofSeconds(2)));
  }

  @Test
  void spikeIoTAddsSpikesOnTopOfTheBaseline() throws Exception {
    // 8 s: 2 s at 100/s, 2 s at 400/s, 2 s at 100/s, 2 s at 400/s -> 2,000 messages
    Run run = run("SpikeIoT", "rate", "100", "spikeFactor", "4", "spikeDuration", "2s",
        "spikeEvery", "4s", "duration", "8s");
    assertGatesPassedWithNoKo(run, 1_980);
    assertEquals(2_000, run.summary().plannedMessages(), 1e-6);
    LoadPlan plan = new LoadPlan(List.of());
    for (int i = 0; i < 2; i++) {
      plan = plan.then(100, 100, Duration.ofSeconds(2)).then(400, 400, Duration.ofSeconds(2));
    }
    assertFollowsThePlan(run, plan);
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
    assertGatesPassedWithNoKo(run, 600);
    assertEquals(600, run.summary().plannedMessages(), 1e-6, "SoakIoT's own default duration (1h) was overridden");
    assertEquals(600, run.summary().sent());
    assertEquals(60, usersDone(run.result(), "SoakIoT"), "600 readings by 60 virtual users: 10 each");
  }

  @Test
  void messagesPerUserSetsTheReadingsOfEachUser() throws Exception {
    Run run = run("SteadyIoT", "rate", "200", "duration", "3s", "messagesPerUser", "4");
    assertGatesPassedWithNoKo(run, 600);
    assertEquals(600, run.summary().sent());
    assertEquals(150, usersDone(run.result(), "SteadyIoT"), "600 readings by 150 virtual users: 4 each");
  }

  /** Gatling's last "done: N" of a scenario: the virtual users that ended. */
  private static long usersDone(GatlingFork.Result result, String scenario) {
    String out = result.output();
    int block = out.lastIndexOf("---- " + scenario + " ");
    Matcher m = Pattern.compile("done: *(\\d+)").matcher(out.substring(block));
    assertTrue(block >= 0 && m.find(), result.tail());
    return Long.parseLong(m.group(1));
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

  /** Each of 50 devices reports exactly once per interval: 3 readings, about one interval apart. */
  @Test
  void devicesIoTPacesEveryDeviceOnItsInterval() throws Exception {
    String topic = SharedBroker.uniqueTopic("devices-paced");
    Map<String, List<Long>> times = new HashMap<>();
    try (PulsarClient client = SharedBroker.client();
        Consumer<byte[]> consumer = client.newConsumer(Schema.BYTES).topic(topic).subscriptionName("check")
            .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest).subscribe()) {
      Run run = run("DevicesIoT", "devices", "50", "interval", "1s", "duration", "3s", "topic", topic);
      assertGatesPassedWithNoKo(run, 150);
      for (int i = 0; i < 150; i++) {
        Message<byte[]> m = consumer.receive(30, TimeUnit.SECONDS);
        assertTrue(m != null, "reading " + i);
        times.computeIfAbsent(m.getKey(), k -> new ArrayList<>()).add(m.getEventTime());
      }
      assertTrue(consumer.receive(1, TimeUnit.SECONDS) == null, "no more than 3 per device");
    }
    assertEquals(50, times.size(), "every device reported");
    times.forEach((device, t) -> {
      assertEquals(3, t.size(), device + " " + t);
      Collections.sort(t);
      for (int i = 1; i < t.size(); i++) {
        assertEquals(1_000, t.get(i) - t.get(i - 1), 250, device + " readings one interval apart: " + t);
      }
    });
  }

  /** Four partitions: every one used, each device's readings in order, none lost. */
  @Test
  void aPartitionedTopicIsVerifiedAcrossItsPartitions() throws Exception {
    String topic = SharedBroker.uniqueTopic("partitioned");
    Run run = run("SteadyIoT", "rate", "400", "duration", "3s", "partitions", "4", "verify", "true",
        "topic", topic);
    assertGatesPassedWithNoKo(run, 1_200);
    assertEquals(1_200, run.summary().verification().received());
    assertEquals(0, run.summary().verification().lost());
    assertEquals(0, run.summary().verification().outOfOrder());
    try (PulsarAdmin admin = SharedBroker.admin()) {
      var partitions = admin.topics().getPartitionedStats(topic, true).getPartitions();
      assertEquals(4, partitions.size());
      partitions.forEach((name, stats) -> assertTrue(stats.getMsgInCounter() > 0, name + " unused"));
    }
  }

  /** A step that must break (no p99 is 0 ms): the answer is 0 msg/s, and the load stops after that step. */
  @Test
  void capacityIoTStopsAtTheFirstStepThatBreaks() throws Exception {
    Run run = run("CapacityIoT", "capacity.start", "100", "capacity.step", "100",
        "capacity.maxRate", "300", "capacity.stepDuration", "3s", "gate.p99Ms", "0");
    assertEquals(0, run.result().exitCode(), run.result().tail());
    assertTrue(run.result().output().contains("iot-pulsar-load: capacity step 1 at 100 msg/s: achieved"),
        run.result().tail());
    assertTrue(run.result().output().contains("FAILED, p99 above gate.p99Ms 0.0"), run.result().tail());
    assertTrue(run.result().output().contains("iot-pulsar-load: CAPACITY highest rate that held: 0 msg/s"),
        run.result().tail());
    // the full profile is 300 + 600 + 900 messages; it stopped within the second step
    assertTrue(run.summary().sent() < 300 + 600, "sent " + run.summary().sent());
    assertTrue(run.summary().plannedMessages() < 300 + 600, "planned " + run.summary().plannedMessages());
  }

  /** Was planned 0: CapacityIoT never told the run what it planned, so the merge's rate gate always passed. */
  @Test
  void capacityIoTReportsTheHighestRateThatHeldAndPlansItsSteps() throws Exception {
    Run run = run("CapacityIoT", "capacity.start", "100", "capacity.step", "100",
        "capacity.maxRate", "200", "capacity.stepDuration", "3s", "capacity.minRatePercent", "80");
    assertEquals(0, run.result().exitCode(), run.result().tail());
    assertTrue(run.result().output().contains("iot-pulsar-load: CAPACITY highest rate that held: 200 msg/s"),
        run.result().tail());
    assertEquals(100 * 3 + 200 * 3, run.summary().plannedMessages(), 1e-6);
    assertTrue(run.summary().gates().stream().noneMatch(g -> g.name().equals("gate.p99Ms")),
        "p99 is judged step by step: " + run.summary().gates());
  }
}
