package io.iotpulsarload.gatling.pulsar.client;

import java.util.Map;

/**
 * One message to publish, with everything that travels beside its value.
 *
 * @param value      the payload, encoded by the producer's schema
 * @param key        the message key (routes to a partition, orders per key), or {@code null}
 * @param properties message properties, empty for none
 * @param eventTime  event time in epoch ms, or 0 for none
 */
public record OutgoingMessage<T>(T value, String key, Map<String, String> properties, long eventTime) {

  public OutgoingMessage {
    properties = properties == null ? Map.of() : properties;
  }

  /** A value without key, properties or event time. */
  public static <T> OutgoingMessage<T> of(T value) {
    return new OutgoingMessage<>(value, null, Map.of(), 0L);
  }
}
