package io.iotpulsarload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code mvn gatling:test -Dsimulation=NAME} checks the name before building anything (the pom's enforcer rule),
 * as a user runs it: a real Maven on this project's pom, stopped at the validate phase.
 */
class SimulationNameTest {

  private record Result(int exitCode, String output) {}

  private static Result validate(String simulation, String... more) throws IOException, InterruptedException {
    String mavenHome = System.getProperty("iotload.maven.home");
    Path mvn = mavenHome == null ? Path.of("mvn") : Path.of(mavenHome, "bin", "mvn");
    List<String> command = new java.util.ArrayList<>(List.of(mvn.toString(), "-B", "-q", "validate",
        "-Dsimulation=" + simulation));
    command.addAll(List.of(more));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    boolean done = p.waitFor(120, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    assertTrue(done, "mvn validate did not finish within 120 s");
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void anUnknownSimulationStopsAtOnceWithTheNamesToChooseFrom() throws Exception {
    Result r = validate("SteadyIot");
    assertNotEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("Unknown simulation 'SteadyIot': use -Dsimulation= with one of SteadyIoT, "
        + "RampIoT, SpikeIoT, SoakIoT, CapacityIoT, DevicesIoT"), r.output());
  }

  @Test
  void aBadEventLoopCountStopsAtOnceWithOneLine() throws Exception {
    Result r = validate("SteadyIoT", "-Dgatling.eventLoops=two");
    assertNotEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("Invalid gatling.eventLoops 'two': expected an integer from 1 to 999"),
        r.output());
  }

  @Test
  void everyShippedSimulationNamePasses() throws Exception {
    for (String name : List.of("SteadyIoT", "RampIoT", "SpikeIoT", "SoakIoT", "CapacityIoT", "DevicesIoT")) {
      Result r = validate(name);
      assertEquals(0, r.exitCode(), name + ": " + r.output());
    }
  }
}
