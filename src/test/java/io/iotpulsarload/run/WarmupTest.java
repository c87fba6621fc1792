package io.iotpulsarload.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpulsarload.testing.GatlingFork;
import io.iotpulsarload.testing.SharedBroker;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The warm-up before the measured load, as users run it: its readings are real (acknowledged, verified, in the
 * counts) but recorded as request {@code warmup}, and the gates and the load's plan judge only what follows it.
 */
class WarmupTest {

  @Test
  void warmupSendsAreCountedAndVerifiedButTheGatesJudgeTheMeasuredLoadOnly() throws Exception {
    String runId = "warmup-" + System.nanoTime();
    Map<String, String> p = new HashMap<>();
    p.put("pulsar.url", SharedBroker.serviceUrl());
    p.put("pulsar.adminUrl", SharedBroker.adminUrl());
    p.put("topic", SharedBroker.uniqueTopic("warmup"));
    p.put("rate", "1000");
    p.put("duration", "3s");
    p.put("warmup", "2s");
    p.put("verify", "true");
    p.put("runId", runId);
    p.put("gate.minRatePercent", "100"); // the plan (3,000) against the measured load only: exactly met
    p.put("progressInterval", "1s");

    GatlingFork.Result run = GatlingFork.run("simulations.SteadyIoT", p, 240);

    assertEquals(0, run.exitCode(), run.tail());
    long planned = 3_000;
    assertArrayEquals(new long[] {planned, 0}, run.okKo("publish"), "the measured load alone is 'publish'");
    long[] warmup = run.okKo("warmup");
    // a ramp from 100 to 1,000 msg/s over 2 s: ~1,100 readings
    assertTrue(warmup[0] > 500 && warmup[0] < 2_000 && warmup[1] == 0, "warm-up sends " + warmup[0]);
    long total = planned + warmup[0];
    assertArrayEquals(new long[] {total, total, 0}, run.published(), "every send of both phases is answered");
    assertEquals(1, run.output().split("pulsar: published ", -1).length - 1,
        "the warm-up's scenario and the load's share one client and one producer pool: " + run.tail());
    assertTrue(run.output().contains("warm-up done in "), run.tail());
    assertTrue(run.output().contains("run: sent=" + planned + " acked=" + planned + " failed=0"), run.tail());
    assertTrue(run.output().contains("gate gate.minRatePercent: sent (% of 3000 planned) 100 >= 100: passed"),
        run.tail());
    assertTrue(run.output().contains("received=" + total + " lost=0 duplicates=0 out-of-order=0 invalid=0"),
        "the warm-up's readings are verified with the rest: " + run.tail());
    assertArrayEquals(new long[] {total, 0}, run.okKo("e2e"), run.tail());

    ObjectMapper json = new ObjectMapper();
    JsonNode summary = json.readTree(Path.of("target/test-results", runId, "injector-0", "summary.json").toFile());
    assertEquals(total, summary.path("sent").asLong(), summary.toString());
    assertEquals(warmup[0], summary.path("warmup").path("sent").asLong(), summary.toString());
    assertEquals(warmup[0], summary.path("warmup").path("readings").asLong(), summary.toString());
    assertTrue(summary.path("warmup").path("seconds").asDouble() >= 2, summary.toString());
    JsonNode report = json.readTree(Path.of("target/test-reports", runId, "summary.json").toFile());
    assertEquals(total, report.path("sent").asLong(), report.toString());
    assertEquals(warmup[0], report.path("warmup").path("acked").asLong(), report.toString());
    assertEquals(planned, report.path("publishLatencyMs").path("count").asLong(),
        "the report's publish latencies are the measured load's: " + report);
    assertTrue(report.path("passed").asBoolean(), report.toString());
  }
}
