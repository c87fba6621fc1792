package io.iotpulsarload.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.sensor.MessageStamps;
import io.iotpulsarload.settings.SettingSource;
import io.iotpulsarload.testing.GatlingFork;
import io.iotpulsarload.testing.SharedBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.junit.jupiter.api.Test;

/**
 * The distributed run in miniature: 3 injector JVMs launched seconds apart against one broker, one runId; they
 * start their load together (the start barrier), the last to end writes the run's report, then the merge.
 */
class DistributedRunTest {

  @Test
  void threeInjectorsShareTheDevicesAndMergeIntoOneReport() throws Exception {
    String topic = SharedBroker.uniqueTopic("distributed");
    String runId = "distributed-" + System.nanoTime();
    Path results = Path.of("target", "test-results");
    try (PulsarClient client = SharedBroker.client();
        Consumer<byte[]> consumer = client.newConsumer(Schema.BYTES).topic(topic).subscriptionName("check")
            .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest).subscribe()) {
      List<GatlingFork.Running> injectors = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Map<String, String> p = new HashMap<>();
        p.put("pulsar.url", SharedBroker.serviceUrl());
        p.put("topic", topic);
        p.put("runId", runId);
        p.put("injector.index", Integer.toString(i));
        p.put("injector.count", "3");
        p.put("rate", "300");
        p.put("duration", "3s");
        p.put("devices", "3001");
        p.put("verify", "true");
        p.put("results.dir", results.toString());
        p.put("reports.dir", "target/test-reports-distributed");
        GatlingFork.Running injector = GatlingFork.start("simulations.SteadyIoT", p);
        injectors.add(injector);
        // launched apart: the next JVM starts only once this one waits at the start barrier (seconds later)
        injector.awaitLine("start barrier: injector " + i + " of 3 waits", 120);
      }
      long sentByInjectors = 0;
      for (GatlingFork.Running running : injectors) {
        GatlingFork.Result r = running.await(300);
        assertEquals(0, r.exitCode(), r.tail());
        long[] published = r.published();
        assertEquals(published[0], published[1], "every message acknowledged");
        sentByInjectors += published[0];
      }
      assertEquals(900, sentByInjectors, "300 msg/s split 100/100/100 for 3 s");
      // the barrier: injectors launched seconds apart sent their first message within 1 s of each other
      List<Long> firstSends = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        firstSends.add(InjectorSummary.read(results.resolve(runId).resolve("injector-" + i)
            .resolve(InjectorResults.SUMMARY)).firstSendMillis());
      }
      long spread = java.util.Collections.max(firstSends) - java.util.Collections.min(firstSends);
      assertTrue(spread < 1_000, "first sends " + firstSends + " are " + spread + " ms apart");
      // the last injector to end wrote the run's report, as the merge below does again
      com.fasterxml.jackson.databind.JsonNode byLast = new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(Path.of("target/test-reports-distributed", runId, "summary.json").toFile());
      assertEquals(3, byLast.path("injectors").asInt());
      assertEquals(900, byLast.path("sent").asLong());

      Map<String, Set<String>> injectorsOfDevice = new HashMap<>();
      for (long i = 0; i < sentByInjectors; i++) {
        Message<byte[]> m = consumer.receive(30, TimeUnit.SECONDS);
        assertTrue(m != null, "message " + i + " of " + sentByInjectors);
        injectorsOfDevice.computeIfAbsent(m.getKey(), k -> new HashSet<>())
            .add(MessageStamps.read(m::getProperty).injector());
      }
      assertTrue(consumer.receive(1, TimeUnit.SECONDS) == null, "no more than what the injectors sent");
      injectorsOfDevice.forEach((device, by) -> assertEquals(1, by.size(), device + " sent by " + by));
    }

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = MergeCommand.run(SettingSource.properties(Map.of("runId", runId, "results.dir", results.toString(),
        "reports.dir", "target/test-reports")), new PrintStream(out, true, StandardCharsets.UTF_8));
    String printed = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, printed);
    assertTrue(printed.contains("merge: run " + runId + ", 3 injectors: sent=900 acked=900 failed=0"), printed);
    assertTrue(printed.contains("merge: gate gate.maxLost: lost 0 <= 0: passed"), printed);
    assertTrue(printed.contains("merge: gate gate.minRatePercent: sent (% of 900 planned) 100 >= 99: passed"), printed);
    com.fasterxml.jackson.databind.JsonNode summary = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(Path.of("target/test-reports", runId, "summary.json").toFile());
    assertEquals(3, summary.path("injectors").asInt());
    assertEquals(900, summary.path("verification").path("received").asLong(), summary.toString());
    assertTrue(summary.path("passed").asBoolean(), summary.toString());
    assertTrue(Files.readString(Path.of("target/test-reports", runId, "index.html")).contains(runId));
  }
}
