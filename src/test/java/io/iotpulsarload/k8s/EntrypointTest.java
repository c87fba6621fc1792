package io.iotpulsarload.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's entrypoint decides what the container runs: the simulation named by SIMULATION (of the package
 * simulations, or any class by its full name) or a companion command. Run here with a stand-in {@code java} on the
 * PATH that prints its arguments; bench/image.sh runs it for real in the built image.
 */
class EntrypointTest {

  @TempDir
  Path bin;

  private record Ran(int status, String out) {}

  private Ran entrypoint(Map<String, String> env, String... args) throws IOException, InterruptedException {
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/bin/sh\necho \"java $*\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> command = new java.util.ArrayList<>(List.of("sh", "k8s/entrypoint.sh"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("PATH", bin + ":/usr/bin:/bin");
    pb.environment().putAll(env);
    Process p = pb.start();
    assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the entrypoint ends");
    return new Ran(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void aShortNameIsASimulationOfThePackageSimulations() throws Exception {
    Ran ran = entrypoint(Map.of("SIMULATION", "SteadyIoT", "RESULTS_DIR", "/results"));
    assertEquals(0, ran.status(), ran.out());
    assertTrue(ran.out().contains("io.gatling.app.Gatling -s simulations.SteadyIoT -rf /results/gatling"), ran.out());
  }

  @Test
  void aFullNameRunsASimulationOfAnyPackage() throws Exception {
    Ran ran = entrypoint(Map.of("SIMULATION", "examples.AlertsIoT", "RESULTS_DIR", "/results"));
    assertEquals(0, ran.status(), ran.out());
    assertTrue(ran.out().contains("-s examples.AlertsIoT "), ran.out());
  }

  @Test
  void aCompanionCommandRunsTheCommandLine() throws Exception {
    Ran ran = entrypoint(Map.of(), "merge", "run-1");
    assertEquals(0, ran.status(), ran.out());
    assertTrue(ran.out().contains("io.iotpulsarload.cli.Main merge run-1"), ran.out());
  }

  @Test
  void aBadEventLoopCountIsOneLineAndExitsNonZero() throws Exception {
    Ran ran = entrypoint(Map.of("SIMULATION", "SteadyIoT", "GATLING_EVENT_LOOPS", "two"));
    assertEquals(1, ran.status(), ran.out());
    assertEquals(1, ran.out().strip().lines().count(), ran.out());
    assertTrue(ran.out().startsWith("Invalid GATLING_EVENT_LOOPS 'two'"), ran.out());
  }
}
