package io.iotpulsarload.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpulsarload.gates.Gate;
import io.iotpulsarload.gatling.pulsar.client.ProducerPool;
import io.iotpulsarload.gatling.pulsar.client.PulsarSettings;
import io.iotpulsarload.pulsar.TopicAdmin;
import io.iotpulsarload.results.RunEnd;
import io.iotpulsarload.results.RunPart;
import io.iotpulsarload.results.StageResult;
import io.iotpulsarload.settings.SettingException;
import io.iotpulsarload.verify.SequenceTracker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionMode;
import org.apache.pulsar.client.api.SubscriptionType;
import org.apache.pulsar.client.api.schema.GenericRecord;

/**
 * Times a processing stage after the run's topic by reading its output topic (a non-durable subscription of its
 * own, from the load's start): each output's latency is its publish time minus the event time it carries, and
 * for a stage that passes every reading on (matched by stamp), the readings that never came out are counted,
 * as the verifying consumer counts the topic's. The contract a stage follows is in docs/pipeline.md.
 */
public final class StageMatcher implements RunPart {

  /**
   * What to time and how.
   *
   * @param topic         the stage's output topic
   * @param byStamp       each output carries its reading's {@code iot.stamp} property and key (1:1); else each
   *                      output is an aggregate carrying the newest contributing event time
   * @param eventTimeFrom {@code eventTime} (Pulsar's message event time), {@code property:NAME} or
   *                      {@code field:NAME} (a field of the value: Avro / JSON schema, or a JSON document)
   * @param drainTimeout  after the load: how long to wait for the stage's last outputs
   * @param maxLost       gate: readings lost through a 1:1 stage at most ({@code NaN}: off)
   * @param maxP99Ms      gate: stage latency p99 at most ({@code NaN}: off)
   */
  public record Settings(String topic, boolean byStamp, String eventTimeFrom, Duration drainTimeout,
      double maxLost, double maxP99Ms) {

    /** The event time read from Pulsar's message event time. */
    public static final String PULSAR_EVENT_TIME = "eventTime";
  }

  /** What the run sent, to know what should come out of a 1:1 stage. */
  public interface Sent {
    /** Readings given out per {@code injector/device}. */
    Map<String, Long> perDevice();

    /** Sends that failed: not expected out. */
    Set<SequenceTracker.DeviceSequence> failed();
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_EXAMPLES = 5;

  private final Settings settings;
  private final Sent sent;
  private final PulsarClient client;
  private final Consumer<?> consumer;
  private final StageTimings timings;
  private final Thread receiver;
  private final ScheduledExecutorService poll = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "iot-stage-drain");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean receiving = true;
  private volatile long loadStartMillis = -1;
  private volatile long loadEndMillis = -1;
  private volatile Double drainSeconds;
  /** CPU the receiving thread spent, read when it stops. */
  private volatile long receiverCpuNanos;
  private CompletableFuture<Void> drained;

  private StageMatcher(Settings settings, Sent sent, PulsarClient client, Consumer<?> consumer,
      StageTimings timings) {
    this.settings = settings;
    this.sent = sent;
    this.client = client;
    this.consumer = consumer;
    this.timings = timings;
    this.receiver = new Thread(this::receiveLoop, "iot-stage-consumer");
    receiver.setDaemon(true);
  }

  /**
   * Checks the output topic exists (where stats may be read) and subscribes at its end, before anything is sent:
   * a topic that does not exist is a one-line {@link SettingException}.
   *
   * @param runId    the run whose readings count
   * @param injector this injector (a 1:1 stage's outputs of its own readings are its to match)
   */
  public static StageMatcher open(PulsarSettings pulsar, Settings settings, String runId, String injector,
      Sent sent) {
    checkExists(pulsar, settings.topic());
    PulsarClient client = null;
    try {
      client = ProducerPool.newClient(pulsar);
      Schema<?> schema = settings.eventTimeFrom().startsWith("field:") ? Schema.AUTO_CONSUME() : Schema.BYTES;
      Consumer<?> consumer = client.newConsumer(schema)
          .topic(settings.topic())
          .subscriptionName("iot-pulsar-load-stage-" + UUID.randomUUID())
          .subscriptionMode(SubscriptionMode.NonDurable)
          .subscriptionType(SubscriptionType.Exclusive)
          .subscriptionInitialPosition(SubscriptionInitialPosition.Latest)
          .receiverQueueSize(10_000)
          .subscribe();
      StageMatcher matcher = new StageMatcher(settings, sent, client, consumer,
          new StageTimings(settings.byStamp(), runId, injector));
      matcher.receiver.start();
      return matcher;
    } catch (PulsarClientException e) {
      closeQuietly(client);
      throw new SettingException("stage.topic: cannot subscribe to " + settings.topic() + ": "
          + firstLine(e.getMessage()) + " (the run's role needs the 'consume' permission on it)");
    }
  }

