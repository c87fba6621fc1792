package io.iotpulsarload.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.iot.pipeline.model.SensorData;
import io.iotpulsarload.gates.Gate;
import io.iotpulsarload.gates.GateLimits;
import io.iotpulsarload.gates.Gates;
import io.iotpulsarload.gates.RunFigures;
import io.iotpulsarload.gatling.pulsar.client.OutgoingMessage;
import io.iotpulsarload.gatling.pulsar.client.ProducerPool;
import io.iotpulsarload.gatling.pulsar.client.PulsarSettings;
import io.iotpulsarload.sensor.DevicePool;
import io.iotpulsarload.sensor.DeviceSelection;
import io.iotpulsarload.sensor.MessageFormat;
import io.iotpulsarload.sensor.MessageStamps;
import io.iotpulsarload.sensor.SensorCodec;
import io.iotpulsarload.sensor.SensorGenerator;
import io.iotpulsarload.testing.SharedBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import io.iotpulsarload.sensor.DeviceCounters;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.Reader;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The verifying consumer against a real broker, fed hand-made streams so every check can be seen to fail. */
class VerifyingConsumerTest {

  private static final String RUN = "verify-test";
  private static final GateLimits STRICT = new GateLimits(1_000, 0, 0, 0, 0, 0, 0, 60_000, true);

  /** The names of the gates this verification fails, judged by the run's one judge. */
  private static List<String> failedGates(VerificationSummary s) {
    RunFigures figures = new RunFigures(s.sent(), s.acked(), s.failed(), 0, Double.NaN, 0,
        new RunFigures.Verification(s.received(), s.lost(), s.duplicates(), s.outOfOrder(), s.invalid(),
            s.unexpected(), s.notYetReceived(), s.e2eP99Ms(), s.deliveredAnyway(), s.notDelivered()));
    return Gates.judge(STRICT, figures).stream().filter(g -> !g.passed()).map(Gate::name).toList();
  }

  /** Publishes readings of one device with the given sequence numbers (plus raw payloads), then verifies. */
  private static VerificationSummary verify(long sentPerDevice, long[] sequences, byte[]... garbage)
      throws Exception {
    String topic = SharedBroker.uniqueTopic("verify");
    PulsarSettings settings = PulsarSettings.defaults().withServiceUrl(SharedBroker.serviceUrl()).withTopic(topic);
    SensorGenerator generator = SensorGenerator.singleLane(DevicePool.of(1, 1), 1, DeviceSelection.RANDOM);
    AtomicLong e2e = new AtomicLong();
    try (PulsarClient client = SharedBroker.client()) {
      VerifyingConsumer consumer = new VerifyingConsumer(client, topic, MessageFormat.AVRO_BYTES, RUN, "0",
          (published, received) -> e2e.incrementAndGet()).start();
      ProducerPool pool = new ProducerPool(ProducerPool.newClient(settings), settings);
      List<Long> order = new ArrayList<>();
      for (long s : sequences) {
        order.add(s);
      }
      for (long s : order) {
        SensorData reading = generator.next(System.currentTimeMillis()).data();
        // the three separate properties of earlier versions: still read
        pool.publish(topic, Schema.BYTES, new OutgoingMessage<>(SensorCodec.forThisThread().toAvro(reading),
            reading.getDeviceId(), Map.of(MessageStamps.RUN, RUN, MessageStamps.INJECTOR, "0",
                MessageStamps.SEQUENCE, Long.toString(s)), 0)).join();
      }
      for (byte[] g : garbage) {
        pool.publish(topic, Schema.BYTES, new OutgoingMessage<>(g, "dev-0000000",
            Map.of(MessageStamps.RUN, RUN, MessageStamps.INJECTOR, "0", MessageStamps.SEQUENCE,
                Long.toString(sequences.length)), 0)).join();
      }
      pool.publish(topic, Schema.BYTES, new OutgoingMessage<>(new byte[] {1}, "x", Map.of(), 0)).join(); // foreign
      long acked = pool.closeAndCount().acked();
      boolean behind = consumer.drain(sequences.length + garbage.length + 1, Duration.ofSeconds(3),
          Duration.ofSeconds(30)).join();
      VerificationSummary summary = consumer.finish(acked, acked, 0, Map.of("0/dev-0000000", sentPerDevice),
          Set.of(), behind);
      assertEquals(summary.received() - summary.invalid(), e2e.get(), "one e2e sample per valid message");
      return summary;
    }
  }

