package io.iotpulsarload.gatling.pulsar.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** A send the client never answers is failed by the tool's deadline, exactly once, and only after the limit. */
class SendDeadlineTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void aSendNeverAnsweredFailsOnceTheLimitHasPassed() {
    try (SendDeadline deadline = new SendDeadline(Duration.ofSeconds(15), false)) {
      CompletableFuture<String> silent = new CompletableFuture<>();
      CompletableFuture<String> answered = new CompletableFuture<>();
      deadline.watch(silent, 0);
      deadline.watch(answered, 0);
      answered.complete("acked");
      assertEquals(1, deadline.inFlight(), "an answered send is no longer watched");

      assertEquals(0, deadline.sweep(15 * SECOND), "not before the limit");
      assertTrue(!silent.isDone());
      assertEquals(1, deadline.sweep(15 * SECOND + 1));
      ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, silent::get);
      assertInstanceOf(SendDeadline.Exceeded.class, e.getCause());
      assertEquals("SendDeadline: no answer from the Pulsar client within the send timeout plus 5 s",
          PublishErrors.type(e.getCause()));
      assertEquals(0, deadline.inFlight());
      assertEquals(0, deadline.sweep(100 * SECOND), "failed once");
      assertTrue(!silent.complete("late answer"), "a late answer changes nothing");
    }
  }

  @Test
  void moreSendsInFlightThanSlotsAreAllWatched() {
    try (SendDeadline deadline = new SendDeadline(Duration.ofSeconds(15), false, 4)) {
      java.util.List<CompletableFuture<String>> sends = new java.util.ArrayList<>();
      for (int i = 0; i < 10; i++) { // the ring comes round twice: six of them move to the map
        CompletableFuture<String> send = new CompletableFuture<>();
        sends.add(send);
        deadline.watch(send, i * SECOND);
      }
      assertEquals(10, deadline.inFlight());
      sends.get(0).complete("acked");
      sends.get(9).complete("acked");
      assertEquals(8, deadline.inFlight(), "answered, in the map or in the ring: no longer watched");

      assertEquals(3, deadline.sweep(18 * SECOND + 1), "started at 1, 2 and 3 s: older than 15 s at 18 s");
      assertTrue(sends.get(1).isCompletedExceptionally() && sends.get(3).isCompletedExceptionally());
      assertTrue(!sends.get(4).isDone());
      assertEquals(5, deadline.sweep(100 * SECOND), "the rest, once");
      assertEquals(0, deadline.inFlight());
    }
  }

  @Test
  void theSweeperFailsAStuckSendByItself() throws Exception {
    try (SendDeadline deadline = new SendDeadline(Duration.ofMillis(100), true)) {
      CompletableFuture<String> silent = new CompletableFuture<>();
      deadline.watch(silent, System.nanoTime());
      ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
          () -> silent.get(10, java.util.concurrent.TimeUnit.SECONDS));
      assertInstanceOf(SendDeadline.Exceeded.class, e.getCause());
    }
  }
}
