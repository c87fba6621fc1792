package io.iotpulsarload.testing;

import io.iotpulsarload.broker.EmbeddedBroker;
import io.iotpulsarload.broker.EmbeddedBroker.Material;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real TLS-only, token-authenticated Pulsar standalone the security tests share (one per test JVM), and, on
 * demand, a second one whose certificate names another host (for the hostname-mismatch case).
 */
public final class SecuredBroker {

  private static EmbeddedBroker otherHost;

  private SecuredBroker() {}

  public static EmbeddedBroker broker() {
    return EmbeddedBroker.shared(EmbeddedBroker.Security.TLS_TOKEN);
  }

  public static Material material() {
    return broker().material().orElseThrow();
  }

  /** A secured broker whose certificate is issued for {@code pulsar.invalid} only, by a CA of its own. */
  public static synchronized EmbeddedBroker brokerForAnotherHost() {
    if (otherHost == null || !otherHost.isAlive()) {
      otherHost = EmbeddedBroker.start(Path.of("target", "embedded-broker",
          "broker-" + ProcessHandle.current().pid() + "-other-host"), EmbeddedBroker.Security.TLS_TOKEN,
          List.of("dns:pulsar.invalid"));
    }
    return otherHost;
  }

  /** The authorized client token's text (a secret: tests look for it in every output). */
  public static String clientToken() {
    try {
      return Files.readString(material().clientToken(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Settings that reach the secured broker as role iot-load with the token given as a file. */
  public static Map<String, String> settings() {
    Map<String, String> s = new HashMap<>();
    s.put("pulsar.url", broker().serviceUrl());
    s.put("pulsar.adminUrl", broker().adminUrl());
    s.put("pulsar.token", "file:" + material().clientToken());
    s.put("pulsar.tlsTrustCertsFilePath", material().caCert().toString());
    return s;
  }
}
