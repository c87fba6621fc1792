package io.iotpulsarload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.gatling.pulsar.client.PublishErrors;
import io.iotpulsarload.testing.GatlingFork;
import io.iotpulsarload.testing.SharedBroker;
import io.iotpulsarload.testing.Signals;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A broker paused for 20 s under 50,000 msg/s: the producers' queue and the client's memory limit fill, and from
 * then on a send fails at once with KO "queue full" instead of blocking a Gatling event loop. The injector keeps
 * its rhythm (a progress line every 5 s throughout), the run ends by itself, and every message is accounted for.
 */
class BrokerPauseTest {

  private static final Pattern PROGRESS = Pattern.compile("^iot-pulsar-load: \\S+ \\+(\\d+)s sent=", Pattern.MULTILINE);

  @Test
  void aPausedBrokerFailsSendsAsQueueFullWithoutStallingTheInjector() throws Exception {
    Map<String, String> p = new HashMap<>();
    p.put("pulsar.url", SharedBroker.serviceUrl());
    p.put("topic", SharedBroker.uniqueTopic("paused"));
    p.put("rate", "50000");
    p.put("duration", "45s");
    p.put("messagesPerUser", "10");
    p.put("progressInterval", "5s");
    p.put("pulsar.sendTimeout", "30s"); // longer than the pause: what fails is the full queue, not a timeout
    p.put("verify", "false");
    p.put("gate.maxKoPercent", "100");
    p.put("gate.p99Ms", "1000000");
    p.put("gate.minRatePercent", "0");
    GatlingFork.Running running = GatlingFork.start("simulations.SteadyIoT", p);
    long pid = SharedBroker.broker().pid();
    running.awaitProgressLines(2, 120);
    Signals.send("STOP", pid);
    try {
      running.awaitProgressLines(6, 120); // four more lines, 20 s, all while the broker is paused
    } finally {
      Signals.send("CONT", pid);
    }
    GatlingFork.Result run = running.await(300);
    assertEquals(0, run.exitCode(), run.tail());
    long[] published = run.published();
    assertEquals(published[0], published[1] + published[2], "sent = acked + failed");
    Matcher dir = Pattern.compile("results of injector 0 in (\\S+)").matcher(run.output());
    assertTrue(dir.find(), run.tail());
    var summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Path.of(dir.group(1), "summary.json")
        .toFile());
    assertTrue(summary.path("failuresByType").path(PublishErrors.QUEUE_FULL).asLong() > 0,
        "KOs named queue full: " + summary.path("failuresByType"));

    Matcher heap = Pattern.compile("live heap max (\\d+) MiB").matcher(run.output());
    assertTrue(heap.find(), run.tail());
    // 20 s of 50,000 msg/s is ~1,000,000 readings (~300 MB pending): the client's 64 MiB memory limit refuses them
    assertTrue(Integer.parseInt(heap.group(1)) < 600, "heap stayed bounded during the pause: " + heap.group());
    List<Integer> seconds = new ArrayList<>();
    for (Matcher m = PROGRESS.matcher(run.output()); m.find(); ) {
      seconds.add(Integer.parseInt(m.group(1)));
    }
    assertTrue(seconds.size() >= 8, "progress lines: " + seconds);
    for (int i = 1; i < seconds.size(); i++) {
      assertTrue(seconds.get(i) - seconds.get(i - 1) <= 7, "the injector stalled between " + seconds.get(i - 1)
          + " s and " + seconds.get(i) + " s: " + seconds);
    }
  }

  /**
   * A broker paused longer than the send timeout, with verification on: the sends it kept waiting fail (KO,
   * timed out), yet the broker stored them, so the verifier classes them "delivered anyway", not lost; every KO
   * is classified, no acknowledged message is lost, and the run passes its loss gate.
   */
  @Test
  void timedOutSendsThatReachedTheBrokerAreDeliveredAnywayNotLost() throws Exception {
    Map<String, String> p = new HashMap<>();
    p.put("pulsar.url", SharedBroker.serviceUrl());
    p.put("topic", SharedBroker.uniqueTopic("paused-verified"));
    p.put("rate", "500");
    p.put("duration", "25s");
    p.put("progressInterval", "2s");
    p.put("pulsar.sendTimeout", "2s");
    p.put("verify", "true");
    p.put("gate.maxKoPercent", "100");
    p.put("gate.p99Ms", "1000000");
    p.put("gate.e2eP99Ms", "1000000");
    GatlingFork.Running running = GatlingFork.start("simulations.SteadyIoT", p);
    long pid = SharedBroker.broker().pid();
    running.awaitProgressLines(2, 120);
    Signals.send("STOP", pid);
    try {
      running.awaitProgressLines(5, 120); // 6 s paused: three times the send timeout
    } finally {
      Signals.send("CONT", pid);
    }
    GatlingFork.Result run = running.await(300);
    assertEquals(0, run.exitCode(), run.tail());
    Matcher v = Pattern.compile("verification: sent=(\\d+) acked=(\\d+) failed=(\\d+) \\(delivered anyway=(\\d+) "
        + "not delivered=(\\d+)\\) received=\\d+ lost=(\\d+)").matcher(run.output());
    assertTrue(v.find(), "a classified verification line:\n" + run.tail());
    long sent = Long.parseLong(v.group(1));
    long acked = Long.parseLong(v.group(2));
    long failed = Long.parseLong(v.group(3));
    long deliveredAnyway = Long.parseLong(v.group(4));
    long notDelivered = Long.parseLong(v.group(5));
    assertEquals(sent, acked + failed, "sent = acked + failed");
    assertTrue(failed > 0, "the pause made sends time out");
    assertEquals(failed, deliveredAnyway + notDelivered, "every KO classified");
    assertTrue(deliveredAnyway > 0, "timed out is not lost: the broker stored them");
    assertEquals(0, Long.parseLong(v.group(6)), "no acknowledged message lost");
  }



}
