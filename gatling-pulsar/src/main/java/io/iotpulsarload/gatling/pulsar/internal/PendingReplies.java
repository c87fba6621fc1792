package io.iotpulsarload.gatling.pulsar.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The replies non-blocking request-replies of each virtual user still wait for, until {@code waitForReplies}
 * collects them: each completes with its verdict and the values its checks saved.
 */
public final class PendingReplies {

  private final Map<Long, List<CompletableFuture<PulsarRequestReplyAction.Judged>>> byUser = new ConcurrentHashMap<>();

  void add(long userId, CompletableFuture<PulsarRequestReplyAction.Judged> judged) {
    byUser.computeIfAbsent(userId, id -> new CopyOnWriteArrayList<>()).add(judged);
  }

  /** Everything the user waits for, taken off the list: its verdicts once all have come. */
  CompletableFuture<List<PulsarRequestReplyAction.Judged>> takeAll(long userId) {
    List<CompletableFuture<PulsarRequestReplyAction.Judged>> mine = byUser.remove(userId);
    if (mine == null || mine.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return CompletableFuture.allOf(mine.toArray(CompletableFuture[]::new))
        .thenApply(done -> mine.stream().map(CompletableFuture::join).toList());
  }

  /** Drops what an exiting user never collected (its outcomes are recorded already). */
  void forget(long userId) {
    byUser.remove(userId);
  }
}
