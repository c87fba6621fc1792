package io.iotpulsarload.gatling.pulsar.internal;

import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.structure.ScenarioContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;

/**
 * Receives messages as a virtual user: its own consumer of a subscription (opened on first use, kept in the
 * session, closed when the user exits), then N messages or whatever arrives for a time. Each message is one
 * request, timed from its publish time to its receipt, OK or KO by the checks, and acknowledged either way; not
 * receiving the N messages within the timeout is one KO "timeout after ...". Never blocks a Gatling thread.
 */
public final class PulsarConsumeAction<T> extends PulsarRequestAction {

  /**
   * What the consume builder set. {@code messages} 0: receive for the whole {@code timeout}, no KO at its end;
   * {@code receiverQueueSize} 0: Pulsar's default (1000).
   */
  public record Spec<T>(Schema<T> schema, Function<io.gatling.javaapi.core.Session, String> topic,
      Function<io.gatling.javaapi.core.Session, String> subscription, SubscriptionType type,
      SubscriptionInitialPosition position, int receiverQueueSize, int messages, Duration timeout,
      List<MessageCheck> checks) {

    /** A consume of the first message within 10 s, on an Exclusive subscription from the latest message. */
    public static <T> Spec<T> of(Schema<T> schema, Function<io.gatling.javaapi.core.Session, String> topic,
        Function<io.gatling.javaapi.core.Session, String> subscription) {
      return new Spec<>(schema, topic, subscription, SubscriptionType.Exclusive, SubscriptionInitialPosition.Latest,
          0, 1, Duration.ofSeconds(10), List.of());
    }

    public Spec<T> withType(SubscriptionType t) {
      return new Spec<>(schema, topic, subscription, t, position, receiverQueueSize, messages, timeout, checks);
    }

    public Spec<T> withPosition(SubscriptionInitialPosition p) {
      return new Spec<>(schema, topic, subscription, type, p, receiverQueueSize, messages, timeout, checks);
    }

    public Spec<T> withReceiverQueueSize(int size) {
      return new Spec<>(schema, topic, subscription, type, position, size, messages, timeout, checks);
    }

    public Spec<T> withMessages(int count, Duration within) {
      return new Spec<>(schema, topic, subscription, type, position, receiverQueueSize, count, within, checks);
    }

    public Spec<T> withChecks(List<MessageCheck> all) {
      return new Spec<>(schema, topic, subscription, type, position, receiverQueueSize, messages, timeout,
          List.copyOf(all));
    }
  }

  private final Spec<T> spec;
  private final PulsarClient client;

  public PulsarConsumeAction(String name, Function<io.gatling.javaapi.core.Session, String> requestName,
      Spec<T> spec, PulsarClient client, ScenarioContext ctx, Action next) {
    super(name, requestName, ctx, next);
    this.spec = spec;
    this.client = client;
  }

  @Override
  public void execute(Session session) {
    io.gatling.javaapi.core.Session javaSession = new io.gatling.javaapi.core.Session(session);
    String request = name;
    String topic;
    String subscription;
    try {
      request = requestName.apply(javaSession);
      topic = spec.topic().apply(javaSession);
      subscription = spec.subscription().apply(javaSession);
    } catch (RuntimeException e) {
      crash(session, request, String.valueOf(e.getMessage()));
      return;
    }
    String requestNameForStats = request;
    String attribute = "gatling.pulsar.consumer " + topic + " " + subscription;
    long start = clock.nowMillis();
    consumerOf(javaSession, attribute, topic, subscription).whenComplete((consumer, error) -> {
      if (error != null) {
        GatlingAdapter.logResponse(stats, session, requestNameForStats, start, clock.nowMillis(), false,
            "cannot subscribe " + subscription + " to " + topic + ": " + rootMessage(error));
        session.eventLoop().execute(() -> next.execute(GatlingAdapter.markFailed(session)));
        return;
      }
      io.gatling.javaapi.core.Session withConsumer = javaSession.set(attribute, consumer);
      new Receipt(consumer, requestNameForStats, start + spec.timeout().toMillis(), withConsumer.asScala())
          .receiveNext();
    });
  }

