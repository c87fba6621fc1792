package io.iotpulsarload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.testing.GatlingFork;
import io.iotpulsarload.testing.SharedBroker;
import java.io.IOException;
import java.lang.reflect.Modifier;
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
 * Every {@code mvn gatling:test} command of the README runs and passes its gates, with its own settings and
 * shortened durations, verification on (as on the embedded default), against the test broker. The README's
 * other commands name classes that exist (their behaviour has tests of its own: validate, merge, the settings
 * table, the distributed miniature).
 */
class ReadmeCommandsTest {

  /** Durations cut short so a command's whole load runs in seconds; its rates and other settings stay. */
  private static final Map<String, String> SHORT = Map.of(
      "duration", "3s", "rampDuration", "2s", "capacity.stepDuration", "2s", "interval", "1s");

  static Stream<String> gatlingCommands() throws IOException {
    Set<String> commands = new LinkedHashSet<>();
    Matcher m = Pattern.compile("mvn gatling:test((?: -D[^\\s`}]+| \\\\\\n\\s*)*)")
        .matcher(Files.readString(Path.of("README.md")));
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
    Matcher d = Pattern.compile("-D([^=\\s]+)=(\\S+)").matcher(command);
    while (d.find()) {
      settings.put(d.group(1), d.group(2));
    }
    String simulation = settings.getOrDefault("simulation", "SteadyIoT");
    settings.remove("simulation");
    settings.putAll(SHORT);
    if (simulation.equals("CapacityIoT")) { // two steps at most
      double start = Double.parseDouble(settings.getOrDefault("capacity.start", "5000"));
      double step = Double.parseDouble(settings.getOrDefault("capacity.step", "5000"));
      settings.put("capacity.maxRate", Double.toString(start + step));
    }
    // a real cluster's example runs against the test broker; the others leave pulsar.url unset in the README
    settings.put("pulsar.url", SharedBroker.serviceUrl());
    settings.put("pulsar.adminUrl", SharedBroker.adminUrl());
    settings.putIfAbsent("verify", "true");
    settings.put("topic", SharedBroker.uniqueTopic("readme-" + simulation.toLowerCase()));
    String fqcn = simulation.contains(".") ? simulation
        : Files.exists(Path.of("src/test/java/examples", simulation + ".java")) ? "examples." + simulation
        : "simulations." + simulation;

    GatlingFork.Result run = GatlingFork.run(fqcn, settings, 300);

    assertEquals(0, run.exitCode(), command + "\n" + run.tail());
    if (simulation.equals("CapacityIoT")) {
      assertTrue(run.output().contains("iot-pulsar-load: CAPACITY highest rate that held: "), run.tail());
    } else {
      assertTrue(run.output().contains("iot-pulsar-load: gates PASSED"), command + "\n" + run.tail());
    }
    long[] published = run.published();
    assertEquals(published[0], published[1] + published[2], "sent = acked + failed");
  }

  @Test
  void theReadmesOtherCommandsNameMainClassesThatExist() throws Exception {
    Matcher m = Pattern.compile("-Dexec\\.mainClass=([\\w.]+)").matcher(Files.readString(Path.of("README.md")));
    int found = 0;
    while (m.find()) {
      Class<?> main = Class.forName(m.group(1));
      assertTrue(Modifier.isStatic(main.getMethod("main", String[].class).getModifiers()), m.group(1));
      found++;
    }
    assertEquals(3, found, "validate, merge and the settings table");
    String readme = Files.readString(Path.of("README.md"));
    for (Matcher b = Pattern.compile("(bench/[\\w.-]+\\.sh)").matcher(readme); b.find(); ) {
      assertTrue(Files.isExecutable(Path.of(b.group(1))), b.group(1));
    }
    assertFalse(readme.contains("io.iotpulsarload.run.IoTRun"), "no stale class names");
  }
}
