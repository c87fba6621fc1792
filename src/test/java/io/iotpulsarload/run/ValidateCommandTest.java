package io.iotpulsarload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.gatling.pulsar.client.OutgoingMessage;
import io.iotpulsarload.gatling.pulsar.client.ProducerPool;
import io.iotpulsarload.gatling.pulsar.client.PulsarSettings;
import io.iotpulsarload.settings.SettingSource;
import io.iotpulsarload.testing.GatlingFork;
import io.iotpulsarload.testing.SharedBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.pulsar.client.api.Schema;
import org.junit.jupiter.api.Test;

/** validate reads what SteadyIoT wrote and passes; one garbage message makes it fail. */
class ValidateCommandTest {

  private static int validate(String topic, long messages, ByteArrayOutputStream out) {
    return ValidateCommand.run(SettingSource.properties(Map.of(
        "pulsar.url", SharedBroker.serviceUrl(), "topic", topic, "validate.messages", Long.toString(messages),
        "validate.fromEarliest", "true", "validate.duration", "60s", "progressInterval", "1s")),
        new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @Test
  void aTopicWrittenBySteadyIoTValidatesAndAGarbageMessageFailsIt() throws Exception {
    String topic = SharedBroker.uniqueTopic("validate");
    Map<String, String> p = new HashMap<>();
    p.put("pulsar.url", SharedBroker.serviceUrl());
    p.put("topic", topic);
    p.put("rate", "100");
    p.put("duration", "2s");
    GatlingFork.Result run = GatlingFork.run("simulations.SteadyIoT", p, 240);
    assertEquals(0, run.exitCode(), run.tail());

    ByteArrayOutputStream clean = new ByteArrayOutputStream();
    assertEquals(0, validate(topic, 200, clean), clean.toString(StandardCharsets.UTF_8));
    assertTrue(clean.toString(StandardCharsets.UTF_8).contains("validate: done: "), clean.toString());
    assertTrue(clean.toString(StandardCharsets.UTF_8).contains("received=200"), clean.toString());

    PulsarSettings settings = PulsarSettings.defaults().withServiceUrl(SharedBroker.serviceUrl()).withTopic(topic);
    ProducerPool pool = new ProducerPool(ProducerPool.newClient(settings), settings);
    pool.publish(topic, Schema.BYTES, new OutgoingMessage<>("garbage".getBytes(), "dev-0000001", Map.of(), 0))
        .join();
    pool.closeAndCount();
    ByteArrayOutputStream dirty = new ByteArrayOutputStream();
    assertEquals(1, validate(topic, 201, dirty), dirty.toString(StandardCharsets.UTF_8));
    assertTrue(dirty.toString(StandardCharsets.UTF_8).contains("invalid=1"), dirty.toString());
  }

  @Test
  void withoutAClusterItSaysWhatToSet() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(2, ValidateCommand.run(SettingSource.properties(Map.of()),
        new PrintStream(out, true, StandardCharsets.UTF_8)));
    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("validate: validate needs a cluster: set pulsar.url"));
  }
}
