package io.iotpulsarload.run;

import com.iot.pipeline.model.SensorData;
import io.iotpulsarload.config.IoTSettings;
import io.iotpulsarload.config.RunSettings;
import io.iotpulsarload.gatling.pulsar.client.ProducerPool;
import io.iotpulsarload.gatling.pulsar.client.PulsarSettings;
import io.iotpulsarload.sensor.MessageFormat;
import io.iotpulsarload.sensor.SensorCodec;
import io.iotpulsarload.sensor.SensorValidator;
import io.iotpulsarload.settings.SettingException;
import io.iotpulsarload.settings.SettingSource;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionMode;

/**
 * The standalone validator (the old Python consumer's replacement): reads any topic of sensor readings, decodes
 * and validates every message, prints the rate, invalid count and a ranges/alert-rate summary every
 * {@code progressInterval}, stops after {@code validate.duration} or {@code validate.messages}, and exits 1 when
 * a message was invalid (2 on bad settings).
 *
 * <pre>bin/iot-pulsar-load validate -Dpulsar.url=pulsar://broker:6650 \
 *     -Dtopic=persistent://public/default/iot-sensor-data</pre>
 */
public final class ValidateCommand {

  private ValidateCommand() {}

  /** What {@code validate --help} prints. */
  public static final String HELP = """
      usage: iot-pulsar-load validate -Dpulsar.url=pulsar://HOST:6650 -Dtopic=TOPIC [-Dformat=avro]
          [-Dvalidate.duration=60s] [-Dvalidate.messages=0] [-Dvalidate.fromEarliest=false]
      Reads a topic of sensor readings (any producer's), decodes and validates every message, and prints the
      rate, the invalid count and the ranges and alert rates every progressInterval. The security settings of a
      run apply (pulsar.clientConf, pulsar.token, ...).
      Exit status: 0 every message valid, 1 an invalid message, 2 bad input or an unreachable cluster.""";

  public static void main(String[] args) {
    System.exit(run(SettingSource.system(), System.out));
  }

  /** Runs the validation; returns the process exit status. */
  public static int run(SettingSource source, PrintStream out) {
    PulsarSettings pulsar;
    String url;
    String topic;
    MessageFormat format;
    Duration duration;
    long limit;
    boolean fromEarliest;
    Duration interval;
    try {
      pulsar = RunSettings.readPulsar(source);
      if (pulsar.serviceUrl() == null) {
        throw new SettingException("validate needs a cluster: set pulsar.url (-Dpulsar.url / PULSAR_URL), e.g. "
            + "pulsar://127.0.0.1:6650, or pulsar.clientConf");
      }
      url = pulsar.serviceUrl();
      topic = pulsar.topic();
      format = IoTSettings.FORMAT.read(source);
      duration = IoTSettings.VALIDATE_DURATION.read(source);
      limit = IoTSettings.VALIDATE_MESSAGES.read(source);
      fromEarliest = IoTSettings.VALIDATE_FROM_EARLIEST.read(source);
      interval = IoTSettings.PROGRESS_INTERVAL.read(source);
      ConnectionCheck.check(pulsar);
    } catch (SettingException e) {
      out.println("validate: " + e.getMessage());
      return 2;
    }
    Tally tally = new Tally();
    try (PulsarClient client = ProducerPool.newClient(pulsar);
        Consumer<byte[]> consumer = client.newConsumer(Schema.BYTES)
            .topic(topic)
            .subscriptionName("iot-pulsar-load-validate-" + UUID.randomUUID())
            .subscriptionMode(SubscriptionMode.NonDurable)
            .subscriptionInitialPosition(
                fromEarliest ? SubscriptionInitialPosition.Earliest : SubscriptionInitialPosition.Latest)
            .subscribe()) {
      out.printf("validate: reading %s (%s) for at most %s%s%n", topic, format.name().toLowerCase(Locale.ROOT),
          duration, limit > 0 ? " or " + limit + " messages" : "");
      long start = System.nanoTime();
      long end = start + duration.toNanos();
      long nextReport = start + interval.toNanos();
      long lastReportCount = 0;
      while (System.nanoTime() < end && (limit == 0 || tally.received < limit)) {
        Message<byte[]> m = consumer.receive(200, TimeUnit.MILLISECONDS);
        if (m != null) {
          tally.add(m, format, out);
        }
        long now = System.nanoTime();
        if (now >= nextReport) {
          double seconds = interval.toNanos() / 1e9;
          out.println("validate: " + tally.line((tally.received - lastReportCount) / seconds,
              (now - start) / 1_000_000_000L));
          lastReportCount = tally.received;
          nextReport += interval.toNanos();
        }
      }
      double seconds = Math.max(0.001, (System.nanoTime() - start) / 1e9);
      out.println("validate: done: " + tally.line(tally.received / seconds, (long) seconds));
    } catch (PulsarClientException e) {
      out.println("validate: cannot read " + topic + " at " + url + ": " + Preflight.explain(e, pulsar));
      return 2;
    }
    return tally.invalid == 0 ? 0 : 1;
  }

  /** Counts, ranges and alert rates of what was read. */
  private static final class Tally {
    long received;
    long invalid;
    long temperatureAlerts;
    long humidityAlerts;
    long batteryAlerts;
    double minTemperature = Double.MAX_VALUE;
    double maxTemperature = -Double.MAX_VALUE;

    void add(Message<byte[]> m, MessageFormat format, PrintStream out) {
      received++;
      String problem;
      SensorData d = null;
      try {
        d = SensorCodec.forThisThread().decode(format, m.getData());
        problem = SensorValidator.problem(d);
      } catch (IllegalArgumentException e) {
        problem = "undecodable as " + format + ": " + e.getMessage();
      }
      if (problem != null) {
        invalid++;
        if (invalid <= 5) {
          out.println("validate: invalid message " + m.getMessageId() + " key " + m.getKey() + ": " + problem);
        }
        return;
      }
      temperatureAlerts += d.getTemperature() > 35 ? 1 : 0;
      humidityAlerts += d.getHumidity() > 80 ? 1 : 0;
      batteryAlerts += d.getBatteryLevel() < 20 ? 1 : 0;
      minTemperature = Math.min(minTemperature, d.getTemperature());
      maxTemperature = Math.max(maxTemperature, d.getTemperature());
    }

    String line(double rate, long elapsedSeconds) {
      long valid = Math.max(1, received - invalid);
      return String.format(Locale.ROOT, "+%ds received=%d rate=%.0f msg/s invalid=%d temperature %.1f..%.1f C, "
              + "alerts: temperature>35 %.2f %%, humidity>80 %.2f %%, battery<20 %.2f %%",
          elapsedSeconds, received, rate, invalid, received > invalid ? minTemperature : 0,
          received > invalid ? maxTemperature : 0, 100.0 * temperatureAlerts / valid, 100.0 * humidityAlerts / valid,
          100.0 * batteryAlerts / valid);
    }
  }
}