  private CompletableFuture<Consumer<T>> consumerOf(io.gatling.javaapi.core.Session session, String attribute,
      String topic, String subscription) {
    if (session.contains(attribute)) {
      Consumer<T> consumer = session.get(attribute);
      return CompletableFuture.completedFuture(consumer);
    }
    org.apache.pulsar.client.api.ConsumerBuilder<T> builder = client.newConsumer(spec.schema())
        .topic(topic)
        .subscriptionName(subscription)
        .subscriptionType(spec.type())
        .subscriptionInitialPosition(spec.position());
    if (spec.receiverQueueSize() > 0) {
      builder = builder.receiverQueueSize(spec.receiverQueueSize());
    }
    return builder.subscribeAsync();
  }

  /** One execution's receiving: message after message until the count or the deadline. */
  private final class Receipt {
    private final Consumer<T> consumer;
    private final String request;
    private final long deadline;
    private Session session;
    private int received;
    private boolean failed;

    Receipt(Consumer<T> consumer, String request, long deadline, Session session) {
      this.consumer = consumer;
      this.request = request;
      this.deadline = deadline;
      this.session = session;
    }

    void receiveNext() {
      // messages already in the receiver queue come back completed: take them in this loop, not by recursion
      // (a deep stack for a long receive), and wait asynchronously only for one still to come
      while (true) {
        long left = deadline - clock.nowMillis();
        if (left <= 0) {
          timedOut();
          return;
        }
        CompletableFuture<Message<T>> next = consumer.receiveAsync();
        if (!next.isDone()) {
          next.orTimeout(left, TimeUnit.MILLISECONDS).whenComplete((message, error) -> {
            if (received(message, error)) {
              receiveNext();
            }
          });
          return;
        }
        Message<T> message = null;
        Throwable error = null;
        try {
          message = next.join();
        } catch (RuntimeException e) {
          error = e;
        }
        if (!received(message, error)) {
          return;
        }
      }
    }

    /** Records a receipt; true when the execution goes on receiving. */
    private boolean received(Message<T> message, Throwable error) {
      if (error != null) {
        if (rootCause(error) instanceof TimeoutException) {
          timedOut();
        } else {
          GatlingAdapter.logResponse(stats, session, request, clock.nowMillis(), clock.nowMillis(), false,
              "receive failed: " + rootMessage(error));
          finish(true);
        }
        return false;
      }
      onMessage(message);
      if (spec.messages() > 0 && received >= spec.messages()) {
        finish(false);
        return false;
      }
      return true;
    }

    private void onMessage(Message<T> message) {
      received++;
      long now = clock.nowMillis();
      MessageCheck.Outcome outcome = MessageCheck.applyAll(spec.checks(), message,
          new io.gatling.javaapi.core.Session(session));
      boolean ok = outcome.failure() == null;
      session = outcome.session().asScala();
      failed |= !ok;
      // timed from the message's publish time: what a consumer of the real pipeline would see
      GatlingAdapter.logResponse(stats, session, request, Math.min(message.getPublishTime(), now), now, ok,
          outcome.failure());
      consumer.acknowledgeAsync(message);
    }

    private void timedOut() {
      if (spec.messages() > 0) {
        long now = clock.nowMillis();
        GatlingAdapter.logResponse(stats, session, request, now - spec.timeout().toMillis(), now, false,
            "timeout after " + PulsarConsumeAction.format(spec.timeout()) + ": received " + received + " of "
                + spec.messages());
        finish(true);
      } else {
        finish(false);
      }
    }

    private void finish(boolean ko) {
      Session after = ko || failed ? GatlingAdapter.markFailed(session) : session;
      after.eventLoop().execute(() -> next.execute(after));
    }
  }

  /** A duration as a person writes it: "2 s", "1500 ms". */
  public static String format(Duration duration) {
    long ms = duration.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }

  static Throwable rootCause(Throwable error) {
    Throwable t = error;
    while ((t instanceof java.util.concurrent.CompletionException
        || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static String rootMessage(Throwable error) {
    Throwable t = rootCause(error);
    return String.valueOf(t.getMessage()).lines().findFirst().orElse(t.getClass().getSimpleName());
  }
}
