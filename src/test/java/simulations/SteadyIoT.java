package simulations;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Simulation;
import io.iotpulsarload.run.IoTRun;

/**
 * A constant message rate for a duration: {@code rate} msg/s for {@code duration}, each virtual user publishing
 * one generated reading. Run: {@code mvn gatling:test -Dsimulation=SteadyIoT -Drate=5000 -Dduration=2m}.
 */
public class SteadyIoT extends Simulation {

  private final IoTRun run = IoTRun.start();

  {
    double rate = run.share(run.settings().rate());
    double seconds = run.settings().duration().toMillis() / 1000.0;
    setUp(scenario("SteadyIoT")
            .exec(run.publishReading())
            .injectOpen(constantUsersPerSec(rate).during(run.settings().duration())))
        .protocols(run.protocol())
        .assertions(run.gates(rate * seconds));
  }
}
