package io.iotpulsarload.gatling.pulsar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.testing.SharedBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.api.MessageId;
import org.junit.jupiter.api.Test;

/**
 * gatling-pulsar used as a user uses it: the artifact (its jar, its POM and its parent's) is installed into a
 * throwaway local repository by the module README's install command, and a separate Gatling project (gatling-pulsar/demo: Gatling's demo layout, a POM
 * naming only Gatling, the gatling-maven-plugin and gatling-pulsar) is built and run with that repository by a
 * real Maven, against the test broker. Everything else it needs comes from the usual local repository, read as a
 * remote one (then Maven Central): the throwaway repository holds no other copy of this project.
 */
class OutsideProjectTest {

  private static final String VERSION = "0.1.0-SNAPSHOT";
  private static final Path WORK = Path.of("target", "outside-project").toAbsolutePath();

  @Test
  void aSeparateGatlingProjectSendsConsumesAndChecksWithTheInstalledPlugin() throws Exception {
    deleteRecursively(WORK);
    Path repo = Files.createDirectories(WORK.resolve("repository"));
    Path demo = WORK.resolve("demo");
    copyRecursively(Path.of("gatling-pulsar", "demo"), demo);

    Path settings = WORK.resolve("settings.xml");
    Path usual = Path.of(System.getProperty("user.home"), ".m2", "repository");
    Files.writeString(settings, """
        <settings>
          <profiles>
            <profile>
              <id>usual-local-repository</id>
              <repositories>
                <repository><id>usual</id><url>%1$s</url></repository>
              </repositories>
              <pluginRepositories>
                <pluginRepository><id>usual</id><url>%1$s</url></pluginRepository>
              </pluginRepositories>
            </profile>
          </profiles>
          <activeProfiles><activeProfile>usual-local-repository</activeProfile></activeProfiles>
        </settings>
        """.formatted(usual.toUri()));
    List<String> throwaway = List.of("-s", settings.toString(), "-Dmaven.repo.local=" + repo);

    // gatling-pulsar/README.md's install command, into the throwaway repository
    List<String> install = new ArrayList<>(throwaway);
    install.addAll(List.of("install", "-pl", "gatling-pulsar", "-am", "-DskipTests"));
    Result installed = maven(Path.of("."), install);
    assertEquals(0, installed.exitCode(), installed.tail());

    String topic = SharedBroker.uniqueTopic("demo-readings");
    // the reader's subscription exists before the sensors send, whichever scenario starts first
    try (PulsarAdmin admin = SharedBroker.admin()) {
      admin.topics().createSubscription(topic, "demo-reader", MessageId.earliest);
    }
    // the demo's command, as its README gives it
    List<String> gatling = new ArrayList<>(throwaway);
    gatling.addAll(List.of("gatling:test", "-Dpulsar.url=" + SharedBroker.serviceUrl(), "-Dtopic=" + topic));
    Result run = maven(demo, gatling);

    assertEquals(0, run.exitCode(), "the demo project's run failed:\n" + run.tail());
    assertEquals(List.of(20L, 0L), okKo(run.output(), "send reading"), run.tail());
    assertEquals(List.of(20L, 0L), okKo(run.output(), "receive reading"), run.tail());
    assertTrue(Files.exists(repo.resolve("io/iotpulsarload/gatling-pulsar/" + VERSION + "/gatling-pulsar-" + VERSION
        + ".jar")));
    // the demo got the plugin alone, not the IoT tool around it
    assertFalse(Files.exists(repo.resolve("io/iotpulsarload/iot-pulsar-load")), "the tool leaked into the demo");
    assertTrue(Files.exists(repo.resolve("org/apache/pulsar/pulsar-client")), "the Pulsar client came with it");
  }

  private static List<Long> okKo(String output, String request) {
    Matcher m = Pattern.compile("^> " + Pattern.quote(request) + "\\s+\\|\\s+([\\d,]+) \\|\\s+([\\d,]+) \\|\\s+([\\d,]+)",
        Pattern.MULTILINE).matcher(output);
    List<Long> last = null;
    while (m.find()) {
      last = List.of(Long.parseLong(m.group(2).replace(",", "")), Long.parseLong(m.group(3).replace(",", "")));
    }
    return last;
  }

  private record Result(int exitCode, String output) {
    String tail() {
      return output.length() > 8000 ? output.substring(output.length() - 8000) : output;
    }
  }

  private static Result maven(Path dir, List<String> args) throws IOException, InterruptedException {
    String mavenHome = System.getProperty("iotload.maven.home");
    List<String> command = new ArrayList<>();
    command.add(mavenHome == null ? "mvn" : Path.of(mavenHome, "bin", "mvn").toString());
    command.add("-B");
    command.addAll(args);
    Path log = Files.createTempFile(Files.createDirectories(WORK), "mvn-", ".log");
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    process.getOutputStream().close();
    if (!process.waitFor(600, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("mvn " + args + " did not finish within 600 s:\n" + Files.readString(log));
    }
    return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private static void copyRecursively(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.filter(p -> !p.toString().contains("/target")).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
