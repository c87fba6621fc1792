package examples;

import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.iotpulsarload.gatling.pulsar.PulsarDsl.pulsar;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.iotpulsarload.simulation.IoTSimulation;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Generated readings tagged with a shift from a feeder, and, for one virtual user in ten, an alert to a second
 * topic. {@code mvn gatling:test -Dsimulation=AlertsIoT -Drate=500 -Dduration=30s}
 */
public class AlertsIoT extends IoTSimulation {

  Iterator<Map<String, Object>> shifts = Stream.iterate(0L, n -> n + 1)
      .map(n -> Map.<String, Object>of("shift", n % 3 == 0 ? "night" : "day", "n", n))
      .iterator();

  String alerts = settings().pulsar().topic() + "-alerts";

  ScenarioBuilder devices = scenario("AlertsIoT")
      .feed(shifts)
      .exec(publishReading().property("shift", "#{shift}"))
      .exec(doIf(session -> session.getLong("n") % 10 == 0).then(
          pulsar("alert").send("check site of reading #{n} (#{shift} shift)").topic(alerts).key("alerts")));

  {
    setUp(devices.injectOpen(load().hold(settings().rate(), settings().duration()).steps()))
        .protocols(pulsarProtocol())
        .assertions(gates());
  }
}
