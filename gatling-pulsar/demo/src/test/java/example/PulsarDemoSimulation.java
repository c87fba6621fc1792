package example;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.iotpulsarload.gatling.pulsar.PulsarDsl.pulsar;
import static io.iotpulsarload.gatling.pulsar.PulsarDsl.pulsarKey;
import static io.iotpulsarload.gatling.pulsar.PulsarDsl.pulsarValue;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.iotpulsarload.gatling.pulsar.PulsarProtocolBuilder;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;

/** Devices send readings as JSON; a reader receives and checks them. */
public class PulsarDemoSimulation extends Simulation {

  /** A reading, sent with Pulsar's JSON schema. */
  public record Reading(String deviceId, double temperature) {}

  private static final int DEVICES = 20;

  private final String topic = System.getProperty("topic", "persistent://public/default/demo-readings");

  private final PulsarProtocolBuilder pulsarProtocol = pulsar()
      .serviceUrl(System.getProperty("pulsar.url", "pulsar://127.0.0.1:6650"))
      .topic(topic);

  private final Iterator<Map<String, Object>> devices = IntStream.range(0, Integer.MAX_VALUE)
      .mapToObj(i -> Map.<String, Object>of("deviceId", "device-" + i))
      .iterator();

  private final ScenarioBuilder sensors = scenario("sensors")
      .feed(devices)
      .exec(pulsar("send reading")
          .send(Schema.JSON(Reading.class), session -> new Reading(session.getString("deviceId"), 21.5))
          .key("#{deviceId}"));

  // from the earliest reading: the reader may subscribe after the sensors sent
  private final ScenarioBuilder reader = scenario("reader")
      .exec(pulsar("receive reading")
          .consume(Schema.JSON(Reading.class), topic)
          .subscriptionName("demo-reader")
          .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
          .messages(DEVICES)
          .timeout(Duration.ofSeconds(30))
          .check(
              pulsarKey().exists(),
              pulsarValue(Reading.class).transform(Reading::temperature).is(21.5)));

  {
    setUp(
        sensors.injectOpen(atOnceUsers(DEVICES)),
        reader.injectOpen(atOnceUsers(1)))
        .protocols(pulsarProtocol)
        .assertions(
            global().failedRequests().count().is(0L),
            details("receive reading").successfulRequests().count().is((long) DEVICES));
  }
}
