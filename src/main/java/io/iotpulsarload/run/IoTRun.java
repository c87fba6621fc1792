package io.iotpulsarload.run;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.iotpulsarload.gatling.pulsar.PulsarDsl.pulsar;

import com.iot.pipeline.model.SensorData;
import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CoreDsl;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.iotpulsarload.gatling.pulsar.PulsarProtocolBuilder;
import io.iotpulsarload.pulsar.ProducerPool;
import io.iotpulsarload.pulsar.PublishCounters;
import io.iotpulsarload.pulsar.PulsarSettings;
import io.iotpulsarload.pulsar.SensorSchemas;
import io.iotpulsarload.pulsar.TopicAdmin;
import io.iotpulsarload.sensor.DeviceCounters;
import io.iotpulsarload.sensor.DevicePool;
import io.iotpulsarload.sensor.MessageFormat;
import io.iotpulsarload.sensor.SensorGenerator;
import io.iotpulsarload.sensor.SensorCodec;
import io.iotpulsarload.settings.Setting;
import io.iotpulsarload.settings.SettingException;
import io.iotpulsarload.settings.SettingSource;
import io.iotpulsarload.verify.VerificationSummary;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpulsarload.results.InjectorResults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;

/**
 * What every IoT simulation starts from: validated settings, a reachable Pulsar (the given cluster or an embedded
 * standalone), the protocol, the "publish" request for generated readings, and the gates as Gatling assertions.
 * Simulations stay thin: an injection profile and a call to {@link #gates}.
 */
public final class IoTRun {

  /** The request name of a published reading in the report. */
  public static final String PUBLISH = "publish";

  private final SettingSource source;
  private final RunSettings settings;
  private final PulsarTarget target;
  private final PulsarSettings pulsar;
  private final DevicePool pool;
  private final PublishMetrics metrics = new PublishMetrics();
  private final DeviceCounters counters;
  private final String runId;
  private final Path resultsDir;
  private Verification verification;
  private final long startMillis;
  private volatile double plannedMessages;
  private final RunMonitor monitor;
  private boolean exitOnError;

  private IoTRun(SettingSource source, RunSettings settings, PulsarTarget target, DevicePool pool, String runId) {
    this.source = source;
    this.runId = runId;
    this.counters = new DeviceCounters(pool, settings.sensor().seed());
    this.resultsDir = Path.of(IoTSettings.RESULTS_DIR.read(source), runId,
        "injector-" + settings.slice().index());
    this.settings = settings;
    this.target = target;
    this.pool = pool;
    PulsarSettings.Builder b = settings.pulsar().toBuilder().serviceUrl(target.serviceUrl());
    target.adminUrl().ifPresent(b::adminUrl);
    this.pulsar = b.build();
    this.monitor = new RunMonitor(metrics, IoTSettings.PROGRESS_INTERVAL.read(source));
    this.startMillis = System.currentTimeMillis();
  }

  /** Starts writing this injector's results (interval histograms, timeline) for the duration of the load. */
  private void recordResults(String simulationName) {
    InjectorResults results = new InjectorResults(resultsDir);
    monitor.addListener(results);
    monitor.onStop(() -> {
      results.close();
      writeSummary(simulationName);
    });
  }

  /** summary.json: what the merge needs besides the histograms (settings, slice, counts, verification). */
  private void writeSummary(String simulationName) {
    long[] counts = metrics.counts();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("runId", runId);
    summary.put("simulation", simulationName);
    summary.put("injector", settings.slice().index());
    summary.put("injectorCount", settings.slice().count());
    summary.put("topic", pulsar.topic());
    summary.put("format", settings.sensor().format().name().toLowerCase(Locale.ROOT));
    summary.put("firstDevice", pool.deviceId(0));
    summary.put("lastDevice", pool.deviceId(pool.size() - 1));
    summary.put("devices", pool.size());
    summary.put("devicePool", pool.poolSize());
    summary.put("rateShare", share(settings.rate()));
    summary.put("plannedMessages", plannedMessages);
    summary.put("startMillis", startMillis);
    summary.put("endMillis", System.currentTimeMillis());
    summary.put("sent", counts[0]);
    summary.put("acked", counts[1]);
    summary.put("failed", counts[2]);
    summary.put("failuresByType", metrics.failuresByType());
    if (verification != null && verification.summary() != null) {
      VerificationSummary v = verification.summary();
      Map<String, Object> verified = new LinkedHashMap<>();
      verified.put("received", v.received());
      verified.put("lost", v.lost());
      verified.put("duplicates", v.duplicates());
      verified.put("outOfOrder", v.outOfOrder());
      verified.put("invalid", v.invalid());
      verified.put("consumerBehind", v.behind());
      summary.put("verification", verified);
    }
    try {
      Files.writeString(resultsDir.resolve(InjectorResults.SUMMARY),
          new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(summary));
      System.out.println("iot-pulsar-load: results of injector " + settings.slice().index() + " in " + resultsDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + resultsDir.resolve(InjectorResults.SUMMARY), e);
    }
  }

