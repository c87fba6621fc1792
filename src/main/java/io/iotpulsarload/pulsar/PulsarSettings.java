package io.iotpulsarload.pulsar;

import java.time.Duration;
import org.apache.pulsar.client.api.CompressionType;
import org.apache.pulsar.client.api.MessageRoutingMode;

/**
 * How to reach Pulsar and how to produce: client, admin, default topic and producer settings. An
 * immutable value; {@code PulsarProtocolBuilder} derives new ones through {@link #toBuilder()}.
 *
 * <p>Defaults are the original producer's (LZ4, batching on, 10 s send timeout) and Pulsar's own elsewhere.
 */
public record PulsarSettings(
    String serviceUrl,
    String adminUrl,
    String topic,
    int partitions,
    boolean batching,
    Duration batchingMaxPublishDelay,
    int batchingMaxMessages,
    int batchingMaxBytes,
    CompressionType compression,
    Duration sendTimeout,
    int maxPendingMessages,
    boolean blockIfQueueFull,
    MessageRoutingMode routingMode,
    int producersPerTopic,
    int ioThreads,
    int connectionsPerBroker,
    Duration operationTimeout,
    Duration connectionTimeout) {

  public PulsarSettings {
    requirePositive("batchingMaxMessages", batchingMaxMessages);
    requirePositive("batchingMaxBytes", batchingMaxBytes);
    requirePositive("producersPerTopic", producersPerTopic);
    requirePositive("ioThreads", ioThreads);
    requirePositive("connectionsPerBroker", connectionsPerBroker);
    if (partitions < 0 || maxPendingMessages < 0) {
      throw new IllegalArgumentException("partitions and maxPendingMessages must not be negative");
    }
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("topic must not be blank");
    }
  }

  private static void requirePositive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + value);
    }
  }

  public static final String DEFAULT_TOPIC = "persistent://public/default/iot-sensor-data";

  /** Defaults: no service URL yet, LZ4, batching (1 ms, 1000 messages, 128 KiB), 10 s send timeout. */
  public static PulsarSettings defaults() {
    return new PulsarSettings(
        null, null, DEFAULT_TOPIC, 0,
        true, Duration.ofMillis(1), 1000, 128 * 1024,
        CompressionType.LZ4, Duration.ofSeconds(10), 0, true,
        MessageRoutingMode.RoundRobinPartition, 1,
        1, 1, Duration.ofSeconds(30), Duration.ofSeconds(10));
  }

  /** The admin (web service) URL: the configured one, else derived from the service URL (port 8080). */
  public String effectiveAdminUrl() {
    if (adminUrl != null) {
      return adminUrl;
    }
    if (serviceUrl == null) {
      throw new IllegalStateException("no Pulsar service URL configured");
    }
    String first = serviceUrl.replaceFirst("^pulsar(\\+ssl)?://", "").split(",")[0];
    String host = first.contains(":") ? first.substring(0, first.lastIndexOf(':')) : first;
    boolean tls = serviceUrl.startsWith("pulsar+ssl://");
    return (tls ? "https://" : "http://") + host + (tls ? ":8443" : ":8080");
  }

  /** A mutable copy, to derive a new value with a few settings changed. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.serviceUrl = serviceUrl;
    b.adminUrl = adminUrl;
    b.topic = topic;
    b.partitions = partitions;
    b.batching = batching;
    b.batchingMaxPublishDelay = batchingMaxPublishDelay;
    b.batchingMaxMessages = batchingMaxMessages;
    b.batchingMaxBytes = batchingMaxBytes;
    b.compression = compression;
    b.sendTimeout = sendTimeout;
    b.maxPendingMessages = maxPendingMessages;
    b.blockIfQueueFull = blockIfQueueFull;
    b.routingMode = routingMode;
    b.producersPerTopic = producersPerTopic;
    b.ioThreads = ioThreads;
    b.connectionsPerBroker = connectionsPerBroker;
    b.operationTimeout = operationTimeout;
    b.connectionTimeout = connectionTimeout;
    return b;
  }

  /** Mutable counterpart of the record; only ever used to derive the next immutable value. */
  public static final class Builder {
    private String serviceUrl;
    private String adminUrl;
    private String topic;
    private int partitions;
    private boolean batching;
    private Duration batchingMaxPublishDelay;
    private int batchingMaxMessages;
    private int batchingMaxBytes;
    private CompressionType compression;
    private Duration sendTimeout;
    private int maxPendingMessages;
    private boolean blockIfQueueFull;
    private MessageRoutingMode routingMode;
    private int producersPerTopic;
    private int ioThreads;
    private int connectionsPerBroker;
    private Duration operationTimeout;
    private Duration connectionTimeout;

    public Builder serviceUrl(String value) {
      this.serviceUrl = value;
      return this;
    }

    public Builder adminUrl(String value) {
      this.adminUrl = value;
      return this;
    }

    public Builder topic(String value) {
      this.topic = value;
      return this;
    }

    public Builder partitions(int value) {
      this.partitions = value;
      return this;
    }

    public Builder batching(boolean value) {
      this.batching = value;
      return this;
    }

    public Builder batchingMaxPublishDelay(Duration value) {
      this.batchingMaxPublishDelay = value;
      return this;
    }

    public Builder batchingMaxMessages(int value) {
      this.batchingMaxMessages = value;
      return this;
    }

    public Builder batchingMaxBytes(int value) {
      this.batchingMaxBytes = value;
      return this;
    }

    public Builder compression(CompressionType value) {
      this.compression = value;
      return this;
    }

    public Builder sendTimeout(Duration value) {
      this.sendTimeout = value;
      return this;
    }

    public Builder maxPendingMessages(int value) {
      this.maxPendingMessages = value;
      return this;
    }

    public Builder blockIfQueueFull(boolean value) {
      this.blockIfQueueFull = value;
      return this;
    }

    public Builder routingMode(MessageRoutingMode value) {
      this.routingMode = value;
      return this;
    }

    public Builder producersPerTopic(int value) {
      this.producersPerTopic = value;
      return this;
    }

    public Builder ioThreads(int value) {
      this.ioThreads = value;
      return this;
    }

    public Builder connectionsPerBroker(int value) {
      this.connectionsPerBroker = value;
      return this;
    }

    public Builder operationTimeout(Duration value) {
      this.operationTimeout = value;
      return this;
    }

    public Builder connectionTimeout(Duration value) {
      this.connectionTimeout = value;
      return this;
    }

    public PulsarSettings build() {
      return new PulsarSettings(serviceUrl, adminUrl, topic, partitions, batching, batchingMaxPublishDelay, batchingMaxMessages, batchingMaxBytes, compression, sendTimeout, maxPendingMessages, blockIfQueueFull, routingMode, producersPerTopic, ioThreads, connectionsPerBroker, operationTimeout, connectionTimeout);
    }
  }
}
