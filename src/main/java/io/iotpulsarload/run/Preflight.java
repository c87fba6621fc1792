package io.iotpulsarload.run;

import io.iotpulsarload.pulsar.ProducerPool;
import io.iotpulsarload.pulsar.PulsarSettings;
import io.iotpulsarload.pulsar.TopicAdmin;
import io.iotpulsarload.sensor.MessageFormat;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;

/** What is checked before the first message: the topic's partitions, then one producer with the run's schema. */
public final class Preflight {

  private Preflight() {}

  /**
   * Creates the topic's partitions when asked, then one producer with the run's schema: an unreachable or
   * misconfigured cluster, or a topic whose schema is incompatible, fails here with Pulsar's reason, in one line.
   */
  public static void check(PulsarSettings pulsar, MessageFormat format) {
    if (pulsar.partitions() > 0) {
      TopicAdmin.Outcome outcome =
          TopicAdmin.ensurePartitioned(pulsar.effectiveAdminUrl(), pulsar.topic(), pulsar.partitions());
      System.out.println("iot-pulsar-load: topic " + pulsar.topic() + (outcome == TopicAdmin.Outcome.CREATED
          ? " created with " + pulsar.partitions() + " partitions" : " already exists, left as it is"));
    }
    try (PulsarClient client = ProducerPool.newClient(pulsar);
        Producer<?> producer = client.newProducer(SensorSchemas.forFormat(format)).topic(pulsar.topic()).create()) {
      producer.getTopic(); // created: the broker accepted our schema on this topic
    } catch (PulsarClientException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst()
          .orElse("");
      String hint = e instanceof PulsarClientException.IncompatibleSchemaException
          ? "the topic holds another schema: use another topic or the format it was written with"
          : "check pulsar.url and that the broker is up";
      throw new IllegalStateException("Cannot produce to " + pulsar.topic() + " at " + pulsar.serviceUrl()
          + ": " + reason + " (" + hint + ")");
    }
  }
}
