package io.iotpulsarload.gatling.pulsar;

import io.gatling.javaapi.core.Session;
import io.iotpulsarload.gatling.pulsar.internal.GatlingAdapter;
import io.iotpulsarload.gatling.pulsar.client.OutgoingMessage;
import java.util.function.Function;
import org.apache.pulsar.client.api.Schema;

/**
 * A named Pulsar request that has yet to say what it sends. Immutable; each {@code send} variant returns the
 * action builder. Payloads come as text, bytes, or typed values with a Pulsar {@link Schema}.
 */
public final class PulsarRequestBuilder {

  private final String name;
  private final Function<Session, String> requestName;

  PulsarRequestBuilder(String name, Function<Session, String> requestName) {
    this.name = name;
    this.requestName = requestName;
  }

  /** Sends text ({@code Schema.STRING}), given as a static text or a Gatling EL string; returns the action. */
  public PulsarSendBuilder<String> send(String text) {
    return send(Schema.STRING, GatlingAdapter.elFunction(text, String.class));
  }

  /** Sends text ({@code Schema.STRING}) computed from the session; returns the action. */
  public PulsarSendBuilder<String> send(Function<Session, String> text) {
    return send(Schema.STRING, text);
  }

  /** Sends fixed bytes ({@code Schema.BYTES}); returns the action. */
  public PulsarSendBuilder<byte[]> sendBytes(byte[] bytes) {
    byte[] copy = bytes.clone();
    return send(Schema.BYTES, (Function<Session, byte[]>) session -> copy);
  }

  /** Sends bytes ({@code Schema.BYTES}) from a Gatling EL string, e.g. {@code "#{payload}"}; returns the action. */
  public PulsarSendBuilder<byte[]> sendBytes(String el) {
    return send(Schema.BYTES, GatlingAdapter.elBytesFunction(el));
  }

  /** Sends bytes ({@code Schema.BYTES}) computed from the session; returns the action. */
  public PulsarSendBuilder<byte[]> sendBytes(Function<Session, byte[]> bytes) {
    return send(Schema.BYTES, bytes);
  }

  /** Sends a fixed value encoded with {@code schema} (e.g. {@code Schema.AVRO(...)}); returns the action. */
  public <T> PulsarSendBuilder<T> sendValue(Schema<T> schema, T value) {
    return send(schema, (Function<Session, T>) session -> value);
  }

  /** Sends a value computed from the session, encoded with {@code schema}; returns the action. */
  public <T> PulsarSendBuilder<T> send(Schema<T> schema, Function<Session, T> value) {
    return new PulsarSendBuilder<>(name, requestName, schema, session -> OutgoingMessage.of(value.apply(session)));
  }

  /**
   * Sends whole messages (value, key, properties, event time) computed together from the session, for generators
   * whose key and properties belong to the value they generate; returns the action.
   */
  public <T> PulsarSendBuilder<T> sendMessage(Schema<T> schema, Function<Session, OutgoingMessage<T>> message) {
    return new PulsarSendBuilder<>(name, requestName, schema, message);
  }

  /**
   * Receives messages of a topic (a static name or a Gatling EL string) as this virtual user, decoded by the
   * topic's registered schema ({@code Schema.AUTO_CONSUME()}); returns the step that names the subscription.
   */
  public PulsarConsumeBuilder.SubscriptionStep<org.apache.pulsar.client.api.schema.GenericRecord> consume(
      String topic) {
    return consume(Schema.AUTO_CONSUME(), topic);
  }

  /** Receives messages of a topic computed from the session, decoded by its registered schema; returns the next step. */
  public PulsarConsumeBuilder.SubscriptionStep<org.apache.pulsar.client.api.schema.GenericRecord> consume(
      Function<Session, String> topic) {
    return consume(Schema.AUTO_CONSUME(), topic);
  }

  /** Receives messages of a topic (static or EL) decoded with {@code schema}; returns the step that names the subscription. */
  public <T> PulsarConsumeBuilder.SubscriptionStep<T> consume(Schema<T> schema, String topic) {
    return consume(schema, GatlingAdapter.elFunction(topic, String.class));
  }

  /** Receives messages of a topic computed from the session, decoded with {@code schema}; returns the next step. */
  public <T> PulsarConsumeBuilder.SubscriptionStep<T> consume(Schema<T> schema, Function<Session, String> topic) {
    return new PulsarConsumeBuilder.SubscriptionStep<>(name, requestName, schema, topic);
  }
}
