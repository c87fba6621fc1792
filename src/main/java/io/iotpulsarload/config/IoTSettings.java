package io.iotpulsarload.config;

import static io.iotpulsarload.settings.Parsers.choices;

import io.iotpulsarload.gatling.pulsar.client.PulsarSettings;
import io.iotpulsarload.sensor.DeviceSelection;
import io.iotpulsarload.sensor.MessageFormat;
import io.iotpulsarload.settings.Parsers;
import io.iotpulsarload.settings.Setting;
import java.time.Duration;
import io.iotpulsarload.settings.SettingSource;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.pulsar.client.api.CompressionType;
import org.apache.pulsar.client.api.MessageRoutingMode;

/**
 * Every setting of the tool, declared once. Simulations, the verifying consumer and the merge tool all read them
 * from here; the settings table of docs/settings.md is checked against {@link #ALL} by a test.
 */
public final class IoTSettings {

  private IoTSettings() {}

  // ---- where Pulsar is
  public static final Setting<String> PULSAR_URL = new Setting<>("pulsar.url", "PULSAR_URL", null,
      "a pulsar:// or pulsar+ssl:// URL such as pulsar://127.0.0.1:6650",
      "Broker service URL. Unset: the run starts an embedded Pulsar standalone on 127.0.0.1.",
      Parsers.url("pulsar", "pulsar+ssl"));
  public static final Setting<String> PULSAR_ADMIN_URL = new Setting<>("pulsar.adminUrl", "PULSAR_ADMIN_URL", null,
      "an http:// or https:// URL such as http://127.0.0.1:8080",
      "Admin (web service) URL, used to create partitioned topics. Unset: the broker's host on port 8080.",
      Parsers.url("http", "https"));
  public static final Setting<String> TOPIC = new Setting<>("topic", "PULSAR_TOPIC", PulsarSettings.DEFAULT_TOPIC,
      "a topic name such as persistent://public/default/iot-sensor-data",
      "Topic the readings are published to.", Parsers::topic);
  public static final Setting<Integer> PARTITIONS = new Setting<>("partitions", "PULSAR_PARTITIONS", "0",
      "an integer from 0 to 10000 (0 = non-partitioned)",
      "Create the topic with this many partitions when it does not exist; an existing topic is left alone.",
      Parsers.intBetween(0, 10_000));

  // ---- secured clusters (names after Pulsar's client.conf keys)
  public static final Setting<String> CLIENT_CONF = new Setting<>("pulsar.clientConf", "PULSAR_CLIENT_CONF", null,
      "the path of a Pulsar client.conf file",
      "A standard Pulsar client.conf, as pulsar-admin and pulsar-perf read it (brokerServiceUrl, webServiceUrl, "
          + "authPlugin, authParams, tls*); the settings below override it.", Parsers::readableFile);
  public static final Setting<String> AUTH_PLUGIN = new Setting<>("pulsar.authPlugin", "PULSAR_AUTH_PLUGIN", null,
      "an authentication plugin class, e.g. org.apache.pulsar.client.impl.auth.AuthenticationTls",
      "Pulsar authentication plugin (token, TLS client certificate, OAuth2 or any other), as client.conf's "
          + "authPlugin.", Parsers::text);
  public static final Setting<String> AUTH_PARAMS = new Setting<>("pulsar.authParams", "PULSAR_AUTH_PARAMS", null,
      "the plugin's parameters as Pulsar spells them",
      "Parameters of pulsar.authPlugin, e.g. tlsCertFile:/c.pem,tlsKeyFile:/k.pem or OAuth2's JSON. A secret: "
          + "never printed.", Parsers::text).asSecret();
  public static final Setting<String> TOKEN = new Setting<>("pulsar.token", "PULSAR_TOKEN", null,
      "a token, or file:/path/to/token",
      "Token (JWT) authentication in one setting. A file is re-read for every new connection, so a rotated token "
          + "keeps working. A secret: never printed.", IoTSettings::token).asSecret();
  public static final Setting<String> TLS_TRUST_CERTS = new Setting<>("pulsar.tlsTrustCertsFilePath",
      "PULSAR_TLS_TRUST_CERTS_FILE_PATH", null, "the path of a PEM file of CA certificates",
      "CA certificates trusted to sign the brokers' certificates. Unset: the JVM's default trust store.",
      Parsers::readableFile);
  public static final Setting<Boolean> TLS_ALLOW_INSECURE = new Setting<>("pulsar.tlsAllowInsecureConnection",
      "PULSAR_TLS_ALLOW_INSECURE_CONNECTION", "false", "true or false",
      "Accept any broker certificate, trusted or not (tests only: it defeats TLS).", Parsers::bool);
  public static final Setting<Boolean> TLS_HOSTNAME_VERIFICATION = new Setting<>("pulsar.tlsHostnameVerification",
      "PULSAR_TLS_HOSTNAME_VERIFICATION", "true", "true or false",
      "Check that the broker's certificate names the host connected to. On by default: safer than Pulsar's own "
          + "default (off).", Parsers::bool);
  public static final Setting<String> BROKER_SECURITY = new Setting<>("broker.security", "BROKER_SECURITY", "none",
      "none or tls-token",
      "Embedded broker only: tls-token starts it with TLS only (plaintext ports closed), token authentication and "
          + "authorization, on throwaway material made under target/; the run uses it by itself.",
      text -> {
        if (!text.equals("none") && !text.equals("tls-token")) {
          throw new IllegalArgumentException("unknown value");
        }
        return text;
      });

