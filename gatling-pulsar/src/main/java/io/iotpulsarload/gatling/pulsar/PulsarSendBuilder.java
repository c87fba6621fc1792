package io.iotpulsarload.gatling.pulsar;

import io.gatling.core.action.Action;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Session;
import io.iotpulsarload.gatling.pulsar.internal.GatlingAdapter;
import io.iotpulsarload.gatling.pulsar.internal.PulsarComponents;
import io.iotpulsarload.gatling.pulsar.internal.PulsarProtocol;
import io.iotpulsarload.gatling.pulsar.internal.PulsarSendAction;
import io.iotpulsarload.gatling.pulsar.client.OutgoingMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.pulsar.client.api.Schema;

/**
 * A Pulsar send, ready to {@code exec}: OK when the broker acknowledges the message, KO on error or send timeout.
 * Immutable: every method returns a new builder. Each argument is a static value, a Gatling EL string
 * ({@code "#{deviceId}"}) or a function of the session.
 */
public final class PulsarSendBuilder<T> implements ActionBuilder {

  private final String name;
  private final Function<Session, String> requestName;
  private final Schema<T> schema;
  private final Function<Session, OutgoingMessage<T>> message;
  private final Function<Session, String> topic;
  private final Function<Session, String> key;
  private final List<Map.Entry<String, Function<Session, String>>> properties;
  private final Function<Session, Long> eventTime;

  PulsarSendBuilder(String name, Function<Session, String> requestName, Schema<T> schema,
      Function<Session, OutgoingMessage<T>> message) {
    this(name, requestName, schema, message, null, null, List.of(), null);
  }

  private PulsarSendBuilder(String name, Function<Session, String> requestName, Schema<T> schema,
      Function<Session, OutgoingMessage<T>> message, Function<Session, String> topic, Function<Session, String> key,
      List<Map.Entry<String, Function<Session, String>>> properties, Function<Session, Long> eventTime) {
    this.name = name;
    this.requestName = requestName;
    this.schema = schema;
    this.message = message;
    this.topic = topic;
    this.key = key;
    this.properties = properties;
    this.eventTime = eventTime;
  }

  /** Sends to this topic instead of the protocol's default, as a static text or EL string; returns a new builder. */
  public PulsarSendBuilder<T> topic(String topic) {
    return topic(GatlingAdapter.elFunction(topic, String.class));
  }

  /** Sends to a topic computed from the session; returns a new builder. */
  public PulsarSendBuilder<T> topic(Function<Session, String> topic) {
    return new PulsarSendBuilder<>(name, requestName, schema, message, topic, key, properties, eventTime);
  }

  /** Sets the message key (partition routing and per-key order), as text or EL string; returns a new builder. */
  public PulsarSendBuilder<T> key(String key) {
    return key(GatlingAdapter.elFunction(key, String.class));
  }

  /** Sets the message key computed from the session; returns a new builder. */
  public PulsarSendBuilder<T> key(Function<Session, String> key) {
    return new PulsarSendBuilder<>(name, requestName, schema, message, topic, key, properties, eventTime);
  }

  /** Adds a message property whose value is a static text or EL string; returns a new builder. */
  public PulsarSendBuilder<T> property(String name, String value) {
    return property(name, GatlingAdapter.elFunction(value, String.class));
  }

  /** Adds a message property whose value is computed from the session; returns a new builder. */
  public PulsarSendBuilder<T> property(String name, Function<Session, String> value) {
    List<Map.Entry<String, Function<Session, String>>> more = new ArrayList<>(properties);
    more.add(Map.entry(name, value));
    return new PulsarSendBuilder<>(this.name, requestName, schema, message, topic, key, List.copyOf(more), eventTime);
  }

  /** Sets a fixed event time (epoch ms); returns a new builder. */
  public PulsarSendBuilder<T> eventTime(long epochMillis) {
    return eventTime(session -> epochMillis);
  }

  /** Sets the event time (epoch ms) computed from the session; returns a new builder. */
  public PulsarSendBuilder<T> eventTime(Function<Session, Long> epochMillis) {
    return new PulsarSendBuilder<>(name, requestName, schema, message, topic, key, properties, epochMillis);
  }

  /**
   * Waits for the reply this message causes on {@code topic} (a static name: its consumer subscribes before the
   * first request), decoded by the topic's registered schema; returns the request-reply builder.
   */
  public PulsarRequestReplyBuilder<T> replyFrom(String topic) {
    return new PulsarRequestReplyBuilder<>(this, topic, Schema.AUTO_CONSUME());
  }

  /** Waits for the reply this message causes on {@code topic}, decoded with {@code schema}; returns the builder. */
  public PulsarRequestReplyBuilder<T> replyFrom(String topic, Schema<?> schema) {
    return new PulsarRequestReplyBuilder<>(this, topic, schema);
  }

  @Override
  public io.gatling.core.action.builder.ActionBuilder asScala() {
    Function<Session, OutgoingMessage<T>> complete = completeMessage();
    return new io.gatling.core.action.builder.ActionBuilder() {
      @Override
      public Action build(ScenarioContext ctx, Action next) {
        PulsarComponents components = ctx.protocolComponentsRegistry().components(PulsarProtocol.KEY);
        return new PulsarSendAction<>(name, requestName, destination(components), complete, schema,
            components.pool(), ctx, next);
      }
    };
  }

  /**
   * Where this send goes: its own topic, or the protocol's default, whose producers are created now, before the
   * first user, so the first messages do not wait for a producer and a broken topic fails the run at start.
   * Tells the run's hooks the load is about to start.
   */
  Function<Session, String> destination(PulsarComponents components) {
    String defaultTopic = components.pool().settings().topic();
    if (topic == null) {
      components.awaitProducers(defaultTopic, schema);
    }
    components.hooks().beforeLoad();
    return topic != null ? topic : session -> defaultTopic;
  }

  String name() {
    return name;
  }

  Function<Session, String> requestName() {
    return requestName;
  }

  Schema<T> schema() {
    return schema;
  }

  /** The message function with key, properties and event time set by this builder applied over the value's own. */
  Function<Session, OutgoingMessage<T>> completeMessage() {
    if (key == null && properties.isEmpty() && eventTime == null) {
      return message; // the common case pays for nothing
    }
    Function<Session, OutgoingMessage<T>> base = message;
    Function<Session, String> keyFn = key;
    List<Map.Entry<String, Function<Session, String>>> props = properties;
    Function<Session, Long> timeFn = eventTime;
    return session -> {
      OutgoingMessage<T> m = base.apply(session);
      Map<String, String> merged = m.properties();
      if (!props.isEmpty()) {
        merged = new HashMap<>(m.properties());
        for (Map.Entry<String, Function<Session, String>> p : props) {
          merged.put(p.getKey(), p.getValue().apply(session));
        }
      }
      return new OutgoingMessage<>(m.value(),
          keyFn != null ? keyFn.apply(session) : m.key(),
          merged,
          timeFn != null ? timeFn.apply(session) : m.eventTime());
    };
  }
}
