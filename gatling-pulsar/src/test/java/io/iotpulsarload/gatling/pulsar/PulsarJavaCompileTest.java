package io.iotpulsarload.gatling.pulsar;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.iotpulsarload.gatling.pulsar.PulsarDsl.pulsar;
import static io.iotpulsarload.gatling.pulsar.PulsarDsl.pulsarCheck;
import static io.iotpulsarload.gatling.pulsar.PulsarDsl.pulsarEventTime;
import static io.iotpulsarload.gatling.pulsar.PulsarDsl.pulsarKey;
import static io.iotpulsarload.gatling.pulsar.PulsarDsl.pulsarKeyOrder;
import static io.iotpulsarload.gatling.pulsar.PulsarDsl.pulsarMessage;
import static io.iotpulsarload.gatling.pulsar.PulsarDsl.pulsarProperty;
import static io.iotpulsarload.gatling.pulsar.PulsarDsl.pulsarText;
import static io.iotpulsarload.gatling.pulsar.PulsarDsl.pulsarValue;
import static io.iotpulsarload.gatling.pulsar.PulsarDsl.waitForReplies;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.iotpulsarload.gatling.pulsar.client.OutgoingMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pulsar.client.api.CompressionType;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageRoutingMode;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;
import org.junit.jupiter.api.Test;

/**
 * Every overload of the DSL, as a simulation writes it (Gatling's own modules have a {@code *JavaCompileTest}): it
 * compiles, so a changed signature breaks here first; it builds, so no step throws on valid input.
 */
class PulsarJavaCompileTest {

  record Reading(String deviceId, double value) {}

  static PulsarProtocolBuilder protocol() {
    return pulsar().serviceUrl("pulsar://127.0.0.1:6650")
        .adminUrl("http://127.0.0.1:8080")
        .topic("persistent://public/default/compile")
        .partitions(4)
        .producersPerTopic(2)
        .enableBatching(true)
        .batchingMaxPublishDelay(Duration.ofMillis(1))
        .batchingMaxMessages(1000)
        .batchingMaxBytes(128 * 1024)
        .compressionType(CompressionType.LZ4)
        .sendTimeout(Duration.ofSeconds(10))
        .maxPendingMessages(0)
        .blockIfQueueFull(false)
        .messageRoutingMode(MessageRoutingMode.RoundRobinPartition)
        .ioThreads(1)
        .connectionsPerBroker(1)
        .memoryLimitBytes(64L << 20)
        .operationTimeout(Duration.ofSeconds(30))
        .connectionTimeout(Duration.ofSeconds(10))
        .authentication("org.apache.pulsar.client.impl.auth.AuthenticationToken", "token:abc")
        .token("file:///run/secrets/token")
        .tlsTrustCertsFilePath("/etc/ssl/ca.pem")
        .allowTlsInsecureConnection(false)
        .enableTlsHostnameVerification(true)
        .clientConf(Map.of("numListenerThreads", 1))
        .producerConf(Map.of("chunkingEnabled", false));
  }

  static List<ActionBuilder> sends() {
    return List.of(
        pulsar("text").send("reading #{n}"),
        pulsar("text fn").send(session -> "reading " + session.getInt("n")),
        pulsar(session -> "named by fn").sendBytes("raw".getBytes(StandardCharsets.UTF_8)),
        pulsar("bytes el").sendBytes("#{payload}"),
        pulsar("bytes fn").sendBytes(session -> new byte[] {1, 2}),
        pulsar("value").sendValue(Schema.INT64, 42L),
        pulsar("typed").send(Schema.JSON(Reading.class), session -> new Reading("dev-1", 21.5)),
        pulsar("avro").send(Schema.AVRO(Reading.class), session -> new Reading("dev-1", 21.5)),
        pulsar("message").sendMessage(Schema.STRING,
            session -> new OutgoingMessage<>("v", "k", Map.of("p", "1"), 1_700_000_000_000L)),
        pulsar("options").send("v")
            .topic("other").topic(session -> "other")
            .key("#{deviceId}").key(session -> "dev-1")
            .property("source", "#{source}").property("n", session -> "1")
            .eventTime(1_700_000_000_000L).eventTime(session -> System.currentTimeMillis()));
  }