  /** A token as Pulsar's token plugin takes it: {@code file:} with an absolute readable path, else the token. */
  private static String token(String text) {
    String t = Parsers.text(text);
    if (t.startsWith("file:")) {
      return "file://" + Parsers.readableFile(t);
    }
    if (t.startsWith("token:")) {
      t = t.substring("token:".length());
    }
    if (t.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("a token has no spaces; for a file write file:/path/to/token");
    }
    return t;
  }

  // ---- load shape
  public static final Setting<Double> RATE = new Setting<>("rate", "MESSAGES_PER_SECOND", "1000",
      "a positive number of messages per second, e.g. 1000 or 2.5k",
      "Target message rate of the whole run (all injectors together).", Parsers::rate);
  public static final Setting<Duration> DURATION = new Setting<>("duration", "DURATION", "60s",
      "a positive duration such as 60, 90s, 10m or 1h",
      "How long the load is held (after any ramp).", Parsers::positiveDuration);

  public static final Setting<Duration> WARMUP = new Setting<>("warmup", "WARMUP", "10s",
      "a duration such as 10s; 0s for none",
      "Before the measured load: readings at a rate rising to the highest the load reaches in its first "
          + "<warmup>, on the run's producers and topic, so the JIT compiles the send path before the gates "
          + "measure. Verified and counted in sent/acked/failed, recorded as request 'warmup', not judged.",
      Parsers::duration);

  public static final Setting<Integer> MESSAGES_PER_USER = new Setting<>("messagesPerUser", "MESSAGES_PER_USER",
      "1", "an integer from 1 to 1000",
      "Readings each virtual user publishes back to back; users arrive at rate / messagesPerUser (less Gatling "
          + "overhead per message at high rates, burstier by that many messages).", Parsers.intBetween(1, 1_000));
  public static final Setting<Double> RAMP_FROM = new Setting<>("rampFrom", "RAMP_FROM", "0",
      "a number of messages per second from 0", "RampIoT: rate at the start of the ramp.",
      Parsers.doubleBetween(0, 100_000_000));
  public static final Setting<Duration> RAMP_DURATION = new Setting<>("rampDuration", "RAMP_DURATION", "60s",
      "a positive duration such as 60s", "RampIoT: how long the ramp from rampFrom to rate takes.",
      Parsers::positiveDuration);
  public static final Setting<Double> SPIKE_FACTOR = new Setting<>("spikeFactor", "SPIKE_FACTOR", "5",
      "a number from 1 to 1000", "SpikeIoT: spike rate as a multiple of the baseline rate.",
      Parsers.doubleBetween(1, 1_000));
  public static final Setting<Duration> SPIKE_DURATION = new Setting<>("spikeDuration", "SPIKE_DURATION", "10s",
      "a positive duration shorter than spikeEvery", "SpikeIoT: how long each spike lasts.",
      Parsers::positiveDuration);
  public static final Setting<Duration> SPIKE_EVERY = new Setting<>("spikeEvery", "SPIKE_EVERY", "60s",
      "a positive duration longer than spikeDuration", "SpikeIoT: time from the start of one spike to the next.",
      Parsers::positiveDuration);
  public static final Setting<Duration> INTERVAL = new Setting<>("interval", "READING_INTERVAL", "10s",
      "a positive duration such as 10s or 500ms",
      "DevicesIoT: each device sends one reading per interval (total rate = devices / interval).",
      Parsers::positiveDuration);
  public static final Setting<Double> CAPACITY_START = new Setting<>("capacity.start", "CAPACITY_START", "5000",
      "a positive number of messages per second", "CapacityIoT: rate of the first step.", Parsers::rate);
  public static final Setting<Double> CAPACITY_STEP = new Setting<>("capacity.step", "CAPACITY_STEP", "5000",
      "a positive number of messages per second", "CapacityIoT: rate added at each step.", Parsers::rate);
  public static final Setting<Double> CAPACITY_MAX = new Setting<>("capacity.maxRate", "CAPACITY_MAX_RATE",
      "200000", "a positive number of messages per second", "CapacityIoT: the last step's rate at most.",
      Parsers::rate);
  public static final Setting<Duration> CAPACITY_STEP_DURATION = new Setting<>("capacity.stepDuration",
      "CAPACITY_STEP_DURATION", "30s", "a positive duration such as 30s", "CapacityIoT: how long each step lasts.",
      Parsers::positiveDuration);
  public static final Setting<Double> CAPACITY_MIN_RATE_PERCENT = new Setting<>("capacity.minRatePercent",
      "CAPACITY_MIN_RATE_PERCENT", "95", "a percentage from 0 to 100",
      "CapacityIoT: a step holds only if its achieved rate is at least this share of its target.",
      Parsers.doubleBetween(0, 100));
  public static final Setting<Duration> PROGRESS_INTERVAL = new Setting<>("progressInterval", "PROGRESS_INTERVAL",
      "10s", "a duration of at least 1s", "How often the live progress line is printed.",
      text -> {
        Duration d = Parsers.duration(text);
        if (d.toMillis() < 1_000) {
          throw new IllegalArgumentException("shorter than 1s");
        }
        return d;
      });