  private static void checkExists(PulsarSettings pulsar, String topic) {
    try (PulsarAdmin admin = TopicAdmin.newAdmin(pulsar)) {
      if (admin.topics().getPartitionedTopicMetadata(topic).partitions == 0) {
        admin.topics().getStats(topic);
      }
    } catch (PulsarAdminException.NotFoundException e) {
      throw new SettingException("stage.topic: " + topic + " does not exist: start the stage first (or create its"
          + " output topic), or name the topic the stage writes to");
    } catch (PulsarAdminException.NotAuthorizedException e) {
      System.out.println("iot-pulsar-load: stage.topic: could not check that " + topic + " exists (reading its"
          + " stats needs the 'produce' or 'consume' permission on it, or tenant admin); going on");
    } catch (PulsarAdminException | PulsarClientException e) {
      throw new SettingException("stage.topic: cannot look up " + topic + ": " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("");
  }

  private void receiveLoop() {
    try {
      receiveUntilStopped();
    } finally {
      receiverCpuNanos = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
  }

  private void receiveUntilStopped() {
    while (receiving) {
      try {
        Message<?> m = consumer.receive(100, TimeUnit.MILLISECONDS);
        if (m != null) {
          timings.onOutput(m::getProperty, m.hasKey() ? m.getKey() : null, m.getPublishTime(), eventTime(m),
              System.currentTimeMillis());
          consumer.acknowledgeAsync(m);
        }
      } catch (PulsarClientException e) {
        if (receiving) {
          System.out.println("iot-pulsar-load: stage consumer of " + settings.topic() + ": " + e.getMessage());
        }
        return;
      } catch (RuntimeException e) { // one odd output must not end the timing
        System.out.println("iot-pulsar-load: stage output could not be read: " + e);
      }
    }
  }

  /** The event time an output carries (epoch ms), 0 when it carries none that can be read. */
  private long eventTime(Message<?> m) {
    String from = settings.eventTimeFrom();
    if (from.equals(Settings.PULSAR_EVENT_TIME)) {
      return m.getEventTime();
    }
    String name = from.substring(from.indexOf(':') + 1);
    if (from.startsWith("property:")) {
      return number(m.getProperty(name));
    }
    try {
      if (m.getValue() instanceof GenericRecord record) {
        Object field = record.getField(name);
        long t = field instanceof Number n ? n.longValue() : number(field == null ? null : field.toString());
        if (t > 0) {
          return t;
        }
      }
    } catch (RuntimeException notARecord) {
      // no schema with fields (bytes): read it as a JSON document below
    }
    try {
      JsonNode field = JSON.readTree(m.getData()).get(name);
      return field != null && field.canConvertToLong() ? field.asLong() : number(field == null ? null
          : field.asText());
    } catch (IOException e) {
      return 0;
    }
  }

  private static long number(String text) {
    if (text == null) {
      return 0;
    }
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public void start() {
    loadStartMillis = System.currentTimeMillis();
  }

  /** Latency is measured on the readings sent after the warm-up. */
  @Override
  public void warmupEnded(long epochMillis) {
    timings.measureFrom(epochMillis);
  }

  @Override
  public String progressText() {
    return " stage=" + timings.outputs() + " out";
  }

  /** The stage's latency above gate.stage.p99Ms in a second between the two instants, and how much. */
  @Override
  public String behindBetween(long fromMillis, long toMillis) {
    Double p99 = timings.worstP99Between(fromMillis, toMillis);
    if (p99 == null || Double.isNaN(settings.maxP99Ms()) || p99 <= settings.maxP99Ms()) {
      return null;
    }
    return String.format(Locale.ROOT, "stage %s: latency p99 %.0f ms in a second, above gate.stage.p99Ms %.0f",
        settings.topic(), p99, settings.maxP99Ms());
  }

  /**
   * The load stopped: completes when every reading came out of a 1:1 stage, or when nothing came out for a
   * quiet period (5 s, or the drain timeout when shorter), or at the drain timeout.
   */
  @Override
  public synchronized CompletableFuture<Void> loadEnded() {
    if (drained != null) {
      return drained;
    }
    loadEndMillis = System.currentTimeMillis();
    drained = new CompletableFuture<>();
    long quiet = Math.min(5_000, settings.drainTimeout().toMillis());
    long expected = settings.byStamp() ? expected() : Long.MAX_VALUE;
    poll.scheduleAtFixedRate(() -> {
      long now = System.currentTimeMillis();
      long last = timings.lastOutputMillis();
      if (settings.byStamp() && timings.uniqueReadings() >= expected) {
        drainSeconds = Math.max(0, last - loadEndMillis) / 1000.0;
        drained.complete(null);
      } else if (now - Math.max(last, loadEndMillis) >= quiet) {
        // an aggregate is done when it goes quiet; a 1:1 stage that goes quiet short of readings lost them
        drainSeconds = settings.byStamp() ? null : Math.max(0, last - loadEndMillis) / 1000.0;
        drained.complete(null);
      } else if (now - loadEndMillis >= settings.drainTimeout().toMillis()) {
        drained.complete(null);
      }
    }, 0, 100, TimeUnit.MILLISECONDS);
    return drained.whenComplete((v, e) -> poll.shutdown());
  }

  private long expected() {
    return sent.perDevice().values().stream().mapToLong(Long::longValue).sum() - sent.failed().size();
  }

  @Override
  public void finish(RunEnd end) {
    stopReceiving();
    long endMillis = loadEndMillis < 0 ? System.currentTimeMillis() : loadEndMillis;
    double loadSeconds = loadStartMillis < 0 ? 0 : (endMillis - loadStartMillis) / 1000.0;
    Map<String, Long> perDevice = settings.byStamp() ? sent.perDevice() : Map.of();
    StageResult result = timings.result(settings.topic(), settings.eventTimeFrom(), perDevice,
        settings.byStamp() ? sent.failed() : Set.of(), loadSeconds, drainSeconds);
    end.print(result.line());
    end.print(String.format(Locale.ROOT, "timing the stage cost %.0f ms of this injector's CPU (%.1f us per output)",
        receiverCpuNanos / 1e6, result.outputs() == 0 ? 0 : receiverCpuNanos / 1e3 / result.outputs()));
    if (result.lost() != null && result.lost() > 0) {
      timings.lostExamples(perDevice, MAX_EXAMPLES).forEach(e -> end.print("lost in the stage: " + e));
    }
    if (timings.foreign() > 0) {
      end.print("stage out of " + settings.topic() + ": " + timings.foreign() + " outputs of other runs or "
          + "injectors, or without this run's stamp, skipped");
    }
    end.stage(result);
    end.gates(gates(result));
  }

  private List<Gate> gates(StageResult result) {
    List<Gate> gates = new ArrayList<>();
    String stage = "stage " + settings.topic();
    if (result.lost() != null && !Double.isNaN(settings.maxLost())) {
      gates.add(new Gate("gate.stage.maxLost", "readings lost through " + stage, false, settings.maxLost(),
          result.lost(), result.lost() <= settings.maxLost(), result.drainSeconds() == null
          ? "not out within stage.drainTimeout (" + settings.drainTimeout().toSeconds() + " s)" : null));
    }
    if (!Double.isNaN(settings.maxP99Ms())) {
      Double p99 = result.latencyMs().p99();
      gates.add(p99 == null
          ? new Gate("gate.stage.p99Ms", "latency p99 (ms) through " + stage, false, settings.maxP99Ms(), 0, false,
              "no output carried a readable event time (" + settings.eventTimeFrom() + ")")
          : new Gate("gate.stage.p99Ms", "latency p99 (ms) through " + stage, false, settings.maxP99Ms(), p99,
              p99 <= settings.maxP99Ms()));
    }
    return gates;
  }

  private void stopReceiving() {
    receiving = false;
    if (receiver != Thread.currentThread()) {
      try {
        receiver.join(5_000); // wakes every 100 ms: then the figures are final
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    stopReceiving();
    poll.shutdownNow();
    try {
      consumer.close();
    } catch (PulsarClientException e) {
      // best effort at the end of the run
    }
    closeQuietly(client);
  }

  private static void closeQuietly(PulsarClient client) {
    if (client != null) {
      try {
        client.close();
      } catch (PulsarClientException e) {
        // best effort
      }
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "stage %s (%s)", settings.topic(), settings.byStamp() ? "stamp" : "eventTime");
  }
}
