package io.iotpulsarload.gatling.pulsar.internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;

/**
 * The replies of one request-reply action: one consumer of the reply topic (its own subscription, from the
 * latest message, made before the first request), and the requests waiting for a reply by correlation id. A
 * reply nobody waits for (late, or another run's) is acknowledged and dropped. Ids must be unique among the
 * requests in flight: a second request with the same id takes the reply of the first.
 */
public final class ReplyRouter {

  private final Function<Message<?>, String> replyId;
  private final Map<String, CompletableFuture<Message<?>>> waiting = new ConcurrentHashMap<>();
  private final Consumer<?> consumer;

  private ReplyRouter(PulsarClient client, String topic, Schema<?> schema, Function<Message<?>, String> replyId)
      throws org.apache.pulsar.client.api.PulsarClientException {
    this.replyId = replyId;
    this.consumer = client.newConsumer(schema)
        .topic(topic)
        .subscriptionName("gatling-pulsar-replies-" + java.util.UUID.randomUUID())
        .subscriptionType(SubscriptionType.Exclusive)
        .subscriptionInitialPosition(SubscriptionInitialPosition.Latest)
        .messageListener((c, message) -> route(message))
        .subscribe();
  }

  /** Subscribes to the reply topic now, so that no reply to the first request can be missed. */
  public static ReplyRouter start(PulsarClient client, String topic, Schema<?> schema,
      Function<Message<?>, String> replyId) {
    try {
      return new ReplyRouter(client, topic, schema, replyId);
    } catch (org.apache.pulsar.client.api.PulsarClientException e) {
      throw new IllegalStateException("Cannot subscribe to the reply topic " + topic + ": "
          + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
    }
  }

  private void route(Message<?> message) {
    String id;
    try {
      id = replyId.apply(message);
    } catch (RuntimeException e) {
      id = null;
    }
    consumer.acknowledgeAsync(message);
    CompletableFuture<Message<?>> request = id == null ? null : waiting.remove(id);
    if (request != null) {
      request.complete(message);
    }
  }

  /** The reply to the request with this id, once it comes; registered before the request is sent. */
  public CompletableFuture<Message<?>> expect(String id) {
    CompletableFuture<Message<?>> reply = new CompletableFuture<>();
    waiting.put(id, reply);
    // whatever ends it (reply, timeout, failed send), the id no longer waits
    reply.whenComplete((m, e) -> waiting.remove(id, reply));
    return reply;
  }

  /** Requests still waiting for their reply. */
  public int waiting() {
    return waiting.size();
  }

  public void close() {
    consumer.closeAsync();
  }
}