  static List<PulsarCheck> checks() {
    return List.of(
        pulsarValue().is("v"), pulsarValue().is(session -> "v"), pulsarValue().isEL("#{expected}"),
        pulsarValue().not("x"), pulsarValue().in("a", "b"), pulsarValue().in(List.of("a", "b")),
        pulsarValue(Reading.class).transform(Reading::value).is(21.5),
        pulsarText().exists(), pulsarText().notExists(), pulsarText().saveAs("text"),
        pulsarText().transform(String::length).validate("short", (length, session) -> length < 100),
        pulsarKey().isEL("#{deviceId}").saveAs("key"),
        pulsarProperty("status").is("ok"),
        pulsarEventTime().validate("recent", (t, session) -> t > 0),
        pulsarEventTime().gt(0L), pulsarEventTime().gte(1L), pulsarEventTime().lt(Long.MAX_VALUE),
        pulsarText().lte("zzz"),
        pulsarMessage("topic", Message::getTopicName).exists(),
        pulsarCheck("has a key", Message::hasKey),
        pulsarKeyOrder(Message::getEventTime));
  }

  static List<ActionBuilder> receives() {
    PulsarCheck[] checks = checks().toArray(PulsarCheck[]::new);
    return List.of(
        pulsar("consume").consume("readings").subscriptionName("sub"),
        pulsar("consume fn").consume(session -> "readings").subscriptionName(session -> "sub"),
        pulsar("consume typed").consume(Schema.STRING, "readings").subscriptionName("#{sub}")
            .subscriptionType(SubscriptionType.Key_Shared)
            .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
            .receiverQueueSize(10)
            .messages(10).timeout(Duration.ofSeconds(5))
            .check(checks).checkIf("#{strict}", checks).checkIf(session -> true, checks),
        pulsar("consume for").consume(Schema.BYTES, session -> "readings").subscriptionName("sub")
            .receiveFor(Duration.ofSeconds(30)),
        pulsar("rr").send("ping").key("#{id}").replyFrom("replies"),
        pulsar("rr typed").send("ping").replyFrom("replies", Schema.STRING)
            .matchByKey().matchByProperty("correlationId")
            .matchBy("#{id}", Message::getKey)
            .matchBy(session -> "id", message -> message.getProperty("id"))
            .await(Duration.ofSeconds(5))
            .check(checks).checkIf("#{strict}", checks).checkIf(session -> true, checks),
        pulsar("rr expect").send("ping").key("#{id}").replyFrom("replies").expect(Duration.ofSeconds(5)),
        waitForReplies());
  }

  /** As a simulation's setUp would take them. */
  static PopulationBuilder population() {
    io.gatling.javaapi.core.ScenarioBuilder scenario = scenario("compile");
    for (ActionBuilder action : sends()) {
      scenario = scenario.exec(action);
    }
    for (ActionBuilder action : receives()) {
      scenario = scenario.exec(action);
    }
    return scenario.injectOpen(atOnceUsers(1));
  }

  @Test
  void everyOverloadBuilds() {
    protocol().protocol();
    population();
  }

  @Test
  void buildersAreImmutable() {
    PulsarSendBuilder<String> send = pulsar("s").send("v");
    assertNotSame(send, send.key("k"));
    PulsarProtocolBuilder protocol = pulsar().serviceUrl("pulsar://127.0.0.1:6650");
    assertNotSame(protocol, protocol.topic("t"));
    PulsarConsumeBuilder<String> consume = pulsar("c").consume(Schema.STRING, "t").subscriptionName("s");
    assertNotSame(consume, consume.messages(2));
  }

  @Test
  void invalidSettingsFailAtOnceWithTheFix() {
    assertThrows(IllegalArgumentException.class, () -> pulsar().serviceUrl(" "));
    assertThrows(IllegalArgumentException.class,
        () -> pulsar("c").consume("t").subscriptionName("s").messages(0));
    assertThrows(IllegalArgumentException.class,
        () -> pulsar("c").consume("t").subscriptionName("s").timeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> pulsar("rr").send("v").replyFrom(""));
  }
}
