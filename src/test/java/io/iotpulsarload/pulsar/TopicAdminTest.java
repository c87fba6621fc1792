package io.iotpulsarload.pulsar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.iotpulsarload.testing.SharedBroker;
import org.junit.jupiter.api.Test;

class TopicAdminTest {

  @Test
  void createsTheRequestedPartitionsAndLeavesAnExistingTopicAlone() {
    String topic = SharedBroker.uniqueTopic("partitioned");
    assertEquals(TopicAdmin.Outcome.CREATED, TopicAdmin.ensurePartitioned(SharedBroker.adminUrl(), topic, 3));
    assertEquals(3, TopicAdmin.partitions(SharedBroker.adminUrl(), topic));
    assertEquals(TopicAdmin.Outcome.ALREADY_EXISTS, TopicAdmin.ensurePartitioned(SharedBroker.adminUrl(), topic, 5));
    assertEquals(3, TopicAdmin.partitions(SharedBroker.adminUrl(), topic));
  }
}