  @Test
  void aCleanStreamReportsNothingAndPassesTheGates() throws Exception {
    VerificationSummary s = verify(5, new long[] {0, 1, 2, 3, 4});
    assertEquals(5, s.received());
    assertEquals(0, s.lost() + s.duplicates() + s.outOfOrder() + s.invalid());
    assertEquals(1, s.foreign());
    assertEquals(List.of(), failedGates(s));
  }

  @Test
  void aGapIsLostAndFailsTheGate() throws Exception {
    VerificationSummary s = verify(4, new long[] {0, 1, 3});
    assertEquals(1, s.lost());
    assertEquals(List.of("gate.maxLost"), failedGates(s));
  }

  @Test
  void aRepublishedMessageIsADuplicate() throws Exception {
    VerificationSummary s = verify(3, new long[] {0, 1, 1, 2});
    assertEquals(1, s.duplicates());
    assertEquals(0, s.lost());
    assertEquals(List.of("gate.maxDuplicates"), failedGates(s));
  }

  @Test
  void swappedMessagesAreOutOfOrder() throws Exception {
    VerificationSummary s = verify(4, new long[] {0, 2, 1, 3});
    assertEquals(1, s.outOfOrder());
    assertEquals(0, s.lost());
    assertEquals(List.of("gate.maxOutOfOrder"), failedGates(s));
  }

  @Test
  void aGarbagePayloadIsInvalidWithAnExample() throws Exception {
    VerificationSummary s = verify(3, new long[] {0, 1}, "not avro at all".getBytes()); // the garbage is seq 2
    assertEquals(1, s.invalid());
    assertEquals(1, s.invalidExamples().size());
    assertTrue(s.invalidExamples().get(0).contains("undecodable as AVRO_BYTES"), s.invalidExamples().toString());
    assertEquals(List.of("gate.maxInvalid"), failedGates(s));
  }

  private static OutgoingMessage<byte[]> stamped(SensorData reading, long sequence) {
    return new OutgoingMessage<>(SensorCodec.forThisThread().toAvro(reading), reading.getDeviceId(),
        Map.of(MessageStamps.STAMP, MessageStamps.prefix(RUN, "0") + sequence), 0);
  }

  /** Readings that decode but break the data model, alone or against their device's earlier readings. */
  @Test
  void decodableReadingsThatBreakTheModelAreInvalidNotLost() throws Exception {
    String topic = SharedBroker.uniqueTopic("verify-invalid");
    PulsarSettings settings = PulsarSettings.defaults().withServiceUrl(SharedBroker.serviceUrl()).withTopic(topic);
    SensorGenerator generator = SensorGenerator.singleLane(DevicePool.of(1, 1), 1, DeviceSelection.RANDOM);
    try (PulsarClient client = SharedBroker.client()) {
      VerifyingConsumer consumer = new VerifyingConsumer(client, topic, MessageFormat.AVRO_BYTES, RUN, "0",
          (published, received) -> { }).start();
      ProducerPool pool = new ProducerPool(ProducerPool.newClient(settings), settings);
      SensorData first = generator.next(System.currentTimeMillis()).data();
      SensorData hot = generator.next(System.currentTimeMillis()).data();
      hot.setTemperature(99.0);
      SensorData moved = generator.next(System.currentTimeMillis()).data();
      moved.setLatitude(moved.getLatitude() + 1);
      SensorData reset = generator.next(System.currentTimeMillis()).data();
      reset.setPacketsSent(first.getPacketsSent() - 1);
      SensorData last = generator.next(System.currentTimeMillis()).data();
      List<SensorData> readings = List.of(first, hot, moved, reset, last);
      for (int s = 0; s < readings.size(); s++) {
        pool.publish(topic, Schema.BYTES, stamped(readings.get(s), s)).join();
      }
      long acked = pool.closeAndCount().acked();
      boolean behind = consumer.drain(acked, Duration.ofSeconds(3), Duration.ofSeconds(30)).join();
      VerificationSummary v = consumer.finish(acked, acked, 0, Map.of("0/dev-0000000", 5L), Set.of(), behind);
      assertEquals(3, v.invalid(), v.invalidExamples().toString());
      assertEquals(0, v.lost(), "an invalid reading was delivered: not also lost");
      assertTrue(v.invalidExamples().get(0).contains("temperature 99.0 outside"), v.invalidExamples().toString());
      assertTrue(v.invalidExamples().get(1).contains("device attributes of dev-0000000 changed"),
          v.invalidExamples().toString());
      assertTrue(v.invalidExamples().get(2).contains("counters of dev-0000000 decreased"),
          v.invalidExamples().toString());
      assertEquals(List.of("gate.maxInvalid"), failedGates(v));
    }
  }

