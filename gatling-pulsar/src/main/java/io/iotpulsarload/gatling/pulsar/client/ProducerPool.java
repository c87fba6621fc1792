package io.iotpulsarload.gatling.pulsar.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pulsar.client.api.ClientBuilder;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.TypedMessageBuilder;

/**
 * The producers of one run: created once per (topic, schema) and shared by every virtual user, never one per
 * user. Producers are created asynchronously so no send ever blocks a Gatling event loop; messages with the same
 * key always go through the same producer, so per-key order holds with several producers per topic.
 *
 * <p>Hot path: {@link #publish} is one map lookup, one message build and {@code sendAsync}; outcome counting
 * uses {@link java.util.concurrent.atomic.LongAdder}s, no locks.
 */
public final class ProducerPool implements AutoCloseable {

  private final PulsarClient client;
  private final PulsarSettings settings;
  private final PublishCounters counters = new PublishCounters();
  private final Map<ProducerKey, CompletableFuture<Producer<?>[]>> producers = new ConcurrentHashMap<>();
  private final AtomicInteger roundRobin = new AtomicInteger();
  private volatile boolean closed;
  /** Set when the run is stopping (SIGTERM, Ctrl-C): later sends fail at once, named, without reaching Pulsar. */
  private volatile boolean stopped;
  /** Set once the final counts are taken: a later answer must not be counted a second time. */
  private volatile boolean sealed;

  private record ProducerKey(String topic, Schema<?> schema) {}

  private final PublishListener listener;
  /** Fails a send Pulsar never answers (null when Pulsar's send timeout is off: 0). */
  private final SendDeadline deadline;

  /** How long past Pulsar's send timeout the tool's own deadline waits before failing a send itself. */
  public static final java.time.Duration DEADLINE_MARGIN = java.time.Duration.ofSeconds(5);

  public ProducerPool(PulsarClient client, PulsarSettings settings) {
    this(client, settings, PublishListener.NONE);
  }

  /** A pool that also tells {@code listener} about every send and its outcome (live progress, histograms). */
  public ProducerPool(PulsarClient client, PulsarSettings settings, PublishListener listener) {
    this.client = client;
    this.settings = settings;
    this.listener = listener;
    this.waitForRoom = Boolean.parseBoolean(String.valueOf(
        settings.producerConf().get(PulsarSettings.BLOCK_IF_QUEUE_FULL)));
    // a send waiting for room may wait one send timeout before it enters the queue, and one more in it
    this.deadline = settings.sendTimeout().isZero() ? null : new SendDeadline(
        settings.sendTimeout().multipliedBy(waitForRoom ? 2 : 1).plus(DEADLINE_MARGIN), true);
  }

  /**
   * {@code blockIfQueueFull=true}: a send that finds the queue or the memory limit full waits for room WITHOUT
   * blocking the calling thread (retried after 1 ms, doubling to 50 ms, for at most the send timeout; then it is
   * the KO "queue full"). Pulsar's own blocking is never used: it would stall a Gatling event loop.
   */
  private final boolean waitForRoom;

  /** Builds the client these settings describe (not yet connected: Pulsar connects lazily). */
  public static PulsarClient newClient(PulsarSettings settings) throws PulsarClientException {
    ClientBuilder builder = PulsarClient.builder()
        .serviceUrl(settings.serviceUrl())
        .loadConf(settings.clientConf());
    if (settings.auth() != null) {
      builder.authentication(settings.auth().create());
    }
    return builder.build();
  }

  /**
   * Sends one message and counts it: {@code sent} now, then {@code acked} or {@code failed} when the broker
   * answers or the send timeout fires. The future completes exceptionally on failure.
   */
  public <T> CompletableFuture<MessageId> publish(String topic, Schema<T> schema, OutgoingMessage<T> message) {
    counters.onSent();
    listener.onSent();
    long startNanos = System.nanoTime();
    CompletableFuture<MessageId> sent;
    if (stopped) { // never handed to Pulsar: a failure of its own name, counted like any other
      sent = CompletableFuture.failedFuture(new PublishErrors.RunStopping());
    } else if (closed) {
      sent = CompletableFuture.failedFuture(new PulsarClientException.AlreadyClosedException("producers closed"));
    } else {
      ProducerKey key = new ProducerKey(topic, schema);
      CompletableFuture<Producer<?>[]> ready;
      try {
        ready = producersFor(key);
      } catch (RuntimeException e) {
        ready = CompletableFuture.failedFuture(e);
      }
      Producer<?>[] created = ready.getNow(null);
      sent = created != null
          ? send(created, message)
          : ready.thenCompose(p -> send(p, message));
      if (deadline != null) {
        deadline.watch(sent, startNanos);
      }
      return counted(sent, startNanos, message, key, ready);
    }
    return counted(sent, startNanos, message, null, null);
  }

