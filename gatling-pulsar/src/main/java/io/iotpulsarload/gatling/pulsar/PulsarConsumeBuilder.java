package io.iotpulsarload.gatling.pulsar;

import io.gatling.core.action.Action;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Session;
import io.iotpulsarload.gatling.pulsar.internal.GatlingAdapter;
import io.iotpulsarload.gatling.pulsar.internal.MessageCheck;
import io.iotpulsarload.gatling.pulsar.internal.PulsarComponents;
import io.iotpulsarload.gatling.pulsar.internal.PulsarConsumeAction;
import io.iotpulsarload.gatling.pulsar.internal.PulsarProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;

/**
 * Receiving messages as a virtual user, ready to {@code exec}: the user's own consumer of a subscription (opened
 * on first use, closed when the user exits) receives {@link #messages} messages, each a request in the report
 * timed from its publish time, checked, and acknowledged; not all within {@link #timeout} is a KO
 * "timeout after ...". Immutable: every method returns a new builder. Pulsar's defaults: an Exclusive subscription
 * from the latest message.
 */
public final class PulsarConsumeBuilder<T> implements ActionBuilder {

  /** The first step of a consume: the subscription's name, which Pulsar requires. */
  public static final class SubscriptionStep<T> {
    private final String name;
    private final Function<Session, String> requestName;
    private final Schema<T> schema;
    private final Function<Session, String> topic;

    SubscriptionStep(String name, Function<Session, String> requestName, Schema<T> schema,
        Function<Session, String> topic) {
      this.name = name;
      this.requestName = requestName;
      this.schema = schema;
      this.topic = topic;
    }

    /** Sets the subscription's name, as a static text or a Gatling EL string; returns the consume builder. */
    public PulsarConsumeBuilder<T> subscriptionName(String subscription) {
      return subscriptionName(GatlingAdapter.elFunction(subscription, String.class));
    }

    /** Sets the subscription's name computed from the session; returns the consume builder. */
    public PulsarConsumeBuilder<T> subscriptionName(Function<Session, String> subscription) {
      return new PulsarConsumeBuilder<>(name, requestName, PulsarConsumeAction.Spec.of(schema, topic, subscription));
    }
  }

  private final String name;
  private final Function<Session, String> requestName;
  private final PulsarConsumeAction.Spec<T> spec;

  private PulsarConsumeBuilder(String name, Function<Session, String> requestName,
      PulsarConsumeAction.Spec<T> spec) {
    this.name = name;
    this.requestName = requestName;
    this.spec = spec;
  }

  private PulsarConsumeBuilder<T> with(PulsarConsumeAction.Spec<T> changed) {
    return new PulsarConsumeBuilder<>(name, requestName, changed);
  }

  /** Sets the subscription type: Exclusive (default), Shared, Failover or Key_Shared; returns a new builder. */
  public PulsarConsumeBuilder<T> subscriptionType(SubscriptionType type) {
    return with(spec.withType(type));
  }

  /** Sets where a new subscription starts: Latest (default) or Earliest; returns a new builder. */
  public PulsarConsumeBuilder<T> subscriptionInitialPosition(SubscriptionInitialPosition position) {
    return with(spec.withPosition(position));
  }

  /**
   * Sets how many messages the consumer fetches ahead ({@code ConsumerBuilder.receiverQueueSize}, Pulsar's
   * default 1000): lower it when several users share a subscription, so that one does not hold the others'
   * messages in its queue; returns a new builder.
   */
  public PulsarConsumeBuilder<T> receiverQueueSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("receiverQueueSize(" + size + "): at least 1");
    }
    return with(spec.withReceiverQueueSize(size));
  }

  /** Sets how many messages one execution receives (default 1), each a request; returns a new builder. */
  public PulsarConsumeBuilder<T> messages(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("messages(" + count + "): receive at least 1, or use receiveFor(..)");
    }
    return with(spec.withMessages(count, spec.timeout()));
  }

  /**
   * Sets how long the messages may take to arrive (default 10 s), then a KO "timeout after ..." (after
   * {@link #receiveFor}: how long to receive); returns a new builder.
   */
  public PulsarConsumeBuilder<T> timeout(Duration timeout) {
    return with(spec.withMessages(spec.messages(), positive(timeout)));
  }

  /** Receives whatever arrives for this long instead of a count, with no KO at the end; returns a new builder. */
  public PulsarConsumeBuilder<T> receiveFor(Duration duration) {
    return with(spec.withMessages(0, positive(duration)));
  }

  /** Adds checks applied to every message received, in order; returns a new builder. */
  public PulsarConsumeBuilder<T> check(PulsarCheck... checks) {
    return withChecks(Arrays.asList(checks), null);
  }

  /** Adds checks applied only when the Gatling EL condition (e.g. {@code "#{strict}"}) is true; returns a new builder. */
  public PulsarConsumeBuilder<T> checkIf(String condition, PulsarCheck... checks) {
    return withChecks(Arrays.asList(checks), GatlingAdapter.elFunction(condition, Boolean.class));
  }

  /** Adds checks applied only when the condition holds for the session; returns a new builder. */
  public PulsarConsumeBuilder<T> checkIf(Function<Session, Boolean> condition, PulsarCheck... checks) {
    return withChecks(Arrays.asList(checks), condition);
  }

  private PulsarConsumeBuilder<T> withChecks(List<PulsarCheck> more, Function<Session, Boolean> condition) {
    List<MessageCheck> all = new ArrayList<>(spec.checks());
    more.forEach(c -> all.addAll(PulsarCheck.engineSide(List.of(condition == null ? c : c.onlyIf(condition)))));
    return with(spec.withChecks(all));
  }

  static Duration positive(Duration duration) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("a timeout must be positive, e.g. Duration.ofSeconds(10); got " + duration);
    }
    return duration;
  }

  @Override
  public io.gatling.core.action.builder.ActionBuilder asScala() {
    return new io.gatling.core.action.builder.ActionBuilder() {
      @Override
      public Action build(ScenarioContext ctx, Action next) {
        PulsarComponents components = ctx.protocolComponentsRegistry().components(PulsarProtocol.KEY);
        components.consumesUsed();
        return new PulsarConsumeAction<>(name, requestName, spec, components.pool().client(), ctx, next);
      }
    };
  }
}
