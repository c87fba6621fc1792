package io.iotpulsarload.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpulsarload.gatling.pulsar.client.ProducerPool;
import io.iotpulsarload.gatling.pulsar.client.PulsarSettings;
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
 * pods started minutes apart begin within their clocks' skew (NTP: milliseconds). Each injector marks the
 * barrier passed on the topic, so a later run under the same runId ignores what came before the mark; arrivals
 * older than the timeout are ignored too (a run that never passed its barrier).
 */
final class StartBarrier {

  /** Time between the last arrival and the start: every injector must read that arrival first. */
  static final Duration LEAD = Duration.ofSeconds(3);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
      .withZone(ZoneId.systemDefault());

  /** How often an injector posts its arrival again while it waits: a topic unloaded meanwhile may drop it. */
  static final Duration REPOST = Duration.ofSeconds(10);

  /**
   * One injector's arrival on the control topic; {@code started} marks the barrier passed, so a later run under
   * the same runId forgets the arrivals before it.
   */
  record Arrival(int injector, int count, long arrivedMillis, boolean started) {}

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
    Map<Integer, Arrival> arrivals = new TreeMap<>();
    System.out.println("iot-pulsar-load: start barrier: injector " + injector + " of " + count + " waits for the "
        + "others on " + topic + " (at most " + timeout.toSeconds() + " s, startBarrier.timeout)");
    try (PulsarClient client = ProducerPool.newClient(pulsar);
        Reader<byte[]> reader = client.newReader(Schema.BYTES).topic(topic).startMessageId(MessageId.earliest)
            .create();
        Producer<byte[]> producer = client.newProducer(Schema.BYTES).topic(topic).create()) {
      long deadline = System.nanoTime() + timeout.toNanos(); // the wait for the others, set-up aside
      long arrived = System.currentTimeMillis();
      byte[] arrival = JSON.writeValueAsBytes(new Arrival(injector, count, arrived, false));
      producer.send(arrival);
      long repostAt = System.nanoTime() + REPOST.toNanos();
      while (arrivals.size() < count) {
        long now = System.nanoTime();
        if (now - deadline >= 0) {
          throw new IllegalStateException("start barrier: injector(s) " + missing(arrivals, count) + " of "
              + count + " never arrived within " + timeout.toSeconds() + " s (startBarrier.timeout) on " + topic
              + ": start every injector of run " + runId + " with injector.count=" + count
              + " and the same runId, raise the timeout, or turn the barrier off with startBarrier.timeout=0s");
        }
        if (now - repostAt >= 0) {
          producer.send(arrival); // the same arrival: counted once
          repostAt = now + REPOST.toNanos();
        }
        long waitNanos = Math.min(deadline, repostAt) - now;
        Message<byte[]> message = reader.readNext((int) Math.max(1, waitNanos / 1_000_000), TimeUnit.MILLISECONDS);
        if (message == null) {
          continue;
        }
        Arrival a = JSON.readValue(message.getValue(), Arrival.class);
        if (a.started()) {
          arrivals.clear(); // an earlier run under this runId passed its barrier: what came before was its own
        } else if (a.count() == count && a.injector() >= 0 && a.injector() < count
            && a.arrivedMillis() > arrived - timeout.toMillis()) {
          arrivals.merge(a.injector(), a, (x, y) -> y.arrivedMillis() > x.arrivedMillis() ? y : x);
        }
      }
      producer.send(JSON.writeValueAsBytes(new Arrival(injector, count, System.currentTimeMillis(), true)));
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
