package io.iotpulsarload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.results.ClusterEvent;
import io.iotpulsarload.results.InjectorSummary;
import io.iotpulsarload.sensor.MessageStamps;
import io.iotpulsarload.testing.GatlingFork;
import io.iotpulsarload.testing.SharedBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Reader;
import org.apache.pulsar.client.api.Schema;
import org.junit.jupiter.api.Test;

/**
 * What a real cluster does to a long run besides crashing, against the shared standalone: its topic unloaded
 * again and again (a load manager shedding bundles, a rolling restart), with and without broker deduplication,
 * and partitions added under load. Every figure the run reports is checked against an independent re-read of the
 * topic at rest.
 */
class ClusterEventsTest {

  private static final int UNLOADS = 5;

  @Test
  void unloadsWriteDuplicatesTheRunCountsAndDeduplicationPreventsThem() throws Exception {
    String dedupNamespace = "public/dedup-" + UUID.randomUUID().toString().substring(0, 8);
    try (PulsarAdmin admin = SharedBroker.admin()) {
      admin.namespaces().createNamespace(dedupNamespace);
      admin.namespaces().setDeduplicationStatus(dedupNamespace, true);
      String plainTopic = SharedBroker.uniqueTopic("unloaded");
      String dedupTopic = "persistent://" + dedupNamespace + "/unloaded";
      String plainRun = "unload-" + UUID.randomUUID().toString().substring(0, 8);
      String dedupRun = "dedup-" + UUID.randomUUID().toString().substring(0, 8);
      // both topics exist before the first unload, so each unload reaches a loaded topic
      admin.topics().createNonPartitionedTopic(plainTopic);
      admin.topics().createNonPartitionedTopic(dedupTopic);
      GatlingFork.Running plain = GatlingFork.start("simulations.SteadyIoT", unloaded(plainTopic, plainRun, null));
      GatlingFork.Running dedup = GatlingFork.start("simulations.SteadyIoT",
          unloaded(dedupTopic, dedupRun, "iot-dedup"));
      plain.awaitProgressLines(2, 120);
      dedup.awaitProgressLines(2, 120);
      for (int i = 1; i <= UNLOADS; i++) {
        admin.topics().unload(plainTopic);
        admin.topics().unload(dedupTopic);
        // the next unload once each run says its producer is back: a run that does not see reconnects fails here
        awaitProducerBack(plain, i);
        awaitProducerBack(dedup, i);
      }
      GatlingFork.Result plainResult = plain.await(240);
      GatlingFork.Result dedupResult = dedup.await(240);
      assertEquals(0, plainResult.exitCode(), plainResult.tail());
      assertEquals(0, dedupResult.exitCode(), dedupResult.tail());

      // without deduplication: resends after the reconnects wrote duplicates; the run counts exactly those
      long plainAtRest = duplicatesAtRest(plainTopic, plainRun);
      Verified plainVerified = Verified.of(plainResult);
      assertTrue(reconnects(plainResult) >= UNLOADS, "every unload is a reconnect:\n" + plainResult.tail());
      assertEquals(0, plainVerified.lost(), plainResult.tail());
      assertTrue(plainAtRest > 0, "five unloads under 2,000 msg/s make the producer resend what the broker had "
          + "written:\n" + plainResult.tail());
      assertEquals(plainAtRest, plainVerified.duplicates(), "the run's duplicates are the topic's");
      assertTrue(plainResult.output().contains(plainAtRest + " duplicates written by resends after "),
          "the run ties the duplicates to the reconnects:\n" + plainResult.tail());
      InjectorSummary summary = InjectorSummary.read(Path.of("target", "test-results", plainRun, "injector-0",
          "summary.json"));
      assertEquals(reconnects(plainResult), summary.reconnects());
      assertTrue(Pattern.compile("acked=\\d+ .* reconnects=[1-9]\\d* \\(last").matcher(plainResult.output()).find(),
          "the progress line counts them:\n" + plainResult.tail());
      long inTimeline = Files.readAllLines(Path.of("target", "test-results", plainRun, "injector-0", "timeline.csv"))
          .stream().skip(1).mapToLong(line -> Long.parseLong(line.substring(line.lastIndexOf(',') + 1))).sum();
      assertTrue(inTimeline > 0 && inTimeline <= summary.reconnects(), "timeline.csv has them second by second: "
          + inTimeline);
      assertTrue(Files.readString(Path.of("target", "test-reports", plainRun, "index.html"))
          .contains("\"kind\":\"reconnect\""), "the run's report has the events to mark on its plots");
      assertTrue(summary.events().stream().filter(e -> e.kind().equals(ClusterEvent.RECONNECT)).count() >= UNLOADS,
          "each reconnect is an event in summary.json: " + summary.events());

      // with deduplication on the namespace and named producers: the same unloads, not one duplicate
      Verified dedupVerified = Verified.of(dedupResult);
      assertTrue(reconnects(dedupResult) >= UNLOADS, dedupResult.tail());
      assertEquals(0, dedupVerified.lost(), dedupResult.tail());
      assertEquals(0, dedupVerified.duplicates(), dedupResult.tail());
      assertEquals(0, duplicatesAtRest(dedupTopic, dedupRun), "deduplication kept the resends out of the topic");
      assertTrue(dedupResult.output().contains("producer iot-dedup-0-0 of " + dedupTopic),
          "the producer has the name it was given:\n" + dedupResult.tail());
    }
  }