  // ---- producer
  public static final Setting<CompressionType> COMPRESSION = new Setting<>("compression", "PULSAR_COMPRESSION", "LZ4",
      "one of " + choices(CompressionType.class), "Producer compression.", Parsers.oneOf(CompressionType.class));
  public static final Setting<Boolean> BATCHING = new Setting<>("batching", "PULSAR_BATCHING", "true",
      "true or false", "Producer batching.", Parsers::bool);
  public static final Setting<Duration> BATCHING_MAX_DELAY = new Setting<>("pulsar.batchingMaxDelay",
      "PULSAR_BATCHING_MAX_DELAY", "1ms", "a duration such as 1ms or 10ms",
      "Longest time a batch waits for more messages.", Parsers::positiveDuration);
  public static final Setting<Integer> BATCHING_MAX_MESSAGES = new Setting<>("pulsar.batchingMaxMessages",
      "PULSAR_BATCHING_MAX_MESSAGES", "1000", "an integer from 1 to 1000000", "Most messages in one batch.",
      Parsers.intBetween(1, 1_000_000));
  public static final Setting<Integer> BATCHING_MAX_BYTES = new Setting<>("pulsar.batchingMaxBytes",
      "PULSAR_BATCHING_MAX_BYTES", "131072", "an integer number of bytes from 1024 to 67108864",
      "Most bytes in one batch.", Parsers.intBetween(1024, 64 * 1024 * 1024));
  public static final Setting<Duration> SEND_TIMEOUT = new Setting<>("pulsar.sendTimeout", "PULSAR_SEND_TIMEOUT",
      "10s", "a positive duration such as 10s", "A message not acknowledged within this time is a KO.",
      Parsers::positiveDuration);
  public static final Setting<Integer> MAX_PENDING_MESSAGES = new Setting<>("pulsar.maxPendingMessages",
      "PULSAR_MAX_PENDING_MESSAGES", "0", "an integer from 0 (client memory limit decides) to 10000000",
      "Producer pending-message limit.", Parsers.intBetween(0, 10_000_000));
  public static final Setting<Boolean> BLOCK_IF_QUEUE_FULL = new Setting<>("pulsar.blockIfQueueFull",
      "PULSAR_BLOCK_IF_QUEUE_FULL", "false", "true or false",
      "When the pending queue or the client's memory limit is full: fail the send at once with KO 'queue full' "
          + "(false), or park the virtual user until there is room, for at most the send timeout (true). Neither "
          + "blocks a Gatling thread.", Parsers::bool);
  public static final Setting<Long> MEMORY_LIMIT_BYTES = new Setting<>("pulsar.memoryLimitBytes",
      "PULSAR_MEMORY_LIMIT_BYTES", Long.toString(PulsarSettings.DEFAULT_MEMORY_LIMIT_BYTES),
      "a number of bytes from 1048576 to 17179869184",
      "Most bytes of messages waiting for the broker's answer, all producers together (Pulsar's memory limit): "
          + "the bound on what a stalled broker can pile up in the injector.",
      Parsers.longBetween(1L << 20, 16L << 30));
  public static final Setting<MessageRoutingMode> ROUTING_MODE = new Setting<>("pulsar.routingMode",
      "PULSAR_ROUTING_MODE", "round-robin-partition", "one of " + choices(MessageRoutingMode.class),
      "Partition routing of keyless messages (keyed messages always hash their key).",
      Parsers.oneOf(MessageRoutingMode.class));
  public static final Setting<Integer> PRODUCERS_PER_TOPIC = new Setting<>("pulsar.producersPerTopic",
      "PULSAR_PRODUCERS_PER_TOPIC", "1", "an integer from 1 to 64",
      "Producers sharing a topic's load (a device always uses the same one).", Parsers.intBetween(1, 64));
  public static final Setting<Integer> IO_THREADS = new Setting<>("pulsar.ioThreads", "PULSAR_IO_THREADS", "1",
      "an integer from 1 to 64", "Pulsar client I/O threads.", Parsers.intBetween(1, 64));
  public static final Setting<Integer> CONNECTIONS_PER_BROKER = new Setting<>("pulsar.connectionsPerBroker",
      "PULSAR_CONNECTIONS_PER_BROKER", "1", "an integer from 1 to 64", "Pulsar client connections per broker.",
      Parsers.intBetween(1, 64));
  public static final Setting<Duration> OPERATION_TIMEOUT = new Setting<>("pulsar.operationTimeout",
      "PULSAR_OPERATION_TIMEOUT", "30s", "a positive duration such as 30s",
      "Timeout of lookups and producer creation.", Parsers::positiveDuration);

