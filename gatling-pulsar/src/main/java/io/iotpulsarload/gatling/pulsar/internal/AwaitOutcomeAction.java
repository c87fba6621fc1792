package io.iotpulsarload.gatling.pulsar.internal;

import io.gatling.commons.util.Clock;
import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.stats.StatsEngine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Waits, without blocking the event loop, for an outcome computed outside the virtual user (e.g. the verifying
 * consumer's drain), and records it as one request: OK when it completes with {@code null}, KO with its text
 * otherwise. With no request name it only waits: the outcome passes or fails the virtual user, unrecorded.
 */
public final class AwaitOutcomeAction extends GatlingAdapter.JavaAction {

  private final String requestName;
  private final Supplier<? extends CompletionStage<String>> outcome;
  private final StatsEngine stats;
  private final Clock clock;
  private final Action next;

  public AwaitOutcomeAction(String requestName, Supplier<? extends CompletionStage<String>> outcome,
      StatsEngine stats, Clock clock, Action next) {
    this.requestName = requestName;
    this.outcome = outcome;
    this.stats = stats;
    this.clock = clock;
    this.next = next;
  }

  @Override
  public String name() {
    return requestName == null ? "await" : requestName;
  }

  @Override
  public void execute(Session session) {
    long start = clock.nowMillis();
    CompletionStage<String> stage;
    try {
      stage = outcome.get();
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    stage.whenComplete((error, exception) -> {
      boolean ok = exception == null && error == null;
      String message = exception != null ? String.valueOf(exception.getMessage()) : error;
      if (requestName != null) {
        GatlingAdapter.logResponse(stats, session, requestName, start, clock.nowMillis(), ok, message);
      }
      Session after = ok ? session : GatlingAdapter.markFailed(session);
      session.eventLoop().execute(() -> next.execute(after));
    });
  }
}
