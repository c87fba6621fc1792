package io.iotpulsarload.watch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.testing.GatlingFork;
import io.iotpulsarload.testing.PacedConsumer;
import io.iotpulsarload.testing.SharedBroker;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.apache.pulsar.client.api.PulsarClient;
import org.junit.jupiter.api.Test;

/**
 * CapacityIoT finds the pipeline's sustainable rate, not the broker's: behind the topic a real consumer that can
 * take about 450 msg/s. The broker holds 300, 600 and 900 msg/s on this machine; the search must stop at the
 * step the consumer cannot follow and name it. Its receiver queue is small (50): Pulsar counts what sits in a
 * consumer's queue as delivered, so a slow consumer with the default 1,000 shows only once its queue is full
 * (docs/pipeline.md).
 */
class PipelineCapacityTest {

  @Test
  void aStepHoldsOnlyWhileTheWatchedSubscriptionKeepsUp() throws Exception {
    String topic = SharedBroker.uniqueTopic("capacity-pipeline");
    AtomicBoolean running = new AtomicBoolean(true);
    try (PulsarClient client = SharedBroker.client()) {
      Thread slow = PacedConsumer.consume(PacedConsumer.subscribe(client, topic, "flink-iot", 50), running, 450,
          Long.MAX_VALUE);
      Map<String, String> p = SharedBroker.runSettings(topic,
          "capacity-" + UUID.randomUUID().toString().substring(0, 8));
      p.put("capacity.start", "300");
      p.put("capacity.step", "300");
      p.put("capacity.maxRate", "900");
      p.put("capacity.stepDuration", "5s");
      p.put("capacity.minRatePercent", "80"); // this test is about the pipeline, not the rate's precision
      p.put("warmup", "4s"); // the first seconds of a fresh JVM beside the broker, on 2 cores, are not a step
      p.put("verify", "false");
      p.put("watch.subscriptions", "flink-iot");
      p.put("watch.interval", "1s");
      p.put("watch.drainTimeout", "2s");
      GatlingFork.Result run = GatlingFork.run("simulations.CapacityIoT", p, 240);
      running.set(false);
      slow.join(10_000);

      assertTrue(run.output().contains("capacity step 1 at 300 msg/s: achieved"), run.tail());
      assertTrue(Pattern.compile("capacity step 1 at 300 msg/s: [^\\n]*: held").matcher(run.output()).find(),
          "the consumer follows 300 msg/s:\n" + run.tail());
      assertTrue(Pattern.compile("capacity step 2 at 600 msg/s: [^\\n]*: FAILED, the pipeline did not keep up: "
          + "flink-iot: falls behind \\(undelivered messages grow").matcher(run.output()).find(),
          "600 msg/s is more than it takes, and the step names it:\n" + run.tail());
      assertTrue(run.output().contains("CAPACITY highest rate that held: 300 msg/s"), run.tail());
    } finally {
      running.set(false);
    }
  }
}