  public static final Setting<String> PRODUCER_NAME = new Setting<>("pulsar.producerName", "PULSAR_PRODUCER_NAME",
      null, "letters, digits, '.', '_' or '-'",
      "Names the producers NAME-I-N, I the injector.index and N the producer's number (stable across restarts "
          + "of an injector, unique across injectors), so that a namespace with deduplication on recognises a "
          + "resend after a reconnect or a restarted injector; unset, the broker names them.",
      text -> {
        if (!text.matches("[A-Za-z0-9._-]{1,100}")) {
          throw new IllegalArgumentException("not a name of letters, digits, '.', '_' or '-'");
        }
        return text;
      });
  public static final Setting<Duration> AUTO_UPDATE_PARTITIONS_INTERVAL = new Setting<>(
      "pulsar.autoUpdatePartitionsInterval", "PULSAR_AUTO_UPDATE_PARTITIONS_INTERVAL", "60s",
      "a duration from 1s to 1h",
      "How often the producers and the verifying consumer look for partitions added to a partitioned topic "
          + "(Pulsar's own default 60 s): the longest a new partition goes unused.",
      Parsers.durationBetween("1s", "1h"));

  // ---- sensor data
  public static final Setting<Long> DEVICES = new Setting<>("devices", "DEVICE_POOL_SIZE", "17000",
      "an integer from 1 to 100000000", "Devices in the pool (all injectors together).",
      Parsers.longBetween(1, 100_000_000));
  public static final Setting<Long> DEVICE_OFFSET = new Setting<>("deviceOffset", "DEVICE_ID_OFFSET", "0",
      "an integer from 0 to 1000000000", "Global index of the pool's first device (dev-%07d).",
      Parsers.longBetween(0, 1_000_000_000));
  public static final Setting<MessageFormat> FORMAT = new Setting<>("format", "MESSAGE_FORMAT", "avro",
      "one of " + choices(MessageFormat.class),
      "Wire format: Pulsar-native Avro schema, plain Avro bytes, or JSON.", Parsers.oneOf(MessageFormat.class));
  public static final Setting<Long> SEED = new Setting<>("seed", "SEED", "42", "an integer",
      "Seed of the generator: the same seed gives the same devices and readings.",
      Parsers.longBetween(Long.MIN_VALUE, Long.MAX_VALUE));
  public static final Setting<DeviceSelection> DEVICE_SELECTION = new Setting<>("deviceSelection",
      "DEVICE_SELECTION", "random", "one of " + choices(DeviceSelection.class),
      "How each message picks its device.", Parsers.oneOf(DeviceSelection.class));

  // ---- gates (CI performance gates, evaluated as Gatling assertions)
  public static final Setting<Double> GATE_P99_MS = new Setting<>("gate.p99Ms", "GATE_P99_MS", "1000",
      "a number of milliseconds from 0", "Fail the run when the publish latency p99 is above this.",
      Parsers.doubleBetween(0, 3_600_000));
  public static final Setting<Double> GATE_MAX_KO_PERCENT = new Setting<>("gate.maxKoPercent",
      "GATE_MAX_KO_PERCENT", "0", "a percentage from 0 to 100",
      "Fail the run when more than this percentage of sends failed.", Parsers.doubleBetween(0, 100));
  public static final Setting<Double> GATE_MIN_RATE_PERCENT = new Setting<>("gate.minRatePercent",
      "GATE_MIN_RATE_PERCENT", "99", "a percentage from 0 to 100",
      "Fail the run when fewer than this percentage of the planned messages were sent (injector fell behind).",
      Parsers.doubleBetween(0, 100));

  // ---- end-to-end verification
  public static final Setting<Boolean> VERIFY = new Setting<>("verify", "VERIFY", null, "true or false",
      "Run the verifying consumer (loss, duplicates, order, validity, e2e latency). Unset: on with the embedded "
          + "broker, off against a given cluster.", Parsers::bool);
  public static final Setting<Duration> VERIFY_DRAIN_TIMEOUT = new Setting<>("verify.drainTimeout",
      "VERIFY_DRAIN_TIMEOUT", "30s", "a positive duration such as 30s",
      "After the last send, how long the verifying consumer may take to receive what was acknowledged.",
      Parsers::positiveDuration);
  public static final Setting<Long> GATE_MAX_LOST = new Setting<>("gate.maxLost", "GATE_MAX_LOST", "0",
      "an integer from 0", "Fail the run when more acknowledged messages than this were never received.",
      Parsers.longBetween(0, Long.MAX_VALUE));
  public static final Setting<Long> GATE_MAX_DUPLICATES = new Setting<>("gate.maxDuplicates",
      "GATE_MAX_DUPLICATES", "0", "an integer from 0", "Fail the run when more messages than this arrived twice.",
      Parsers.longBetween(0, Long.MAX_VALUE));
  public static final Setting<Long> GATE_MAX_OUT_OF_ORDER = new Setting<>("gate.maxOutOfOrder",
      "GATE_MAX_OUT_OF_ORDER", "0", "an integer from 0",
      "Fail the run when more messages than this arrived after a later message of their device.",
      Parsers.longBetween(0, Long.MAX_VALUE));
  public static final Setting<Long> GATE_MAX_INVALID = new Setting<>("gate.maxInvalid", "GATE_MAX_INVALID", "0",
      "an integer from 0", "Fail the run when more received messages than this do not decode or validate.",
      Parsers.longBetween(0, Long.MAX_VALUE));
  public static final Setting<Double> GATE_E2E_P99_MS = new Setting<>("gate.e2eP99Ms", "GATE_E2E_P99_MS", "2000",
      "a number of milliseconds from 0", "Fail the run when the end-to-end latency p99 is above this.",
      Parsers.doubleBetween(0, 3_600_000));

