package io.iotpulsarload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.settings.SettingException;
import io.iotpulsarload.settings.SettingSource;
import io.iotpulsarload.testing.GatlingFork;
import io.iotpulsarload.testing.SecuredBroker;
import io.iotpulsarload.testing.SharedBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.api.AuthenticationFactory;
import org.apache.pulsar.client.api.MessageId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every way a secured cluster can be misconfigured fails before the load, against the real TLS + token broker,
 * with ONE line that says what is wrong and what to check, and no secret in it. The time each took is printed
 * (docs/security.md); the 30 s the issue allows is the Pulsar client's own retry we cut short.
 */
class SecuredClusterErrorsTest {

  private static final Map<String, Long> MILLIS = new TreeMap<>();

  @Test
  void aTokenSignedWithAnotherKeyIsRefused() {
    String message = failure("wrong token", s -> s.put("pulsar.token",
        "file:" + SecuredBroker.material().wrongKeyToken()));
    assertTrue(message.contains("the broker refused the credentials"), message);
    assertTrue(message.contains("check pulsar.token / pulsar.authParams"), message);
  }

  @Test
  void anExpiredTokenSaysWhenItExpired() {
    String message = failure("expired token", s -> s.put("pulsar.token",
        "file:" + SecuredBroker.material().expiredToken()));
    assertTrue(message.contains("the broker refused the token: it expired at "), message);
    assertTrue(message.contains("get a new token"), message);
  }

  @Test
  void aRoleWithoutProducePermissionIsNamed() {
    String message = failure("no produce permission", s -> s.put("pulsar.token",
        "file:" + SecuredBroker.material().readOnlyToken()));
    assertTrue(message.contains("role iot-readonly may not produce to the topic"), message);
    assertTrue(message.contains("--role iot-readonly --actions produce,consume"), message);
  }

  @Test
  void aRoleThatMayNotCreateThePartitionsIsNamed() {
    // the partitioned topic is created through the TLS admin REST API with the role's own token (gatling-pulsar's
    // PartitionedTopics): a role that may produce is not an admin of the tenant
    String message = failure("no permission to create partitions", s -> {
      s.put("pulsar.token", "file:" + SecuredBroker.material().produceOnlyToken());
      s.put("partitions", "2");
    });
    System.out.println("no permission to create partitions: " + message);
    assertTrue(message.startsWith("Not allowed to create the 2-partition topic "), message);
    assertTrue(message.contains(" through " + SecuredBroker.broker().adminUrl() + " (HTTP 40"), message);
    assertTrue(message.contains("create it beforehand or use a role that is an admin of its tenant"), message);
  }

