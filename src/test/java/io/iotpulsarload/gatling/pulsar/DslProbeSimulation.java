package io.iotpulsarload.gatling.pulsar;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.iotpulsarload.gatling.pulsar.PulsarDsl.pulsar;

import io.gatling.javaapi.core.Simulation;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.pulsar.client.api.Schema;

/**
 * Exercises the public DSL the way a user's simulation would: EL strings and session functions for value, key,
 * properties, event time and topic. Run by {@code PulsarDslTest}, which reads the messages back.
 */
public class DslProbeSimulation extends Simulation {

  private final String url = System.getProperty("pulsar.url");
  private final String topic = System.getProperty("probe.topic");
  private final int users = Integer.getInteger("probe.users", 20);

  private final Iterator<Map<String, Object>> devices = IntStream.range(0, Integer.MAX_VALUE)
      .mapToObj(i -> Map.<String, Object>of("deviceId", "dev-" + i, "n", i))
      .iterator();

  {
    setUp(scenario("probe")
            .feed(devices)
            .exec(pulsar("text via EL")
                .send("reading #{n} of #{deviceId}")
                .key("#{deviceId}")
                .property("n", "#{n}")
                .property("source", "dsl-probe")
                .eventTime(session -> 1_700_000_000_000L + session.getInt("n")))
            .exec(pulsar(session -> "bytes via function")
                .sendBytes(session -> ("raw-" + session.getString("deviceId")).getBytes())
                .topic(topic + "-bytes")
                .key(session -> session.getString("deviceId")))
            .exec(pulsar("typed value").sendValue(Schema.INT64, 42L).topic(topic + "-typed"))
            .injectOpen(atOnceUsers(users)))
        .protocols(pulsar().serviceUrl(url).topic(topic).enableBatching(false))
        .assertions(global().failedRequests().count().is(0L));
  }
}
