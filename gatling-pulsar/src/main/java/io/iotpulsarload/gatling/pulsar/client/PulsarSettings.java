package io.iotpulsarload.gatling.pulsar.client;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to reach Pulsar and how to produce. An immutable value; each {@code with...} method returns a new one.
 *
 * <p>Client and producer options are kept as Pulsar's own configuration maps, under the keys Pulsar's
 * {@code ClientBuilder.loadConf} and {@code ProducerBuilder.loadConf} read (the field names of
 * {@code ClientConfigurationData} and {@code ProducerConfigurationData}, e.g. {@code sendTimeoutMs},
 * {@code compressionType}). So any Pulsar option can be set without code here, and a named option lives in one
 * place: its key.
 *
 * @param serviceUrl        broker service URL, e.g. {@code pulsar://127.0.0.1:6650}
 * @param adminUrl          admin (web service) URL, or {@code null} to derive it from the service URL
 * @param topic             default topic of every send
 * @param partitions        partitions to create the default topic with when it does not exist (0: none)
 * @param producersPerTopic producers sharing a topic's load (a key always uses the same one)
 * @param clientConf        {@code ClientBuilder.loadConf} entries
 * @param producerConf      {@code ProducerBuilder.loadConf} entries
 * @param auth              authentication of every connection (producers, admin, consumer), or {@code null}
 */
public record PulsarSettings(
    String serviceUrl,
    String adminUrl,
    String topic,
    int partitions,
    int producersPerTopic,
    Map<String, Object> clientConf,
    Map<String, Object> producerConf,
    PulsarAuth auth) {

  public static final String DEFAULT_TOPIC = "persistent://public/default/iot-sensor-data";
  /** Pulsar's own default: the bound on messages waiting for an answer, across every producer of the client. */
  public static final long DEFAULT_MEMORY_LIMIT_BYTES = 64L * 1024 * 1024;

  // Pulsar's own option names (ClientConfigurationData / ProducerConfigurationData fields)
  public static final String IO_THREADS = "numIoThreads";
  public static final String CONNECTIONS_PER_BROKER = "connectionsPerBroker";
  public static final String OPERATION_TIMEOUT_MS = "operationTimeoutMs";
  public static final String CONNECTION_TIMEOUT_MS = "connectionTimeoutMs";
  public static final String MEMORY_LIMIT_BYTES = "memoryLimitBytes";
  public static final String STATS_INTERVAL_SECONDS = "statsIntervalSeconds";
  public static final String TCP_NO_DELAY = "useTcpNoDelay";
  public static final String BATCHING_ENABLED = "batchingEnabled";
  public static final String BATCHING_MAX_PUBLISH_DELAY_MICROS = "batchingMaxPublishDelayMicros";
  public static final String BATCHING_MAX_MESSAGES = "batchingMaxMessages";
  public static final String BATCHING_MAX_BYTES = "batchingMaxBytes";
  public static final String COMPRESSION_TYPE = "compressionType";
  public static final String SEND_TIMEOUT_MS = "sendTimeoutMs";
  public static final String MAX_PENDING_MESSAGES = "maxPendingMessages";
  public static final String BLOCK_IF_QUEUE_FULL = "blockIfQueueFull";
  public static final String MESSAGE_ROUTING_MODE = "messageRoutingMode";
  public static final String PRODUCER_NAME = "producerName";
  public static final String AUTO_UPDATE_PARTITIONS_INTERVAL_SECONDS = "autoUpdatePartitionsIntervalSeconds";
  public static final String TLS_TRUST_CERTS_FILE_PATH = "tlsTrustCertsFilePath";
  public static final String TLS_ALLOW_INSECURE_CONNECTION = "tlsAllowInsecureConnection";
  public static final String TLS_HOSTNAME_VERIFICATION_ENABLE = "tlsHostnameVerificationEnable";
  public static final String TLS_CERTIFICATE_FILE_PATH = "tlsCertificateFilePath";
  public static final String TLS_KEY_FILE_PATH = "tlsKeyFilePath";

  public PulsarSettings {
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("topic must not be blank");
    }
    if (partitions < 0) {
      throw new IllegalArgumentException("partitions must not be negative, got " + partitions);
    }
    if (producersPerTopic < 1) {
      throw new IllegalArgumentException("producersPerTopic must be at least 1, got " + producersPerTopic);
    }
    clientConf = Map.copyOf(clientConf);
    producerConf = Map.copyOf(producerConf);
  }

  /**
   * The defaults: the original producer's (LZ4, batching 1 ms / 1,000 messages / 128 KiB, 10 s send timeout),
   * one I/O thread and connection, and Pulsar's own elsewhere. The client's periodic stats are off: they count
   * every ack a second time (~2 % of the injector's CPU at 50K msg/s) and the run monitor reports the same.
   */
  public static PulsarSettings defaults() {
    Map<String, Object> client = new LinkedHashMap<>();
    client.put(IO_THREADS, 1);
    client.put(CONNECTIONS_PER_BROKER, 1);
    client.put(OPERATION_TIMEOUT_MS, 30_000);
    client.put(CONNECTION_TIMEOUT_MS, 10_000);
    client.put(STATS_INTERVAL_SECONDS, 0);
    client.put(TCP_NO_DELAY, true);
    client.put(MEMORY_LIMIT_BYTES, DEFAULT_MEMORY_LIMIT_BYTES);
    // safer than Pulsar's default (off): a TLS connection checks it reached the host it asked for
    client.put(TLS_HOSTNAME_VERIFICATION_ENABLE, true);
    Map<String, Object> producer = new LinkedHashMap<>();
    producer.put(BATCHING_ENABLED, true);
    producer.put(BATCHING_MAX_PUBLISH_DELAY_MICROS, 1_000L);
    producer.put(BATCHING_MAX_MESSAGES, 1_000);
    producer.put(BATCHING_MAX_BYTES, 128 * 1024);
    producer.put(COMPRESSION_TYPE, "LZ4");
    producer.put(SEND_TIMEOUT_MS, 10_000);
    producer.put(MAX_PENDING_MESSAGES, 0);
    // never block the sending thread (a Gatling event loop): a full queue fails the send at once, KO "queue full"
    producer.put(BLOCK_IF_QUEUE_FULL, false);
    producer.put(MESSAGE_ROUTING_MODE, "RoundRobinPartition");
    return new PulsarSettings(null, null, DEFAULT_TOPIC, 0, 1, client, producer, null);
  }

  public PulsarSettings withServiceUrl(String url) {
    return new PulsarSettings(url, adminUrl, topic, partitions, producersPerTopic, clientConf, producerConf, auth);
  }

  public PulsarSettings withAdminUrl(String url) {
    return new PulsarSettings(serviceUrl, url, topic, partitions, producersPerTopic, clientConf, producerConf, auth);
  }

  public PulsarSettings withTopic(String name) {
    return new PulsarSettings(serviceUrl, adminUrl, name, partitions, producersPerTopic, clientConf, producerConf,
        auth);
  }

  public PulsarSettings withPartitions(int n) {
    return new PulsarSettings(serviceUrl, adminUrl, topic, n, producersPerTopic, clientConf, producerConf, auth);
  }

  public PulsarSettings withProducersPerTopic(int n) {
    return new PulsarSettings(serviceUrl, adminUrl, topic, partitions, n, clientConf, producerConf, auth);
  }

  /** Authenticates every connection with {@code authentication} ({@code null}: none). */
  public PulsarSettings withAuth(PulsarAuth authentication) {
    return new PulsarSettings(serviceUrl, adminUrl, topic, partitions, producersPerTopic, clientConf, producerConf,
        authentication);
  }

  /** These entries over the client configuration (Pulsar's {@code ClientBuilder.loadConf} keys). */
  public PulsarSettings withClientConf(Map<String, ?> entries) {
    return new PulsarSettings(serviceUrl, adminUrl, topic, partitions, producersPerTopic,
        merged(clientConf, entries), producerConf, auth);
  }

  /** These entries over the producer configuration (Pulsar's {@code ProducerBuilder.loadConf} keys). */
  public PulsarSettings withProducerConf(Map<String, ?> entries) {
    return new PulsarSettings(serviceUrl, adminUrl, topic, partitions, producersPerTopic, clientConf,
        merged(producerConf, entries), auth);
  }

  private static Map<String, Object> merged(Map<String, Object> base, Map<String, ?> entries) {
    Map<String, Object> m = new LinkedHashMap<>(base);
    entries.forEach((k, v) -> {
      if (v == null) {
        m.remove(k);
      } else {
        m.put(k, v);
      }
    });
    return m;
  }

  /** How long a send may wait for its acknowledgement (Pulsar's {@code sendTimeoutMs}). */
  public Duration sendTimeout() {
    return Duration.ofMillis(number(producerConf, SEND_TIMEOUT_MS, 30_000));
  }

  /** Whether the service URL asks for TLS ({@code pulsar+ssl://}). */
  public boolean tls() {
    return serviceUrl != null && serviceUrl.startsWith("pulsar+ssl://");
  }

  /** A client option as text, or {@code null} when unset. */
  public String clientOption(String key) {
    Object v = clientConf.get(key);
    return v == null ? null : v.toString();
  }

  /** How long lookups and producer creation may take (Pulsar's {@code operationTimeoutMs}). */
  public Duration operationTimeout() {
    return Duration.ofMillis(number(clientConf, OPERATION_TIMEOUT_MS, 30_000));
  }

  private static long number(Map<String, Object> conf, String key, long pulsarDefault) {
    Object v = conf.get(key);
    return v == null ? pulsarDefault : v instanceof Number n ? n.longValue() : Long.parseLong(v.toString());
  }

  /** The admin (web service) URL: the configured one, else derived from the service URL (port 8080 / 8443). */
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
}