  /**
   * Reads the settings from system properties and environment, reaches Pulsar, and checks a producer can be
   * created. On any bad input it prints one line saying what is wrong and exits with status 1: a load test must
   * not start half-configured.
   */
  public static IoTRun start(String simulationName) {
    try {
      IoTRun run = start(SettingSource.system(), simulationName);
      run.exitOnError = true;
      return run;
    } catch (SettingException | IllegalStateException e) {
      throw exit(e);
    }
  }

  private static RuntimeException exit(RuntimeException e) {
    System.err.println("iot-pulsar-load: " + e.getMessage());
    System.err.flush();
    System.exit(1);
    return e; // not reached
  }

  /** As {@link #start(String)}, but throws instead of exiting (for tests and embedding). */
  public static IoTRun start(SettingSource source, String simulationName) {
    RunSettings settings = RunSettings.read(source);
    RunSettings.SensorSettings s = settings.sensor();
    DevicePool pool;
    try {
      pool = new DevicePool(s.devices(), s.deviceOffset(), settings.slice(), s.seed());
    } catch (IllegalArgumentException e) {
      throw new SettingException("Invalid device settings: " + e.getMessage());
    }
    String runId = IoTSettings.RUN_ID.readOptional(source).orElseGet(() -> simulationName + "-"
        + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(LocalDateTime.now()));
    PulsarTarget target = PulsarTarget.resolve(settings.pulsarUrl());
    IoTRun run = new IoTRun(source, settings, target, pool, runId);
    run.preflight();
    run.recordResults(simulationName);
    warmUpGenerator(s);
    boolean verify = IoTSettings.VERIFY.readOptional(source).orElse(target.embedded());
    if (verify) {
      run.verification = new Verification(run.pulsar.serviceUrl(), run.pulsar.topic(), s.format(), runId,
          settings.slice().index(), new VerificationSummary.Gates(IoTSettings.GATE_MAX_LOST.read(source),
              IoTSettings.GATE_MAX_DUPLICATES.read(source), IoTSettings.GATE_MAX_OUT_OF_ORDER.read(source),
              IoTSettings.GATE_MAX_INVALID.read(source)),
          IoTSettings.VERIFY_DRAIN_TIMEOUT.read(source), run.resultsDir, run.metrics);
    }
    System.out.println("iot-pulsar-load: run " + runId + ", injector " + settings.slice().index() + " of "
        + settings.slice().count() + " (" + pool.size() + " devices from " + pool.deviceId(0) + "), format "
        + s.format().name().toLowerCase(Locale.ROOT) + ", verification " + (verify ? "on" : "off"));
    return run;
  }

  /**
   * Creates the topic's partitions when asked, then one producer with the run's schema: an unreachable or
   * misconfigured cluster, or a topic whose schema is incompatible, fails here with Pulsar's reason.
   */
  private void preflight() {
    if (pulsar.partitions() > 0) {
      TopicAdmin.Outcome outcome =
          TopicAdmin.ensurePartitioned(pulsar.effectiveAdminUrl(), pulsar.topic(), pulsar.partitions());
      System.out.println("iot-pulsar-load: topic " + pulsar.topic() + (outcome == TopicAdmin.Outcome.CREATED
          ? " created with " + pulsar.partitions() + " partitions" : " already exists, left as it is"));
    }
    try (PulsarClient client = ProducerPool.newClient(pulsar);
        Producer<?> producer = client.newProducer(SensorSchemas.forFormat(settings.sensor().format()))
            .topic(pulsar.topic())
            .create()) {
      producer.getTopic(); // created: the broker accepted our schema on this topic
    } catch (PulsarClientException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst()
          .orElse("");
      String hint = e instanceof PulsarClientException.IncompatibleSchemaException
          ? "the topic holds another schema: use another topic or the format it was written with"
          : "check pulsar.url and that the broker is up";
      throw new IllegalStateException("Cannot produce to " + pulsar.topic() + " at " + pulsar.serviceUrl()
          + ": " + reason + " (" + hint + ")");
    }
  }

