package io.iotpulsarload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.results.MergeCommand;
import io.iotpulsarload.settings.SettingSource;
import io.iotpulsarload.testing.GatlingFork;
import io.iotpulsarload.testing.SecuredBroker;
import io.iotpulsarload.testing.SharedBroker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A distributed run in miniature over TLS + token against the real secured broker: one injector configured by a
 * standard client.conf only, the other by explicit settings with the token's value, both verifying, on a topic
 * they create with 2 partitions through the TLS admin API; then the merge and {@code validate} read it back. No
 * output of any of them (console, results, summaries, Gatling's and our reports) holds the token.
 */
class SecuredRunTest {

  @Test
  void injectorsMergeAndValidateOverTlsAndTokenWithoutLeakingTheToken() throws Exception {
    Instant started = Instant.now().minusSeconds(1);
    String token = SecuredBroker.clientToken();
    String topic = SharedBroker.uniqueTopic("secured");
    String runId = "secured-" + System.nanoTime();
    Path results = Path.of("target", "test-results");
    Path reports = Path.of("target", "test-reports");

    Path clientConf = Files.createTempFile(Path.of("target"), "client-", ".conf");
    Files.writeString(clientConf, String.join("\n",
        "# as pulsar-admin and pulsar-perf read it",
        "webServiceUrl=" + SecuredBroker.broker().adminUrl(),
        "brokerServiceUrl=" + SecuredBroker.broker().serviceUrl(),
        "authPlugin=org.apache.pulsar.client.impl.auth.AuthenticationToken",
        "authParams=token:" + token,
        "tlsTrustCertsFilePath=" + SecuredBroker.material().caCert(),
        "tlsEnableHostnameVerification=true",
        "tlsAllowInsecureConnection=false",
        ""));
    List<GatlingFork.Running> injectors = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Map<String, String> p = new HashMap<>();
      if (i == 0) {
        p.put("pulsar.clientConf", clientConf.toString());
      } else {
        p.putAll(SecuredBroker.settings());
        p.put("pulsar.token", token); // the value itself
      }
      p.put("topic", topic);
      p.put("partitions", "2");
      p.put("runId", runId);
      p.put("injector.index", Integer.toString(i));
      p.put("injector.count", "2");
      p.put("rate", "200");
      p.put("duration", "3s");
      p.put("verify", "true");
      p.put("results.dir", results.toString());
      injectors.add(GatlingFork.start("simulations.SteadyIoT", p));
    }
    List<String> outputs = new ArrayList<>();
    long sent = 0;
    for (GatlingFork.Running running : injectors) {
      GatlingFork.Result r = running.await(300);
      outputs.add(r.output());
      assertEquals(0, r.exitCode(), r.tail());
      assertTrue(r.output().contains("iot-pulsar-load: gates PASSED"), r.tail());
      assertTrue(r.output().contains("lost=0 duplicates=0 out-of-order=0 invalid=0"), r.tail());
      long[] published = r.published();
      assertEquals(published[0], published[1], "sent = acked");
      sent += published[0];
    }
    assertEquals(600, sent, "200 msg/s for 3 s, split between the two injectors");

    ByteArrayOutputStream merged = new ByteArrayOutputStream();
    int status = MergeCommand.run(SettingSource.properties(Map.of("runId", runId, "results.dir", results.toString(),
        "reports.dir", reports.toString())), new PrintStream(merged, true, StandardCharsets.UTF_8));
    outputs.add(merged.toString(StandardCharsets.UTF_8));
    assertEquals(0, status, merged.toString(StandardCharsets.UTF_8));
    assertTrue(merged.toString(StandardCharsets.UTF_8).contains("2 injectors: sent=600 acked=600 failed=0"),
        merged.toString(StandardCharsets.UTF_8));

    ByteArrayOutputStream validated = new ByteArrayOutputStream();
    Map<String, String> v = new HashMap<>(Map.of("pulsar.clientConf", clientConf.toString(), "topic", topic,
        "validate.messages", "600", "validate.fromEarliest", "true", "validate.duration", "60s"));
    int valid = ValidateCommand.run(SettingSource.properties(v), new PrintStream(validated, true,
        StandardCharsets.UTF_8));
    String validateOutput = validated.toString(StandardCharsets.UTF_8);
    outputs.add(validateOutput);
    assertEquals(0, valid, validateOutput);
    assertTrue(validateOutput.contains("received=600") && validateOutput.contains("invalid=0"), validateOutput);

    String claims = token.split("\\.")[1];
    String signature = token.split("\\.")[2];
    for (String output : outputs) {
      assertTrue(!output.contains(claims) && !output.contains(signature), "the token in:\n" + output);
    }
    List<Path> written = new ArrayList<>();
    for (Path dir : List.of(results.resolve(runId), reports.resolve(runId), Path.of("target", "test-gatling"))) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.filter(Files::isRegularFile).filter(f -> modifiedSince(f, started)).forEach(written::add);
      }
    }
    assertTrue(written.stream().anyMatch(f -> f.getFileName().toString().equals("summary.json")), written.toString());
    assertTrue(written.stream().anyMatch(f -> f.toString().contains("steadyiot")), "Gatling's report: " + written);
    for (Path file : written) {
      String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      assertTrue(!text.contains(claims) && !text.contains(signature), "the token in " + file);
    }
  }

  private static boolean modifiedSince(Path file, Instant since) {
    try {
      return Files.getLastModifiedTime(file).compareTo(FileTime.from(since)) >= 0;
    } catch (IOException e) {
      return false;
    }
  }
}
