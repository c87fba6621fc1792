package io.iotpulsarload.run;

import io.iotpulsarload.broker.EmbeddedBroker;
import io.iotpulsarload.gatling.pulsar.client.PulsarAuth;
import io.iotpulsarload.gatling.pulsar.client.PulsarSettings;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster a run talks to: the one its settings name, or an embedded standalone started for the run (plaintext,
 * or secured with TLS and tokens when {@code broker.security=tls-token}).
 *
 * @param serviceUrl the broker service URL
 * @param adminUrl   the admin URL, when known (the embedded broker's; otherwise derived later)
 * @param embedded   whether we started the broker ourselves
 * @param material   the secured embedded broker's CA and client token, which the run uses unless told otherwise
 */
public record PulsarTarget(String serviceUrl, Optional<String> adminUrl, boolean embedded,
    Optional<EmbeddedBroker.Material> material) {

  /**
   * Uses the settings' service URL after checking it answers as its scheme says (plaintext or TLS, trusted, for
   * the right host), or starts the embedded broker when there is none.
   */
  public static PulsarTarget resolve(PulsarSettings settings, EmbeddedBroker.Security security) {
    if (settings.serviceUrl() == null) {
      EmbeddedBroker broker = EmbeddedBroker.shared(security);
      System.out.println("iot-pulsar-load: no pulsar.url given: using the embedded Pulsar standalone at "
          + broker.serviceUrl() + " (admin " + broker.adminUrl() + (broker.material().isPresent()
          ? ", TLS + token material in " + broker.material().get().dir() : "") + ", log " + broker.logFile() + ")");
      return new PulsarTarget(broker.serviceUrl(), Optional.of(broker.adminUrl()), true, broker.material());
    }
    ConnectionCheck.check(settings);
    return new PulsarTarget(settings.serviceUrl(), Optional.empty(), false, Optional.empty());
  }

  /**
   * The settings with this target's URLs and, for the secured embedded broker, its CA and authorized client
   * token where the settings give none.
   */
  public PulsarSettings applyTo(PulsarSettings settings) {
    PulsarSettings s = settings.withServiceUrl(serviceUrl);
    if (adminUrl.isPresent()) {
      s = s.withAdminUrl(adminUrl.get());
    }
    if (material.isPresent()) {
      if (s.auth() == null) {
        s = s.withAuth(PulsarAuth.token(material.get().clientToken().toUri().toString()));
      }
      if (s.clientOption(PulsarSettings.TLS_TRUST_CERTS_FILE_PATH) == null) {
        s = s.withClientConf(Map.of(PulsarSettings.TLS_TRUST_CERTS_FILE_PATH, material.get().caCert().toString()));
      }
    }
    return s;
  }
}