  /**
   * Generates and encodes readings of a throwaway pool for a moment, so the JIT has compiled the hot path before
   * the first measured message (the run's own devices and sequences are untouched).
   */
  private static void warmUpGenerator(RunSettings.SensorSettings s) {
    SensorGenerator generator = SensorGenerator.singleLane(DevicePool.of(1_000, s.seed()), s.seed(), s.selection());
    SensorCodec codec = SensorCodec.forThisThread();
    long bytes = 0;
    for (int i = 0; i < 200_000; i++) {
      bytes += codec.encode(s.format(), generator.next(i).data()).length;
    }
    if (bytes == 0) {
      throw new IllegalStateException("the generator produced empty readings");
    }
  }

  public RunSettings settings() {
    return settings;
  }

  public PulsarTarget target() {
    return target;
  }

  public DevicePool devicePool() {
    return pool;
  }

  /** Reads a simulation-specific setting from the same source; bad values give the same one-line error. */
  public <T> T setting(Setting<T> setting) {
    try {
      return setting.read(source);
    } catch (SettingException e) {
      throw exitOnError ? exit(e) : e;
    }
  }

  /** Fails the run like a bad setting: one line, before anything is sent. */
  public SettingException invalid(String message) {
    SettingException e = new SettingException(message);
    throw exitOnError ? exit(e) : e;
  }

  /** Per-second figures of the run (live progress, capacity steps). */
  public RunMonitor monitor() {
    return monitor;
  }

  /** An empty load shape with this run's messagesPerUser. */
  public LoadShape shape() {
    return new LoadShape(setting(IoTSettings.MESSAGES_PER_USER));
  }

  /**
   * The standard population: each virtual user publishes {@code messagesPerUser} readings, injected by
   * {@code shape}.
   */
  public PopulationBuilder population(String name, LoadShape shape) {
    return withVerification(scenario(name, shape.messagesPerUser(), List.of()).injectOpen(shape.steps()));
  }

  /**
   * The load followed, when verification is on, by one "verification" user that waits for the consumer to
   * drain and records the verdict (so everything lands in the report before Gatling stops).
   */
  public PopulationBuilder withVerification(PopulationBuilder load) {
    if (verification == null) {
      return load;
    }
    return load.andThen(CoreDsl.scenario(Verification.VERDICT)
        .exec(pulsar(Verification.VERDICT).awaitOutcome(
            () -> verification.drainAndJudge(metrics, pool, counters)))
        .injectOpen(CoreDsl.atOnceUsers(1)));
  }

  /**
   * The standard scenario: each virtual user publishes {@code messagesPerUser} readings, each after the given
   * chains (e.g. a stop check).
   */
  public ScenarioBuilder scenario(String name, int messagesPerUser, List<ChainBuilder> beforeEachPublish) {
    ChainBuilder one = beforeEachPublish.isEmpty()
        ? exec(publishReading())
        : exec(beforeEachPublish).exec(publishReading());
    return CoreDsl.scenario(name).exec(messagesPerUser == 1 ? one : repeat(messagesPerUser).on(one));
  }

  /** This injector's share of a total rate (msg/s). */
  public double share(double totalRate) {
    return settings.slice().share(totalRate);
  }

