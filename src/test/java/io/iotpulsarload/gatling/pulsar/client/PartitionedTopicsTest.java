package io.iotpulsarload.gatling.pulsar.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.iotpulsarload.pulsar.TopicAdmin;
import io.iotpulsarload.testing.SharedBroker;
import org.junit.jupiter.api.Test;

class PartitionedTopicsTest {

  @Test
  void createsTheRequestedPartitionsAndLeavesAnExistingTopicAlone() {
    String topic = SharedBroker.uniqueTopic("partitioned");
    PulsarSettings settings = PulsarSettings.defaults().withServiceUrl(SharedBroker.serviceUrl())
        .withAdminUrl(SharedBroker.adminUrl()).withTopic(topic);
    assertEquals(PartitionedTopics.Outcome.CREATED, PartitionedTopics.ensure(settings.withPartitions(3)));
    assertEquals(3, TopicAdmin.partitions(settings, topic));
    assertEquals(PartitionedTopics.Outcome.ALREADY_EXISTS, PartitionedTopics.ensure(settings.withPartitions(5)));
    assertEquals(3, TopicAdmin.partitions(settings, topic));
  }
}
