package io.iotpulsarload.gatling.pulsar.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import org.apache.pulsar.client.api.Authentication;
import org.apache.pulsar.client.api.AuthenticationDataProvider;
import org.apache.pulsar.common.naming.TopicName;

/**
 * Creates a partitioned topic through Pulsar's admin REST API with the JDK's own HTTP client, the run's TLS
 * settings and the headers of its authentication plugin: the plugin needs nothing beyond the Pulsar client.
 */
public final class PartitionedTopics {

  private PartitionedTopics() {}

  /** What {@link #ensure} found or did. */
  public enum Outcome { CREATED, ALREADY_EXISTS }

  /**
   * Creates the settings' topic with their partition count when it does not exist; an existing topic (partitioned
   * or not, whatever its partition count) is left alone.
   *
   * @throws IllegalStateException one line naming the topic, the admin URL and what to do
   */
  public static Outcome ensure(PulsarSettings settings) {
    String adminUrl = settings.effectiveAdminUrl();
    int partitions = settings.partitions();
    TopicName topic = TopicName.get(settings.topic());
    String path = "/admin/v2/" + topic.getDomain() + "/" + topic.getTenant() + "/"
        + topic.getNamespacePortion() + "/" + topic.getEncodedLocalName() + "/partitions";
    int status;
    try {
      status = put(settings, URI.create(adminUrl.replaceAll("/+$", "") + path).toURL(), String.valueOf(partitions));
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("Cannot create the " + partitions + "-partition topic " + settings.topic()
          + " through the admin API at " + adminUrl + ": " + String.valueOf(e.getMessage()).lines().findFirst()
          .orElse("") + " (set pulsar.adminUrl if the admin URL is not the broker's host on port 8080 / 8443)", e);
    }
    if (status == 204 || status == 200) {
      return Outcome.CREATED;
    }
    if (status == 409) {
      return Outcome.ALREADY_EXISTS;
    }
    if (status == 401 || status == 403) {
      throw new IllegalStateException("Not allowed to create the " + partitions + "-partition topic "
          + settings.topic() + " through " + adminUrl + " (HTTP " + status + "): create it beforehand"
          + " or use a role that is an admin of its tenant");
    }
    throw new IllegalStateException("Cannot create the " + partitions + "-partition topic " + settings.topic()
        + " through the admin API at " + adminUrl + ": HTTP " + status
        + " (set pulsar.adminUrl if the admin URL is not the broker's host on port 8080 / 8443)");
  }

  private static int put(PulsarSettings settings, URL url, String body)
      throws IOException, GeneralSecurityException {
    HttpURLConnection connection = (HttpURLConnection) url.openConnection();
    try {
      connection.setConnectTimeout(10_000);
      connection.setReadTimeout(30_000);
      connection.setRequestMethod("PUT");
      connection.setDoOutput(true);
      connection.setRequestProperty("Content-Type", "application/json");
      if (connection instanceof HttpsURLConnection https) {
        https.setSSLSocketFactory(sslContext(settings).getSocketFactory());
        if ("false".equals(settings.clientOption(PulsarSettings.TLS_HOSTNAME_VERIFICATION_ENABLE))
            || Boolean.parseBoolean(settings.clientOption(PulsarSettings.TLS_ALLOW_INSECURE_CONNECTION))) {
          https.setHostnameVerifier((host, session) -> true);
        }
      }
      if (settings.auth() != null) {
        try (Authentication authentication = settings.auth().create()) {
          authentication.start();
          AuthenticationDataProvider data = authentication.getAuthData(url.getHost());
          if (data.hasDataForHttp()) {
            for (Map.Entry<String, String> header : data.getHttpHeaders()) {
              connection.setRequestProperty(header.getKey(), header.getValue());
            }
          }
        } catch (Exception e) {
          throw new IOException("the authentication plugin " + settings.auth().plugin() + " gave no HTTP headers ("
              + e.getClass().getSimpleName() + ")");
        }
      }
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body.getBytes(StandardCharsets.UTF_8));
      }
      return connection.getResponseCode();
    } finally {
      connection.disconnect();
    }
  }

  private static SSLContext sslContext(PulsarSettings settings) throws IOException, GeneralSecurityException {
    String trust = settings.clientOption(PulsarSettings.TLS_TRUST_CERTS_FILE_PATH);
    String cert = settings.clientOption(PulsarSettings.TLS_CERTIFICATE_FILE_PATH);
    String key = settings.clientOption(PulsarSettings.TLS_KEY_FILE_PATH);
    return TlsFiles.context(trust == null ? null : Path.of(trust),
        Boolean.parseBoolean(settings.clientOption(PulsarSettings.TLS_ALLOW_INSECURE_CONNECTION)),
        cert == null ? null : Path.of(cert), key == null ? null : Path.of(key));
  }
}