  /** The Pulsar protocol of the run, printing the final publish counts when the run ends. */
  public PulsarProtocolBuilder protocol() {
    PulsarProtocolBuilder builder = pulsar()
        .serviceUrl(pulsar.serviceUrl())
        .topic(pulsar.topic())
        .partitions(pulsar.partitions())
        .batching(pulsar.batching())
        .batchingMaxPublishDelay(pulsar.batchingMaxPublishDelay())
        .batchingMaxMessages(pulsar.batchingMaxMessages())
        .batchingMaxBytes(pulsar.batchingMaxBytes())
        .compression(pulsar.compression())
        .sendTimeout(pulsar.sendTimeout())
        .maxPendingMessages(pulsar.maxPendingMessages())
        .blockIfQueueFull(pulsar.blockIfQueueFull())
        .routingMode(pulsar.routingMode())
        .producersPerTopic(pulsar.producersPerTopic())
        .ioThreads(pulsar.ioThreads())
        .connectionsPerBroker(pulsar.connectionsPerBroker())
        .operationTimeout(pulsar.operationTimeout())
        .publishListener(metrics)
        .onRunStart(recorder -> {
          if (verification != null) {
            verification.recordTo(recorder);
          }
        })
        .onRunEnd(IoTRun::printPublishSummary);
    return pulsar.adminUrl() == null ? builder : builder.adminUrl(pulsar.adminUrl());
  }

  /** Publishes one generated reading in the run's format, its device chosen by deviceSelection. */
  public ActionBuilder publishReading() {
    return publishReading(false);
  }

  /**
   * Publishes one reading of the virtual user's own device (user n owns device n of the pool, modulo its size):
   * the device model, where each virtual user is a device.
   */
  public ActionBuilder publishReadingOfUsersDevice() {
    return publishReading(true);
  }

  private ActionBuilder publishReading(boolean devicePerUser) {
    MessageFormat format = settings.sensor().format();
    RunSettings.SensorSettings s = settings.sensor();
    if (format == MessageFormat.AVRO) {
      return pulsar(PUBLISH).sendMessage(SensorSchemas.avro(),
          new SensorMessages<SensorData>(pool, counters, runId, s.seed(), s.selection(), devicePerUser,
              data -> data));
    }
    return pulsar(PUBLISH).sendMessage(Schema.BYTES,
        new SensorMessages<byte[]>(pool, counters, runId, s.seed(), s.selection(), devicePerUser,
            data -> SensorCodec.forThisThread().encode(format, data)));
  }

  /**
   * The gates as Gatling assertions: publish p99, KO percentage, and the share of the planned messages that were
   * sent (an injector that cannot keep up fails this gate instead of passing silently).
   *
   * @param plannedMessages messages this injector's profile plans to send
   */
  public List<Assertion> gates(double plannedMessages) {
    this.plannedMessages = plannedMessages;
    RunSettings.Gates g = settings.gates();
    long minMessages = (long) Math.floor(plannedMessages * g.minRatePercent() / 100.0);
    System.out.printf(Locale.ROOT, "iot-pulsar-load: gates: gate.p99Ms publish p99 <= %.0f ms; "
            + "gate.maxKoPercent KO <= %.2f %%; gate.minRatePercent sent >= %.1f %% of %.0f planned (%d)%n",
        g.p99Ms(), g.maxKoPercent(), g.minRatePercent(), plannedMessages, minMessages);
    List<Assertion> gates = new ArrayList<>(List.of(
        details(PUBLISH).responseTime().percentile(99.0).lte((int) Math.floor(g.p99Ms())),
        details(PUBLISH).failedRequests().percent().lte(g.maxKoPercent()),
        details(PUBLISH).allRequests().count().gte(minMessages)));
    if (verification != null) {
      double e2e = setting(IoTSettings.GATE_E2E_P99_MS);
      System.out.printf(Locale.ROOT, "iot-pulsar-load: gates: gate.e2eP99Ms e2e p99 <= %.0f ms; gate.maxLost, "
          + "gate.maxDuplicates, gate.maxOutOfOrder, gate.maxInvalid in the '%s' request%n", e2e, Verification.VERDICT);
      gates.add(details(Verification.E2E).responseTime().percentile(99.0).lte((int) Math.floor(e2e)));
      gates.add(details(Verification.VERDICT).failedRequests().count().is(0L));
    }
    return gates;
  }

  /** The run's name, shared by all its injectors. */
  public String runId() {
    return runId;
  }

  /** Where this injector writes its results. */
  public Path resultsDir() {
    return resultsDir;
  }

  private static void printPublishSummary(PublishCounters.Snapshot counts) {
    System.out.println("iot-pulsar-load: published " + counts
        + (counts.sent() == counts.acked() + counts.failed() ? " (every message accounted for)" : ""));
  }
}
