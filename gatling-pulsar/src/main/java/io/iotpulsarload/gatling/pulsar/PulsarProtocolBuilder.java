package io.iotpulsarload.gatling.pulsar;

import io.gatling.core.protocol.Protocol;
import io.gatling.javaapi.core.ProtocolBuilder;
import io.iotpulsarload.gatling.pulsar.internal.PulsarProtocol;
import io.iotpulsarload.gatling.pulsar.spi.PulsarRunHooks;
import io.iotpulsarload.gatling.pulsar.client.PulsarAuth;
import io.iotpulsarload.gatling.pulsar.client.PulsarSettings;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.pulsar.client.api.CompressionType;
import org.apache.pulsar.client.api.MessageRoutingMode;

/**
 * The Pulsar protocol: how to reach the cluster and how producers behave. Immutable: every method returns a new
 * builder. Producers are created once per topic and shared by all virtual users.
 *
 * <p>Options carry the names of Pulsar's {@code ClientBuilder} and {@code ProducerBuilder}; any other Pulsar
 * option goes through {@link #clientConf} or {@link #producerConf}, as Pulsar's {@code loadConf} reads it.
 */
public final class PulsarProtocolBuilder implements ProtocolBuilder {

  /** The first step of a protocol: the broker service URL, the one setting without a default. */
  public static final class ServiceUrlStep {
    static final ServiceUrlStep INSTANCE = new ServiceUrlStep();

    private ServiceUrlStep() {}

    /**
     * Sets the broker service URL.
     *
     * @param url e.g. {@code pulsar://127.0.0.1:6650} or {@code pulsar+ssl://broker:6651}
     * @return the protocol builder, with every other setting at its default
     */
    public PulsarProtocolBuilder serviceUrl(String url) {
      if (url == null || url.isBlank()) {
        throw new IllegalArgumentException("pulsar().serviceUrl(..) needs a URL such as pulsar://127.0.0.1:6650");
      }
      return new PulsarProtocolBuilder(PulsarSettings.defaults().withServiceUrl(url), PulsarRunHooks.NONE);
    }
  }

  private final PulsarSettings settings;
  private final PulsarRunHooks hooks;

  private PulsarProtocolBuilder(PulsarSettings settings, PulsarRunHooks hooks) {
    this.settings = settings;
    this.hooks = hooks;
  }

  private PulsarProtocolBuilder with(UnaryOperator<PulsarSettings> change) {
    return new PulsarProtocolBuilder(change.apply(settings), hooks);
  }

  private PulsarProtocolBuilder client(String key, Object value) {
    return with(s -> s.withClientConf(Map.of(key, value)));
  }

  private PulsarProtocolBuilder producer(String key, Object value) {
    return with(s -> s.withProducerConf(Map.of(key, value)));
  }

  /** Sets the admin (web service) URL, e.g. {@code http://127.0.0.1:8080}; default: the broker host on 8080. */
  public PulsarProtocolBuilder adminUrl(String url) {
    return with(s -> s.withAdminUrl(url));
  }

  /** Sets the default topic of every send; default {@code persistent://public/default/iot-sensor-data}. */
  public PulsarProtocolBuilder topic(String topic) {
    return with(s -> s.withTopic(topic));
  }

  /**
   * Creates the default topic with {@code n} partitions through the admin API when it does not exist (an existing
   * topic is left alone); 0 (default) creates nothing.
   */
  public PulsarProtocolBuilder partitions(int n) {
    return with(s -> s.withPartitions(n));
  }

  /** Sets how many producers share each topic's load; a key always uses the same one; default 1. */
  public PulsarProtocolBuilder producersPerTopic(int producers) {
    return with(s -> s.withProducersPerTopic(producers));
  }

  /** Turns producer batching on or off ({@code ProducerBuilder.enableBatching}); default on. */
  public PulsarProtocolBuilder enableBatching(boolean enabled) {
    return producer(PulsarSettings.BATCHING_ENABLED, enabled);
  }

  /** Sets how long a batch may wait for more messages; default 1 ms. */
  public PulsarProtocolBuilder batchingMaxPublishDelay(Duration delay) {
    return producer(PulsarSettings.BATCHING_MAX_PUBLISH_DELAY_MICROS, delay.toNanos() / 1_000);
  }

  /** Sets the most messages in one batch; default 1000. */
  public PulsarProtocolBuilder batchingMaxMessages(int messages) {
    return producer(PulsarSettings.BATCHING_MAX_MESSAGES, messages);
  }

  /** Sets the most bytes in one batch; default 128 KiB. */
  public PulsarProtocolBuilder batchingMaxBytes(int bytes) {
    return producer(PulsarSettings.BATCHING_MAX_BYTES, bytes);
  }

  /** Sets the compression: NONE, LZ4 (default), ZSTD, SNAPPY or ZLIB. */
  public PulsarProtocolBuilder compressionType(CompressionType type) {
    return producer(PulsarSettings.COMPRESSION_TYPE, type.name());
  }

  /** Sets how long a message may wait for its acknowledgement before it is a KO; default 10 s. */
  public PulsarProtocolBuilder sendTimeout(Duration timeout) {
    return producer(PulsarSettings.SEND_TIMEOUT_MS, (int) timeout.toMillis());
  }

