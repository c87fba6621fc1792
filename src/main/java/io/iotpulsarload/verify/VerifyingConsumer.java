package io.iotpulsarload.verify;

import com.iot.pipeline.model.SensorData;
import io.iotpulsarload.sensor.MessageFormat;
import io.iotpulsarload.sensor.MessageStamps;
import io.iotpulsarload.sensor.SensorCodec;
import io.iotpulsarload.sensor.SensorValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionMode;
import org.apache.pulsar.client.api.SubscriptionType;

/**
 * Reads back what a run publishes, on its own non-durable subscription (all partitions), and proves delivery:
 * every message of this run (its {@code iot.stamp}) is decoded in the run's format, validated against the data
 * model, tracked per (injector, device) sequence for loss, duplicates and order, and timed end to end (receive
 * time minus the producer's publish time: both clocks are this machine's, see docs/reports.md for remote consumers).
 *
 * <p>One receiving thread does all the bookkeeping (no locks); cost per message is one decode, one validation, one
 * map lookup and one histogram write.
 */
public final class VerifyingConsumer implements AutoCloseable {

  /** Told about each received message of the run (e.g. to log it as the "e2e" request in Gatling's report). */
  @FunctionalInterface
  public interface ReceiveListener {
    void onReceived(long publishMillis, long receiveMillis);
  }

  private static final int MAX_EXAMPLES = 5;

  private final PulsarClient client;
  private final String topic;
  private final MessageFormat format;
  private final String runId;
  private final String injector;
  private final ReceiveListener listener;
  private final Duration partitionUpdates;
  private final SequenceTracker tracker = new SequenceTracker();
  private final DeviceHistory devices = new DeviceHistory();
  private final Histogram e2eMicros = new Histogram(Duration.ofMinutes(10).toNanos() / 1000, 3);
  private final List<String> invalidExamples = new ArrayList<>();
  private long invalid;
  private long foreign;
  private volatile long uniqueSeen;
  private volatile long lastReceiveNanos = System.nanoTime();
  private volatile Consumer<byte[]> consumer;
  private Thread receiver;
  private volatile boolean receiving = true;
  // receive thread only: the newest publish time received, and up to which a re-read is not a duplicate
  private long lastPublishMillis;
  private long replayUntilPublishMillis = Long.MIN_VALUE;

  /**
   * @param runId    only messages of this run count
   * @param injector only messages of this injector count (each injector of a distributed run verifies its own)
   */
  public VerifyingConsumer(PulsarClient client, String topic, MessageFormat format, String runId, String injector,
      ReceiveListener listener) {
    this(client, topic, format, runId, injector, listener, Duration.ofMinutes(1));
  }

  /**
   * @param partitionUpdates how often to look for partitions added to a partitioned topic (Pulsar's
   *                         {@code autoUpdatePartitionsInterval}; its default is a minute)
   */
  public VerifyingConsumer(PulsarClient client, String topic, MessageFormat format, String runId, String injector,
      ReceiveListener listener, Duration partitionUpdates) {
    this.partitionUpdates = partitionUpdates;
    this.client = client;
    this.topic = topic;
    this.format = format;
    this.runId = runId;
    this.injector = injector;
    this.listener = listener;
  }

  /**
   * The consumer now (it may be replaced by a new subscription after the client closed it for good), to watch
   * its connection; {@code null} before {@link #start()}.
   */
  public Consumer<byte[]> consumer() {
    return consumer;
  }

  /** Subscribes at the topic's end: call before the first message of the run is sent. */
  public VerifyingConsumer start() throws PulsarClientException {
    return start(SubscriptionInitialPosition.Latest);
  }

  /** Subscribes at the topic's end or its first retained message (to verify what a topic holds). */
  public VerifyingConsumer start(SubscriptionInitialPosition position) throws PulsarClientException {
    consumer = subscribe(position);
    // our own receive loop rather than a message listener: on a partitioned topic the client's listener could
    // leave a message undelivered for seconds (seen here: 1 of 1,200 until the consumer closed)
    receiver = new Thread(this::receiveLoop, "iot-verify-consumer");
    receiver.setDaemon(true);
    receiver.start();
    return this;
  }

