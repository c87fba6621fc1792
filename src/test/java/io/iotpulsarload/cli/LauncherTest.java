package io.iotpulsarload.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.testing.Docs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The companion commands by name, through the real launcher script ({@code bin/iot-pulsar-load}) as a user types
 * them: help for each, the settings table, and bad arguments answered with one line and exit 2, fast.
 */
public class LauncherTest {

  /**
   * Exit status and what the command printed; {@code err} is the launcher's own (a first launch says it builds
   * the project).
   */
  public record Result(int status, String out, String err) {}

  /** Runs {@code bin/iot-pulsar-load args...}; fails after 120 s (a first launch may build the project). */
  public static Result launch(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bin/iot-pulsar-load"));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(Path.of("target"), "launch-", ".out");
    Path err = Files.createTempFile(Path.of("target"), "launch-", ".err");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("bin/iot-pulsar-load " + String.join(" ", args) + " did not end within 120 s");
    }
    Result result = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    return result;
  }

  @Test
  void everyCommandHasItsHelp() throws Exception {
    Result top = launch("--help");
    assertEquals(0, top.status(), top.out());
    for (String command : List.of("merge", "validate", "compare", "settings")) {
      assertTrue(top.out().contains("  " + command), command + " in " + top.out());
      Result help = launch(command, "--help");
      assertEquals(0, help.status(), help.out());
      assertTrue(help.out().startsWith("usage: iot-pulsar-load " + command), help.out());
    }
  }

  @Test
  void theSettingsCommandPrintsTheReadmesTable() throws Exception {
    Result table = launch("settings");
    assertEquals(0, table.status(), table.out());
    String readme = Docs.docs();
    for (String row : table.out().lines().toList()) {
      assertTrue(readme.contains(row), "the docs have the row, as generated: " + row);
    }
    assertTrue(table.out().lines().count() > 60, table.out());
  }

  @Test
  void badArgumentsAreOneLineAndExitTwo() throws Exception {
    for (String[] args : List.of(new String[] {}, new String[] {"frob"}, new String[] {"merge", "a", "b"},
        new String[] {"validate", "extra"}, new String[] {"settings", "extra"}, new String[] {"compare", "one"},
        new String[] {"merge"}, new String[] {"validate"}, new String[] {"merge", "no-such-run",
            "-Dresults.dir=target/no-such-results"})) {
      long start = System.nanoTime();
      Result r = launch(args);
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertEquals(2, r.status(), String.join(" ", args) + ": " + r.out());
      assertEquals(1, r.out().lines().count(), String.join(" ", args) + ": one line: " + r.out());
      assertTrue(millis < 30_000, String.join(" ", args) + " took " + millis + " ms");
    }
    assertTrue(launch("merge").out().contains("merge needs the run to merge"), "says what is missing");
    assertTrue(launch("validate").out().contains("validate needs a cluster"), "says what is missing");
  }
}
