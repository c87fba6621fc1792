package io.iotpulsarload.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.security.GeneralSecurityException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.iotpulsarload.gatling.pulsar.client.TlsFiles;
import org.apache.pulsar.client.api.AuthenticationFactory;
import org.apache.pulsar.client.api.ClientBuilder;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;

/**
 * A real Pulsar standalone in a child JVM, for runs and tests that are given no cluster.
 *
 * <p>The broker's classpath is built by Maven from {@code broker/pom.xml} (its Netty and Jackson clash with
 * Gatling's, so it can never share our JVM). It binds to 127.0.0.1 on free ports, keeps its data under
 * {@code target/embedded-broker/}, and dies with us: it exits when our end of its stdin pipe closes, and a shutdown
 * hook stops it on a normal exit or Ctrl-C.
 */
public final class EmbeddedBroker implements AutoCloseable {

  /** Directory of the broker project (set by the build); default {@code broker} under the working directory. */
  public static final String HOME_PROPERTY = "iotload.broker.home";
  /**
   * {@code true}: the shared plaintext broker runs Pulsar's functions worker too (thread runtime), for tests that
   * deploy a real Pulsar Function as a processing stage. It starts ~5 s later and uses ~50 MB more.
   */
  public static final String FUNCTIONS_PROPERTY = "iotload.broker.functions";

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final Map<Security, EmbeddedBroker> SHARED = new EnumMap<>(Security.class);

  /** How the broker is secured. */
  public enum Security {
    /** Plaintext ports, no authentication: the default for a laptop and CI. */
    NONE,
    /** TLS only (plaintext ports closed), token (and TLS client certificate) authentication, authorization on. */
    TLS_TOKEN;

    /** {@code none} or {@code tls-token}, as the {@code broker.security} setting spells them. */
    public static Security of(String name) {
      return switch (name) {
        case "none" -> NONE;
        case "tls-token" -> TLS_TOKEN;
        default -> throw new IllegalArgumentException("unknown broker security " + name + ": none or tls-token");
      };
    }

    String argument() {
      return this == NONE ? "none" : "tls-token";
    }
  }

  /**
   * The throwaway material of a secured broker, made by the broker at its start (nothing is committed).
   *
   * @param dir where the files are
   */
  public record Material(Path dir) {
    /** The CA certificate that signed the broker's (and the mTLS client's) certificate. */
    public Path caCert() {
      return dir.resolve("ca.cert.pem");
    }

    /** A token of role {@code iot-load}: produce and consume on public/default, admin of tenant public. */
    public Path clientToken() {
      return dir.resolve("client.token");
    }

    /** A token of the superuser role {@code admin}. */
    public Path adminToken() {
      return dir.resolve("admin.token");
    }

    /** A token of role {@code iot-readonly}: consume only. */
    public Path readOnlyToken() {
      return dir.resolve("readonly.token");
    }

    /** A token of role {@code iot-produce-only}: produce only, on public/default. */
    public Path produceOnlyToken() {
      return dir.resolve("produce-only.token");
    }

    /** A token of role {@code iot-load} that expired an hour before the broker started. */
    public Path expiredToken() {
      return dir.resolve("expired.token");
    }

    /** A token of role {@code iot-load} signed with another key. */
    public Path wrongKeyToken() {
      return dir.resolve("wrong-key.token");
    }

    /** The client certificate of role {@code iot-load-mtls} (mTLS), with {@link #clientKey()}. */
    public Path clientCert() {
      return dir.resolve("client-mtls.cert.pem");
    }

    /** The PKCS#8 key of {@link #clientCert()}. */
    public Path clientKey() {
      return dir.resolve("client-mtls.key-pk8.pem");
    }
  }

  private final Process process;
  private final String serviceUrl;
  private final String adminUrl;
  private final Path logFile;
  private final Optional<Material> material;
  private final Thread shutdownHook;
  private final List<Runnable> beforeStop = new java.util.concurrent.CopyOnWriteArrayList<>();
  // what a restart on the same data needs
  private Path workDir;
  private Security security;
  private List<String> tlsNames;
  private int[] ports;
  private boolean functions;

