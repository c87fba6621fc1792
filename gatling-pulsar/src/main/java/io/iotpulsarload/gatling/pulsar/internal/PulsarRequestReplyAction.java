package io.iotpulsarload.gatling.pulsar.internal;

import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.structure.ScenarioContext;
import io.iotpulsarload.gatling.pulsar.client.OutgoingMessage;
import io.iotpulsarload.gatling.pulsar.client.ProducerPool;
import io.iotpulsarload.gatling.pulsar.client.PublishErrors;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.Schema;

/**
 * Sends a message and waits for the message it caused on the reply topic, matched by correlation id: one request
 * in the report, timed from the send to the reply's receipt, OK or KO by the checks on the reply, KO "timeout
 * after ..." when no reply comes in time, KO with Pulsar's error when the send itself fails. Blocking (the
 * virtual user continues once the reply is judged) or not (it continues once the send is acknowledged, and
 * {@code waitForReplies} collects the outcomes). Never blocks a Gatling thread.
 */
public final class PulsarRequestReplyAction<T> extends PulsarRequestAction {

  /** What the request-reply builder set. */
  public record Spec<T>(Function<io.gatling.javaapi.core.Session, String> topic,
      Function<io.gatling.javaapi.core.Session, OutgoingMessage<T>> message, Schema<T> schema,
      BiFunction<io.gatling.javaapi.core.Session, OutgoingMessage<T>, String> requestId, Duration timeout,
      boolean blocking, List<MessageCheck> checks) {}

  private final Spec<T> spec;
  private final ProducerPool pool;
  private final ReplyRouter router;
  private final PendingReplies pending;

  public PulsarRequestReplyAction(String name, Function<io.gatling.javaapi.core.Session, String> requestName,
      Spec<T> spec, ProducerPool pool, ReplyRouter router, PendingReplies pending, ScenarioContext ctx,
      Action next) {
    super(name, requestName, ctx, next);
    this.spec = spec;
    this.pool = pool;
    this.router = router;
    this.pending = pending;
  }

  @Override
  public void execute(Session session) {
    io.gatling.javaapi.core.Session javaSession = new io.gatling.javaapi.core.Session(session);
    String request = name;
    String topic;
    OutgoingMessage<T> outgoing;
    String id;
    try {
      request = requestName.apply(javaSession);
      topic = spec.topic().apply(javaSession);
      outgoing = spec.message().apply(javaSession);
      id = spec.requestId().apply(javaSession, outgoing);
    } catch (RuntimeException e) {
      crash(session, request, String.valueOf(e.getMessage()));
      return;
    }
    if (id == null) {
      crash(session, request, "the request has no correlation id (no key, or no such property): set the one the "
          + "reply is matched by");
      return;
    }
    String requestNameForStats = request;
    long start = clock.nowMillis();
    CompletableFuture<Message<?>> reply = router.expect(id);
    reply.orTimeout(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
    CompletableFuture<Judged> judged = new CompletableFuture<>();
    pool.publish(topic, spec.schema(), outgoing).whenComplete((messageId, sendError) -> {
      if (sendError != null) {
        reply.cancel(false);
        GatlingAdapter.logResponse(stats, session, requestNameForStats, start, clock.nowMillis(), false,
            PublishErrors.type(sendError));
        judged.complete(Judged.FAILED);
        return;
      }
      if (!spec.blocking()) {
        session.eventLoop().execute(() -> next.execute(session));
      }
      reply.whenComplete((message, error) -> judged.complete(judge(session, requestNameForStats, start, message,
          error)));
    });
    if (spec.blocking()) {
      judged.thenAccept(outcome -> {
        Session after = GatlingAdapter.withGroupTimings(outcome.applyTo(session), start, clock.nowMillis());
        after.eventLoop().execute(() -> next.execute(after));
      });
    } else {
      pending.add(session.userId(), judged);
    }
  }

  private Judged judge(Session session, String request, long start, Message<?> message, Throwable error) {
    long now = clock.nowMillis();
    if (error != null) {
      String why = PulsarConsumeAction.rootCause(error) instanceof TimeoutException
          ? "timeout after " + PulsarConsumeAction.format(spec.timeout())
          : "no reply: " + PulsarConsumeAction.rootMessage(error);
      GatlingAdapter.logResponse(stats, session, request, start, now, false, why);
      return Judged.FAILED;
    }
    MessageCheck.Outcome outcome = MessageCheck.applyAll(spec.checks(), message,
        new io.gatling.javaapi.core.Session(session));
    boolean ok = outcome.failure() == null;
    GatlingAdapter.logResponse(stats, session, request, start, now, ok, outcome.failure());
    return new Judged(ok, outcome.saved());
  }

  /** A reply's verdict: passed or not, and the values its checks saved. */
  record Judged(boolean ok, java.util.Map<String, Object> saved) {
    static final Judged FAILED = new Judged(false, java.util.Map.of());

    /** The session with the saved values, marked failed when the reply was not OK. */
    Session applyTo(Session session) {
      Session after = session;
      for (java.util.Map.Entry<String, Object> e : saved.entrySet()) {
        after = after.set(e.getKey(), e.getValue());
      }
      return ok ? after : GatlingAdapter.markFailed(after);
    }
  }
}
