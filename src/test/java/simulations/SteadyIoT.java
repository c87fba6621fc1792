package simulations;

import io.iotpulsarload.run.IoTSimulation;
import io.iotpulsarload.run.LoadShape;

/**
 * A constant message rate: {@code rate} msg/s for {@code duration}.
 * {@code mvn gatling:test -Dsimulation=SteadyIoT -Drate=5000 -Dduration=2m}
 */
public class SteadyIoT extends IoTSimulation {
  {
    LoadShape shape = run.shape().hold(run.share(run.settings().rate()), run.settings().duration());
    setUp(run.population("SteadyIoT", shape))
        .protocols(run.protocol())
        .assertions(run.gates(shape.plannedMessages()));
  }
}