  private EmbeddedBroker(Process process, String serviceUrl, String adminUrl, Path logFile,
      Optional<Material> material) {
    this.process = process;
    this.serviceUrl = serviceUrl;
    this.adminUrl = adminUrl;
    this.logFile = logFile;
    this.material = material;
    this.shutdownHook = new Thread(this::stop, "embedded-broker-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** The plaintext broker shared by everything in this JVM, started on first use and stopped when the JVM exits. */
  public static EmbeddedBroker shared() {
    return shared(Security.NONE);
  }

  /** The broker of this security shared by everything in this JVM, started on first use. */
  public static synchronized EmbeddedBroker shared(Security security) {
    EmbeddedBroker broker = SHARED.get(security);
    if (broker == null || !broker.process.isAlive()) {
      Path dir = Path.of("target", "embedded-broker", "broker-" + ProcessHandle.current().pid()
          + (security == Security.NONE ? "" : "-" + security.argument()));
      boolean functions = security == Security.NONE && Boolean.getBoolean(FUNCTIONS_PROPERTY);
      try {
        broker = launch(dir, security, List.of(), new int[] {freePort(), freePort(), freePort()}, false, functions);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the embedded broker: " + e.getMessage(), e);
      }
      SHARED.put(security, broker);
    }
    return broker;
  }

  /** Starts a plaintext broker with its data under {@code workDir}; returns once a message was acknowledged. */
  public static EmbeddedBroker start(Path workDir) {
    return start(workDir, Security.NONE, List.of());
  }

  /**
   * Starts a broker with its data (and, secured, its TLS and token material) under {@code workDir} and returns
   * once a producer's message was acknowledged. {@code tlsNames} replaces the server certificate's names
   * ({@code ip:127.0.0.1}, {@code dns:localhost}) when not empty: tests of a hostname mismatch use it.
   */
  public static EmbeddedBroker start(Path workDir, Security security, List<String> tlsNames) {
    try {
      return launch(workDir, security, tlsNames, new int[] {freePort(), freePort(), freePort()}, false, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded broker: " + e.getMessage(), e);
    }
  }

  /**
   * Starts this broker again, on the same ports and on the data it had (a crash-and-restart test: kill it with
   * {@link #kill()} first), and returns once a message was acknowledged. This object stays the dead one.
   */
  public EmbeddedBroker restartOnSameData() {
    if (process.isAlive()) {
      throw new IllegalStateException("the broker is still running: kill() it first");
    }
    return launch(workDir, security, tlsNames, ports, true, functions);
  }

  /** Whether it runs Pulsar's functions worker ({@link #FUNCTIONS_PROPERTY}). */
  public boolean functionsWorker() {
    return functions;
  }

  /** Kills the broker at once (SIGKILL): no shutdown, as a crash would. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  private static EmbeddedBroker launch(Path workDir, Security security, List<String> tlsNames, int[] ports,
      boolean keepData, boolean functions) {
    Path home = Path.of(System.getProperty(HOME_PROPERTY, "broker"));
    Path classes = home.resolve("target/classes");
    Path classpathFile = home.resolve("target/classpath.txt");
    if (!Files.isRegularFile(classpathFile)) {
      throw new IllegalStateException("The embedded broker is not built (" + classpathFile.toAbsolutePath()
          + " is missing): run 'mvn test-compile' once, or set pulsar.url to use an existing cluster");
    }
    try {
      String classpath = classes + java.io.File.pathSeparator
          + Files.readString(classpathFile, StandardCharsets.UTF_8).trim();
      Files.createDirectories(workDir);
      int brokerPort = ports[0];
      int webPort = ports[1];
      int bookiePort = ports[2];
      Path log = workDir.resolve("broker.log");
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          // flags Pulsar's own launcher passes; without them Netty and the GC metrics complain
          "--add-opens", "java.base/java.io=ALL-UNNAMED",
          "--add-opens", "java.base/java.util.zip=ALL-UNNAMED",
          "--add-opens", "java.base/java.nio=ALL-UNNAMED",
          "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
          "--add-opens", "java.base/sun.net=ALL-UNNAMED",
          "--add-opens", "java.management/sun.management=ALL-UNNAMED",
          "-Dio.netty.tryReflectionSetAccessible=true",
          "-Djava.net.preferIPv4Stack=true",
          // small and quick to start: a test broker on a machine it shares with the load generator
          "-Xms128m", "-Xmx512m", "-XX:MaxDirectMemorySize=512m", "-XX:+UseSerialGC",
          "-XX:+ExitOnOutOfMemoryError", "-XX:-HeapDumpOnOutOfMemoryError",
          "-cp", classpath,
          "io.iotpulsarload.broker.standalone.EmbeddedBrokerMain",
          "--data-dir", workDir.resolve("data").toAbsolutePath().toString(),
          "--broker-port", Integer.toString(brokerPort),
          "--web-port", Integer.toString(webPort),
          "--bookie-port", Integer.toString(bookiePort),
          "--exit-on-stdin-eof",
          "--security", security.argument()));
      if (keepData) {
        command.add("--keep-data");
      }
      if (functions) {
        command.add("--functions-worker");
      }
      Optional<Material> material = Optional.empty();
      if (security != Security.NONE) {
        Path dir = workDir.resolve("security").toAbsolutePath();
        command.addAll(List.of("--security-dir", dir.toString()));
        if (!tlsNames.isEmpty()) {
          command.addAll(List.of("--tls-names", String.join(",", tlsNames)));
        }
        material = Optional.of(new Material(dir));
      }
      boolean tls = material.isPresent();
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(keepData ? ProcessBuilder.Redirect.appendTo(log.toFile())
              : ProcessBuilder.Redirect.to(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.PIPE) // never written: its closing tells the broker we are gone
          .start();
      EmbeddedBroker broker = new EmbeddedBroker(process,
          (tls ? "pulsar+ssl" : "pulsar") + "://127.0.0.1:" + brokerPort,
          (tls ? "https" : "http") + "://127.0.0.1:" + webPort, log, material);
      broker.workDir = workDir;
      broker.security = security;
      broker.tlsNames = tlsNames;
      broker.ports = ports;
      broker.functions = functions;
      try {
        broker.awaitReady();
      } catch (RuntimeException e) {
        broker.close();
        throw e;
      }
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded broker: " + e.getMessage(), e);
    }
  }

  /**
   * Polls until a producer can send: the broker, its bookie and the default namespace are then all up. The admin
   * endpoint is asked first (quietly: the Pulsar client logs a warning per refused connection).
   */
  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    String lastError = "no attempt";
    boolean permissionsGranted = material.isEmpty();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("The embedded broker exited with code " + process.exitValue()
            + " before it was ready; see " + logFile.toAbsolutePath());
      }
      try {
        HttpResponse<String> response = admin("GET", "/admin/v2/namespaces/public", null);
        if (response.statusCode() != 200 || !response.body().contains("public/default")) {
          lastError = "admin API answered " + response.statusCode();
          pause();
          continue;
        }
        if (!permissionsGranted) {
          grantPermissions();
          permissionsGranted = true;
        }
      } catch (IOException | GeneralSecurityException e) {
        lastError = "admin API: " + e.getMessage();
        pause();
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the embedded broker", e);
      }
      try (PulsarClient client = client(serviceUrl, material)
          .operationTimeout(5, TimeUnit.SECONDS)
          .connectionTimeout(2, TimeUnit.SECONDS)
          .build();
          Producer<byte[]> producer = client.newProducer(Schema.BYTES)
              .topic("persistent://public/default/iot-pulsar-load-readiness")
              .sendTimeout(5, TimeUnit.SECONDS)
              .create()) {
        producer.send(new byte[] {1});
        return;
      } catch (PulsarClientException e) {
        lastError = e.getMessage();
        pause();
      }
    }
    throw new IllegalStateException("The embedded broker was not ready within " + READY_TIMEOUT.toSeconds()
        + " s (last error: " + lastError + "); see " + logFile.toAbsolutePath());
  }