  @Test
  void aRoleThatMayNotReadTheWatchedTopicsStatsIsToldBeforeTheLoad() throws Exception {
    // the pipeline's topic in a namespace the run's role has no permission on (reading stats is a lookup: a
    // role that may produce to or consume from a topic may read its stats)
    String watched = "persistent://public/pipeline-" + System.nanoTime() + "/readings";
    try (PulsarAdmin admin = PulsarAdmin.builder().serviceHttpUrl(SecuredBroker.broker().adminUrl())
        .tlsTrustCertsFilePath(SecuredBroker.material().caCert().toString())
        .authentication(AuthenticationFactory.token(() -> read(SecuredBroker.material().adminToken()))).build()) {
      admin.namespaces().createNamespace(watched.substring("persistent://".length(), watched.lastIndexOf('/')));
      admin.topics().createNonPartitionedTopic(watched);
      admin.topics().createSubscription(watched, "flink-iot", MessageId.latest);
    }
    String message = failure("no permission to watch the pipeline's topic", s -> {
      s.put("pulsar.token", "file:" + SecuredBroker.material().produceOnlyToken());
      s.put("watch.topic", watched);
      s.put("watch.subscriptions", "flink-iot");
    });
    System.out.println("no permission to watch: " + message);
    assertTrue(message.startsWith("watch.subscriptions: reading the stats of " + watched + " was refused (HTTP "),
        message);
    assertTrue(message.contains("the role needs the 'produce' or 'consume' permission on that topic"), message);
    assertTrue(message.contains("or unset watch.subscriptions to run without watching"), message);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aMissingTrustCertificateIsNamed() {
    String message = failure("missing trust certificate", s -> s.remove("pulsar.tlsTrustCertsFilePath"));
    assertTrue(message.contains("is not signed by a trusted CA (pulsar.tlsTrustCertsFilePath is unset"), message);
    assertTrue(message.contains("set pulsar.tlsTrustCertsFilePath to the CA that signed it"), message);
  }

  @Test
  void aWrongTrustCertificateIsNamed() {
    Path otherCa = SecuredBroker.brokerForAnotherHost().material().orElseThrow().caCert();
    String message = failure("wrong trust certificate", s -> s.put("pulsar.tlsTrustCertsFilePath",
        otherCa.toString()));
    assertTrue(message.contains("is not signed by a trusted CA (not by the CAs in " + otherCa), message);
  }

  @Test
  void aCertificateForAnotherHostIsRefused() {
    var other = SecuredBroker.brokerForAnotherHost();
    String message = failure("hostname mismatch", s -> {
      s.put("pulsar.url", other.serviceUrl());
      s.put("pulsar.adminUrl", other.adminUrl());
      s.put("pulsar.tlsTrustCertsFilePath", other.material().orElseThrow().caCert().toString());
    });
    assertTrue(message.contains("is not issued for 127.0.0.1: connect with a name the certificate holds"), message);
  }

  @Test
  void aPlaintextUrlToTheTlsPortIsRefusedBeforeTheTokenIsSent() {
    String message = failure("pulsar:// to a TLS-only broker", s -> s.put("pulsar.url",
        s.get("pulsar.url").replace("pulsar+ssl://", "pulsar://")));
    assertTrue(message.matches("The broker at pulsar://127\\.0\\.0\\.1:\\d+ speaks TLS on port \\d+: use "
        + "pulsar\\+ssl://127\\.0\\.0\\.1:\\d+ .*"), message);
  }

  @Test
  void aTlsUrlToAPlaintextPortIsRefused() {
    String message = failure("pulsar+ssl:// to a plaintext port", s -> s.put("pulsar.url",
        SharedBroker.serviceUrl().replace("pulsar://", "pulsar+ssl://")));
    assertTrue(message.contains(" does not speak TLS on port "), message);
    assertTrue(message.contains("use pulsar://127.0.0.1:"), message);
  }

  @Test
  void anUnreadableTokenFileIsNamed() {
    String message = failure("unreadable token file", s -> s.put("pulsar.token", "file:/no/such/pulsar-token"));
    assertEquals("Invalid pulsar.token (-Dpulsar.token / PULSAR_TOKEN) (no such file: /no/such/pulsar-token): "
        + "expected a token, or file:/path/to/token", message);
  }

  @Test
  void aMissingClientConfIsNamed() {
    String message = failure("client.conf does not exist", s -> {
      s.clear();
      s.put("pulsar.clientConf", "/no/such/client.conf");
    });
    assertTrue(message.startsWith("Invalid pulsar.clientConf (-Dpulsar.clientConf / PULSAR_CLIENT_CONF) "
        + "'/no/such/client.conf' (no such file: /no/such/client.conf)"), message);
  }

  @Test
  void aClientConfWithoutServiceUrlIsNamed() throws IOException {
    Path conf = Files.createTempFile(Path.of("target"), "client-", ".conf");
    Files.writeString(conf, "authPlugin=org.apache.pulsar.client.impl.auth.AuthenticationToken\n"
        + "authParams=token:" + SecuredBroker.clientToken() + "\n");
    String message = failure("client.conf without a service URL", s -> {
      s.clear();
      s.put("pulsar.clientConf", conf.toString());
    });
    assertTrue(message.matches("The client.conf .*client-\\d+\\.conf has no brokerServiceUrl: add "
        + "brokerServiceUrl=pulsar\\+ssl://<broker>:6651 to it, or set pulsar.url"), message);
  }

  /** The same failure through a real run: exit status 1, the one line on the console, no secret anywhere. */
  @Test
  void aRealRunWithAnExpiredTokenExitsWithTheOneLine() throws Exception {
    Map<String, String> s = SecuredBroker.settings();
    String expired = Files.readString(SecuredBroker.material().expiredToken(), StandardCharsets.UTF_8).strip();
    s.put("pulsar.token", expired); // the value itself, not a file: it must not be echoed
    GatlingFork.Result run = GatlingFork.run("simulations.SteadyIoT", s, 120);
    assertEquals(1, run.exitCode(), run.tail());
    assertTrue(run.output().contains("iot-pulsar-load: Cannot produce to persistent://public/default/"
        + "iot-sensor-data at " + s.get("pulsar.url") + ": the broker refused the token: it expired at "), run.tail());
    assertFalse(run.output().contains(expired.split("\\.")[2]), "the token's signature was printed");
    assertFalse(run.output().contains(expired.split("\\.")[1]), "the token's claims were printed");
  }

  /**
   * Runs the start of a SteadyIoT run with the secured broker's working settings changed by {@code change}; it
   * must fail before the load with one line and no secret. Returns the line.
   */
  private static String failure(String name, Consumer<Map<String, String>> change) {
    Map<String, String> settings = SecuredBroker.settings();
    settings.put("topic", SharedBroker.uniqueTopic("secured-errors"));
    change.accept(settings);
    long start = System.nanoTime();
    String message;
    try {
      InjectorRun run = InjectorRun.start(SettingSource.properties(settings), "SteadyIoT");
      run.close();
      throw new AssertionError(name + ": the run started");
    } catch (SettingException | IllegalStateException e) {
      message = e.getMessage();
    }
    MILLIS.put(name, (System.nanoTime() - start) / 1_000_000);
    assertFalse(message.contains("\n"), name + ": more than one line: " + message);
    for (String secret : secrets()) {
      assertFalse(message.contains(secret), name + ": a secret in " + message);
    }
    assertNotEquals("", message.strip());
    return message;
  }

  /** The signature and claims of every token of the broker: none may appear in a message. */
  private static List<String> secrets() {
    var m = SecuredBroker.material();
    return List.of(m.clientToken(), m.wrongKeyToken(), m.expiredToken(), m.readOnlyToken(), m.produceOnlyToken())
        .stream()
        .map(p -> {
          try {
            return Files.readString(p, StandardCharsets.UTF_8).strip();
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        })
        .flatMap(t -> List.of(t.split("\\.")[1], t.split("\\.")[2]).stream())
        .toList();
  }

  @AfterAll
  static void printTimes() {
    MILLIS.forEach((name, ms) -> System.out.printf("secured-cluster error '%s' reported after %d ms%n", name, ms));
  }
}
