package simulations;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.iotpulsarload.simulation.IoTSimulation;

/**
 * A constant message rate: {@code rate} msg/s for {@code duration}.
 * {@code mvn gatling:test -Dsimulation=SteadyIoT -Drate=5000 -Dduration=2m}
 */
public class SteadyIoT extends IoTSimulation {

  ScenarioBuilder devices = scenario("SteadyIoT")
      .repeat(settings().messagesPerUser()).on(exec(publishReading()));

  {
    setUp(devices.injectOpen(load().hold(settings().rate(), settings().duration()).steps()))
        .protocols(pulsarProtocol())
        .assertions(gates());
  }
}
