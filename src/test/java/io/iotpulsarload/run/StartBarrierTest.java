package io.iotpulsarload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.pulsar.PulsarSettings;
import io.iotpulsarload.testing.SharedBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
    List<CompletableFuture<Instant>> injectors = new ArrayList<>();
    long firstArrival = System.currentTimeMillis();
    for (int i = 0; i < 3; i++) {
      int index = i;
      injectors.add(CompletableFuture.supplyAsync(
          () -> StartBarrier.await(pulsar, runId, index, 3, Duration.ofSeconds(60))));
    }
    Instant agreed = injectors.get(0).get();
    for (CompletableFuture<Instant> other : injectors) {
      assertEquals(agreed, other.get(), "the same instant, computed by each from the same arrivals");
    }
    assertTrue(agreed.toEpochMilli() >= firstArrival + StartBarrier.LEAD.toMillis(), "after the last arrival");
    assertTrue(System.currentTimeMillis() >= agreed.toEpochMilli(), "each waited for it");
  }

  @Test
  void aPreviousRunsArrivalsUnderTheSameRunIdDoNotCount() {
    PulsarSettings pulsar = settings();
    String runId = "reused-" + System.nanoTime();
    assertThrows(IllegalStateException.class, () -> StartBarrier.await(pulsar, runId, 1, 2, Duration.ofSeconds(2)));
    // injector 1's arrival is on the topic, but older than this attempt's timeout: injector 0 must still wait
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> StartBarrier.await(pulsar, runId, 0, 2, Duration.ofMillis(1_000)));
    assertTrue(e.getMessage().contains("injector(s) 1 of 2 never arrived"), e.getMessage());
  }
}
