package io.iotpulsarload.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.iotpulsarload.config.IoTSettings;
import io.iotpulsarload.settings.Setting;
import io.iotpulsarload.settings.SettingSource;
import io.iotpulsarload.config.RunSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders the kustomize base and every overlay with the real {@code kubectl kustomize} (a patch that does not
 * apply fails the render, and so the test) and checks the wiring: an Indexed Job with parallelism = completions
 * = INJECTOR_COUNT, settings the tool knows and accepts, and the rate each pod gets.
 */
class KubernetesManifestsTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** A rendered kustomization: the Job and the injector settings (the ConfigMap the Job's pods read). */
  record Rendered(ObjectNode job, Map<String, String> settings) {}

  static Rendered render(Path dir) throws IOException, InterruptedException {
    Process kubectl;
    try {
      kubectl = new ProcessBuilder("kubectl", "kustomize", dir.toString()).start();
    } catch (IOException e) {
      throw new AssertionError("this test renders the manifests with the real kustomize: put kubectl on the PATH ("
          + e.getMessage() + ")", e);
    }
    String yaml = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String errors = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(kubectl.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize " + dir + " did not end");
    assertEquals(0, kubectl.exitValue(), "kubectl kustomize " + dir + " failed: " + errors);
    ObjectNode job = null;
    Map<String, String> settings = new LinkedHashMap<>();
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if ("Job".equals(doc.path("kind").asText())) {
          job = (ObjectNode) doc;
        } else if ("ConfigMap".equals(doc.path("kind").asText())
            && "injector-settings".equals(doc.path("metadata").path("name").asText())) {
          doc.path("data").fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
        }
      }
    }
    assertTrue(job != null, dir + " renders no Job");
    return new Rendered(job, settings);
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/scale", "overlays/device-ranges", "overlays/high-performance",
      "overlays/secured"})
  void everyLayoutIsAnIndexedJobWithOnePodPerInjectorAndValidSettings(String layout) throws Exception {
    Rendered r = render(Path.of("k8s", layout));
    JsonNode spec = r.job().path("spec");
    int count = Integer.parseInt(r.settings().get("INJECTOR_COUNT"));
    assertEquals("Indexed", spec.path("completionMode").asText());
    assertEquals(count, spec.path("parallelism").asInt(), "parallelism = INJECTOR_COUNT");
    assertEquals(count, spec.path("completions").asInt(), "completions = INJECTOR_COUNT");

    Set<String> known = IoTSettings.ALL.stream().map(Setting::env).collect(Collectors.toSet());
    for (String name : r.settings().keySet()) {
      assertTrue(known.contains(name) || name.equals("SIMULATION"), layout + ": unknown setting " + name);
    }
    assertTrue(Files.exists(Path.of("src/test/java/simulations", r.settings().get("SIMULATION") + ".java")),
        "simulation " + r.settings().get("SIMULATION") + " exists");
    // what the last pod (Kubernetes sets JOB_COMPLETION_INDEX) would read: a valid run of the right slice
    Map<String, String> env = new LinkedHashMap<>(r.settings());
    env.put("JOB_COMPLETION_INDEX", Integer.toString(count - 1));
    standInFiles(env);
    RunSettings settings = RunSettings.read(SettingSource.of(Map.of(), env));
    assertEquals(count - 1, settings.slice().index());
    assertEquals(count, settings.slice().count());
    JsonNode container = spec.path("template").path("spec").path("containers").get(0);
    assertEquals("injector-settings", container.path("envFrom").get(0).path("configMapRef").path("name").asText());
    assertTrue(container.path("resources").path("requests").has("cpu"), "cpu request set");
    // live metrics: the port the tool serves is the one the pod exposes and Prometheus is told to scrape
    String metricsPort = r.settings().get("METRICS_PORT");
    assertEquals(metricsPort, spec.path("template").path("metadata").path("annotations")
        .path("prometheus.io/port").asText(), layout + ": scrape annotation names METRICS_PORT");
    assertEquals(metricsPort, container.path("ports").get(0).path("containerPort").asText());
    assertEquals("metrics", container.path("ports").get(0).path("name").asText(), "the PodMonitor's port name");
  }

  /** The Grafana dashboard parses and asks only for series an injector serves. */
  @Test
  void theDashboardQueriesOnlyMetricsTheInjectorServes() throws Exception {
    String served = Files.readString(Path.of(
        "src/main/java/io/iotpulsarload/metrics/PrometheusEndpoint.java"));
    JsonNode dashboard = new ObjectMapper().readTree(Path.of("k8s/monitoring/grafana-dashboard.json").toFile());
    int queries = 0;
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("iotload_\\w+").matcher(target.path("expr").asText());
        while (m.find()) {
          String base = m.group().replaceAll("_(total|bucket|count|sum)$", "");
          assertTrue(served.contains('"' + base + '"'), "dashboard asks for " + m.group() + ", never served");
          queries++;
        }
      }
    }
    assertTrue(queries >= 8, "the dashboard has its panels: " + queries);
    Process kubectl = new ProcessBuilder("kubectl", "kustomize", "k8s/monitoring").start();
    String yaml = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(kubectl.waitFor(60, TimeUnit.SECONDS) && kubectl.exitValue() == 0, "k8s/monitoring renders");
    assertTrue(yaml.contains("kind: PodMonitor") && yaml.contains("port: metrics"), yaml);
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/scale"})
  void tenInjectorsReachFiveHundredThousandMessagesPerSecond(String layout) throws Exception {
    Rendered r = render(Path.of("k8s", layout));
    assertEquals("10", r.settings().get("INJECTOR_COUNT"));
    RunSettings pod = RunSettings.read(SettingSource.of(Map.of(), Map.of(
        "MESSAGES_PER_SECOND", r.settings().get("MESSAGES_PER_SECOND"), "INJECTOR_COUNT", "10",
        "JOB_COMPLETION_INDEX", "3", "DEVICE_POOL_SIZE", r.settings().get("DEVICE_POOL_SIZE"))));
    assertEquals(500_000, pod.rate());
    assertEquals(50_000, pod.slice().share(pod.rate()));
    assertEquals("2", r.job().path("spec").path("template").path("spec").path("containers").get(0)
        .path("resources").path("limits").path("cpu").asText(), "2 cores per 50,000 msg/s injector");
  }

  /**
   * The secured layout: TLS URLs, the token read from a file that a Secret volume provides (never an environment
   * value or a literal in the repository), and the CA file from a ConfigMap volume, both mounted read-only where
   * the settings look for them.
   */
  @Test
  void theSecuredLayoutMountsTheTokenSecretAndTheCaWhereTheSettingsReadThem() throws Exception {
    Rendered r = render(Path.of("k8s", "overlays/secured"));
    assertTrue(r.settings().get("PULSAR_URL").startsWith("pulsar+ssl://"), r.settings().toString());
    assertTrue(r.settings().get("PULSAR_ADMIN_URL").startsWith("https://"), r.settings().toString());
    String tokenFile = r.settings().get("PULSAR_TOKEN").replaceFirst("^file:", "");
    String caFile = r.settings().get("PULSAR_TLS_TRUST_CERTS_FILE_PATH");
    JsonNode pod = r.job().path("spec").path("template").path("spec");
    JsonNode container = pod.path("containers").get(0);
    Map<String, JsonNode> volumes = new LinkedHashMap<>();
    pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
    Map<String, String> mountOf = new LinkedHashMap<>();
    container.path("volumeMounts").forEach(m -> {
      mountOf.put(m.path("name").asText(), m.path("mountPath").asText());
      if (!m.path("name").asText().equals("results")) {
        assertTrue(m.path("readOnly").asBoolean(), m + " read-only");
      }
    });
    String tokenVolume = volumeHolding(tokenFile, mountOf);
    assertEquals("pulsar-token", volumes.get(tokenVolume).path("secret").path("secretName").asText(),
        "the token file comes from a Secret");
    String caVolume = volumeHolding(caFile, mountOf);
    assertEquals("pulsar-ca", volumes.get(caVolume).path("configMap").path("name").asText(),
        "the CA file comes from a ConfigMap");
    container.path("env").forEach(e -> assertTrue(!e.has("valueFrom") && !e.path("name").asText().contains("TOKEN"),
        "no secret in an environment value: " + e));
    String manifests = Files.readString(Path.of("k8s/overlays/secured/kustomization.yaml"));
    assertTrue(!manifests.contains("secretGenerator") && !manifests.contains("eyJ"), "no secret committed");
  }

  private static String volumeHolding(String file, Map<String, String> mountOf) {
    return mountOf.entrySet().stream().filter(m -> file.startsWith(m.getValue() + "/")).map(Map.Entry::getKey)
        .findFirst().orElseThrow(() -> new AssertionError(file + " is on no mounted volume: " + mountOf));
  }

  /** Settings naming files that exist only in the pod point at stand-ins here, so the rest can be read. */
  private static void standInFiles(Map<String, String> env) throws IOException {
    for (String name : new String[] {"PULSAR_TOKEN", "PULSAR_TLS_TRUST_CERTS_FILE_PATH"}) {
      if (env.containsKey(name)) {
        Path standIn = Files.createTempFile(Path.of("target"), "k8s-stand-in-", ".txt");
        Files.writeString(standIn, "stand-in");
        env.put(name, (env.get(name).startsWith("file:") ? "file:" : "") + standIn.toAbsolutePath());
      }
    }
  }

  /** The hand-written renderer this test replaced skipped such a patch; the real kustomize refuses it. */
  @Test
  void aPatchThatDoesNotApplyFailsTheRender() throws Exception {
    Path overlay = Path.of("target", "k8s-broken-overlay");
    Files.createDirectories(overlay);
    Files.writeString(overlay.resolve("kustomization.yaml"), """
        resources:
          - ../../k8s/base
        patches:
          - target: {kind: Job, name: iot-load-injectors}
            patch: |-
              - op: replace
                path: /spec/template/spec/nosuchfield/cpu
                value: "4"
        """);
    AssertionError e = assertThrows(AssertionError.class, () -> render(overlay));
    assertTrue(e.getMessage().contains("kubectl kustomize"), e.getMessage());
  }
}
