package io.iotpulsarload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpulsarload.results.MergeCommand;
import io.iotpulsarload.settings.SettingSource;
import io.iotpulsarload.testing.GatlingFork;
import io.iotpulsarload.testing.Signals;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to an injector mid-run (a Kubernetes pod deleted, Ctrl-C): the load stops, what was sent is answered,
 * results and summary are written marked interrupted, the verdict is FAILED, the embedded broker it started is
 * stopped, the JVM exits non-zero, and the merge names the interrupted injector instead of counting it silently.
 */
class InterruptedRunTest {

  @Test
  void sigtermEndsTheRunMarkedInterruptedAndStopsItsBroker() throws Exception {
    String runId = "interrupted-" + System.nanoTime();
    Path results = Path.of("target", "test-results");
    Map<String, String> p = new HashMap<>();
    p.put("runId", runId);
    p.put("rate", "1000");
    p.put("duration", "120s");
    p.put("progressInterval", "2s");
    p.put("results.dir", results.toString()); // no pulsar.url: the run starts its own embedded broker
    GatlingFork.Running running = GatlingFork.start("simulations.SteadyIoT", p);
    long pid = running.process().pid();
    running.awaitProgressLines(2, 180);
    Signals.send("TERM", pid);

    GatlingFork.Result run = running.await(120);
    assertEquals(143, run.exitCode(), "the JVM's status after SIGTERM\n" + run.tail());
    assertTrue(run.output().contains("iot-pulsar-load: INTERRUPTED (the JVM is stopping: SIGTERM or Ctrl-C)"),
        run.tail());
    assertTrue(run.output().contains("iot-pulsar-load: gate interrupted: runs stopped by SIGTERM or Ctrl-C before "
        + "their end 1 <= 0: FAILED"), run.tail());
    assertTrue(run.output().contains("iot-pulsar-load: gates FAILED: "), run.tail());
    JsonNode summary = new ObjectMapper().readTree(results.resolve(runId).resolve("injector-0/summary.json")
        .toFile());
    assertTrue(summary.path("interrupted").asBoolean(), summary.toString());
    long sent = summary.path("sent").asLong();
    assertTrue(sent > 0 && sent < 120_000, "stopped early: " + sent);
    assertEquals(sent, summary.path("acked").asLong() + summary.path("failed").asLong(), "sent = acked + failed");
    assertTrue(Files.exists(results.resolve(runId).resolve("injector-0/latency.hlog")), "results written");
    assertTrue(run.output().contains(" lost=0 "), "what was acknowledged before the stop arrived:\n" + run.tail());
    assertFalse(ProcessHandle.allProcesses().anyMatch(h -> h.info().commandLine().orElse("")
        .contains("broker-" + pid)), "the embedded broker of the interrupted run is stopped");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = MergeCommand.run(SettingSource.properties(Map.of("runId", runId, "results.dir", results.toString(),
        "reports.dir", "target/test-reports")), new PrintStream(out, true, StandardCharsets.UTF_8));
    String merged = out.toString(StandardCharsets.UTF_8);
    assertEquals(1, status, merged);
    assertTrue(merged.contains("merge: injector 0 was INTERRUPTED (SIGTERM or Ctrl-C) before its end"), merged);
  }


}
