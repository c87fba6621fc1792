package io.iotpulsarload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.gatling.pulsar.client.PulsarAuth;
import io.iotpulsarload.testing.Docs;
import io.iotpulsarload.testing.GatlingFork;
import io.iotpulsarload.testing.OAuth2Issuer;
import io.iotpulsarload.testing.PassThroughStage;
import io.iotpulsarload.testing.SecuredBroker;
import io.iotpulsarload.testing.SharedBroker;
import io.iotpulsarload.testing.SiteAggregator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code mvn gatling:test} command of the README and of the pages under {@code docs/} runs and passes its
 * gates, with its own settings and shortened durations, verification on (as on the embedded default), against the
 * test broker. Their other commands name classes that exist (their behaviour has tests of its own: validate, merge,
 * the settings table, the distributed miniature).
 */
class ReadmeCommandsTest {

  /**
   * Durations cut short so a command's whole load (warm-up included) runs in seconds; its rates and other
   * settings stay.
   */
  private static final Map<String, String> SHORT = Map.of(
      "duration", "3s", "rampDuration", "2s", "capacity.stepDuration", "2s", "interval", "1s", "warmup", "1s");

  static Stream<String> gatlingCommands() throws IOException {
    Set<String> commands = new LinkedHashSet<>();
    // -D arguments (quoted or not), on one line or continued with " \" onto the next
    Matcher m = Pattern.compile("mvn gatling:test((?:(?: \\\\\\n\\s*| )(?:'-D[^']+'|-D[^\\s`}]+))*)")
        .matcher(Docs.docs());
    while (m.find()) {
      commands.add(m.group().replaceAll("\\s*\\\\\\n\\s*", " ").trim());
    }
    return commands.stream();
  }

  @Test
  void theReadmeHasTheCommandsThisTestRuns() throws IOException {
    List<String> commands = gatlingCommands().toList();
    for (String sim : List.of("SteadyIoT", "RampIoT", "SpikeIoT", "SoakIoT", "CapacityIoT", "DevicesIoT",
        "AlertsIoT")) {
      assertTrue(commands.stream().anyMatch(c -> c.contains("-Dsimulation=" + sim)), sim + " in " + commands);
    }
  }