  // ---- regressions: this run against a known-good one
  public static final Setting<List<java.nio.file.Path>> BASELINE = new Setting<>("baseline", "BASELINE", null,
      "report folders of earlier runs (reports/<runId>) or their summary.json, comma-separated, or a folder of "
          + "such summaries",
      "Known-good runs to judge this one against: the gate.regression.* gates fail the run when a figure is worse "
          + "than in the worst of them by more than its limit and beyond the run-to-run noise. Unset: no regression "
          + "gates.", IoTSettings::baselines);
  public static final Setting<Double> GATE_REGRESSION_P99_PERCENT = new Setting<>("gate.regression.p99Percent",
      "GATE_REGRESSION_P99_PERCENT", "100", "a percentage from 0, or off",
      "With baseline: fail when the publish p99 rose more than this beyond the noise.", IoTSettings::percentOrOff);
  public static final Setting<Double> GATE_REGRESSION_E2E_P99_PERCENT = new Setting<>(
      "gate.regression.e2eP99Percent", "GATE_REGRESSION_E2E_P99_PERCENT", "50", "a percentage from 0, or off",
      "With baseline: fail when the end-to-end p99 rose more than this beyond the noise.",
      IoTSettings::percentOrOff);
  public static final Setting<Double> GATE_REGRESSION_RATE_PERCENT = new Setting<>("gate.regression.ratePercent",
      "GATE_REGRESSION_RATE_PERCENT", "2", "a percentage from 0, or off",
      "With baseline: fail when the acknowledged rate fell more than this beyond the noise.",
      IoTSettings::percentOrOff);
  public static final Setting<Double> GATE_REGRESSION_CPU_PERCENT = new Setting<>("gate.regression.cpuPercent",
      "GATE_REGRESSION_CPU_PERCENT", "20", "a percentage from 0, or off",
      "With baseline: fail when the injector's CPU per message rose more than this beyond the noise.",
      IoTSettings::percentOrOff);

  // ---- does the pipeline keep up: the subscriptions behind the topic
  public static final Setting<List<String>> WATCH_SUBSCRIPTIONS = new Setting<>("watch.subscriptions",
      "WATCH_SUBSCRIPTIONS", null, "comma-separated subscription names, e.g. flink-iot,archiver",
      "Watch these subscriptions of the topic (the pipeline's real consumers): backlog, delivery, lag, consumers, "
          + "a verdict each (keeps up, falls behind, stalled, no consumer) and how long they take to drain after "
          + "the load. Needs the admin URL and permission to read the topic's stats.",
      text -> {
        List<String> names = java.util.Arrays.stream(text.split(",")).map(String::trim).filter(n -> !n.isEmpty())
            .distinct().toList();
        if (names.isEmpty()) {
          throw new IllegalArgumentException("no subscription named");
        }
        return names;
      });
  public static final Setting<String> WATCH_TOPIC = new Setting<>("watch.topic", "WATCH_TOPIC", null,
      "a topic name", "The topic whose subscriptions are watched; unset, the run's topic.", Parsers::topic);
  public static final Setting<Duration> WATCH_INTERVAL = new Setting<>("watch.interval", "WATCH_INTERVAL", "5s",
      "a duration from 1s to 60s", "How often the watched subscriptions are sampled (one stats call each time).",
      Parsers.durationBetween("1s", "60s"));
  public static final Setting<Duration> WATCH_DRAIN_TIMEOUT = new Setting<>("watch.drainTimeout",
      "WATCH_DRAIN_TIMEOUT", "60s", "a duration such as 60s",
      "After the load: how long to wait for the watched backlogs to drain to 0.", Parsers::positiveDuration);
  public static final Setting<Double> GATE_WATCH_MAX_GROWTH_PERCENT = new Setting<>("gate.watch.maxGrowthPercent",
      "GATE_WATCH_MAX_GROWTH_PERCENT", "5", "a percentage from 0, or off",
      "Fail when a watched subscription's undelivered messages grow, over the load, faster than this share of "
          + "the input rate (it falls behind), or when it stalls.", IoTSettings::percentOrOff);
  public static final Setting<Double> GATE_WATCH_MAX_LAG_SECONDS = new Setting<>("gate.watch.maxLagSeconds",
      "GATE_WATCH_MAX_LAG_SECONDS", "off", "a number of seconds, or off",
      "Fail when a watched subscription's oldest unacknowledged message grew older than this during the load.",
      IoTSettings::numberOrOff);
  public static final Setting<Double> GATE_WATCH_MAX_DRAIN_SECONDS = new Setting<>("gate.watch.maxDrainSeconds",
      "GATE_WATCH_MAX_DRAIN_SECONDS", "60", "a number of seconds, or off",
      "Fail when a watched subscription's backlog took longer than this to drain after the load (or did not).",
      IoTSettings::numberOrOff);

