package io.iotpulsarload.gatling.pulsar;

import io.gatling.core.action.Action;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Session;
import io.iotpulsarload.gatling.pulsar.client.OutgoingMessage;
import io.iotpulsarload.gatling.pulsar.internal.GatlingAdapter;
import io.iotpulsarload.gatling.pulsar.internal.PulsarComponents;
import io.iotpulsarload.gatling.pulsar.internal.PulsarProtocol;
import io.iotpulsarload.gatling.pulsar.internal.PulsarRequestReplyAction;
import io.iotpulsarload.gatling.pulsar.internal.ReplyRouter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.Schema;

/**
 * A send that waits for the message it caused on a reply topic, ready to {@code exec}: one request in the report
 * from the send to the reply, OK or KO by the checks on the reply, KO "timeout after ..." without one. Replies are
 * matched by correlation id: the message key by default, or a property, or functions of the request and the
 * reply. Blocking ({@link #await}, default 10 s: the user continues once the reply is judged) or not
 * ({@link #expect}: it continues once the send is acknowledged; {@link PulsarDsl#waitForReplies()} collects).
 * Immutable: every method returns a new builder.
 */
public final class PulsarRequestReplyBuilder<T> implements ActionBuilder {

  private final PulsarSendBuilder<T> send;
  private final String replyTopic;
  private final Schema<?> replySchema;
  private final BiFunction<Session, OutgoingMessage<T>, String> requestId;
  private final Function<Message<?>, String> replyId;
  private final Duration timeout;
  private final boolean blocking;
  private final List<PulsarCheck> checks;

  PulsarRequestReplyBuilder(PulsarSendBuilder<T> send, String replyTopic, Schema<?> replySchema) {
    this(send, replyTopic, replySchema, (session, message) -> message.key(), Message::getKey,
        Duration.ofSeconds(10), true, List.of());
  }

  private PulsarRequestReplyBuilder(PulsarSendBuilder<T> send, String replyTopic, Schema<?> replySchema,
      BiFunction<Session, OutgoingMessage<T>, String> requestId, Function<Message<?>, String> replyId,
      Duration timeout, boolean blocking, List<PulsarCheck> checks) {
    if (replyTopic == null || replyTopic.isBlank()) {
      throw new IllegalArgumentException("replyFrom(..) needs the topic the replies come on");
    }
    this.send = send;
    this.replyTopic = replyTopic;
    this.replySchema = replySchema;
    this.requestId = requestId;
    this.replyId = replyId;
    this.timeout = timeout;
    this.blocking = blocking;
    this.checks = checks;
  }

  /** Matches a reply to its request by the message key, the default; returns a new builder. */
  public PulsarRequestReplyBuilder<T> matchByKey() {
    return new PulsarRequestReplyBuilder<>(send, replyTopic, replySchema, (session, message) -> message.key(),
        Message::getKey, timeout, blocking, checks);
  }

  /** Matches a reply to its request by a property both carry, e.g. {@code "correlationId"}; returns a new builder. */
  public PulsarRequestReplyBuilder<T> matchByProperty(String property) {
    return new PulsarRequestReplyBuilder<>(send, replyTopic, replySchema,
        (session, message) -> message.properties().get(property), reply -> reply.getProperty(property), timeout,
        blocking, checks);
  }

  /**
   * Matches by the request's id, a Gatling EL string (e.g. {@code "#{orderId}"}), and the reply's, a function of
   * the reply message; returns a new builder.
   */
  public PulsarRequestReplyBuilder<T> matchBy(String requestId, Function<Message<?>, String> replyId) {
    Function<Session, String> el = GatlingAdapter.elFunction(requestId, String.class);
    return matchBy(el, replyId);
  }

  /** Matches by the request's id computed from the session and the reply's, a function of the reply; returns a new builder. */
  public PulsarRequestReplyBuilder<T> matchBy(Function<Session, String> requestId,
      Function<Message<?>, String> replyId) {
    return new PulsarRequestReplyBuilder<>(send, replyTopic, replySchema,
        (session, message) -> requestId.apply(session), replyId, timeout, blocking, checks);
  }

  /** The user waits for the reply, at most {@code timeout}, then continues (the default, 10 s); returns a new builder. */
  public PulsarRequestReplyBuilder<T> await(Duration timeout) {
    return new PulsarRequestReplyBuilder<>(send, replyTopic, replySchema, requestId, replyId,
        PulsarConsumeBuilder.positive(timeout), true, checks);
  }

  /**
   * The user continues once the send is acknowledged; the reply, due within {@code timeout}, is judged meanwhile
   * and collected by {@link PulsarDsl#waitForReplies()}; returns a new builder.
   */
  public PulsarRequestReplyBuilder<T> expect(Duration timeout) {
    return new PulsarRequestReplyBuilder<>(send, replyTopic, replySchema, requestId, replyId,
        PulsarConsumeBuilder.positive(timeout), false, checks);
  }

  /** Adds checks on the reply, in order; returns a new builder. */
  public PulsarRequestReplyBuilder<T> check(PulsarCheck... more) {
    return withChecks(Arrays.asList(more), null);
  }

  /** Adds checks on the reply applied only when the Gatling EL condition is true; returns a new builder. */
  public PulsarRequestReplyBuilder<T> checkIf(String condition, PulsarCheck... more) {
    return withChecks(Arrays.asList(more), GatlingAdapter.elFunction(condition, Boolean.class));
  }

  /** Adds checks on the reply applied only when the condition holds for the session; returns a new builder. */
  public PulsarRequestReplyBuilder<T> checkIf(Function<Session, Boolean> condition, PulsarCheck... more) {
    return withChecks(Arrays.asList(more), condition);
  }

  private PulsarRequestReplyBuilder<T> withChecks(List<PulsarCheck> more, Function<Session, Boolean> condition) {
    List<PulsarCheck> all = new ArrayList<>(checks);
    more.forEach(c -> all.add(condition == null ? c : c.onlyIf(condition)));
    return new PulsarRequestReplyBuilder<>(send, replyTopic, replySchema, requestId, replyId, timeout, blocking,
        List.copyOf(all));
  }

  @Override
  public io.gatling.core.action.builder.ActionBuilder asScala() {
    return new io.gatling.core.action.builder.ActionBuilder() {
      @Override
      public Action build(ScenarioContext ctx, Action next) {
        PulsarComponents components = ctx.protocolComponentsRegistry().components(PulsarProtocol.KEY);
        Function<Session, String> destination = send.destination(components);
        ReplyRouter router = components.replies(replyTopic, replySchema, replyId);
        PulsarRequestReplyAction.Spec<T> spec = new PulsarRequestReplyAction.Spec<>(destination,
            send.completeMessage(), send.schema(), requestId, timeout, blocking, PulsarCheck.engineSide(checks));
        return new PulsarRequestReplyAction<>(send.name(), send.requestName(), spec, components.pool(), router,
            components.pendingReplies(), ctx, next);
      }
    };
  }
}
