package io.iotpulsarload.settings;

import java.util.Map;
import java.util.Optional;

/**
 * Where setting values come from. The system property wins over the environment variable; blank values count as
 * unset (an empty env entry in a Kubernetes manifest must not override a default).
 */
@FunctionalInterface
public interface SettingSource {

  /** The raw text of a setting, or empty when neither its property nor its environment variable is set. */
  Optional<String> raw(String property, String env);

  /**
   * This source, with other defaults for some settings (by property name): a simulation's own defaults, e.g.
   * SoakIoT's one hour. A value the user set still wins.
   */
  default SettingSource withDefaults(Map<String, String> defaults) {
    return (property, env) -> raw(property, env).or(() -> Optional.ofNullable(defaults.get(property)));
  }

  /** JVM system properties first (Maven's -D flags reach the Gatling fork as such), then the environment. */
  static SettingSource system() {
    return of(System.getProperties(), System.getenv());
  }

  /** A source over explicit maps, for tests and for tools that build settings by hand. */
  static SettingSource of(Map<?, ?> properties, Map<String, String> env) {
    return (property, envName) -> {
      Object fromProperty = properties.get(property);
      if (fromProperty != null && !fromProperty.toString().isBlank()) {
        return Optional.of(fromProperty.toString().trim());
      }
      String fromEnv = envName == null ? null : env.get(envName);
      if (fromEnv != null && !fromEnv.isBlank()) {
        return Optional.of(fromEnv.trim());
      }
      return Optional.empty();
    };
  }

  /** Properties only (no environment): what tests use so the developer's shell cannot leak in. */
  static SettingSource properties(Map<?, ?> properties) {
    return of(properties, Map.of());
  }
}