  /**
   * Counts the outcome once; a send that threw is a failed send, never a message that vanished. A send failed
   * because the client closed its producer for good has the producer of {@code key} created again.
   */
  private CompletableFuture<MessageId> counted(CompletableFuture<MessageId> sent, long startNanos,
      OutgoingMessage<?> message, ProducerKey key, CompletableFuture<Producer<?>[]> used) {
    return sent.whenComplete((id, error) -> {
      if (error != null && key != null && !closed && closedForGood(error)) {
        recreate(key, used, error);
      }
      if (sealed) {
        return;
      }
      listener.onOutcome(System.nanoTime() - startNanos, error, message);
      if (error == null) {
        counters.onAcked();
      } else {
        counters.onFailed();
      }
    });
  }

  private <T> CompletableFuture<MessageId> send(Producer<?>[] pool, OutgoingMessage<T> message) {
    CompletableFuture<MessageId> sent = sendNow(pool, message);
    if (!waitForRoom) {
      return sent;
    }
    long giveUpNanos = System.nanoTime() + settings.sendTimeout().toNanos();
    return sent.exceptionallyCompose(e -> PublishErrors.queueFull(e) ? sendWhenRoom(pool, message, giveUpNanos, 1)
        : CompletableFuture.failedFuture(e));
  }

