package io.iotpulsarload.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.results.InjectorSummary;
import io.iotpulsarload.results.WatchedSubscription;
import io.iotpulsarload.testing.GatlingFork;
import io.iotpulsarload.testing.PacedConsumer;
import io.iotpulsarload.testing.SharedBroker;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.PulsarClient;
import org.junit.jupiter.api.Test;

/**
 * Real subscriptions behind the run's topic, real consumers in this JVM, against the shared standalone: one that
 * keeps up, one that consumes at about half the input rate, one that stops receiving mid-run (stays connected),
 * and one with no consumer at all. The run must tell them apart, and its gates fail naming the ones behind.
 */
class SubscriptionWatchTest {

  @Test
  void theRunTellsAFastASlowAStoppedAndAnAbsentConsumerApart() throws Exception {
    String topic = SharedBroker.uniqueTopic("watched");
    String runId = "watch-" + UUID.randomUUID().toString().substring(0, 8);
    AtomicBoolean running = new AtomicBoolean(true);
    try (PulsarClient client = SharedBroker.client()) {
      Consumer<byte[]> fast = PacedConsumer.subscribe(client, topic, "fast", 1000);
      Consumer<byte[]> slow = PacedConsumer.subscribe(client, topic, "slow", 1000);
      Consumer<byte[]> stops = PacedConsumer.subscribe(client, topic, "stops", 100);
      PacedConsumer.subscribe(client, topic, "nobody", 1000).close(); // the subscription stays, with no consumer
      Thread fastLoop = PacedConsumer.consume(fast, running, Double.POSITIVE_INFINITY, Long.MAX_VALUE);
      Thread slowLoop = PacedConsumer.consume(slow, running, 450, Long.MAX_VALUE);
      Thread stopsLoop = PacedConsumer.consume(stops, running, Double.POSITIVE_INFINITY, 2_500); // then no more receive()
      Map<String, String> p = SharedBroker.runSettings(topic, runId);
      p.put("rate", "1000");
      p.put("duration", "15s");
      p.put("verify", "false");
      p.put("progressInterval", "5s");
      p.put("watch.subscriptions", "fast,slow,stops,nobody");
      p.put("watch.interval", "1s");
      p.put("watch.drainTimeout", "8s");
      GatlingFork.Result run = GatlingFork.run("simulations.SteadyIoT", p, 240);
      running.set(false);
      for (Thread t : new Thread[] {fastLoop, slowLoop, stopsLoop}) {
        t.join(10_000);
      }

      assertEquals(2, run.exitCode(), "the watch gates fail the run:\n" + run.tail());
      assertTrue(run.output().contains("iot-pulsar-load: watched fast: keeps up (") , run.tail());
      Matcher slowLine = Pattern.compile("watched slow: falls behind \\(undelivered messages grow (\\d+) msg/s")
          .matcher(run.output());
      assertTrue(slowLine.find(), "the slow one falls behind:\n" + run.tail());
      long growth = Long.parseLong(slowLine.group(1));
      assertTrue(growth > 350 && growth < 750, "it grows by about input (1000) - its pace (450): " + growth);
      assertTrue(run.output().contains("watched slow: falls behind") && run.output().contains("did NOT drain"),
          run.tail());
      assertTrue(run.output().contains("iot-pulsar-load: watched stops: stalled (nothing delivered for"),
          "the stopped one is stalled:\n" + run.tail());
      assertTrue(run.output().contains("iot-pulsar-load: watched nobody: no consumer ("), run.tail());
      assertTrue(Pattern.compile("gate gate\\.watch\\.maxGrowthPercent: backlog growth of slow .* FAILED")
          .matcher(run.output()).find(), "the gate fails naming it:\n" + run.tail());
      assertTrue(Pattern.compile("gate gate\\.watch\\.maxGrowthPercent: backlog growth of fast .* passed")
          .matcher(run.output()).find(), run.tail());

      InjectorSummary summary = InjectorSummary.read(Path.of("target", "test-results", runId, "injector-0",
          "summary.json"));
      Map<String, String> verdicts = new HashMap<>();
      for (WatchedSubscription w : summary.subscriptions()) {
        verdicts.put(w.subscription(), w.verdict());
        if (w.subscription().equals("fast")) {
          assertTrue(w.drainSeconds() != null && w.drainSeconds() < 8, "the fast one drains in seconds: " + w);
        } else {
          assertEquals(null, w.drainSeconds(), w.subscription() + " does not drain within 8 s");
        }
        assertTrue(w.samples().size() >= 15, w.subscription() + " sampled every second: " + w.samples().size());
      }
      assertEquals(Map.of("fast", WatchedSubscription.KEEPS_UP, "slow", WatchedSubscription.FALLS_BEHIND,
          "stops", WatchedSubscription.STALLED, "nobody", WatchedSubscription.NO_CONSUMER), verdicts);
    } finally {
      running.set(false);
    }
  }

  @Test
  void anUnknownSubscriptionIsOneLineListingTheTopicsSubscriptions() throws Exception {
    String topic = SharedBroker.uniqueTopic("watched-bad");
    try (PulsarClient client = SharedBroker.client()) {
      PacedConsumer.subscribe(client, topic, "flink-iot", 10).close();
      Map<String, String> p = new HashMap<>();
      p.put("pulsar.url", SharedBroker.serviceUrl());
      p.put("pulsar.adminUrl", SharedBroker.adminUrl());
      p.put("topic", topic);
      p.put("rate", "10");
      p.put("duration", "1s");
      p.put("watch.subscriptions", "flink-job");
      GatlingFork.Result run = GatlingFork.run("simulations.SteadyIoT", p, 120);
      assertNotEquals(0, run.exitCode(), run.tail());
      assertTrue(run.output().contains("watch.subscriptions: flink-job not on " + topic
          + ", whose subscriptions are: flink-iot"), run.tail());
      assertTrue(!run.output().contains("published sent=") || run.published()[0] == 0, "nothing sent");
    }
  }
}
