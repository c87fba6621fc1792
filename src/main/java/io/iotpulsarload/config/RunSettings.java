package io.iotpulsarload.config;

import io.iotpulsarload.pulsar.PulsarSettings;
import io.iotpulsarload.sensor.DeviceSelection;
import io.iotpulsarload.sensor.InjectorSlice;
import io.iotpulsarload.sensor.MessageFormat;
import io.iotpulsarload.settings.SettingException;
import io.iotpulsarload.settings.SettingSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The settings every simulation shares, read and validated at once from one {@link SettingSource}. Settings only
 * one simulation uses (ramp, spike...) are read by that simulation from {@link IoTSettings} directly; the gates'
 * limits by {@code GateLimits}.
 *
 * @param pulsarUrl the broker to use; empty means "start the embedded broker"
 * @param pulsar    client/producer settings (its service URL is filled in once the target is known)
 * @param rate      the run's total target rate, msg/s (all injectors)
 * @param duration  how long the load is held
 * @param messagesPerUser readings each virtual user of an open-model simulation publishes back to back
 * @param sensor    the generated data
 * @param slice     this injector's part of the devices and of the rate
 */
public record RunSettings(
    Optional<String> pulsarUrl,
    PulsarSettings pulsar,
    double rate,
    Duration duration,
    int messagesPerUser,
    SensorSettings sensor,
    InjectorSlice slice) {

  /** The generated data. */
  public record SensorSettings(long devices, long deviceOffset, MessageFormat format, long seed,
      DeviceSelection selection) {}

  /** Reads and validates everything; the first bad value throws a one-line SettingException. */
  public static RunSettings read(SettingSource source) {
    Optional<String> url = IoTSettings.PULSAR_URL.readOptional(source);
    Map<String, Object> clientConf = new LinkedHashMap<>();
    Map<String, Object> producerConf = new LinkedHashMap<>();
    IoTSettings.PULSAR_OPTIONS.forEach(option -> option.read(source, clientConf, producerConf));
    PulsarSettings pulsar = PulsarSettings.defaults()
        .withServiceUrl(url.orElse(null))
        .withAdminUrl(IoTSettings.PULSAR_ADMIN_URL.readOptional(source).orElse(null))
        .withTopic(IoTSettings.TOPIC.read(source))
        .withPartitions(IoTSettings.PARTITIONS.read(source))
        .withProducersPerTopic(IoTSettings.PRODUCERS_PER_TOPIC.read(source))
        .withClientConf(clientConf)
        .withProducerConf(producerConf);
    SensorSettings sensor = new SensorSettings(
        IoTSettings.DEVICES.read(source),
        IoTSettings.DEVICE_OFFSET.read(source),
        IoTSettings.FORMAT.read(source),
        IoTSettings.SEED.read(source),
        IoTSettings.DEVICE_SELECTION.read(source));
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
        IoTSettings.MESSAGES_PER_USER.read(source), sensor, new InjectorSlice(index, count));
  }
}
