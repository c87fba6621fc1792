package io.iotpulsarload.run;

import io.iotpulsarload.broker.EmbeddedBroker;
import io.iotpulsarload.settings.SettingException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Optional;

/**
 * The cluster a run talks to: the one given by {@code pulsar.url}, or an embedded standalone started for the run.
 *
 * @param serviceUrl the broker service URL
 * @param adminUrl   the admin URL, when known (the embedded broker's; otherwise derived later)
 * @param embedded   whether we started the broker ourselves
 */
public record PulsarTarget(String serviceUrl, Optional<String> adminUrl, boolean embedded) {

  /** Uses {@code url} after checking it can be reached, or starts the embedded broker when there is none. */
  public static PulsarTarget resolve(Optional<String> url) {
    if (url.isEmpty()) {
      EmbeddedBroker broker = EmbeddedBroker.shared();
      System.out.println("iot-pulsar-load: no pulsar.url given: using the embedded Pulsar standalone at "
          + broker.serviceUrl() + " (admin " + broker.adminUrl() + ", log " + broker.logFile() + ")");
      return new PulsarTarget(broker.serviceUrl(), Optional.of(broker.adminUrl()), true);
    }
    checkReachable(url.get());
    return new PulsarTarget(url.get(), Optional.empty(), false);
  }

  /**
   * A TCP connect to the first broker of the URL: a closed port fails here in milliseconds, where the Pulsar
   * client would retry until its operation timeout.
   */
  static void checkReachable(String serviceUrl) {
    String first = serviceUrl.replaceFirst("^[a-z+]+://", "").split(",")[0].split("/")[0];
    URI uri = URI.create("tcp://" + first);
    boolean tls = serviceUrl.startsWith("pulsar+ssl://");
    int port = uri.getPort() > 0 ? uri.getPort() : tls ? 6651 : 6650;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), port), 5_000);
    } catch (IOException | IllegalArgumentException e) {
      throw new SettingException("Cannot reach the Pulsar broker at " + serviceUrl + " (" + e.getMessage()
          + "): check pulsar.url / PULSAR_URL, or unset it to use the embedded broker");
    }
  }
}
