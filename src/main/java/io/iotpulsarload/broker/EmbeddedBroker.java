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
import java.util.List;
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

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static EmbeddedBroker shared;

  private final Process process;
  private final String serviceUrl;
  private final String adminUrl;
  private final Path logFile;
  private final Thread shutdownHook;

  private EmbeddedBroker(Process process, String serviceUrl, String adminUrl, Path logFile) {
    this.process = process;
    this.serviceUrl = serviceUrl;
    this.adminUrl = adminUrl;
    this.logFile = logFile;
    this.shutdownHook = new Thread(this::stop, "embedded-broker-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** The broker shared by everything in this JVM, started on first use and stopped when the JVM exits. */
  public static synchronized EmbeddedBroker shared() {
    if (shared == null || !shared.process.isAlive()) {
      shared = start(Path.of("target", "embedded-broker", "broker-" + ProcessHandle.current().pid()));
    }
    return shared;
  }

  /** Starts a broker with its data under {@code workDir} and returns once a producer's message was acknowledged. */
  public static EmbeddedBroker start(Path workDir) {
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
      int brokerPort = freePort();
      int webPort = freePort();
      int bookiePort = freePort();
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
          "--exit-on-stdin-eof"));
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .redirectInput(ProcessBuilder.Redirect.PIPE) // never written: its closing tells the broker we are gone
          .start();
      EmbeddedBroker broker = new EmbeddedBroker(
          process, "pulsar://127.0.0.1:" + brokerPort, "http://127.0.0.1:" + webPort, log);
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
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest namespaces = HttpRequest.newBuilder(URI.create(adminUrl + "/admin/v2/namespaces/public"))
        .timeout(Duration.ofSeconds(5)).build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("The embedded broker exited with code " + process.exitValue()
            + " before it was ready; see " + logFile.toAbsolutePath());
      }
      try {
        HttpResponse<String> response = http.send(namespaces, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().contains("public/default")) {
          lastError = "admin API answered " + response.statusCode();
          pause();
          continue;
        }
      } catch (IOException e) {
        lastError = "admin API: " + e.getMessage();
        pause();
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the embedded broker", e);
      }
      try (PulsarClient client = PulsarClient.builder()
          .serviceUrl(serviceUrl)
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

  private void stop() {
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