  /** Sets the producer's pending-message limit; default 0 (bounded by the client's memory limit instead). */
  public PulsarProtocolBuilder maxPendingMessages(int messages) {
    return producer(PulsarSettings.MAX_PENDING_MESSAGES, messages);
  }

  /**
   * What a send does when the pending queue or the memory limit is full: fail at once with KO "queue full" (false,
   * default), or wait for room for at most the send timeout, parked on its future (true). Neither blocks a
   * Gatling thread: Pulsar's own blocking is never used.
   */
  public PulsarProtocolBuilder blockIfQueueFull(boolean block) {
    return producer(PulsarSettings.BLOCK_IF_QUEUE_FULL, block);
  }

  /** Sets how keyless messages are routed to partitions; default RoundRobinPartition (keys always hash). */
  public PulsarProtocolBuilder messageRoutingMode(MessageRoutingMode mode) {
    return producer(PulsarSettings.MESSAGE_ROUTING_MODE, mode.name());
  }

  /** Sets the client's I/O threads ({@code ClientBuilder.ioThreads}); default 1. */
  public PulsarProtocolBuilder ioThreads(int threads) {
    return client(PulsarSettings.IO_THREADS, threads);
  }

  /** Sets the client's connections per broker; default 1. */
  public PulsarProtocolBuilder connectionsPerBroker(int connections) {
    return client(PulsarSettings.CONNECTIONS_PER_BROKER, connections);
  }

  /** Sets the client's memory limit: most bytes of messages awaiting an answer, all producers; default 64 MiB. */
  public PulsarProtocolBuilder memoryLimitBytes(long bytes) {
    return client(PulsarSettings.MEMORY_LIMIT_BYTES, bytes);
  }

  /** Sets the timeout of client operations such as lookups and producer creation; default 30 s. */
  public PulsarProtocolBuilder operationTimeout(Duration timeout) {
    return client(PulsarSettings.OPERATION_TIMEOUT_MS, (int) timeout.toMillis());
  }

  /** Sets the TCP connection timeout; default 10 s. */
  public PulsarProtocolBuilder connectionTimeout(Duration timeout) {
    return client(PulsarSettings.CONNECTION_TIMEOUT_MS, (int) timeout.toMillis());
  }

  /**
   * Authenticates every connection (producers, admin calls) with a Pulsar authentication plugin, as Pulsar's
   * {@code AuthenticationFactory.create(plugin, params)} takes them, e.g.
   * {@code authentication("org.apache.pulsar.client.impl.auth.AuthenticationToken", "file:///run/secrets/token")}.
   * The parameters are never printed.
   */
  public PulsarProtocolBuilder authentication(String authPluginClassName, String authParams) {
    return with(s -> s.withAuth(new PulsarAuth(authPluginClassName, authParams)));
  }

  /** Token authentication: the token itself, or {@code file:/path} (re-read for every new connection). */
  public PulsarProtocolBuilder token(String token) {
    return with(s -> s.withAuth(PulsarAuth.token(token)));
  }

  /** Sets the PEM file of CA certificates trusted to sign the brokers' certificates; default the JVM's. */
  public PulsarProtocolBuilder tlsTrustCertsFilePath(String path) {
    return client(PulsarSettings.TLS_TRUST_CERTS_FILE_PATH, path);
  }

  /** Accepts untrusted broker certificates (tests only); default false. */
  public PulsarProtocolBuilder allowTlsInsecureConnection(boolean allow) {
    return client(PulsarSettings.TLS_ALLOW_INSECURE_CONNECTION, allow);
  }

  /** Checks the broker's certificate names the host connected to; default true (Pulsar's own default: false). */
  public PulsarProtocolBuilder enableTlsHostnameVerification(boolean enable) {
    return client(PulsarSettings.TLS_HOSTNAME_VERIFICATION_ENABLE, enable);
  }

  /**
   * Sets any client option, as Pulsar's {@code ClientBuilder.loadConf} reads it (e.g. {@code memoryLimitBytes},
   * {@code numListenerThreads}); entries override earlier ones, a {@code null} value restores Pulsar's default.
   */
  public PulsarProtocolBuilder clientConf(Map<String, ?> conf) {
    return with(s -> s.withClientConf(conf));
  }

  /**
   * Sets any producer option, as Pulsar's {@code ProducerBuilder.loadConf} reads it (e.g. {@code chunkingEnabled},
   * {@code hashingScheme}); entries override earlier ones, a {@code null} value restores Pulsar's default.
   */
  public PulsarProtocolBuilder producerConf(Map<String, ?> conf) {
    return with(s -> s.withProducerConf(conf));
  }

  /** For harnesses built on this DSL: what the run tells them (see {@link PulsarRunHooks}); returns a new builder. */
  public PulsarProtocolBuilder runHooks(PulsarRunHooks runHooks) {
    return new PulsarProtocolBuilder(settings, runHooks);
  }

  /** The settings this builder holds. */
  public PulsarSettings settings() {
    return settings;
  }

  @Override
  public Protocol protocol() {
    return new PulsarProtocol(settings, hooks);
  }
}
