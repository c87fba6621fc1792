package io.iotpulsarload.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.gatling.pulsar.client.OutgoingMessage;
import io.iotpulsarload.gatling.pulsar.client.ProducerPool;
import io.iotpulsarload.gatling.pulsar.client.PulsarSettings;
import io.iotpulsarload.settings.SettingException;
import io.iotpulsarload.settings.SettingSource;
import io.iotpulsarload.testing.SharedBroker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.pulsar.client.api.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table of bad inputs (docs/faults.md, "Bad inputs"): each one stops a run before its load, in ONE line that
 * says what is wrong and what to check, through the run's real start against the test broker. The time each took
 * is printed (the table's "time to it" column); the secured-cluster cases have a table and a test of their own.
 */
class BadInputsTest {

  private static final Map<String, String> LINES = new TreeMap<>();
  private static final Map<String, Long> MILLIS = new TreeMap<>();
  private static final List<Socket> HALF_OPEN = new ArrayList<>();

  static Stream<Arguments> cases() {
    return Stream.of(
        c("01 rate not a number", s -> s.put("rate", "lots"),
            "Invalid rate (-Drate / MESSAGES_PER_SECOND) 'lots' (not a number)"),
        c("02 rate zero", s -> s.put("rate", "0"), "Invalid rate (-Drate / MESSAGES_PER_SECOND) '0' (must be more"),
        c("03 duration without unit meaning", s -> s.put("duration", "5d"),
            "Invalid duration (-Dduration / DURATION) '5d'"),
        c("04 duration zero", s -> s.put("duration", "0s"), "Invalid duration (-Dduration / DURATION) '0s'"),
        c("05 URL without scheme", s -> s.put("pulsar.url", "localhost:6650"),
            "Invalid pulsar.url (-Dpulsar.url / PULSAR_URL) 'localhost:6650'"),
        c("06 HTTP URL as service URL", s -> s.put("pulsar.url", "http://127.0.0.1:8080"),
            "Invalid pulsar.url (-Dpulsar.url / PULSAR_URL) 'http://127.0.0.1:8080' (scheme must be pulsar"),
        c("07 nothing listens on the port", s -> s.put("pulsar.url", "pulsar://127.0.0.1:1"),
            "Cannot reach the Pulsar broker at pulsar://127.0.0.1:1 (Connection refused)"),
        c("08 half-open broker (accepts, never answers)", s -> s.put("pulsar.url", "pulsar://127.0.0.1:"
            + halfOpenPort()), "no producer within 15 s (the broker accepted the connection but did not answer"),
        c("09 admin URL not HTTP", s -> s.put("pulsar.adminUrl", "ftp://127.0.0.1"),
            "Invalid pulsar.adminUrl (-Dpulsar.adminUrl / PULSAR_ADMIN_URL) 'ftp://127.0.0.1'"),
        c("10 topic name Pulsar refuses", s -> s.put("topic", "persistent://public/readings"),
            "Invalid topic (-Dtopic / PULSAR_TOPIC) 'persistent://public/readings' (not a topic name)"),
        c("11 topic of a namespace that does not exist", s -> s.put("topic",
            "persistent://public/no-such-namespace/readings"), "Namespace not found (the topic's tenant or "
            + "namespace does not exist: create it"),
        c("12 topic holding another schema", BadInputsTest::topicWithAnotherSchema,
            "the topic holds another schema: use another topic or the format it was written with"),
        c("13 negative partitions", s -> s.put("partitions", "-1"),
            "Invalid partitions (-Dpartitions / PULSAR_PARTITIONS) '-1' (out of range)"),
        c("14 unknown wire format", s -> s.put("format", "xml"),
            "Invalid format (-Dformat / MESSAGE_FORMAT) 'xml' (unknown value): expected one of avro, avro-bytes"),
        c("15 unknown compression", s -> s.put("compression", "GZIP"),
            "Invalid compression (-Dcompression / PULSAR_COMPRESSION) 'GZIP' (unknown value)"),
        c("16 no devices", s -> s.put("devices", "0"), "Invalid devices (-Ddevices / DEVICE_POOL_SIZE) '0'"),
        c("17 injector index beyond the count", s -> {
          s.put("injector.index", "3");
          s.put("injector.count", "3");
        }, "Invalid injector.index 3 for injector.count 3: expected an index from 0 to 2"),
        c("18 more injectors than devices", s -> {
          s.put("injector.count", "5");
          s.put("devices", "4");
        }, "Invalid injector.count 5 for 4 devices"),
        c("19 KO gate above 100 %", s -> s.put("gate.maxKoPercent", "150"),
            "Invalid gate.maxKoPercent (-Dgate.maxKoPercent / GATE_MAX_KO_PERCENT) '150' (out of range)"),
        c("20 progress interval under 1 s", s -> s.put("progressInterval", "100ms"),
            "Invalid progressInterval (-DprogressInterval / PROGRESS_INTERVAL) '100ms' (shorter than 1s)"),
        c("21 run id with a slash", s -> s.put("runId", "a/b"), "Invalid runId (-DrunId / RUN_ID) 'a/b'"),
        c("22 verify neither true nor false", s -> s.put("verify", "maybe"),
            "Invalid verify (-Dverify / VERIFY) 'maybe' (not a boolean)"),
        c("23 results folder not writable (a file in the way)", BadInputsTest::resultsFolderBlocked,
            "): check results.dir / RESULTS_DIR (a writable folder with free space)"),
        c("24 messagesPerUser zero", s -> s.put("messagesPerUser", "0"),
            "Invalid messagesPerUser (-DmessagesPerUser / MESSAGES_PER_USER) '0' (out of range)"),
        c("25 broker.security with a cluster URL", s -> s.put("broker.security", "tls-token"),
            "broker.security applies to the embedded broker only"),
        c("26 unknown broker.security", s -> s.put("broker.security", "kerberos"),
            "Invalid broker.security (-Dbroker.security / BROKER_SECURITY) 'kerberos' (unknown value)"),
        c("27 injectors of a run without a runId", s -> s.put("injector.count", "2"),
            "injector.count=2 injectors share one run: give every one of them the same runId"),
        c("28 gatlingLog neither true nor false", s -> s.put("gatlingLog", "off"),
            "Invalid gatlingLog (-DgatlingLog / GATLING_LOG) 'off' (not true or false)"),
        c("29 metrics.port already in use", BadInputsTest::metricsPortTaken,
            "): choose a free port, or 0 for none"),
        c("30 baseline that does not exist", s -> s.put("baseline", "target/no-such-run"),
            "Invalid baseline (-Dbaseline / BASELINE) 'target/no-such-run' (no such file or folder: "),
        c("31 baseline that is one injector's summary", BadInputsTest::injectorSummaryAsBaseline,
            "is one injector's summary (results/<runId>/injector-<i>/): give the run's report folder"),
        c("32 regression limit not a percentage", s -> s.put("gate.regression.p99Percent", "lots"),
            "Invalid gate.regression.p99Percent (-Dgate.regression.p99Percent / GATE_REGRESSION_P99_PERCENT) "
                + "'lots' (not a number): expected a percentage from 0, or off"),
        c("33 stage output topic that does not exist", s -> s.put("stage.topic",
            "persistent://public/default/no-such-stage-output"), "stage.topic: persistent://public/default/"
            + "no-such-stage-output does not exist: start the stage first"),
        c("34 unknown stage match", s -> s.put("stage.match", "exact"),
            "Invalid stage.match (-Dstage.match / STAGE_MATCH) 'exact' (neither stamp nor eventTime)"),
        c("35 stage event time from a header", s -> s.put("stage.eventTime", "header:t"),
            "Invalid stage.eventTime (-Dstage.eventTime / STAGE_EVENT_TIME) 'header:t' (neither eventTime, "
                + "property:NAME nor field:NAME)"),
        c("36 watch interval out of range", s -> s.put("watch.interval", "500ms"),
            "Invalid watch.interval (-Dwatch.interval / WATCH_INTERVAL) '500ms' (not from 1s to 60s)"));
  }

  private static final List<ServerSocket> TAKEN = new java.util.concurrent.CopyOnWriteArrayList<>();

  private static void metricsPortTaken(Map<String, String> settings) {
    try {
      ServerSocket taken = new ServerSocket(0);
      TAKEN.add(taken);
      settings.put("metrics.port", Integer.toString(taken.getLocalPort()));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static Arguments c(String name, Consumer<Map<String, String>> change, String expected) {
    return Arguments.of(name, change, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aBadInputStopsTheRunBeforeItsLoadInOneLine(String name, Consumer<Map<String, String>> change,
      String expected) {
    Map<String, String> settings = new HashMap<>();
    settings.put("pulsar.url", SharedBroker.serviceUrl());
    settings.put("pulsar.adminUrl", SharedBroker.adminUrl());
    settings.put("topic", SharedBroker.uniqueTopic("bad-input"));
    settings.put("results.dir", "target/test-results");
    change.accept(settings);
    long start = System.nanoTime();
    String message;
    try {
      InjectorRun.start(SettingSource.properties(settings), "SteadyIoT").close();
      throw new AssertionError(name + ": the run started");
    } catch (SettingException | IllegalStateException e) {
      message = e.getMessage();
    }
    MILLIS.put(name, (System.nanoTime() - start) / 1_000_000);
    LINES.put(name, message);
    assertFalse(message.contains("\n"), "one line: " + message);
    assertTrue(message.contains(expected), name + ": " + message);
  }

  /** A port that accepts connections and never answers (a hung broker, a wrong service behind the port). */
  private static int halfOpenPort() {
    try {
      ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread acceptor = new Thread(() -> {
        try {
          while (!server.isClosed()) {
            HALF_OPEN.add(server.accept()); // accepted, never read from or written to
          }
        } catch (IOException closed) {
          // the test is over
        }
      }, "half-open-broker");
      acceptor.setDaemon(true);
      acceptor.start();
      return server.getLocalPort();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The topic already holds a STRING schema: the run's Avro producer is refused. */
  private static void topicWithAnotherSchema(Map<String, String> settings) {
    PulsarSettings s = PulsarSettings.defaults().withServiceUrl(SharedBroker.serviceUrl())
        .withTopic(settings.get("topic"));
    try (ProducerPool pool = new ProducerPool(ProducerPool.newClient(s), s)) {
      pool.publish(settings.get("topic"), Schema.STRING, OutgoingMessage.of("not a reading")).join();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** An injector's summary.json where a run report's belongs (results/ instead of reports/). */
  private static void injectorSummaryAsBaseline(Map<String, String> settings) {
    try {
      Path injector = Files.createTempDirectory(Path.of("target"), "results-").resolve("injector-0");
      Files.createDirectories(injector);
      Files.writeString(injector.resolve("summary.json"), "{\"runId\": \"r\", \"injector\": 0, \"injectorCount\": 1}");
      settings.put("baseline", injector.toString());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void resultsFolderBlocked(Map<String, String> settings) {
    try {
      Path file = Files.createTempFile(Path.of("target"), "not-a-folder-", ".txt");
      settings.put("results.dir", file.toString()); // results go under it: a file is in the way
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @AfterAll
  static void printTable() {
    LINES.forEach((name, line) -> System.out.printf("| %s | `%s` | %s |%n", name.substring(3), line,
        MILLIS.get(name) < 1 ? "< 1 ms" : MILLIS.get(name) < 1000 ? MILLIS.get(name) + " ms"
            : String.format(java.util.Locale.ROOT, "%.1f s", MILLIS.get(name) / 1000.0)));
    TAKEN.forEach(socket -> {
      try {
        socket.close();
      } catch (IOException ignored) {
        // the test is over
      }
    });
    HALF_OPEN.forEach(socket -> {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing a test socket
      }
    });
  }
}
