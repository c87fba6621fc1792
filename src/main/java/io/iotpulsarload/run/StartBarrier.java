package io.iotpulsarload.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpulsarload.pulsar.ProducerPool;
import io.iotpulsarload.pulsar.PulsarSettings;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Reader;
import org.apache.pulsar.client.api.Schema;

/**
 * Injectors of one run start their load together, agreed through the Pulsar cluster itself: each one posts its
 * arrival on the run's control topic ({@code <topic>-start-<runId>}, beside the data topic, so the same
 * permissions apply) and reads every arrival from the earliest. Once all {@code count} have arrived, each computes
 * the same instant from the same messages (the last arrival plus {@link #LEAD}) and waits for it on its own clock:
 * pods started minutes apart begin within their clocks' skew (NTP: milliseconds). Arrivals older than the
 * timeout are a previous run's under the same runId and are ignored.
 */
final class StartBarrier {

  /** Time between the last arrival and the start: every injector must read that arrival first. */
  static final Duration LEAD = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
      .withZone(ZoneId.systemDefault());

  /** One injector's arrival on the control topic. */
  record Arrival(int injector, int count, long arrivedMillis) {}

  private StartBarrier() {}

  /** The control topic of a run on this data topic. */
  static String controlTopic(String topic, String runId) {
    return topic + "-start-" + runId;
  }

  /**
   * Posts this injector's arrival, waits for the others and then for the common start instant, which it returns.
   * Throws {@link IllegalStateException} naming the injectors that did not arrive within {@code timeout}.
   */
  static Instant await(PulsarSettings pulsar, String runId, int injector, int count, Duration timeout) {
    String topic = controlTopic(pulsar.topic(), runId);
    long arrived = System.currentTimeMillis();
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<Integer, Arrival> arrivals = new TreeMap<>();
    System.out.println("iot-pulsar-load: start barrier: injector " + injector + " of " + count + " waits for the "
        + "others on " + topic + " (at most " + timeout.toSeconds() + " s, startBarrier.timeout)");
    try (PulsarClient client = ProducerPool.newClient(pulsar);
        Reader<byte[]> reader = client.newReader(Schema.BYTES).topic(topic).startMessageId(MessageId.earliest)
            .create();
        Producer<byte[]> producer = client.newProducer(Schema.BYTES).topic(topic).create()) {
      producer.send(JSON.writeValueAsBytes(new Arrival(injector, count, arrived)));
      while (arrivals.size() < count) {
        long left = deadline - System.nanoTime();
        Message<byte[]> message = left <= 0 ? null : reader.readNext((int) Math.max(1, left / 1_000_000),
            TimeUnit.MILLISECONDS);
        if (message == null) {
          throw new IllegalStateException("start barrier: injector(s) " + missing(arrivals, count) + " of "
              + count + " never arrived within " + timeout.toSeconds() + " s (startBarrier.timeout) on " + topic
              + ": start every injector of run " + runId + " with injector.count=" + count
              + " and the same runId, or raise the timeout");
        }
        Arrival a = JSON.readValue(message.getValue(), Arrival.class);
        if (a.count() == count && a.injector() >= 0 && a.injector() < count
            && a.arrivedMillis() > arrived - timeout.toMillis()) {
          arrivals.merge(a.injector(), a, (x, y) -> y.arrivedMillis() > x.arrivedMillis() ? y : x);
        }
      }
    } catch (IOException e) { // PulsarClientException included
      throw new IllegalStateException("start barrier: cannot use the control topic " + topic + ": "
          + e.getMessage(), e);
    }
    Instant start = Instant.ofEpochMilli(arrivals.values().stream().mapToLong(Arrival::arrivedMillis).max()
        .orElseThrow()).plus(LEAD);
    long waitMillis = start.toEpochMilli() - System.currentTimeMillis();
    System.out.println("iot-pulsar-load: start barrier: all " + count + " injectors arrived; the load starts at "
        + CLOCK.format(start) + (waitMillis > 0 ? " (in " + waitMillis + " ms)" : ""));
    if (waitMillis > 0) {
      try {
        Thread.sleep(waitMillis); // waiting for an agreed wall-clock instant: the wait is the point
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return start;
  }

  private static String missing(Map<Integer, Arrival> arrivals, int count) {
    return IntStream.range(0, count).filter(i -> !arrivals.containsKey(i)).mapToObj(Integer::toString)
        .collect(Collectors.joining(", "));
  }
}
