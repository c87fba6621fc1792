package io.iotpulsarload.gatling.pulsar;

import io.gatling.core.protocol.Protocol;
import io.gatling.javaapi.core.ProtocolBuilder;
import io.iotpulsarload.gatling.pulsar.internal.PulsarProtocol;
import io.iotpulsarload.pulsar.PublishCounters;
import io.iotpulsarload.pulsar.PublishListener;
import io.iotpulsarload.pulsar.PulsarSettings;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.pulsar.client.api.CompressionType;
import org.apache.pulsar.client.api.MessageRoutingMode;

/**
 * The Pulsar protocol: how to reach the cluster and how producers behave. Immutable: every method returns a new
 * builder. Producers are created once per topic and shared by all virtual users.
 */
public final class PulsarProtocolBuilder implements ProtocolBuilder {

  private final PulsarSettings settings;
  private final PublishListener listener;
  private final Consumer<PublishCounters.Snapshot> onRunEnd;
  private final Consumer<RequestRecorder> onRunStart;

  PulsarProtocolBuilder(PulsarSettings settings, PublishListener listener,
      Consumer<PublishCounters.Snapshot> onRunEnd, Consumer<RequestRecorder> onRunStart) {
    this.settings = settings;
    this.listener = listener;
    this.onRunEnd = onRunEnd;
    this.onRunStart = onRunStart;
  }

  private PulsarProtocolBuilder with(UnaryOperator<PulsarSettings.Builder> change) {
    return new PulsarProtocolBuilder(change.apply(settings.toBuilder()).build(), listener, onRunEnd, onRunStart);
  }

  /** Sets the broker service URL, e.g. {@code pulsar://127.0.0.1:6650}; returns a new builder. */
  public PulsarProtocolBuilder serviceUrl(String url) {
    return with(b -> b.serviceUrl(url));
  }

  /** Sets the admin (web service) URL, e.g. {@code http://127.0.0.1:8080}; default: the broker host on 8080. */
  public PulsarProtocolBuilder adminUrl(String url) {
    return with(b -> b.adminUrl(url));
  }

  /** Sets the default topic of every send; default {@code persistent://public/default/iot-sensor-data}. */
  public PulsarProtocolBuilder topic(String topic) {
    return with(b -> b.topic(topic));
  }

  /**
   * Creates the default topic with {@code n} partitions through the admin API when it does not exist (an existing
   * topic is left alone); 0 (default) creates nothing.
   */
  public PulsarProtocolBuilder partitions(int n) {
    return with(b -> b.partitions(n));
  }

  /** Turns producer batching on or off; default on. */
  public PulsarProtocolBuilder batching(boolean enabled) {
    return with(b -> b.batching(enabled));
  }

  /** Sets how long a batch may wait for more messages; default 1 ms. */
  public PulsarProtocolBuilder batchingMaxPublishDelay(Duration delay) {
    return with(b -> b.batchingMaxPublishDelay(delay));
  }

  /** Sets the most messages in one batch; default 1000. */
  public PulsarProtocolBuilder batchingMaxMessages(int messages) {
    return with(b -> b.batchingMaxMessages(messages));
  }

  /** Sets the most bytes in one batch; default 128 KiB. */
  public PulsarProtocolBuilder batchingMaxBytes(int bytes) {
    return with(b -> b.batchingMaxBytes(bytes));
  }

  /** Sets the compression: NONE, LZ4 (default), ZSTD, SNAPPY or ZLIB. */
  public PulsarProtocolBuilder compression(CompressionType type) {
    return with(b -> b.compression(type));
  }

  /** Sets how long a message may wait for its acknowledgement before it is a KO; default 10 s. */
  public PulsarProtocolBuilder sendTimeout(Duration timeout) {
    return with(b -> b.sendTimeout(timeout));
  }

  /** Sets the producer's pending-message limit; default 0 (bounded by the client's memory limit instead). */
  public PulsarProtocolBuilder maxPendingMessages(int messages) {
    return with(b -> b.maxPendingMessages(messages));
  }

  /** Whether a full pending queue blocks the send (true, default) or fails it at once. */
  public PulsarProtocolBuilder blockIfQueueFull(boolean block) {
    return with(b -> b.blockIfQueueFull(block));
  }

  /** Sets how keyless messages are routed to partitions; default RoundRobinPartition (keys always hash). */
  public PulsarProtocolBuilder routingMode(MessageRoutingMode mode) {
    return with(b -> b.routingMode(mode));
  }

  /** Sets how many producers share each topic's load; a key always uses the same one; default 1. */
  public PulsarProtocolBuilder producersPerTopic(int producers) {
    return with(b -> b.producersPerTopic(producers));
  }

  /** Sets the client's I/O threads; default 1. */
  public PulsarProtocolBuilder ioThreads(int threads) {
    return with(b -> b.ioThreads(threads));
  }

  /** Sets the client's connections per broker; default 1. */
  public PulsarProtocolBuilder connectionsPerBroker(int connections) {
    return with(b -> b.connectionsPerBroker(connections));
  }

  /** Sets the timeout of client operations such as lookups and producer creation; default 30 s. */
  public PulsarProtocolBuilder operationTimeout(Duration timeout) {
    return with(b -> b.operationTimeout(timeout));
  }

  /** Sets the TCP connection timeout; default 10 s. */
  public PulsarProtocolBuilder connectionTimeout(Duration timeout) {
    return with(b -> b.connectionTimeout(timeout));
  }

  /** Sets what receives the final sent/acked/failed counts when the run ends; default prints them. */
  public PulsarProtocolBuilder onRunEnd(Consumer<PublishCounters.Snapshot> onRunEnd) {
    return new PulsarProtocolBuilder(settings, listener, onRunEnd, onRunStart);
  }

  /**
   * Sets what receives, when the run starts, a recorder for requests made outside virtual users (e.g. a
   * verifying consumer's end-to-end latency); returns a new builder.
   */
  public PulsarProtocolBuilder onRunStart(Consumer<RequestRecorder> listener) {
    return new PulsarProtocolBuilder(settings, this.listener, onRunEnd, listener);
  }

  /** Sets what is told about every send and its outcome (must be lock-free: it is on the hot path). */
  public PulsarProtocolBuilder publishListener(PublishListener publishListener) {
    return new PulsarProtocolBuilder(settings, publishListener, onRunEnd, onRunStart);
  }

  /** The settings this builder holds. */
  public PulsarSettings settings() {
    return settings;
  }

  @Override
  public Protocol protocol() {
    return new PulsarProtocol(settings, listener, onRunEnd, onRunStart);
  }
}
