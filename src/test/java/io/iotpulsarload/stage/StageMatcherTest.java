package io.iotpulsarload.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.results.InjectorSummary;
import io.iotpulsarload.results.StageResult;
import io.iotpulsarload.testing.GatlingFork;
import io.iotpulsarload.testing.PassThroughStage;
import io.iotpulsarload.testing.SharedBroker;
import io.iotpulsarload.testing.SiteAggregator;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.pulsar.client.api.PulsarClient;
import org.junit.jupiter.api.Test;

/**
 * Real processing stages behind the run's topic, in this JVM, against the shared standalone: a 1:1 stage that
 * passes readings on 30 ms late and drops every 40th, and an aggregate per site in 1 s windows. The run reads
 * their output topics and must find the stage's latency, exactly the readings it dropped, and the aggregates'
 * event-time latency.
 */
class StageMatcherTest {

  @Test
  void aPassThroughStageIsTimedAndTheReadingsItDroppedAreCountedLost() throws Exception {
    String input = SharedBroker.uniqueTopic("stage-in");
    String output = SharedBroker.uniqueTopic("stage-enriched");
    String runId = "stage-" + UUID.randomUUID().toString().substring(0, 8);
    try (PulsarClient client = SharedBroker.client()) {
      PassThroughStage stage = new PassThroughStage(client, input, output, 30, 40);
      GatlingFork.Result run;
      try {
        run = GatlingFork.run("simulations.SteadyIoT", settings(input, runId, Map.of("stage.topic", output)), 240);
      } finally {
        stage.close();
      }

      assertEquals(2, run.exitCode(), "the lost gate fails the run:\n" + run.tail());
      assertTrue(stage.dropped() > 0, "the stage dropped some: " + stage.dropped());
      StageResult result = summary(runId).stage();
      assertNotNull(result, run.tail());
      System.out.println("pass-through stage, 500 msg/s for 8 s: " + result.line());
      assertEquals(StageResult.STAMP, result.match());
      long acked = summary(runId).acked();
      assertEquals(acked, result.expected(), "every acknowledged reading is expected out");
      assertEquals(stage.received(), acked, "the stage saw every reading");
      assertEquals(stage.dropped(), result.lost(), "lost in the stage = what it dropped");
      assertEquals(acked - stage.dropped(), result.outputs(), "every other reading came out once");
      assertEquals(0, result.duplicates());
      assertEquals(0, result.withoutTime());
      assertTrue(result.latencyMs().p50() >= 30, "the stage holds each reading 30 ms: " + result.latencyMs());
      assertTrue(result.latencyMs().p99() < 2_000, "and no more than that by much: " + result.latencyMs());
      assertTrue(result.seconds().size() >= 6, "latency per second: " + result.seconds());
      assertTrue(Pattern.compile("gate gate\\.stage\\.maxLost: readings lost through stage " + Pattern.quote(output)
          + " " + stage.dropped() + " <= 0: FAILED").matcher(run.output()).find(), run.tail());
      assertTrue(run.output().contains("lost in the stage: 0/"), "examples of what never came out:\n" + run.tail());
    }
  }

  @Test
  void anAggregatePerSiteIsTimedByTheNewestEventTimeItCarries() throws Exception {
    String input = SharedBroker.uniqueTopic("stage-in");
    String output = SharedBroker.uniqueTopic("stage-per-site");
    String runId = "aggregate-" + UUID.randomUUID().toString().substring(0, 8);
    try (PulsarClient client = SharedBroker.client()) {
      SiteAggregator aggregator = new SiteAggregator(client, input, output);
      GatlingFork.Result run;
      try {
        run = GatlingFork.run("simulations.SteadyIoT", settings(input, runId, Map.of("stage.topic", output,
            "stage.match", "eventTime", "stage.eventTime", "field:newestEventTime", "gate.stage.p99Ms", "3000")),
            240);
      } finally {
        aggregator.close();
      }

      assertEquals(0, run.exitCode(), run.tail());
      StageResult result = summary(runId).stage();
      assertNotNull(result, run.tail());
      System.out.println("aggregate per site, 500 msg/s for 8 s: " + result.line());
      assertEquals(StageResult.EVENT_TIME, result.match());
      assertEquals(null, result.lost(), "an aggregate's loss is not counted");
      assertEquals(aggregator.readings(), summary(runId).acked(), "the aggregator saw every reading");
      assertTrue(result.outputs() > 0 && result.outputs() <= aggregator.outputs(),
          "the run read the aggregates written during it: " + result.outputs() + " of " + aggregator.outputs());
      assertTrue(result.outputs() >= aggregator.outputs() - 200, "all but the last window's at most: "
          + result.outputs() + " of " + aggregator.outputs());
      assertEquals(0, result.withoutTime(), "every aggregate carries newestEventTime");
      // a window closes at the next whole second: a reading waits up to 1 s in it, ~0.5 s on average
      assertTrue(result.latencyMs().p50() > 0 && result.latencyMs().p50() < 1_500, result.latencyMs().toString());
      assertTrue(result.latencyMs().p99() < 3_000, result.latencyMs().toString());
      assertNotNull(result.drainSeconds(), "the last window came out after the load");
      assertTrue(Pattern.compile("gate gate\\.stage\\.p99Ms: latency p99 \\(ms\\) through stage " + Pattern.quote(output)
          + " [\\d.]+ <= 3000: passed").matcher(run.output()).find(), run.tail());
    }
  }

  private static Map<String, String> settings(String topic, String runId, Map<String, String> more) {
    Map<String, String> p = SharedBroker.runSettings(topic, runId);
    p.put("rate", "500");
    p.put("duration", "8s");
    p.put("warmup", "0s");
    p.put("verify", "false");
    p.put("progressInterval", "4s");
    p.put("stage.drainTimeout", "3s");
    p.putAll(more);
    return p;
  }

  private static InjectorSummary summary(String runId) {
    return InjectorSummary.read(Path.of("target", "test-results", runId, "injector-0", "summary.json"));
  }
}
