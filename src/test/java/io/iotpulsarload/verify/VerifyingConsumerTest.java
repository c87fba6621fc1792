package io.iotpulsarload.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.iot.pipeline.model.SensorData;
import io.iotpulsarload.gates.Gate;
import io.iotpulsarload.gates.GateLimits;
import io.iotpulsarload.gates.Gates;
import io.iotpulsarload.gates.RunFigures;
import io.iotpulsarload.pulsar.OutgoingMessage;
import io.iotpulsarload.pulsar.ProducerPool;
import io.iotpulsarload.pulsar.PulsarSettings;
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
import org.junit.jupiter.api.Test;

/** The verifying consumer against a real broker, fed hand-made streams so every check can be seen to fail. */
class VerifyingConsumerTest {

  private static final String RUN = "verify-test";
  private static final GateLimits STRICT = new GateLimits(1_000, 0, 0, 0, 0, 0, 0, 60_000, true);

  /** The names of the gates this verification fails, judged by the run's one judge. */
  private static List<String> failedGates(VerificationSummary s) {
    RunFigures figures = new RunFigures(s.sent(), s.acked(), s.failed(), Double.NaN, 0,
        new RunFigures.Verification(s.received(), s.lost(), s.duplicates(), s.outOfOrder(), s.invalid(),
            s.notYetReceived(), s.e2eP99Ms()));
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
        pool.publish(topic, Schema.BYTES, new OutgoingMessage<>(SensorCodec.forThisThread().toAvro(reading),
            reading.getDeviceId(), Map.of(MessageStamps.RUN, RUN, MessageStamps.INJECTOR, "0",
                MessageStamps.SEQUENCE, Long.toString(s)), 0)).join();
      }
      for (byte[] g : garbage) {
        pool.publish(topic, Schema.BYTES, new OutgoingMessage<>(g, "dev-0000000",
            Map.of(MessageStamps.RUN, RUN, MessageStamps.INJECTOR, "0", MessageStamps.SEQUENCE, "99"), 0)).join();
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
    assertTrue(s.e2eMaxMs() >= s.e2eP50Ms());
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
    VerificationSummary s = verify(2, new long[] {0, 1}, "not avro at all".getBytes());
    assertEquals(1, s.invalid());
    assertEquals(1, s.invalidExamples().size());
    assertTrue(s.invalidExamples().get(0).contains("undecodable as AVRO_BYTES"), s.invalidExamples().toString());
    assertEquals(List.of("gate.maxInvalid"), failedGates(s));
  }
}