  /** A client builder for this broker, with the authorized client token and the CA when it is secured. */
  private static ClientBuilder client(String serviceUrl, Optional<Material> material)
      throws PulsarClientException.UnsupportedAuthenticationException {
    ClientBuilder builder = PulsarClient.builder().serviceUrl(serviceUrl);
    if (material.isPresent()) {
      builder.tlsTrustCertsFilePath(material.get().caCert().toString())
          .authentication(AuthenticationFactory.create("org.apache.pulsar.client.impl.auth.AuthenticationToken",
              material.get().clientToken().toUri().toString()));
    }
    return builder;
  }

  /**
   * The secured broker's roles, set once by its superuser: {@code iot-load} (token) and {@code iot-load-mtls}
   * (client certificate) may produce and consume and administer tenant public (so a run can create partitioned
   * topics); {@code iot-readonly} may only consume, {@code iot-produce-only} only produce.
   */
  private void grantPermissions() throws IOException, InterruptedException, GeneralSecurityException {
    String ns = "/admin/v2/namespaces/public/default/permissions/";
    for (String[] call : new String[][] {
        {"/admin/v2/tenants/public",
            "{\"adminRoles\":[\"admin\",\"iot-load\",\"iot-load-mtls\"],\"allowedClusters\":[\"standalone\"]}"},
        {ns + "iot-load", "[\"produce\",\"consume\"]"},
        {ns + "iot-load-mtls", "[\"produce\",\"consume\"]"},
        {ns + "iot-readonly", "[\"consume\"]"},
        {ns + "iot-produce-only", "[\"produce\"]"}}) {
      HttpResponse<String> response = admin("POST", call[0], call[1]);
      if (response.statusCode() / 100 != 2) {
        throw new IOException("granting " + call[0] + " answered " + response.statusCode() + " " + response.body());
      }
    }
  }

