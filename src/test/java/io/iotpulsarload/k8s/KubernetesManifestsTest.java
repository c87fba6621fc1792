package io.iotpulsarload.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.iotpulsarload.config.IoTSettings;
import io.iotpulsarload.settings.Setting;
import io.iotpulsarload.settings.SettingSource;
import io.iotpulsarload.config.RunSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders the kustomize base and overlays the way kustomize does for the features they use (resources chains,
 * configMapGenerator merge, JSON 6902 patches) and checks the wiring: an Indexed Job with parallelism =
 * completions = INJECTOR_COUNT, settings the tool knows and accepts, and the rate each pod gets.
 */
class KubernetesManifestsTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** A rendered kustomization: the Job and the injector settings. */
  record Rendered(ObjectNode job, Map<String, String> settings) {}

  static Rendered render(Path dir) throws IOException {
    JsonNode k = YAML.readTree(dir.resolve("kustomization.yaml").toFile());
    ObjectNode job = null;
    Map<String, String> settings = new LinkedHashMap<>();
    for (JsonNode resource : k.path("resources")) {
      Path p = dir.resolve(resource.asText()).normalize();
      if (Files.isDirectory(p)) {
        Rendered base = render(p);
        job = base.job();
        settings.putAll(base.settings());
      } else {
        JsonNode doc = YAML.readTree(p.toFile());
        if ("Job".equals(doc.path("kind").asText())) {
          job = (ObjectNode) doc;
        }
      }
    }
    for (JsonNode generator : k.path("configMapGenerator")) {
      for (JsonNode literal : generator.path("literals")) {
        String[] kv = literal.asText().split("=", 2);
        settings.put(kv[0], kv[1]);
      }
    }
    for (JsonNode patch : k.path("patches")) {
      for (JsonNode op : YAML.readTree(patch.path("patch").asText())) {
        apply(job, op);
      }
    }
    return new Rendered(job, settings);
  }

  /** JSON 6902 "replace" and "add" on an object path (what our overlays use). */
  static void apply(ObjectNode root, JsonNode op) {
    String[] path = op.path("path").asText().substring(1).split("/");
    JsonNode parent = root;
    for (int i = 0; i < path.length - 1; i++) {
      parent = parent.isArray() ? parent.get(Integer.parseInt(path[i])) : parent.get(path[i]);
      if (parent == null) {
        throw new AssertionError("patch path " + op.path("path").asText() + " does not exist");
      }
    }
    String last = path[path.length - 1];
    if (parent.isArray()) {
      ((ArrayNode) parent).set(Integer.parseInt(last), op.get("value"));
    } else {
      if ("replace".equals(op.path("op").asText()) && !parent.has(last)) {
        throw new AssertionError("replace of a missing " + op.path("path").asText());
      }
      ((ObjectNode) parent).set(last, op.get("value"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/scale", "overlays/device-ranges", "overlays/high-performance"})
  void everyLayoutIsAnIndexedJobWithOnePodPerInjectorAndValidSettings(String layout) throws IOException {
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
    RunSettings settings = RunSettings.read(SettingSource.of(Map.of(), env));
    assertEquals(count - 1, settings.slice().index());
    assertEquals(count, settings.slice().count());
    JsonNode container = spec.path("template").path("spec").path("containers").get(0);
    assertEquals("injector-settings", container.path("envFrom").get(0).path("configMapRef").path("name").asText());
    assertTrue(container.path("resources").path("requests").has("cpu"), "cpu request set");
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/scale"})
  void tenInjectorsReachFiveHundredThousandMessagesPerSecond(String layout) throws IOException {
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
}
