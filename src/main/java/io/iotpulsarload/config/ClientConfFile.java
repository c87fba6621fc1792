package io.iotpulsarload.config;

import io.iotpulsarload.gatling.pulsar.client.PulsarAuth;
import io.iotpulsarload.gatling.pulsar.client.PulsarSettings;
import io.iotpulsarload.settings.Parsers;
import io.iotpulsarload.settings.SettingException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * A standard Pulsar {@code client.conf}, as pulsar-admin and pulsar-perf read it: what we take from it is the
 * service URLs, the authentication and the TLS options; other keys are listed as ignored (names only).
 *
 * @param file          where it was read from
 * @param serviceUrl    {@code brokerServiceUrl}
 * @param adminUrl      {@code webServiceUrl}
 * @param auth          {@code authPlugin} + {@code authParams}
 * @param tls           TLS options under Pulsar's client configuration keys
 * @param ignoredKeys   keys present in the file that this tool does not use
 */
public record ClientConfFile(Path file, Optional<String> serviceUrl, Optional<String> adminUrl,
    Optional<PulsarAuth> auth, Map<String, Object> tls, List<String> ignoredKeys) {

  /** client.conf key → Pulsar client configuration key, for the TLS options we pass on. */
  private static final Map<String, String> TLS_KEYS = Map.of(
      "tlsTrustCertsFilePath", PulsarSettings.TLS_TRUST_CERTS_FILE_PATH,
      "tlsAllowInsecureConnection", PulsarSettings.TLS_ALLOW_INSECURE_CONNECTION,
      "tlsEnableHostnameVerification", PulsarSettings.TLS_HOSTNAME_VERIFICATION_ENABLE,
      "tlsCertificateFilePath", PulsarSettings.TLS_CERTIFICATE_FILE_PATH,
      "tlsKeyFilePath", PulsarSettings.TLS_KEY_FILE_PATH);
  private static final Set<String> USED = Set.of("brokerServiceUrl", "webServiceUrl", "authPlugin", "authParams");

  public ClientConfFile {
    tls = Map.copyOf(tls);
    ignoredKeys = List.copyOf(ignoredKeys);
  }

  /** Reads {@code path}; a missing, unreadable or malformed file fails with one line naming the setting. */
  public static ClientConfFile read(String path) {
    Path file = Path.of(path);
    Properties p = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new SettingException("Cannot read the client.conf " + file + " (" + e.getClass().getSimpleName()
          + "): check pulsar.clientConf / PULSAR_CLIENT_CONF");
    }
    Optional<String> service = value(p, "brokerServiceUrl").map(url -> checked(file, "brokerServiceUrl", url,
        IoTSettings.PULSAR_URL.parser()));
    Optional<String> admin = value(p, "webServiceUrl").map(url -> checked(file, "webServiceUrl", url,
        IoTSettings.PULSAR_ADMIN_URL.parser()));
    Optional<PulsarAuth> auth = value(p, "authPlugin").map(plugin ->
        new PulsarAuth(plugin, value(p, "authParams").orElse("")));
    Map<String, Object> tls = new LinkedHashMap<>();
    TLS_KEYS.forEach((confKey, clientKey) -> value(p, confKey).ifPresent(v -> tls.put(clientKey,
        clientKey.equals(PulsarSettings.TLS_ALLOW_INSECURE_CONNECTION)
            || clientKey.equals(PulsarSettings.TLS_HOSTNAME_VERIFICATION_ENABLE)
            ? (Object) Boolean.parseBoolean(v) : Parsers.filePath(v).toString())));
    List<String> ignored = new ArrayList<>(new TreeSet<>(p.stringPropertyNames()));
    ignored.removeIf(k -> USED.contains(k) || TLS_KEYS.containsKey(k) || value(p, k).isEmpty());
    return new ClientConfFile(file, service, admin, auth, tls, ignored);
  }

  private static Optional<String> value(Properties p, String key) {
    String v = p.getProperty(key);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  private static String checked(Path file, String key, String value,
      io.iotpulsarload.settings.Setting.Parser<String> parser) {
    try {
      return parser.parse(value);
    } catch (RuntimeException e) {
      throw new SettingException("Invalid " + key + " '" + value + "' in the client.conf " + file + " ("
          + e.getMessage() + "): expected a URL such as pulsar+ssl://broker:6651 / https://broker:8443");
    }
  }
}
