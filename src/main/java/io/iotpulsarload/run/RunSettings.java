package io.iotpulsarload.run;

import io.iotpulsarload.pulsar.PulsarSettings;
import io.iotpulsarload.sensor.DeviceSelection;
import io.iotpulsarload.sensor.InjectorSlice;
import io.iotpulsarload.sensor.MessageFormat;
import io.iotpulsarload.settings.SettingException;
import io.iotpulsarload.settings.SettingSource;
import java.time.Duration;
import java.util.Optional;

/**
 * The settings every simulation shares, read and validated at once from one {@link SettingSource}. Settings only
 * one simulation uses (ramp, spike...) are read by that simulation from {@link IoTSettings} directly.
 *
 * @param pulsarUrl the broker to use; empty means "start the embedded broker"
 * @param pulsar    client/producer settings (its service URL is filled in once the target is known)
 * @param rate      the run's total target rate, msg/s (all injectors)
 * @param duration  how long the load is held
 * @param sensor    the generated data
 * @param slice     this injector's part of the devices and of the rate
 * @param gates     pass/fail limits
 */
public record RunSettings(
    Optional<String> pulsarUrl,
    PulsarSettings pulsar,
    double rate,
    Duration duration,
    SensorSettings sensor,
    InjectorSlice slice,
    Gates gates) {

  /** The generated data. */
  public record SensorSettings(long devices, long deviceOffset, MessageFormat format, long seed,
      DeviceSelection selection) {}

  /** CI gates: publish p99 limit, KO percentage limit, and the share of planned messages that must be sent. */
  public record Gates(double p99Ms, double maxKoPercent, double minRatePercent) {}

  /** Reads and validates everything; the first bad value throws a one-line SettingException. */
  public static RunSettings read(SettingSource source) {
    Optional<String> url = IoTSettings.PULSAR_URL.readOptional(source);
    PulsarSettings pulsar = PulsarSettings.defaults().toBuilder()
        .serviceUrl(url.orElse(null))
        .adminUrl(IoTSettings.PULSAR_ADMIN_URL.readOptional(source).orElse(null))
        .topic(IoTSettings.TOPIC.read(source))
        .partitions(IoTSettings.PARTITIONS.read(source))
        .compression(IoTSettings.COMPRESSION.read(source))
        .batching(IoTSettings.BATCHING.read(source))
        .batchingMaxPublishDelay(IoTSettings.BATCHING_MAX_DELAY.read(source))
        .batchingMaxMessages(IoTSettings.BATCHING_MAX_MESSAGES.read(source))
        .batchingMaxBytes(IoTSettings.BATCHING_MAX_BYTES.read(source))
        .sendTimeout(IoTSettings.SEND_TIMEOUT.read(source))
        .maxPendingMessages(IoTSettings.MAX_PENDING_MESSAGES.read(source))
        .blockIfQueueFull(IoTSettings.BLOCK_IF_QUEUE_FULL.read(source))
        .routingMode(IoTSettings.ROUTING_MODE.read(source))
        .producersPerTopic(IoTSettings.PRODUCERS_PER_TOPIC.read(source))
        .ioThreads(IoTSettings.IO_THREADS.read(source))
        .connectionsPerBroker(IoTSettings.CONNECTIONS_PER_BROKER.read(source))
        .operationTimeout(IoTSettings.OPERATION_TIMEOUT.read(source))
        .build();
    SensorSettings sensor = new SensorSettings(
        IoTSettings.DEVICES.read(source),
        IoTSettings.DEVICE_OFFSET.read(source),
        IoTSettings.FORMAT.read(source),
        IoTSettings.SEED.read(source),
        IoTSettings.DEVICE_SELECTION.read(source));
    Gates gates = new Gates(
        IoTSettings.GATE_P99_MS.read(source),
        IoTSettings.GATE_MAX_KO_PERCENT.read(source),
        IoTSettings.GATE_MIN_RATE_PERCENT.read(source));
    int count = IoTSettings.INJECTOR_COUNT.read(source);
    int index = IoTSettings.INJECTOR_INDEX.readOptional(source)
        .filter(i -> source.raw(IoTSettings.INJECTOR_INDEX.property(), IoTSettings.INJECTOR_INDEX.env()).isPresent())
        .orElseGet(() -> IoTSettings.JOB_COMPLETION_INDEX.read(source));
    if (index >= count) {
      throw new SettingException("Invalid injector.index " + index + " for injector.count " + count
          + ": expected an index from 0 to " + (count - 1));
    }
    if (count > sensor.devices()) {
      throw new SettingException("Invalid injector.count " + count + " for " + sensor.devices()
          + " devices: every injector needs at least one device; raise devices or lower injector.count");
    }
    return new RunSettings(url, pulsar, IoTSettings.RATE.read(source), IoTSettings.DURATION.read(source),
        sensor, new InjectorSlice(index, count), gates);
  }
}
