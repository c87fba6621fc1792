package io.iotpulsarload.simulation;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.exitHere;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.stopLoadGenerator;
import static io.iotpulsarload.gatling.pulsar.PulsarDsl.pulsar;

import com.iot.pipeline.model.SensorData;
import io.gatling.core.scenario.SimulationParams;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.iotpulsarload.config.RunSettings;
import io.iotpulsarload.gatling.pulsar.PulsarHarness;
import io.iotpulsarload.gatling.pulsar.PulsarProtocolBuilder;
import io.iotpulsarload.gatling.pulsar.PulsarSendBuilder;
import io.iotpulsarload.pulsar.PulsarSettings;
import io.iotpulsarload.run.InjectorRun;
import io.iotpulsarload.run.SensorSchemas;
import io.iotpulsarload.sensor.MessageFormat;
import io.iotpulsarload.sensor.SensorCodec;
import io.iotpulsarload.settings.Setting;
import io.iotpulsarload.settings.SettingException;
import io.iotpulsarload.settings.SettingSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.pulsar.client.api.Schema;

/**
 * Base of every IoT simulation. A subclass reads as any Gatling simulation: its scenario, its injection, its
 * protocol and its assertions, with total rates:
 *
 * <pre>{@code
 * public class SteadyIoT extends IoTSimulation {
 *   ScenarioBuilder devices = scenario("SteadyIoT")
 *       .repeat(settings().messagesPerUser()).on(exec(publishReading()));
 *   {
 *     setUp(devices.injectOpen(load().hold(settings().rate(), settings().duration()).steps()))
 *         .protocols(pulsarProtocol())
 *         .assertions(gates());
 *   }
 * }
 * }</pre>
 *
 * <p>What every run needs is done here, with nothing for a subclass to remember: the settings are read and
 * checked (a bad one stops the run with one line, exit 1), the cluster is reached (or the embedded broker
 * started) and a producer checked before any load; {@link #load()} applies this injector's share of each total
 * rate and tells the run what it plans; after every population's load a {@code gates} virtual user waits for
 * the outstanding sends and the verifying consumer, then judges the gates and writes {@code summary.json}; and
 * the {@link #gates()} assertion is added even when a subclass does not declare it.
 */
public abstract class IoTSimulation extends Simulation {

  /** The request (and scenario) under which each run's verdict is recorded. */
  public static final String GATES = "gates";
  /** The request name of generated readings in the report. */
  public static final String PUBLISH = "publish";

  private final SettingSource source;
  private final InjectorRun run;
  private PulsarSendBuilder<?> readings;
  private PulsarSendBuilder<?> usersDeviceReadings;

  /** A simulation with the settings' own defaults. */
  protected IoTSimulation() {
    this(Map.of());
  }

  /**
   * A simulation with other defaults for some settings, e.g. {@code Map.of(IoTSettings.DURATION, "1h")}; what
   * the user sets still wins.
   */
  protected IoTSimulation(Map<Setting<?>, String> defaults) {
    Map<String, String> byProperty = new HashMap<>();
    defaults.forEach((setting, text) -> byProperty.put(setting.property(), text));
    this.source = SettingSource.system().withDefaults(byProperty);
    this.run = startOrExit(source, getClass().getSimpleName());
  }

  private static InjectorRun startOrExit(SettingSource source, String simulation) {
    try {
      return InjectorRun.start(source, simulation);
    } catch (SettingException | IllegalStateException e) {
      throw exit(e);
    }
  }

  /** Bad input stops the run before any load, with one line and exit status 1. */
  private static RuntimeException exit(RuntimeException e) {
    System.err.println("iot-pulsar-load: " + e.getMessage());
    System.err.flush();
    System.exit(1);
    return e; // not reached
  }

  /** The settings every simulation shares (rate, duration, messagesPerUser, devices, ...). */
  protected RunSettings settings() {
    return run.settings();
  }

  /** A simulation's own setting, read like every other; a bad value stops the run with its one-line message. */
  protected <T> T setting(Setting<T> setting) {
    try {
      return setting.read(source);
    } catch (SettingException e) {
      throw exit(e);
    }
  }

  /** Stops the run like a bad setting: one line, exit 1, before anything is sent. */
  protected RuntimeException invalid(String message) {
    throw exit(new SettingException(message));
  }

  /** The run behind this simulation (metrics, monitor, device pool, gates). */
  protected InjectorRun run() {
    return run;
  }

  /** An empty load profile in total msg/s, with this run's {@code messagesPerUser}. */
  protected Load load() {
    return new Load(run::plan, run.settings().slice(), run.settings().messagesPerUser());
  }

