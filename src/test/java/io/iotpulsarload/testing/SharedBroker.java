package io.iotpulsarload.testing;

import io.iotpulsarload.broker.EmbeddedBroker;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;

/** The real Pulsar standalone the integration tests share (one per test JVM, stopped when it exits). */
public final class SharedBroker {

  private SharedBroker() {}

  public static EmbeddedBroker broker() {
    return EmbeddedBroker.shared();
  }

  public static String serviceUrl() {
    return broker().serviceUrl();
  }

  public static String adminUrl() {
    return broker().adminUrl();
  }

  /**
   * The settings (as {@code -D} properties) of a run against this broker on {@code topic}, under {@code runId}:
   * add the rest.
   */
  public static java.util.Map<String, String> runSettings(String topic, String runId) {
    java.util.Map<String, String> settings = new java.util.HashMap<>();
    settings.put("pulsar.url", serviceUrl());
    settings.put("pulsar.adminUrl", adminUrl());
    settings.put("topic", topic);
    settings.put("runId", runId);
    return settings;
  }

  /** A topic no other test uses. */
  public static String uniqueTopic(String prefix) {
    return "persistent://public/default/" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public static PulsarClient client() throws PulsarClientException {
    return PulsarClient.builder().serviceUrl(serviceUrl()).operationTimeout(30, TimeUnit.SECONDS).build();
  }

  public static PulsarAdmin admin() throws PulsarClientException {
    return PulsarAdmin.builder().serviceHttpUrl(adminUrl()).build();
  }
}