  @Test
  void partitionsAddedMidRunAreWrittenToWithinTheUpdateIntervalAndNothingIsLost() throws Exception {
    String topic = SharedBroker.uniqueTopic("growing");
    String runId = "grow-" + UUID.randomUUID().toString().substring(0, 8);
    try (PulsarAdmin admin = SharedBroker.admin(); PulsarClient client = SharedBroker.client()) {
      admin.topics().createPartitionedTopic(topic, 2);
      Map<String, String> p = common(topic, runId);
      p.put("rate", "1000");
      p.put("duration", "12s");
      p.put("pulsar.autoUpdatePartitionsInterval", "1s");
      // a device's key hashes to another partition once there are more: its order across the change is not kept
      p.put("gate.maxOutOfOrder", "1000000");
      GatlingFork.Running running = GatlingFork.start("simulations.SteadyIoT", p);
      running.awaitProgressLines(3, 120);
      long grownAt = System.currentTimeMillis();
      admin.topics().updatePartitionedTopic(topic, 4);
      GatlingFork.Result run = running.await(240);
      assertEquals(0, run.exitCode(), run.tail());
      Verified verified = Verified.of(run);
      assertEquals(0, verified.lost(), run.tail());
      assertTrue(run.output().contains("grew from 2 to 4 partitions"), "the run says the topic grew:\n" + run.tail());
      for (int partition = 2; partition < 4; partition++) {
        long first = Long.MAX_VALUE;
        long count = 0;
        try (Reader<byte[]> reader = client.newReader(Schema.BYTES).topic(topic + "-partition-" + partition)
            .startMessageId(MessageId.earliest).create()) {
          while (reader.hasMessageAvailable()) {
            Message<byte[]> m = reader.readNext(10, TimeUnit.SECONDS);
            if (m == null) {
              break;
            }
            count++;
            first = Math.min(first, m.getPublishTime());
          }
        }
        assertTrue(count > 0, "the producers write to new partition " + partition + ":\n" + run.tail());
        // the bound the docs give: one update interval (1 s) and the lookup and producer creation after it
        assertTrue(first - grownAt < 4_000, "partition " + partition + " first written " + (first - grownAt)
            + " ms after it was added");
      }
      InjectorSummary summary = InjectorSummary.read(Path.of("target", "test-results", runId, "injector-0",
          "summary.json"));
      assertTrue(summary.events().stream().anyMatch(e -> e.kind().equals(ClusterEvent.PARTITIONS)
          && e.epochMillis() >= grownAt), "summary.json has when the topic grew: " + summary.events());
    }
  }

  private static final Pattern PRODUCER_BACK = Pattern.compile("reconnect: producer .*: connection lost, back after");

  /** Waits until the run has printed {@code count} times that a producer got its connection back. */
  private static void awaitProducerBack(GatlingFork.Running run, int count) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < until) {
      Matcher m = PRODUCER_BACK.matcher(Files.readString(run.log()));
      int found = 0;
      while (m.find()) {
        found++;
      }
      if (found >= count) {
        return;
      }
      if (!run.process().isAlive()) {
        break;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // polling the run's log for the line
    }
    throw new AssertionError("the run did not report its producer back " + count + " times:\n"
        + Files.readString(run.log()));
  }

  private static Map<String, String> common(String topic, String runId) {
    Map<String, String> p = new HashMap<>();
    p.put("pulsar.url", SharedBroker.serviceUrl());
    p.put("pulsar.adminUrl", SharedBroker.adminUrl());
    p.put("topic", topic);
    p.put("runId", runId);
    p.put("progressInterval", "1s");
    p.put("verify", "true");
    p.put("gate.p99Ms", "1000000");
    p.put("gate.e2eP99Ms", "1000000");
    return p;
  }

  private static Map<String, String> unloaded(String topic, String runId, String producerName) {
    Map<String, String> p = common(topic, runId);
    p.put("rate", "2000");
    p.put("duration", "15s");
    p.put("gate.maxDuplicates", "1000000");
    p.put("gate.maxOutOfOrder", "1000000"); // a resend comes after messages sent later
    if (producerName != null) {
      p.put("pulsar.producerName", producerName);
    }
    return p;
  }

  /** The duplicates in the topic, read at rest from its start: messages of the run seen twice (device, stamp). */
  private static long duplicatesAtRest(String topic, String runId) throws Exception {
    Set<String> seen = new HashSet<>();
    long duplicates = 0;
    try (PulsarClient client = SharedBroker.client();
        Reader<byte[]> reader = client.newReader(Schema.BYTES).topic(topic).startMessageId(MessageId.earliest)
            .create()) {
      while (reader.hasMessageAvailable()) {
        Message<byte[]> m = reader.readNext(10, TimeUnit.SECONDS);
        if (m == null) {
          break;
        }
        MessageStamps.Stamp stamp = MessageStamps.read(m::getProperty);
        if (stamp != null && runId.equals(stamp.run()) && !seen.add(m.getKey() + "|" + stamp.injector() + "|"
            + stamp.sequence())) {
          duplicates++;
        }
      }
    }
    return duplicates;
  }

  private static long reconnects(GatlingFork.Result run) {
    Matcher m = Pattern.compile("iot-pulsar-load: reconnects \\(.*?\\): (\\d+)").matcher(run.output());
    assertTrue(m.find(), run.tail());
    return Long.parseLong(m.group(1));
  }

  private record Verified(long lost, long duplicates) {
    static Verified of(GatlingFork.Result run) {
      Matcher m = Pattern.compile("verification: .* lost=(\\d+) duplicates=(\\d+)").matcher(run.output());
      assertTrue(m.find(), run.tail());
      return new Verified(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
    }
  }
}