  /**
   * Publishes one generated reading in the run's format ({@code format}), its device chosen by
   * {@code deviceSelection}: key = device id, event time = reading time, and the stamps the verifier reads. A full
   * send builder: chain {@code .property(..)}, {@code .topic(..)} or {@code .key(..)} as with any send.
   */
  protected PulsarSendBuilder<?> publishReading() {
    if (readings == null) {
      readings = readings(false);
    }
    return readings;
  }

  /**
   * Publishes one reading of the virtual user's own device (user n reports for device n of this injector's pool,
   * modulo its size): the device model, where each virtual user is a device.
   */
  protected PulsarSendBuilder<?> publishReadingOfUsersDevice() {
    if (usersDeviceReadings == null) {
      usersDeviceReadings = readings(true);
    }
    return usersDeviceReadings;
  }

  private PulsarSendBuilder<?> readings(boolean devicePerUser) {
    MessageFormat format = run.settings().sensor().format();
    if (format == MessageFormat.AVRO) {
      return pulsar(PUBLISH).sendMessage(SensorSchemas.avro(),
          SensorMessages.<SensorData>of(run, devicePerUser, data -> data));
    }
    return pulsar(PUBLISH).sendMessage(Schema.BYTES,
        SensorMessages.<byte[]>of(run, devicePerUser, data -> SensorCodec.forThisThread().encode(format, data)));
  }

  /** The Pulsar protocol of the run: its cluster, topic, client and producer settings, wired to the run. */
  protected PulsarProtocolBuilder pulsarProtocol() {
    PulsarSettings p = run.pulsar();
    PulsarProtocolBuilder protocol = pulsar().serviceUrl(p.serviceUrl())
        .topic(p.topic())
        .producersPerTopic(p.producersPerTopic())
        .clientConf(p.clientConf())
        .producerConf(p.producerConf())
        .runHooks(new IoTRunHooks(run));
    if (p.auth() != null) {
      protocol = protocol.authentication(p.auth().plugin(), p.auth().params());
    }
    return p.adminUrl() == null ? protocol : protocol.adminUrl(p.adminUrl());
  }

  /**
   * The gates as a Gatling assertion: the run's {@code gates} request, recorded after the load, is OK when every
   * gate held (publish p99, KO share, sent vs planned, and with verification lost / duplicates / out of order /
   * invalid / e2e p99). The console lists each gate with its measured value; a failed one exits 2. With
   * {@code gatlingLog=false} Gatling has no log to judge assertions on: none is declared, and the run exits 2
   * by itself after its end when a gate failed.
   */
  protected List<Assertion> gates() {
    return run.gatlingLog() ? List.of(details(GATES).failedRequests().count().is(0L)) : List.of();
  }

  /**
   * Ends the run when {@code condition} holds: the first virtual user to see it records the verdict, then stops
   * the load generator; every other user leaves without sending. For searches that stop early (CapacityIoT).
   */
  protected ChainBuilder endRunIf(Function<Session, Boolean> condition, String why) {
    AtomicBoolean claimed = new AtomicBoolean();
    return doIf(condition).then(
        doIfOrElse(session -> claimed.compareAndSet(false, true))
            .then(exec(PulsarHarness.awaitOutcome(GATES, () -> {
              run.loadStoppedEarly();
              return run.finish();
            })).exec(stopLoadGenerator(why)).exec(exitHere()))
            .orElse(exitHere()));
  }

  /** The subclass's set-up, with the verdict after every population's load and the gates assertion. */
  @Override
  public SimulationParams params(String name) {
    AtomicInteger arrived = new AtomicInteger();
    CompletableFuture<Void> allArrived = new CompletableFuture<>();
    return PulsarHarness.appendAfterEveryRoot(super.params(name), (i, count) ->
        scenario(i == 0 ? GATES : GATES + " " + (i + 1))
            .exec(PulsarHarness.awaitOutcome(i == 0 ? GATES : null, () -> {
              if (arrived.incrementAndGet() == count) {
                allArrived.complete(null);
              }
              return allArrived.thenCompose(ignored -> run.finish());
            }))
            .injectOpen(atOnceUsers(1)), gates());
  }

  @Override
  public void before() {
    run.startLoad();
  }

  @Override
  public void after() {
    run.close();
    String failures = run.failures();
    if (!run.gatlingLog() && failures != null) {
      System.out.println("iot-pulsar-load: exit status 2: gates FAILED (" + failures + "); Gatling's log is off, "
          + "so the run's own gates decide");
      System.out.flush();
      System.exit(2);
    }
  }
}