  /**
   * Acknowledged readings that the broker itself removes (its truncate tool deletes every ledger but the current
   * one) are lost, exactly as many as an independent reader finds missing; the sent map is the generator's own.
   */
  @Test
  void acknowledgedReadingsTheBrokerRemovedAreLost() throws Exception {
    String topic = SharedBroker.uniqueTopic("verify-truncated");
    PulsarSettings settings = PulsarSettings.defaults().withServiceUrl(SharedBroker.serviceUrl()).withTopic(topic);
    DevicePool devices = DevicePool.of(1, 1);
    DeviceCounters counters = new DeviceCounters(devices, 1);
    SensorGenerator generator = new SensorGenerator(devices, counters, 1, 0, 1, DeviceSelection.ROUND_ROBIN);
    try (PulsarClient client = SharedBroker.client(); PulsarAdmin admin = SharedBroker.admin()) {
      ProducerPool pool = new ProducerPool(ProducerPool.newClient(settings), settings);
      for (int i = 0; i < 10; i++) {
        if (i == 6) {
          pool.closeAndCount();
          admin.topics().unload(topic); // the first 6 readings' ledger is closed: the next ones go to a new one
          pool = new ProducerPool(ProducerPool.newClient(settings), settings);
        }
        var reading = generator.next(System.currentTimeMillis());
        pool.publish(topic, Schema.BYTES, stamped(reading.data(), reading.sequence())).join();
      }
      pool.closeAndCount();
      admin.topics().truncate(topic);
      long remaining = 0;
      try (Reader<byte[]> reader = client.newReader(Schema.BYTES).topic(topic).startMessageId(MessageId.earliest)
          .create()) {
        while (reader.hasMessageAvailable() && reader.readNext(10, TimeUnit.SECONDS) != null) {
          remaining++;
        }
      }
      assertTrue(remaining < 10, "the broker removed acknowledged readings: " + remaining + " of 10 remain");

      VerifyingConsumer consumer = new VerifyingConsumer(client, topic, MessageFormat.AVRO_BYTES, RUN, "0",
          (published, received) -> { }).start(SubscriptionInitialPosition.Earliest);
      boolean behind = consumer.drain(10, Duration.ofSeconds(3), Duration.ofSeconds(30)).join();
      Map<String, Long> sent = Map.of("0/" + devices.deviceId(0), counters.sequence(0));
      VerificationSummary v = consumer.finish(10, 10, 0, sent, Set.of(), behind);
      assertEquals(10, counters.sequence(0), "the generator's own count of what it sent");
      assertEquals(10 - remaining, v.lost(), v.line());
      assertEquals(remaining, v.received(), v.line());
      assertEquals(List.of("gate.maxLost"), failedGates(v));
    }
  }