  // ---- does the pipeline keep up: a processing stage after the topic, timed by its output topic
  public static final Setting<String> STAGE_TOPIC = new Setting<>("stage.topic", "STAGE_TOPIC", null,
      "a topic name such as persistent://public/default/iot-enriched",
      "Time the processing stage that writes this topic (a Pulsar Function, a Flink job): its latency per output "
          + "and, with stage.match=stamp, the readings that never came out (docs/pipeline.md).", Parsers::topic);
  public static final Setting<String> STAGE_MATCH = new Setting<>("stage.match", "STAGE_MATCH", "stamp",
      "stamp or eventTime",
      "stamp: each output carries its reading's iot.stamp property and key (a 1:1 stage; loss counted); "
          + "eventTime: each output carries the newest contributing reading's event time (an aggregate).",
      text -> switch (text.trim()) {
        case "stamp" -> "stamp";
        case "eventTime" -> "eventTime";
        default -> throw new IllegalArgumentException("neither stamp nor eventTime");
      });
  public static final Setting<String> STAGE_EVENT_TIME = new Setting<>("stage.eventTime", "STAGE_EVENT_TIME",
      "eventTime", "eventTime, property:NAME or field:NAME",
      "Where an output carries its event time (epoch ms): Pulsar's message event time, a property, or a field of "
          + "its value (Avro or JSON).", IoTSettings::eventTimeFrom);
  public static final Setting<Duration> STAGE_DRAIN_TIMEOUT = new Setting<>("stage.drainTimeout",
      "STAGE_DRAIN_TIMEOUT", "30s", "a duration such as 30s",
      "After the load: how long to wait for the stage's last outputs (a reading not out by then is lost).",
      Parsers::positiveDuration);
  public static final Setting<Double> GATE_STAGE_MAX_LOST = new Setting<>("gate.stage.maxLost",
      "GATE_STAGE_MAX_LOST", "0", "a number from 0, or off",
      "Fail when more readings than this never came out of a stage matched by stamp.", IoTSettings::numberOrOff);
  public static final Setting<Double> GATE_STAGE_P99_MS = new Setting<>("gate.stage.p99Ms", "GATE_STAGE_P99_MS",
      "off", "milliseconds, or off", "Fail when the stage's latency p99 (reading sent to output published) is "
          + "higher.", IoTSettings::numberOrOff);

  // ---- the standalone validate command
  public static final Setting<Duration> VALIDATE_DURATION = new Setting<>("validate.duration", "VALIDATE_DURATION",
      "60s", "a positive duration such as 60s or 1h", "validate: stop after this long.", Parsers::positiveDuration);
  public static final Setting<Long> VALIDATE_MESSAGES = new Setting<>("validate.messages", "VALIDATE_MESSAGES", "0",
      "an integer from 0 (no limit)", "validate: stop after this many messages.",
      Parsers.longBetween(0, Long.MAX_VALUE));
  public static final Setting<Boolean> VALIDATE_FROM_EARLIEST = new Setting<>("validate.fromEarliest",
      "VALIDATE_FROM_EARLIEST", "false", "true or false",
      "validate: read the topic from its first retained message instead of from now.", Parsers::bool);

  // ---- identity of the run and of this injector
  public static final Setting<String> RUN_ID = new Setting<>("runId", "RUN_ID", null,
      "letters, digits, '.', '_' or '-'",
      "Name of the run, shared by all injectors of a distributed run. Unset: <simulation>-<start time>.",
      text -> {
        if (!text.matches("[A-Za-z0-9._-]{1,100}")) {
          throw new IllegalArgumentException("not a plain name");
        }
        return text;
      });
  public static final Setting<Integer> INJECTOR_INDEX = new Setting<>("injector.index", "INJECTOR_INDEX", "0",
      "an integer from 0 to injector.count - 1 (Kubernetes' JOB_COMPLETION_INDEX is read when this is unset)",
      "This injector's index: it owns slice index of the devices and 1/count of every rate.",
      Parsers.intBetween(0, 100_000));
  /** Kubernetes Indexed Jobs give each pod its index in JOB_COMPLETION_INDEX. */
  static final Setting<Integer> JOB_COMPLETION_INDEX = new Setting<>("injector.index", "JOB_COMPLETION_INDEX", "0",
      INJECTOR_INDEX.accepted(), INJECTOR_INDEX.description(), Parsers.intBetween(0, 100_000));
  public static final Setting<Integer> INJECTOR_COUNT = new Setting<>("injector.count", "INJECTOR_COUNT", "1",
      "an integer from 1 to 100000", "How many injectors share the run.", Parsers.intBetween(1, 100_000));
  public static final Setting<String> RESULTS_DIR = new Setting<>("results.dir", "RESULTS_DIR", "results",
      "a directory path", "Where each injector writes results/<runId>/injector-<i>/.", Parsers::text);

  public static final Setting<String> REPORTS_DIR = new Setting<>("reports.dir", "REPORTS_DIR", "reports",
      "a directory path", "Where the run's own report goes: reports/<runId>/ (written by the run's last injector "
          + "to end, and by the merge command).", Parsers::text);
  public static final Setting<Duration> START_BARRIER_TIMEOUT = new Setting<>("startBarrier.timeout",
      "START_BARRIER_TIMEOUT", "5m", "a duration such as 2m; 0s turns the barrier off",
      "Injectors of a run (injector.count > 1) wait for each other and start their load at one instant, agreed "
          + "through a control topic; an injector still missing after this long fails the run, naming it.",
      Parsers::duration);

