package io.iotpulsarload.gatling.pulsar.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Non-blocking replies are collected per user, once, when all have come; an exiting user's are dropped. */
class PendingRepliesTest {

  @Test
  void aUserCollectsItsOwnRepliesOnceAllHaveCome() {
    PendingReplies pending = new PendingReplies();
    CompletableFuture<PulsarRequestReplyAction.Judged> first = new CompletableFuture<>();
    CompletableFuture<PulsarRequestReplyAction.Judged> second = new CompletableFuture<>();
    pending.add(1, first);
    pending.add(1, second);
    pending.add(2, new CompletableFuture<>());

    CompletableFuture<List<PulsarRequestReplyAction.Judged>> collected = pending.takeAll(1);
    first.complete(new PulsarRequestReplyAction.Judged(true, Map.of("reply", "a")));
    assertFalse(collected.isDone(), "one reply still to come");
    second.complete(PulsarRequestReplyAction.Judged.FAILED);
    assertTrue(collected.isDone());
    assertEquals(List.of(true, false), collected.join().stream().map(PulsarRequestReplyAction.Judged::ok).toList());
    assertTrue(pending.takeAll(1).join().isEmpty(), "taken once");
  }

  @Test
  void anExitingUsersUncollectedRepliesAreDropped() {
    PendingReplies pending = new PendingReplies();
    pending.add(7, new CompletableFuture<>()); // a reply that never comes
    pending.forget(7);
    assertTrue(pending.takeAll(7).isDone(), "nothing left to wait for");
  }
}