  @ParameterizedTest
  @MethodSource("gatlingCommands")
  void theCommandPassesOnDefaults(String command) throws Exception {
    Map<String, String> settings = new LinkedHashMap<>();
    Matcher d = Pattern.compile("'-D([^=]+)=([^']*)'|-D([^=\\s]+)=(\\S+)").matcher(command);
    while (d.find()) {
      settings.put(d.group(1) != null ? d.group(1) : d.group(3), d.group(1) != null ? d.group(2) : d.group(4));
    }
    String simulation = settings.getOrDefault("simulation", "SteadyIoT");
    settings.remove("simulation");
    settings.putAll(SHORT);
    if (simulation.equals("CapacityIoT")) { // two steps at most
      double start = Double.parseDouble(settings.getOrDefault("capacity.start", "5000"));
      double step = Double.parseDouble(settings.getOrDefault("capacity.step", "5000"));
      settings.put("capacity.maxRate", Double.toString(start + step));
    }
    OAuth2Issuer issuer = null;
    if (settings.containsKey("broker.security")) {
      // runs as written: the run starts its own secured embedded broker and wires its material in
    } else if (SECURED_EXAMPLE.stream().anyMatch(settings::containsKey)) {
      issuer = securedExampleAgainstTheTestBroker(settings);
    } else {
      // a real cluster's example runs against the test broker; the others leave pulsar.url unset in the README
      settings.put("pulsar.url", SharedBroker.serviceUrl());
      settings.put("pulsar.adminUrl", SharedBroker.adminUrl());
    }
    settings.putIfAbsent("verify", "true");
    settings.put("topic", SharedBroker.uniqueTopic("readme-" + simulation.toLowerCase()));
    String fqcn = simulation.contains(".") ? simulation
        : Files.exists(Path.of("src/test/java/examples", simulation + ".java")) ? "examples." + simulation
        : "simulations." + simulation;

    if (settings.containsKey("baseline")) {
      // the README's baseline is an earlier green run: run the command without it first, then against it
      Map<String, String> first = new LinkedHashMap<>(settings);
      first.remove("baseline");
      GatlingFork.Result green = GatlingFork.run(fqcn, first, 300);
      assertEquals(0, green.exitCode(), "the baseline run\n" + green.tail());
      settings.put("baseline", reportDir(green).toString());
    }
    org.apache.pulsar.client.api.PulsarClient pipeline = null;
    if (settings.containsKey("watch.subscriptions")) {
      // the pipeline's consumers the command watches: real ones, on the run's topic, acknowledging everything
      pipeline = SharedBroker.client();
      for (String subscription : settings.get("watch.subscriptions").split(",")) {
        pipeline.newConsumer(org.apache.pulsar.client.api.Schema.BYTES).topic(settings.get("topic"))
            .subscriptionName(subscription)
            .messageListener((consumer, message) -> consumer.acknowledgeAsync(message)).subscribe();
      }
    }
    AutoCloseable stage = null;
    if (settings.containsKey("stage.topic")) {
      // the stage the command times: a real one, reading the run's topic and writing a topic of its own
      pipeline = pipeline != null ? pipeline : SharedBroker.client();
      settings.put("stage.topic", SharedBroker.uniqueTopic("readme-stage"));
      stage = "eventTime".equals(settings.get("stage.match"))
          ? new SiteAggregator(pipeline, settings.get("topic"), settings.get("stage.topic"))
          : new PassThroughStage(pipeline, settings.get("topic"), settings.get("stage.topic"), 0, 0);
    }
    GatlingFork.Result run;
    try {
      run = GatlingFork.run(fqcn, settings, 300);
    } finally {
      if (issuer != null) {
        issuer.close();
      }
      if (stage != null) {
        stage.close();
      }
      if (pipeline != null) {
        pipeline.close();
      }
    }
    if (settings.containsKey("stage.topic")) {
      assertTrue(Pattern.compile("iot-pulsar-load: stage out of \\S+ \\((stamp|eventTime)\\): [1-9]\\d* outputs")
          .matcher(run.output()).find(), "the stage's outputs were timed:\n" + run.tail());
    }
    if (settings.containsKey("watch.subscriptions")) {
      for (String subscription : settings.get("watch.subscriptions").split(",")) {
        assertTrue(run.output().contains("iot-pulsar-load: watched " + subscription + ": keeps up ("),
            run.tail());
      }
    }

    assertEquals(0, run.exitCode(), command + "\n" + run.tail());
    if (simulation.equals("CapacityIoT")) {
      assertTrue(run.output().contains("iot-pulsar-load: CAPACITY highest rate that held: "), run.tail());
    } else {
      assertTrue(run.output().contains("iot-pulsar-load: gates PASSED"), command + "\n" + run.tail());
    }
    long[] published = run.published();
    assertEquals(published[0], published[1] + published[2], "sent = acked + failed");
    // every run ends with its own report, its path printed; it counts what the protocol counted
    Path reportDir = reportDir(run);
    var summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(reportDir.resolve("summary.json").toFile());
    assertEquals(published[0], summary.path("sent").asLong(), "the report's sent");
    assertEquals(published[1], summary.path("acked").asLong(), "the report's acked");
    boolean logOff = settings.getOrDefault("gatlingLog", simulation.equals("SoakIoT") ? "false" : "true")
        .equals("false");
    assertEquals(logOff, !run.output().contains("Reports generated"), "Gatling's report only with its log");
    if (settings.containsKey("baseline")) {
      // shortened to 3 s, both runs have too few windows to tell a regression from noise: the gates are there,
      // not judged, and say so (CiExampleTest judges 12 s runs)
      assertTrue(run.output().contains("iot-pulsar-load: gate gate.regression.p99Percent: publish p99 rise beyond "
          + "the noise vs baseline "), run.tail());
      assertTrue(run.output().contains("not judged (too few windows to tell a regression from the noise"),
          run.tail());
      assertEquals(4, summary.path("gates").findValuesAsText("name").stream()
          .filter(n -> n.startsWith("gate.regression.")).count(), "against the baseline: " + summary);
    }
  }

