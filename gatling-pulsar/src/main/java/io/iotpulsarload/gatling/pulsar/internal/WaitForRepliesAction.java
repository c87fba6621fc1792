package io.iotpulsarload.gatling.pulsar.internal;

import io.gatling.core.action.Action;
import io.gatling.core.session.Session;

/**
 * Waits, without blocking Gatling's threads, for the replies of the virtual user's non-blocking request-replies:
 * their values saved by checks join the session, and any reply that failed (or timed out) fails the user.
 */
public final class WaitForRepliesAction extends GatlingAdapter.JavaAction {

  private final PendingReplies pending;
  private final Action next;

  public WaitForRepliesAction(PendingReplies pending, Action next) {
    this.pending = pending;
    this.next = next;
  }

  @Override
  public String name() {
    return "waitForReplies";
  }

  @Override
  public void execute(Session session) {
    pending.takeAll(session.userId()).thenAccept(verdicts -> {
      Session after = session;
      for (PulsarRequestReplyAction.Judged verdict : verdicts) {
        after = verdict.applyTo(after);
      }
      Session done = after;
      session.eventLoop().execute(() -> next.execute(done));
    });
  }
}
