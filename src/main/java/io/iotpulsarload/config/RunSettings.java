package io.iotpulsarload.config;

import io.iotpulsarload.gatling.pulsar.client.PulsarAuth;
import io.iotpulsarload.gatling.pulsar.client.PulsarSettings;
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
    PulsarSettings pulsar = readPulsar(source);
    Optional<String> url = Optional.ofNullable(pulsar.serviceUrl());
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
    Optional<String> producerName = IoTSettings.PRODUCER_NAME.readOptional(source);
    if (producerName.isPresent()) { // the pool numbers each producer of a topic after it
      pulsar = pulsar.withProducerConf(Map.of(PulsarSettings.PRODUCER_NAME, producerName.get() + "-" + index));
    }
    if (count > sensor.devices()) {
      throw new SettingException("Invalid injector.count " + count + " for " + sensor.devices()
          + " devices: every injector needs at least one device; raise devices or lower injector.count");
    }
    return new RunSettings(url, pulsar, IoTSettings.RATE.read(source), IoTSettings.DURATION.read(source),
        IoTSettings.MESSAGES_PER_USER.read(source), sensor, new InjectorSlice(index, count));
  }

  /**
   * How to reach and use Pulsar: client.conf first (when given), then the explicit settings over it. The service
   * URL stays {@code null} when neither gives one (the embedded broker then fills it in).
   */
  public static PulsarSettings readPulsar(SettingSource source) {
    Optional<ClientConfFile> conf = IoTSettings.CLIENT_CONF.readOptional(source).map(ClientConfFile::read);
    Optional<String> url = IoTSettings.PULSAR_URL.readOptional(source)
        .or(() -> conf.flatMap(ClientConfFile::serviceUrl));
    if (conf.isPresent() && url.isEmpty()) {
      throw new SettingException("The client.conf " + conf.get().file() + " has no brokerServiceUrl: add "
          + "brokerServiceUrl=pulsar+ssl://<broker>:6651 to it, or set pulsar.url");
    }
    conf.filter(c -> !c.ignoredKeys().isEmpty()).ifPresent(c -> System.out.println("iot-pulsar-load: client.conf "
        + c.file() + ": not used by this tool: " + String.join(", ", c.ignoredKeys())));
    Map<String, Object> clientConf = new LinkedHashMap<>();
    Map<String, Object> producerConf = new LinkedHashMap<>();
    IoTSettings.PULSAR_OPTIONS.forEach(option -> option.read(source, clientConf, producerConf));
    conf.ifPresent(c -> clientConf.putAll(c.tls()));
    if (isSet(source, IoTSettings.TLS_TRUST_CERTS)) {
      clientConf.put(PulsarSettings.TLS_TRUST_CERTS_FILE_PATH, IoTSettings.TLS_TRUST_CERTS.read(source));
    }
    if (isSet(source, IoTSettings.TLS_ALLOW_INSECURE) || conf.isEmpty()) {
      clientConf.put(PulsarSettings.TLS_ALLOW_INSECURE_CONNECTION, IoTSettings.TLS_ALLOW_INSECURE.read(source));
    }
    if (isSet(source, IoTSettings.TLS_HOSTNAME_VERIFICATION)
        || !clientConf.containsKey(PulsarSettings.TLS_HOSTNAME_VERIFICATION_ENABLE)) {
      clientConf.put(PulsarSettings.TLS_HOSTNAME_VERIFICATION_ENABLE,
          IoTSettings.TLS_HOSTNAME_VERIFICATION.read(source));
    }
    return PulsarSettings.defaults()
        .withServiceUrl(url.orElse(null))
        .withAdminUrl(IoTSettings.PULSAR_ADMIN_URL.readOptional(source)
            .or(() -> conf.flatMap(ClientConfFile::adminUrl)).orElse(null))
        .withTopic(IoTSettings.TOPIC.read(source))
        .withPartitions(IoTSettings.PARTITIONS.read(source))
        .withProducersPerTopic(IoTSettings.PRODUCERS_PER_TOPIC.read(source))
        .withClientConf(clientConf)
        .withProducerConf(producerConf)
        .withAuth(auth(source, conf).map(RunSettings::checked).orElse(null));
  }

  private static PulsarAuth checked(PulsarAuth auth) {
    try {
      auth.check();
      return auth;
    } catch (IllegalArgumentException e) {
      throw new SettingException(e.getMessage());
    }
  }

  /** pulsar.token, else pulsar.authPlugin + pulsar.authParams, else client.conf's authPlugin + authParams. */
  private static Optional<PulsarAuth> auth(SettingSource source, Optional<ClientConfFile> conf) {
    Optional<String> token = IoTSettings.TOKEN.readOptional(source);
    Optional<String> plugin = IoTSettings.AUTH_PLUGIN.readOptional(source);
    Optional<String> params = IoTSettings.AUTH_PARAMS.readOptional(source);
    if (token.isPresent() && plugin.isPresent()) {
      throw new SettingException("Both pulsar.token and pulsar.authPlugin are set: keep one (pulsar.token is "
          + "pulsar.authPlugin=" + PulsarAuth.TOKEN_PLUGIN + " with the token as its parameter)");
    }
    if (params.isPresent() && plugin.isEmpty()) {
      throw new SettingException("pulsar.authParams is set without pulsar.authPlugin: set the plugin class too, "
          + "e.g. -Dpulsar.authPlugin=" + PulsarAuth.TLS_PLUGIN);
    }
    if (token.isPresent()) {
      return Optional.of(PulsarAuth.token(token.get()));
    }
    if (plugin.isPresent()) {
      return Optional.of(new PulsarAuth(plugin.get(), params.orElse("")));
    }
    return conf.flatMap(ClientConfFile::auth);
  }

  private static boolean isSet(SettingSource source, io.iotpulsarload.settings.Setting<?> setting) {
    return source.raw(setting.property(), setting.env()).isPresent();
  }
}
