package io.iotpulsarload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.gatling.pulsar.client.PulsarSettings;
import io.iotpulsarload.testing.SharedBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Reader;
import org.apache.pulsar.client.api.Schema;
import org.junit.jupiter.api.Test;

/**
 * The start barrier against the real broker. (Three real injectors launched seconds apart starting together is
 * DistributedRunTest's.)
 */
class StartBarrierTest {

  private static PulsarSettings settings() {
    return PulsarSettings.defaults().withServiceUrl(SharedBroker.serviceUrl())
        .withTopic(SharedBroker.uniqueTopic("barrier"));
  }

  @Test
  void aMissingInjectorFailsTheRunNamingIt() {
    PulsarSettings pulsar = settings(); // the shared broker is up before the clock starts
    long start = System.nanoTime();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> StartBarrier.await(pulsar, "missing-" + System.nanoTime(), 0, 3, Duration.ofSeconds(3)));
    assertTrue(e.getMessage().startsWith("start barrier: injector(s) 1, 2 of 3 never arrived within 3 s"),
        e.getMessage());
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(15).toNanos(), "bounded by the timeout");
  }

  @Test
  void everyInjectorAgreesOnOneInstantAfterTheLastArrival() throws Exception {
    PulsarSettings pulsar = settings();
    String runId = "agree-" + System.nanoTime();
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try (PulsarClient client = SharedBroker.client();
        Reader<byte[]> watch = client.newReader(Schema.BYTES)
            .topic(StartBarrier.controlTopic(pulsar.topic(), runId)).startMessageId(MessageId.earliest).create()) {
      List<Future<Instant>> injectors = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        int index = i;
        injectors.add(threads.submit(() -> StartBarrier.await(pulsar, runId, index, 3, Duration.ofSeconds(60))));
      }
      for (int seen = 0; seen < 2; seen++) { // the first two wait at the barrier
        assertTrue(watch.readNext(60, TimeUnit.SECONDS) != null, "arrival " + seen);
      }
      long lastLaunched = System.currentTimeMillis();
      injectors.add(threads.submit(() -> StartBarrier.await(pulsar, runId, 2, 3, Duration.ofSeconds(60))));
      Instant agreed = injectors.get(0).get(90, TimeUnit.SECONDS);
      for (Future<Instant> other : injectors) {
        assertEquals(agreed, other.get(90, TimeUnit.SECONDS), "one instant, computed by each from the same arrivals");
      }
      assertTrue(agreed.toEpochMilli() >= lastLaunched + StartBarrier.LEAD.toMillis(),
          "the last arrival plus the lead, not the first: " + agreed + " vs " + Instant.ofEpochMilli(lastLaunched));
      assertTrue(System.currentTimeMillis() >= agreed.toEpochMilli(), "each waited for it");
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aPreviousRunUnderTheSameRunIdDoesNotCount() throws Exception {
    PulsarSettings pulsar = settings();
    String runId = "reused-" + System.nanoTime();
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      // a first run of 2 passes its barrier
      Future<Instant> first = threads.submit(() -> StartBarrier.await(pulsar, runId, 0, 2, Duration.ofSeconds(60)));
      StartBarrier.await(pulsar, runId, 1, 2, Duration.ofSeconds(60));
      first.get(60, TimeUnit.SECONDS);
    } finally {
      threads.shutdownNow();
    }
    // run again under the same runId: both old arrivals are on the topic, yet injector 0 waits for a new 1
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> StartBarrier.await(pulsar, runId, 0, 2, Duration.ofSeconds(2)));
    assertTrue(e.getMessage().contains("injector(s) 1 of 2 never arrived"), e.getMessage());
  }

  @Test
  void anArrivalOlderThanTheTimeoutDoesNotCount() {
    PulsarSettings pulsar = settings();
    String runId = "stale-" + System.nanoTime();
    // injector 1 arrives and gives up: its arrival stays on the topic, with no barrier passed after it
    assertThrows(IllegalStateException.class, () -> StartBarrier.await(pulsar, runId, 1, 2, Duration.ofSeconds(2)));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> StartBarrier.await(pulsar, runId, 0, 2, Duration.ofSeconds(1)));
    assertTrue(e.getMessage().contains("injector(s) 1 of 2 never arrived"), e.getMessage());
  }
}
