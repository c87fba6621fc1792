package io.iotpulsarload.pulsar;

import io.iotpulsarload.gatling.pulsar.client.PulsarSettings;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminBuilder;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.client.api.PulsarClientException;

/** Pulsar's admin client for the tool's watch, stage and checks, with the run's TLS settings and credentials. */
public final class TopicAdmin {

  private TopicAdmin() {}

  /** The number of partitions of a topic, 0 when it is not partitioned or does not exist. */
  public static int partitions(PulsarSettings settings, String topic) {
    try (PulsarAdmin admin = newAdmin(settings)) {
      return admin.topics().getPartitionedTopicMetadata(topic).partitions;
    } catch (PulsarAdminException | PulsarClientException e) {
      throw new IllegalStateException("cannot read the metadata of " + topic + ": " + e.getMessage(), e);
    }
  }

  /** An admin client for the settings' admin URL, with the same TLS options and credentials as the producers. */
  public static PulsarAdmin newAdmin(PulsarSettings settings) throws PulsarClientException {
    PulsarAdminBuilder builder = PulsarAdmin.builder()
        .serviceHttpUrl(settings.effectiveAdminUrl())
        .connectionTimeout(10, TimeUnit.SECONDS)
        .requestTimeout(30, TimeUnit.SECONDS)
        .allowTlsInsecureConnection(
            Boolean.parseBoolean(settings.clientOption(PulsarSettings.TLS_ALLOW_INSECURE_CONNECTION)))
        .enableTlsHostnameVerification(
            !"false".equals(settings.clientOption(PulsarSettings.TLS_HOSTNAME_VERIFICATION_ENABLE)));
    String trust = settings.clientOption(PulsarSettings.TLS_TRUST_CERTS_FILE_PATH);
    if (trust != null) {
      builder.tlsTrustCertsFilePath(trust);
    }
    String cert = settings.clientOption(PulsarSettings.TLS_CERTIFICATE_FILE_PATH);
    String key = settings.clientOption(PulsarSettings.TLS_KEY_FILE_PATH);
    if (cert != null && key != null) {
      builder.tlsCertificateFilePath(cert).tlsKeyFilePath(key);
    }
    if (settings.auth() != null) {
      builder.authentication(settings.auth().create());
    }
    return builder.build();
  }
}
