package io.iotpulsarload.pulsar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.iotpulsarload.testing.SharedBroker;
import org.junit.jupiter.api.Test;

class TopicAdminTest {

  @Test
  void createsTheRequestedPartitionsAndLeavesAnExistingTopicAlone() {
    String topic = SharedBroker.uniqueTopic("partitioned");
    PulsarSettings settings = PulsarSettings.defaults().withServiceUrl(SharedBroker.serviceUrl())
        .withAdminUrl(SharedBroker.adminUrl()).withTopic(topic);
    assertEquals(TopicAdmin.Outcome.CREATED, TopicAdmin.ensurePartitioned(settings.withPartitions(3)));
    assertEquals(3, TopicAdmin.partitions(settings, topic));
    assertEquals(TopicAdmin.Outcome.ALREADY_EXISTS, TopicAdmin.ensurePartitioned(settings.withPartitions(5)));
    assertEquals(3, TopicAdmin.partitions(settings, topic));
  }
}
