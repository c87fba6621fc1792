package io.iotpulsarload.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a simulation the way the Maven plugin does: Gatling's main class in a fresh JVM on the test classpath,
 * settings as -D flags. Returns its exit code and console output.
 */
public final class GatlingFork {

  private GatlingFork() {}

  /** Exit code and console output of one Gatling run. */
  public record Result(int exitCode, String output) {

    /** The OK and KO counts of a request in Gatling's final console table, e.g. "> publish | 15,000 | 15,000 | 0". */
    public long[] okKo(String request) {
      Matcher m = Pattern.compile("^> " + Pattern.quote(request)
          + "\\s+\\|\\s+([\\d,]+) \\|\\s+([\\d,]+) \\|\\s+([\\d,]+)", Pattern.MULTILINE).matcher(output);
      long[] last = null;
      while (m.find()) {
        last = new long[] {number(m.group(2)), number(m.group(3))};
      }
      if (last == null) {
        throw new AssertionError("no '" + request + "' line in Gatling's output:\n" + tail());
      }
      return last;
    }

    /** The counts of our end-of-run line "published sent=.. acked=.. failed=..". */
    public long[] published() {
      Matcher m = Pattern.compile("published sent=(\\d+) acked=(\\d+) failed=(\\d+)").matcher(output);
      if (!m.find()) {
        throw new AssertionError("no publish summary in the output:\n" + tail());
      }
      return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
    }

    public String tail() {
      return output.length() > 6000 ? output.substring(output.length() - 6000) : output;
    }

    private static long number(String text) {
      return Long.parseLong(text.replace(",", ""));
    }
  }

  /** Runs {@code simulationClass} with these system properties; gives up (and fails) after {@code timeoutSeconds}. */
  public static Result run(String simulationClass, Map<String, String> properties, long timeoutSeconds)
      throws IOException, InterruptedException {
    return start(simulationClass, properties).await(timeoutSeconds);
  }

  /** The run's live progress line; group 1 is its acked count. */
  private static final Pattern PROGRESS =
      Pattern.compile("^iot-pulsar-load: \\S+ \\+\\d+s sent=\\d+ acked=(\\d+) ", Pattern.MULTILINE);

  /** A Gatling run in progress. */
  public record Running(Process process, Path log, String simulationClass) {

    /**
     * Waits until the run's console has {@code count} progress lines (polling its log: the line is the event
     * waited for) and returns the last one's acked count; fails after {@code timeoutSeconds}.
     */
    public long awaitProgressLines(int count, long timeoutSeconds) throws IOException {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
      while (System.nanoTime() < until) {
        Matcher m = PROGRESS.matcher(Files.readString(log, StandardCharsets.UTF_8));
        int found = 0;
        long acked = 0;
        while (m.find()) {
          found++;
          acked = Long.parseLong(m.group(1));
        }
        if (found >= count) {
          return acked;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
      }
      throw new AssertionError("fewer than " + count + " progress lines after " + timeoutSeconds + " s:\n"
          + Files.readString(log, StandardCharsets.UTF_8));
    }

    /** Waits until the run's console has a line containing {@code text}; fails after {@code timeoutSeconds}. */
    public void awaitLine(String text, long timeoutSeconds) throws IOException {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
      while (System.nanoTime() < until) {
        if (Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
          return;
        }
        if (!process.isAlive()) {
          break;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
      }
      throw new AssertionError("no line with '" + text + "' after " + timeoutSeconds + " s:\n"
          + Files.readString(log, StandardCharsets.UTF_8));
    }

    /** The acked count of the run's last progress line so far (0 before the first). */
    public long lastAcked() throws IOException {
      long acked = 0;
      for (Matcher m = PROGRESS.matcher(Files.readString(log, StandardCharsets.UTF_8)); m.find(); ) {
        acked = Long.parseLong(m.group(1));
      }
      return acked;
    }

    /** Waits for the end of the run; gives up (and fails) after {@code timeoutSeconds}. */
    public Result await(long timeoutSeconds) throws IOException, InterruptedException {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
        throw new AssertionError("Gatling run of " + simulationClass + " did not end within " + timeoutSeconds
            + " s:\n" + Files.readString(log, StandardCharsets.UTF_8));
      }
      return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
  }

  /** Starts {@code simulationClass} in a new JVM and returns at once. */
  public static Running start(String simulationClass, Map<String, String> properties) throws IOException {
    Path results = Path.of("target", "test-gatling");
    Files.createDirectories(results);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // the JVM flags gatling-maven-plugin gives its fork, and ours from the pom (-Dgatling.eventLoops)
    command.addAll(List.of("-Xmx1g",
        "-Dio.netty.eventLoopThreads=" + System.getProperty("iotload.gatling.eventLoops", "2"),
        "-XX:MaxInlineLevel=20",
        "-XX:MaxTrivialSize=12",
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
        "-XX:+ExitOnOutOfMemoryError"));
    String brokerHome = System.getProperty("iotload.broker.home");
    if (brokerHome != null) {
      command.add("-Diotload.broker.home=" + brokerHome);
    }
    if (!properties.containsKey("results.dir")) {
      command.add("-Dresults.dir=target/test-results"); // keep test runs out of the user's results/
    }
    if (!properties.containsKey("reports.dir")) {
      command.add("-Dreports.dir=target/test-reports");
    }
    if (!properties.containsKey("warmup")) {
      // tests of other features count exactly what their load plans; WarmupTest and the documented commands warm up
      command.add("-Dwarmup=0s");
    }
    // as the pom maps gatlingLog (SoakIoT's default false) to Gatling's configuration
    String gatlingLog = properties.getOrDefault("gatlingLog", simulationClass.endsWith("SoakIoT") ? "false" : "true");
    command.add("-Dgatling.conf.file=gatling-log-" + gatlingLog + ".conf");
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.gatling.app.Gatling");
    command.add("-s");
    command.add(simulationClass);
    command.add("-rf");
    command.add(results.toAbsolutePath().toString());
    Path log = Files.createTempFile(results, "run-", ".log");
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .start();
    return new Running(process, log, simulationClass);
  }
}