  /** Tries again after {@code delayMillis} (the virtual user is parked on the future, no thread waits). */
  private <T> CompletableFuture<MessageId> sendWhenRoom(Producer<?>[] pool, OutgoingMessage<T> message,
      long giveUpNanos, long delayMillis) {
    if (closed || System.nanoTime() > giveUpNanos) {
      return CompletableFuture.failedFuture(new PulsarClientException.MemoryBufferIsFullError(
          "no room in the producer's queue or the client's memory limit within the send timeout"));
    }
    return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS))
        .thenCompose(ignored -> sendNow(pool, message))
        .exceptionallyCompose(e -> PublishErrors.queueFull(e)
            ? sendWhenRoom(pool, message, giveUpNanos, Math.min(50, delayMillis * 2))
            : CompletableFuture.failedFuture(e));
  }

  private <T> CompletableFuture<MessageId> sendNow(Producer<?>[] pool, OutgoingMessage<T> message) {
    try {
      return sendOrThrow(pool, message);
    } catch (RuntimeException e) {
      // schema encoding or message building failed: nothing reached the producer's queue
      return CompletableFuture.failedFuture(e);
    }
  }

  private <T> CompletableFuture<MessageId> sendOrThrow(Producer<?>[] pool, OutgoingMessage<T> message) {
    int index = pool.length == 1 ? 0
        : message.key() != null ? Math.floorMod(message.key().hashCode(), pool.length)
        : Math.floorMod(roundRobin.getAndIncrement(), pool.length);
    @SuppressWarnings("unchecked")
    Producer<T> producer = (Producer<T>) pool[index];
    TypedMessageBuilder<T> builder = producer.newMessage().value(message.value());
    if (message.key() != null) {
      builder.key(message.key());
    }
    if (!message.properties().isEmpty()) {
      builder.properties(message.properties());
    }
    if (message.eventTime() > 0) {
      builder.eventTime(message.eventTime());
    }
    return builder.sendAsync();
  }

  /** The producers of a topic and schema, created on first use. A failed creation is retried by the next send. */
  public CompletableFuture<Producer<?>[]> producersFor(String topic, Schema<?> schema) {
    return producersFor(new ProducerKey(topic, schema));
  }

  private CompletableFuture<Producer<?>[]> producersFor(ProducerKey key) {
    CompletableFuture<Producer<?>[]> existing = producers.get(key);
    if (existing != null) {
      return existing;
    }
    return producers.computeIfAbsent(key, k -> {
      CompletableFuture<Producer<?>[]> created = createProducers(k.topic(), k.schema());
      created.whenComplete((p, error) -> {
        if (error == null) {
          Recovery recovery = recoveries.remove(k);
          if (recovery != null) {
            System.out.printf("iot-pulsar-load: producer of %s re-created %.1f s after the client closed it%n",
                k.topic(), (System.nanoTime() - recovery.sinceNanos()) / 1e9);
          }
          return;
        }
        // retry with the next send after a backoff (1 s, doubling to 10 s), not with every send of the rate
        Recovery recovery = recoveries.merge(k, new Recovery(System.nanoTime(), 0),
            (old, fresh) -> new Recovery(old.sinceNanos(), old.attempts() + 1));
        long backoffMillis = Math.min(10_000L, 1_000L << Math.min(recovery.attempts(), 4));
        CompletableFuture.delayedExecutor(backoffMillis, TimeUnit.MILLISECONDS)
            .execute(() -> producers.remove(k, created));
      });
      return created;
    });
  }

  /** A producer being created again: since when, and how many attempts failed. */
  private record Recovery(long sinceNanos, int attempts) {}

  private final Map<ProducerKey, Recovery> recoveries = new ConcurrentHashMap<>();

  /**
   * Whether a send failed because the client closed its producer for good (a non-retriable error while a broker
   * was replaced, a topic deleted, a producer fenced): Pulsar never re-creates such a producer by itself.
   */
  private static boolean closedForGood(Throwable error) {
    Throwable cause = PublishErrors.cause(error);
    return cause instanceof PulsarClientException.AlreadyClosedException
        || cause instanceof PulsarClientException.TopicTerminatedException
        || cause instanceof PulsarClientException.ProducerFencedException;
  }

  /** Drops the closed producers of {@code key} (once, whichever send sees it first) so the next send re-creates. */
  private void recreate(ProducerKey key, CompletableFuture<Producer<?>[]> closedOnes, Throwable error) {
    if (producers.remove(key, closedOnes)) {
      recoveries.putIfAbsent(key, new Recovery(System.nanoTime(), 0));
      System.out.println("iot-pulsar-load: the Pulsar client closed the producer of " + key.topic() + " ("
          + PublishErrors.type(error) + "): creating it again");
      Producer<?>[] old = closedOnes.getNow(null);
      if (old != null) {
        for (Producer<?> producer : old) {
          producer.closeAsync().exceptionally(e -> null);
        }
      }
    }
  }

  private CompletableFuture<Producer<?>[]> createProducers(String topic, Schema<?> schema) {
    List<CompletableFuture<? extends Producer<?>>> futures = new ArrayList<>();
    Object name = settings.producerConf().get(PulsarSettings.PRODUCER_NAME);
    for (int i = 0; i < settings.producersPerTopic(); i++) {
      var builder = client.newProducer(schema)
          .topic(topic)
          .loadConf(settings.producerConf())
          .blockIfQueueFull(false); // never block the caller: waiting for room is ours, on futures
      if (name != null) { // one name per producer: the broker refuses a second producer of the same name
        builder.producerName(name + "-" + i);
      }
      futures.add(builder.createAsync());
    }
    return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
        .thenApply(ignored -> futures.stream().map(CompletableFuture::join).toArray(Producer<?>[]::new));
  }

  @Override
  public void close() {
    closeAndCount();
  }

  /**
   * The run is stopping: from now on every send fails at once with the KO {@link PublishErrors#INTERRUPTED}
   * (counted as failed, never handed to Pulsar); sends already made are still answered.
   */
  public void stopSending() {
    stopped = true;
  }

  /** The producers created so far, of every topic (e.g. to watch their connections). */
  public List<Producer<?>> created() {
    List<Producer<?>> all = new ArrayList<>();
    for (CompletableFuture<Producer<?>[]> future : producers.values()) {
      Producer<?>[] created = future.isDone() && !future.isCompletedExceptionally() ? future.join() : null;
      if (created != null) {
        all.addAll(List.of(created));
      }
    }
    return all;
  }

  /** The partitions of {@code topic} as the client's lookup sees them now (one name for a non-partitioned one). */
  public CompletableFuture<List<String>> partitionsOf(String topic) {
    return client.getPartitionsForTopic(topic, true); // true: as the producers see it (auto-creation on)
  }

  public PublishCounters counters() {
    return counters;
  }

  public PulsarSettings settings() {
    return settings;
  }

  /** The client the producers use: consumers of the same run share its connections. */
  public PulsarClient client() {
    return client;
  }

  /**
   * Flushes and closes every producer, waiting for outstanding sends to be answered (at most the send timeout
   * plus a margin), then closes the client. Returns the final counts; messages still unanswered after that are
   * counted as failed, so {@code sent == acked + failed} holds on return.
   */
  public PublishCounters.Snapshot closeAndCount() {
    closed = true;
    long waitMillis = settings.sendTimeout().toMillis() + 5_000;
    List<CompletableFuture<?>> closing = new ArrayList<>();
    for (CompletableFuture<Producer<?>[]> future : producers.values()) {
      Producer<?>[] created = future.getNow(null);
      if (created != null) {
        for (Producer<?> producer : created) {
          closing.add(producer.flushAsync()
              .exceptionally(e -> null)
              .thenCompose(ignored -> producer.closeAsync())
              .exceptionally(e -> null));
        }
      }
    }
    CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
        .completeOnTimeout(null, waitMillis, TimeUnit.MILLISECONDS)
        .join();
    try {
      client.close();
    } catch (PulsarClientException e) {
      // closing is best effort; the counts below still account for every message
    }
    if (deadline != null) {
      deadline.close();
    }
    sealed = true;
    PublishCounters.Snapshot last = counters.snapshot();
    for (long i = 0; i < last.inFlight(); i++) {
      counters.onFailed(); // unanswered at shutdown: a failure, never a silent drop
    }
    return counters.snapshot();
  }
}