  /** The run's own report folder, whose path the run prints. */
  private static Path reportDir(GatlingFork.Result run) {
    Matcher report = Pattern.compile("iot-pulsar-load: run report \\(1 injector, gates \\w+\\): file:(\\S+)")
        .matcher(run.output());
    assertTrue(report.find(), "the run's own report: " + run.tail());
    return Path.of(java.net.URI.create("file:" + report.group(1))).getParent();
  }

  /** Settings that make a README command an example for a secured cluster. */
  private static final List<String> SECURED_EXAMPLE =
      List.of("pulsar.clientConf", "pulsar.token", "pulsar.authPlugin", "pulsar.tlsTrustCertsFilePath");

  /**
   * Points a secured-cluster example at the test's TLS + token broker: its URLs, and its material in place of the
   * example's paths (token file, CA, client certificate, a client.conf, an OAuth2 issuer). Returns the issuer
   * started for an OAuth2 example, else null.
   */
  private static OAuth2Issuer securedExampleAgainstTheTestBroker(Map<String, String> settings) throws IOException {
    var broker = SecuredBroker.broker();
    var material = SecuredBroker.material();
    OAuth2Issuer issuer = null;
    if (settings.containsKey("pulsar.clientConf")) {
      Path conf = Files.createTempFile(Path.of("target"), "readme-client-", ".conf");
      Files.writeString(conf, String.join("\n", "brokerServiceUrl=" + broker.serviceUrl(),
          "webServiceUrl=" + broker.adminUrl(), "authPlugin=" + PulsarAuth.TOKEN_PLUGIN,
          "authParams=" + material.clientToken().toUri(), "tlsTrustCertsFilePath=" + material.caCert(), ""));
      settings.put("pulsar.clientConf", conf.toString());
    } else {
      settings.put("pulsar.url", broker.serviceUrl());
      settings.put("pulsar.adminUrl", broker.adminUrl());
      settings.put("pulsar.tlsTrustCertsFilePath", material.caCert().toString()); // a public CA in the example
    }
    if (settings.containsKey("pulsar.token")) {
      settings.put("pulsar.token", "file:" + material.clientToken());
    }
    String plugin = settings.getOrDefault("pulsar.authPlugin", "");
    if (plugin.equals(PulsarAuth.TLS_PLUGIN)) {
      settings.put("pulsar.authParams", "tlsCertFile:" + material.clientCert() + ",tlsKeyFile:" + material.clientKey());
    } else if (plugin.equals(PulsarAuth.OAUTH2_PLUGIN)) {
      issuer = OAuth2Issuer.start(material.dir().resolve("token-secret.key"), "iot-load", "readme-secret");
      settings.put("pulsar.authParams", issuer.authParams(issuer.credentialsFile(Path.of("target"), "readme-secret")));
    }
    return issuer;
  }

  @Test
  void theReadmesOtherCommandsAreTheLaunchersCommands() throws Exception {
    String readme = Docs.docs();
    Set<String> commands = new LinkedHashSet<>();
    for (Matcher m = Pattern.compile("bin/iot-pulsar-load (\\w+)").matcher(readme); m.find(); ) {
      commands.add(m.group(1));
    }
    assertEquals(Set.of("merge", "validate", "settings", "compare"), commands, "the README's companion commands");
    for (String command : commands) { // each one through the real launcher: it knows the command and explains it
      io.iotpulsarload.cli.LauncherTest.Result help = io.iotpulsarload.cli.LauncherTest.launch(command, "--help");
      assertEquals(0, help.status(), command + " --help: " + help.out());
      assertTrue(help.out().startsWith("usage: iot-pulsar-load " + command), help.out());
    }
    assertFalse(readme.contains("-Dexec.mainClass"), "commands by name, not by main class");
    for (Matcher b = Pattern.compile("(bench/[\\w.-]+\\.sh)").matcher(readme); b.find(); ) {
      assertTrue(Files.isExecutable(Path.of(b.group(1))), b.group(1));
    }
    assertFalse(readme.contains("io.iotpulsarload.run.IoTRun"), "no stale class names");
  }
}