  // ---- long and live runs
  public static final Setting<Boolean> GATLING_LOG = new Setting<>("gatlingLog", "GATLING_LOG", "true",
      "true or false",
      "Gatling's simulation.log and HTML report (~42 MB and ~9 s of report per million messages). false: none, "
          + "for long runs; the run's own results, report and gates stay. SoakIoT's default: false.",
      text -> switch (text) { // exactly these two: the launcher maps them to gatling-log-<value>.conf
        case "true" -> true;
        case "false" -> false;
        default -> throw new IllegalArgumentException("not true or false");
      });

  public static final Setting<Integer> METRICS_PORT = new Setting<>("metrics.port", "METRICS_PORT", "0",
      "a port from 1 to 65535, or 0 for none",
      "Serve live Prometheus metrics of this injector on http://<host>:<port>/metrics. 0: off.",
      Parsers.intBetween(0, 65_535));
  public static final Setting<Duration> METRICS_LINGER = new Setting<>("metrics.lingerAfterRun",
      "METRICS_LINGER_AFTER_RUN", "0s", "a duration such as 30s",
      "With metrics.port: keep serving the final figures this long after the run's end, so Prometheus scrapes "
          + "them once more before the injector exits (at least one scrape interval).", Parsers::duration);

  /**
   * A setting that is a Pulsar client or producer option: where it goes, under Pulsar's own {@code loadConf} key.
   * A new Pulsar option is one declaration above and one line in {@link #PULSAR_OPTIONS}.
   */
  public record PulsarOption<T>(Setting<T> setting, boolean client, String key, Function<T, Object> toConf) {

    /** Adds this option's value from {@code source} to the client or producer configuration. */
    void read(SettingSource source, Map<String, Object> clientConf, Map<String, Object> producerConf) {
      (client ? clientConf : producerConf).put(key, toConf.apply(setting.read(source)));
    }
  }

  /** Every setting that is a Pulsar client or producer option, with its key in Pulsar's configuration. */
  public static final List<PulsarOption<?>> PULSAR_OPTIONS = List.of(
      new PulsarOption<>(COMPRESSION, false, PulsarSettings.COMPRESSION_TYPE, Enum::name),
      new PulsarOption<>(BATCHING, false, PulsarSettings.BATCHING_ENABLED, v -> v),
      new PulsarOption<>(BATCHING_MAX_DELAY, false, PulsarSettings.BATCHING_MAX_PUBLISH_DELAY_MICROS,
          d -> d.toNanos() / 1_000),
      new PulsarOption<>(BATCHING_MAX_MESSAGES, false, PulsarSettings.BATCHING_MAX_MESSAGES, v -> v),
      new PulsarOption<>(BATCHING_MAX_BYTES, false, PulsarSettings.BATCHING_MAX_BYTES, v -> v),
      new PulsarOption<>(SEND_TIMEOUT, false, PulsarSettings.SEND_TIMEOUT_MS, d -> (int) d.toMillis()),
      new PulsarOption<>(MAX_PENDING_MESSAGES, false, PulsarSettings.MAX_PENDING_MESSAGES, v -> v),
      new PulsarOption<>(BLOCK_IF_QUEUE_FULL, false, PulsarSettings.BLOCK_IF_QUEUE_FULL, v -> v),
      new PulsarOption<>(MEMORY_LIMIT_BYTES, true, PulsarSettings.MEMORY_LIMIT_BYTES, v -> v),
      new PulsarOption<>(ROUTING_MODE, false, PulsarSettings.MESSAGE_ROUTING_MODE, Enum::name),
      new PulsarOption<>(IO_THREADS, true, PulsarSettings.IO_THREADS, v -> v),
      new PulsarOption<>(CONNECTIONS_PER_BROKER, true, PulsarSettings.CONNECTIONS_PER_BROKER, v -> v),
      new PulsarOption<>(OPERATION_TIMEOUT, true, PulsarSettings.OPERATION_TIMEOUT_MS, d -> (int) d.toMillis()),
      new PulsarOption<>(AUTO_UPDATE_PARTITIONS_INTERVAL, false, PulsarSettings.AUTO_UPDATE_PARTITIONS_INTERVAL_SECONDS,
          d -> (int) d.toSeconds()));

  /**
   * What a run ran with: the text of every setting as this source gives it, or its default, in the order of docs/settings.md.
   * Secrets are left out, and settings unset without a default.
   */
  public static Map<String, String> effective(SettingSource source) {
    Map<String, String> values = new java.util.LinkedHashMap<>();
    for (Setting<?> s : ALL) {
      if (!s.secret()) {
        source.raw(s.property(), s.env()).or(() -> java.util.Optional.ofNullable(s.defaultText()))
            .ifPresent(text -> values.put(s.property(), text));
      }
    }
    return values;
  }