  /** One admin REST call; on a secured broker over TLS with the superuser's token. */
  private HttpResponse<String> admin(String method, String path, String json)
      throws IOException, InterruptedException, GeneralSecurityException {
    HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(adminUrl + path))
        .timeout(Duration.ofSeconds(5))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json))
        .header("Content-Type", "application/json");
    if (material.isPresent()) {
      http.sslContext(TlsFiles.chainOnlyContext(material.get().caCert()));
      request.header("Authorization",
          "Bearer " + Files.readString(material.get().adminToken(), StandardCharsets.UTF_8).trim());
    }
    return http.build().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Waits 200 ms between readiness polls, or less if the broker process dies meanwhile. */
  private void pause() {
    process.onExit().completeOnTimeout(null, 200, TimeUnit.MILLISECONDS).join();
  }

  public String serviceUrl() {
    return serviceUrl;
  }

  public String adminUrl() {
    return adminUrl;
  }

  /** The TLS and token material, when the broker is secured. */
  public Optional<Material> material() {
    return material;
  }

  public Path logFile() {
    return logFile;
  }

  /** The broker's process id (tests use it to pause the broker and prove sends time out). */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the broker: SIGTERM, then a forced kill if it is not gone within 15 s. */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or has run: nothing to remove
    }
  }

  /**
   * Runs {@code task} before the broker stops (on close or at JVM exit), e.g. a run that ends its own way on
   * SIGTERM and needs the broker until its results are written.
   */
  public void beforeStop(Runnable task) {
    beforeStop.add(task);
  }

  /** Forgets a task given to {@link #beforeStop}. */
  public void forgetBeforeStop(Runnable task) {
    beforeStop.remove(task);
  }

  private void stop() {
    for (Runnable task : beforeStop) {
      try {
        task.run();
      } catch (RuntimeException e) {
        System.out.println("embedded broker: a task before stop failed: " + e);
      }
    }
    beforeStop.clear();
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