  private Consumer<byte[]> subscribe(SubscriptionInitialPosition position) throws PulsarClientException {
    return client.newConsumer(Schema.BYTES)
        .topic(topic)
        .subscriptionName("iot-pulsar-load-verify-" + UUID.randomUUID())
        .subscriptionMode(SubscriptionMode.NonDurable)
        .subscriptionType(SubscriptionType.Exclusive)
        .subscriptionInitialPosition(position)
        .receiverQueueSize(10_000)
        .autoUpdatePartitionsInterval((int) Math.max(1, partitionUpdates.toSeconds()), TimeUnit.SECONDS)
        .subscribe();
  }

  /**
   * The client closed our consumer for good (a non-retriable error: a broker replaced by a fresh one, a namespace
   * re-created): subscribe again, with a backoff, from the topic's first retained message. What comes again that
   * was already received, published up to the last message before the closure, is a re-read, not a duplicate.
   */
  private Consumer<byte[]> resubscribe(Consumer<byte[]> closed, PulsarClientException cause) {
    long since = System.nanoTime();
    System.out.println("iot-pulsar-load: the Pulsar client closed the verifying consumer ("
        + cause.getClass().getSimpleName() + "): subscribing again");
    try {
      closed.close();
    } catch (PulsarClientException ignored) {
      // already closed
    }
    replayUntilPublishMillis = lastPublishMillis;
    long backoffMillis = 500;
    while (receiving) {
      try {
        Consumer<byte[]> c = subscribe(SubscriptionInitialPosition.Earliest);
        System.out.printf("iot-pulsar-load: verifying consumer subscribed again after %.1f s%n",
            (System.nanoTime() - since) / 1e9);
        consumer = c;
        return c;
      } catch (PulsarClientException e) {
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoffMillis)); // backoff
        backoffMillis = Math.min(10_000, backoffMillis * 2);
      }
    }
    return null;
  }

  private void receiveLoop() {
    Consumer<byte[]> c = consumer;
    while (receiving && c != null) {
      try {
        Message<byte[]> m = c.receive(100, TimeUnit.MILLISECONDS);
        if (m != null) {
          try {
            onMessage(m);
          } catch (RuntimeException e) { // one bad message must not end verification
            invalid(m, "could not be checked: " + e);
          }
        }
      } catch (PulsarClientException.AlreadyClosedException e) {
        if (receiving) {
          c = resubscribe(c, e);
        }
      } catch (PulsarClientException e) {
        if (receiving) {
          System.out.println("iot-pulsar-load: verifying consumer: " + e.getMessage());
        }
        return;
      }
    }
  }

  private void onMessage(Message<byte[]> m) {
    long receiveMillis = System.currentTimeMillis();
    lastReceiveNanos = System.nanoTime();
    MessageStamps.Stamp stamp = MessageStamps.read(m::getProperty);
    if (stamp == null || !runId.equals(stamp.run())
        || (stamp.injector() != null && !injector.equals(stamp.injector()))) {
      foreign++; // another run's, another injector's or another tool's message on the same topic
      return;
    }
    long seq = stamp.sequence();
    if (seq >= 0 && m.hasKey() && m.getPublishTime() <= replayUntilPublishMillis
        && tracker.wasReceived(injector + "/" + m.getKey(), seq)) {
      return; // re-read after subscribing again: received before, not a duplicate
    }
    lastPublishMillis = Math.max(lastPublishMillis, m.getPublishTime());
    if (seq >= 0 && m.hasKey()) {
      // delivered, whatever its payload: its device's sequence counts it (an invalid reading is not also lost)
      tracker.onMessage(injector + "/" + m.getKey(), seq);
      uniqueSeen = tracker.unique();
    }
    SensorData reading;
    try {
      reading = SensorCodec.forThisThread().decode(format, m.getData());
    } catch (IllegalArgumentException e) {
      invalid(m, "undecodable as " + format + ": " + e.getMessage());
      return;
    }
    String problem = SensorValidator.problem(reading);
    if (problem == null && (seq < 0 || stamp.injector() == null
        || !reading.getDeviceId().equals(m.getKey()))) {
      problem = "missing stamps or key is not the device id";
    }
    if (problem == null) {
      problem = devices.problem(reading, seq);
    }
    if (problem != null) {
      invalid(m, problem);
      return;
    }
    long e2e = Math.max(0, receiveMillis - m.getPublishTime());
    e2eMicros.recordValue(Math.min(e2eMicros.getHighestTrackableValue(), e2e * 1000));
    listener.onReceived(m.getPublishTime(), receiveMillis);
  }

  private void invalid(Message<byte[]> m, String why) {
    invalid++;
    if (invalidExamples.size() < MAX_EXAMPLES) {
      String example = "message " + m.getMessageId() + " key " + m.getKey() + ": " + why;
      invalidExamples.add(example);
      System.out.println("iot-pulsar-load: invalid " + example);
    }
  }

  /**
   * Completes once {@code expectedUnique} distinct messages arrived, or nothing arrived for {@code quiet}, or
   * {@code timeout} passed (then, if messages were still arriving, the consumer is behind, not the pipeline lossy).
   */
  public CompletableFuture<Boolean> drain(long expectedUnique, Duration quiet, Duration timeout) {
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    ScheduledExecutorService poll = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "iot-verify-drain");
      t.setDaemon(true);
      return t;
    });
    long deadline = System.nanoTime() + timeout.toNanos();
    poll.scheduleAtFixedRate(() -> {
      long now = System.nanoTime();
      boolean quietNow = now - lastReceiveNanos > quiet.toNanos();
      if (uniqueSeen >= expectedUnique || quietNow) {
        done.complete(false);
      } else if (now > deadline) {
        done.complete(true); // still receiving: behind
      }
    }, 0, 100, TimeUnit.MILLISECONDS);
    // shutdown, not shutdownNow: the poll thread itself completes the future and runs what depends on it
    return done.whenComplete((behind, e) -> poll.shutdown());
  }

  /**
   * Stops consuming and sums up.
   *
   * @param sent          messages handed to Pulsar / acknowledged / failed (the producers' counts)
   * @param sentPerDevice sequence numbers used per "injector/device" key
   * @param failedSends   sends that failed, never acknowledged
   * @param behind        whether the drain ended with the consumer still receiving
   */
  public synchronized VerificationSummary finish(long sent, long acked, long failed, Map<String, Long> sentPerDevice,
      Set<SequenceTracker.DeviceSequence> failedSends, boolean behind) {
    close();
    long lost = behind ? 0 : tracker.lost(sentPerDevice, failedSends);
    long unexpected = tracker.unexpected(sentPerDevice);
    if (lost > 0) {
      tracker.lostExamples(sentPerDevice, MAX_EXAMPLES).forEach(e -> System.out.println("iot-pulsar-load: lost " + e));
    }
    if (unexpected > 0) {
      tracker.unexpectedExamples(sentPerDevice, MAX_EXAMPLES)
          .forEach(e -> System.out.println("iot-pulsar-load: never sent " + e));
    }
    long deliveredAnyway = tracker.receivedOf(failedSends);
    return new VerificationSummary(sent, acked, failed, tracker.received(), tracker.unique(), lost,
        tracker.duplicates(), tracker.outOfOrder(), invalid, foreign, unexpected, behind,
        e2eMicros.getValueAtPercentile(50) / 1000.0, e2eMicros.getValueAtPercentile(99) / 1000.0,
        e2eMicros.getMaxValue() / 1000.0, List.copyOf(invalidExamples), deliveredAnyway,
        failedSends.size() - deliveredAnyway);
  }

  @Override
  public synchronized void close() {
    receiving = false;
    if (receiver != null && receiver != Thread.currentThread()) {
      try {
        receiver.join(5_000); // the loop wakes up every 100 ms: then the counts are final
        if (receiver.isAlive()) {
          System.out.println("iot-pulsar-load: verifying consumer did not stop within 5 s; its counts may be short");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (consumer != null) {
      try {
        consumer.close();
      } catch (PulsarClientException e) {
        // best effort: the counts are already in
      }
      consumer = null;
    }
  }
}