  /**
   * Baseline runs: each comma-separated entry a report folder (its summary.json), a summary file, or a folder of
   * summaries (its *.json files and its subfolders' summary.json).
   */
  public static List<java.nio.file.Path> baselines(String text) {
    List<java.nio.file.Path> summaries = new java.util.ArrayList<>();
    for (String entry : text.split(",")) {
      java.nio.file.Path path = Parsers.filePath(entry);
      if (java.nio.file.Files.isRegularFile(path)) {
        summaries.add(path);
      } else if (java.nio.file.Files.isRegularFile(path.resolve("summary.json"))) {
        summaries.add(path.resolve("summary.json"));
      } else if (java.nio.file.Files.isDirectory(path)) {
        List<java.nio.file.Path> inside;
        try (var files = java.nio.file.Files.list(path)) {
          inside = files.map(f -> java.nio.file.Files.isDirectory(f) ? f.resolve("summary.json") : f)
              .filter(f -> f.getFileName().toString().endsWith(".json") && java.nio.file.Files.isRegularFile(f))
              .sorted().toList();
        } catch (java.io.IOException e) {
          throw new IllegalArgumentException("cannot list " + path + ": " + e.getMessage());
        }
        if (inside.isEmpty()) {
          throw new IllegalArgumentException(path + " has no summary.json and no run summaries");
        }
        summaries.addAll(inside);
      } else {
        throw new IllegalArgumentException("no such file or folder: " + path);
      }
    }
    return List.copyOf(summaries);
  }

  /** A number from 0, or {@code off} ({@code NaN}: not judged). */
  static double numberOrOff(String text) {
    return percentOrOff(text);
  }

  /** {@code eventTime}, {@code property:NAME} or {@code field:NAME}. */
  static String eventTimeFrom(String text) {
    String t = text.trim();
    if (t.equals("eventTime") || (t.startsWith("property:") || t.startsWith("field:"))
        && t.indexOf(':') < t.length() - 1) {
      return t;
    }
    throw new IllegalArgumentException("neither eventTime, property:NAME nor field:NAME");
  }

  /** A percentage from 0, or {@code off} ({@code NaN}: not judged). */
  static double percentOrOff(String text) {
    if (text.trim().equalsIgnoreCase("off")) {
      return Double.NaN;
    }
    try {
      return Parsers.doubleBetween(0, 1_000_000).parse(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number");
    }
  }

  /** Every setting, in the order of docs/settings.md. */
  public static final List<Setting<?>> ALL = List.of(
      PULSAR_URL, PULSAR_ADMIN_URL, TOPIC, PARTITIONS,
      CLIENT_CONF, AUTH_PLUGIN, AUTH_PARAMS, TOKEN, TLS_TRUST_CERTS, TLS_ALLOW_INSECURE, TLS_HOSTNAME_VERIFICATION,
      BROKER_SECURITY, RATE, DURATION, WARMUP, MESSAGES_PER_USER,
      RAMP_FROM, RAMP_DURATION, SPIKE_FACTOR, SPIKE_DURATION, SPIKE_EVERY, INTERVAL,
      CAPACITY_START, CAPACITY_STEP, CAPACITY_MAX, CAPACITY_STEP_DURATION, CAPACITY_MIN_RATE_PERCENT,
      PROGRESS_INTERVAL,
      COMPRESSION, BATCHING, BATCHING_MAX_DELAY, BATCHING_MAX_MESSAGES, BATCHING_MAX_BYTES, SEND_TIMEOUT,
      MAX_PENDING_MESSAGES, BLOCK_IF_QUEUE_FULL, MEMORY_LIMIT_BYTES, ROUTING_MODE, PRODUCERS_PER_TOPIC, IO_THREADS,
      CONNECTIONS_PER_BROKER, OPERATION_TIMEOUT, PRODUCER_NAME, AUTO_UPDATE_PARTITIONS_INTERVAL,
      DEVICES, DEVICE_OFFSET, FORMAT, SEED, DEVICE_SELECTION,
      GATE_P99_MS, GATE_MAX_KO_PERCENT, GATE_MIN_RATE_PERCENT,
      VERIFY, VERIFY_DRAIN_TIMEOUT, GATE_MAX_LOST, GATE_MAX_DUPLICATES, GATE_MAX_OUT_OF_ORDER, GATE_MAX_INVALID,
      GATE_E2E_P99_MS, BASELINE, GATE_REGRESSION_P99_PERCENT, GATE_REGRESSION_E2E_P99_PERCENT,
      GATE_REGRESSION_RATE_PERCENT, GATE_REGRESSION_CPU_PERCENT, WATCH_SUBSCRIPTIONS, WATCH_TOPIC, WATCH_INTERVAL,
      WATCH_DRAIN_TIMEOUT, GATE_WATCH_MAX_GROWTH_PERCENT, GATE_WATCH_MAX_LAG_SECONDS, GATE_WATCH_MAX_DRAIN_SECONDS,
      STAGE_TOPIC, STAGE_MATCH, STAGE_EVENT_TIME, STAGE_DRAIN_TIMEOUT, GATE_STAGE_MAX_LOST, GATE_STAGE_P99_MS,
      VALIDATE_DURATION, VALIDATE_MESSAGES, VALIDATE_FROM_EARLIEST,
      RUN_ID, INJECTOR_INDEX, INJECTOR_COUNT, RESULTS_DIR, REPORTS_DIR, START_BARRIER_TIMEOUT,
      GATLING_LOG, METRICS_PORT, METRICS_LINGER);
}