  /** A consumer still receiving when the drain timeout passes fell behind: nothing is called lost. */
  @Test
  void aConsumerStillReceivingAtTheDrainTimeoutIsBehindNotLossy() throws Exception {
    String topic = SharedBroker.uniqueTopic("verify-behind");
    PulsarSettings settings = PulsarSettings.defaults().withServiceUrl(SharedBroker.serviceUrl()).withTopic(topic);
    SensorGenerator generator = SensorGenerator.singleLane(DevicePool.of(1, 1), 1, DeviceSelection.RANDOM);
    try (PulsarClient client = SharedBroker.client()) {
      VerifyingConsumer consumer = new VerifyingConsumer(client, topic, MessageFormat.AVRO_BYTES, RUN, "0",
          (published, received) -> { }).start();
      ProducerPool pool = new ProducerPool(ProducerPool.newClient(settings), settings);
      // the drain waits for 1,000,000 messages with a 1 s timeout while readings keep arriving for 3 s
      var draining = consumer.drain(1_000_000, Duration.ofSeconds(1), Duration.ofSeconds(1));
      long sent = 0;
      for (long end = System.nanoTime() + 3_000_000_000L; System.nanoTime() < end; sent++) {
        pool.publish(topic, Schema.BYTES, stamped(generator.next(System.currentTimeMillis()).data(), sent)).join();
      }
      assertTrue(draining.join(), "behind: messages were still arriving at the timeout");
      pool.closeAndCount();
      VerificationSummary v = consumer.finish(1_000_000, 1_000_000, 0, Map.of("0/dev-0000000", 1_000_000L),
          Set.of(), true);
      assertEquals(0, v.lost(), "not yet received is not lost");
      assertTrue(v.notYetReceived() > 0, v.line());
      assertEquals(List.of("verify.drainTimeout"), failedGates(v));
    }
  }

  /**
   * The client closes the verifying consumer for good when its namespace disappears (a broker replaced by a fresh
   * one): the verifier subscribes again by itself and receives what is published once the namespace is back, so
   * nothing acknowledged is counted lost, and nothing received twice counts as a duplicate.
   */
  @Test
  void aConsumerClosedForGoodSubscribesAgainAndMissesNothing() throws Exception {
    String namespace = "public/verify-fault-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    String topic = "persistent://" + namespace + "/readings";
    SensorGenerator generator = SensorGenerator.singleLane(DevicePool.of(1, 1), 1, DeviceSelection.RANDOM);
    try (PulsarClient client = SharedBroker.client(); PulsarAdmin admin = SharedBroker.admin()) {
      admin.namespaces().createNamespace(namespace);
      PulsarSettings settings = PulsarSettings.defaults().withServiceUrl(SharedBroker.serviceUrl()).withTopic(topic);
      ProducerPool pool = new ProducerPool(ProducerPool.newClient(settings), settings);
      // the topic exists (and the consumer is on it) before the first reading
      pool.publish(topic, Schema.BYTES, new OutgoingMessage<>(new byte[] {1}, "x", Map.of(), 0)).join();
      VerifyingConsumer consumer = new VerifyingConsumer(client, topic, MessageFormat.AVRO_BYTES, RUN, "0",
          (published, received) -> { }).start();
      long sequence = 0;
      for (; sequence < 10; sequence++) {
        publish(pool, topic, generator, sequence);
      }
      assertTrue(consumer.drain(10, Duration.ofSeconds(2), Duration.ofSeconds(30)).join() == false);
      admin.namespaces().deleteNamespace(namespace, true);
      admin.namespaces().createNamespace(namespace);
      // the producer pool re-creates its producer; each reading is sent until acknowledged once
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (sequence < 20 && System.nanoTime() < until) {
        try {
          publish(pool, topic, generator, sequence);
          sequence++;
        } catch (java.util.concurrent.CompletionException notYet) {
          java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200)); // pacing
        }
      }
      assertEquals(20, sequence, "readings acknowledged after the namespace came back");
      pool.closeAndCount();
      boolean behind = consumer.drain(20, Duration.ofSeconds(3), Duration.ofSeconds(60)).join();
      VerificationSummary s = consumer.finish(20, 20, 0, Map.of("0/dev-0000000", 20L), Set.of(), behind);
      assertEquals(0, s.lost(), s.line());
      assertEquals(0, s.duplicates(), s.line());
      assertEquals(20, s.unique(), s.line());
      admin.namespaces().deleteNamespace(namespace, true);
    }
  }

  private static void publish(ProducerPool pool, String topic, SensorGenerator generator, long sequence) {
    SensorData reading = generator.next(System.currentTimeMillis()).data();
    pool.publish(topic, Schema.BYTES, new OutgoingMessage<>(SensorCodec.forThisThread().toAvro(reading),
        reading.getDeviceId(), Map.of(MessageStamps.STAMP, MessageStamps.prefix(RUN, "0") + sequence), 0)).join();
  }
}
