package simulations;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.iotpulsarload.config.IoTSettings.DURATION;
import static io.iotpulsarload.config.IoTSettings.GATLING_LOG;
import static io.iotpulsarload.config.IoTSettings.MESSAGES_PER_USER;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.iotpulsarload.simulation.IoTSimulation;
import java.util.Map;

/**
 * A long constant run (default 1 h) tuned for low overhead: each virtual user publishes 10 readings back to back
 * (messagesPerUser), so Gatling creates a tenth of the users, and Gatling's simulation.log is off (gatlingLog;
 * the pom's SoakIoT profile passes the same default to Gatling): the run's own results, report and gates cost
 * ~70 KB per million messages. See docs/benchmarks.md, "Cost of long runs".
 * {@code mvn gatling:test -Dsimulation=SoakIoT -Drate=2000 -Dduration=8h}
 */
public class SoakIoT extends IoTSimulation {

  public SoakIoT() {
    super(Map.of(DURATION, "1h", MESSAGES_PER_USER, "10", GATLING_LOG, "false"));
  }

  ScenarioBuilder devices = scenario("SoakIoT")
      .repeat(settings().messagesPerUser()).on(exec(publishReading()));

  {
    setUp(devices.injectOpen(load().hold(settings().rate(), settings().duration()).steps()))
        .protocols(pulsarProtocol())
        .assertions(gates());
  }
}
