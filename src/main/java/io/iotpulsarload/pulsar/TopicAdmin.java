package io.iotpulsarload.pulsar;

import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.client.api.PulsarClientException;

/** Topic housekeeping through Pulsar's admin API. */
public final class TopicAdmin {

  private TopicAdmin() {}

  /** What {@link #ensurePartitioned} found or did. */
  public enum Outcome { CREATED, ALREADY_EXISTS }

  /**
   * Creates {@code topic} with {@code partitions} partitions when it does not exist; an existing topic (partitioned
   * or not, whatever its partition count) is left alone.
   */
  public static Outcome ensurePartitioned(String adminUrl, String topic, int partitions) {
    try (PulsarAdmin admin = PulsarAdmin.builder()
        .serviceHttpUrl(adminUrl)
        .connectionTimeout(10, TimeUnit.SECONDS)
        .requestTimeout(30, TimeUnit.SECONDS)
        .build()) {
      try {
        admin.topics().createPartitionedTopic(topic, partitions);
        return Outcome.CREATED;
      } catch (PulsarAdminException.ConflictException exists) {
        return Outcome.ALREADY_EXISTS;
      }
    } catch (PulsarAdminException | PulsarClientException e) {
      throw new IllegalStateException("cannot create the " + partitions + "-partition topic " + topic
          + " through the admin API at " + adminUrl + ": " + e.getMessage()
          + " (set pulsar.adminUrl if the admin URL is not the broker's host on port 8080)", e);
    }
  }

  /** The number of partitions of a topic, 0 when it is not partitioned or does not exist. */
  public static int partitions(String adminUrl, String topic) {
    try (PulsarAdmin admin = PulsarAdmin.builder().serviceHttpUrl(adminUrl).build()) {
      return admin.topics().getPartitionedTopicMetadata(topic).partitions;
    } catch (PulsarAdminException | PulsarClientException e) {
      throw new IllegalStateException("cannot read the metadata of " + topic + ": " + e.getMessage(), e);
    }
  }
}
