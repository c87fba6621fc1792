package simulations;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.iotpulsarload.config.IoTSettings.RAMP_DURATION;
import static io.iotpulsarload.config.IoTSettings.RAMP_FROM;
import static io.iotpulsarload.config.IoTSettings.RATE;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.iotpulsarload.simulation.IoTSimulation;
import java.util.Map;

/**
 * A ramp from {@code rampFrom} (0) to {@code rate} (here 50,000 msg/s by default) over {@code rampDuration}, then
 * {@code rate} held for {@code duration}: "does the pipeline hold a ramp to 50K msg/s?".
 * {@code mvn gatling:test -Dsimulation=RampIoT -Drate=50000 -DrampDuration=2m -Dduration=1m}
 */
public class RampIoT extends IoTSimulation {

  public RampIoT() {
    super(Map.of(RATE, "50000"));
  }

  ScenarioBuilder devices = scenario("RampIoT")
      .repeat(settings().messagesPerUser()).on(exec(publishReading()));

  {
    double rate = settings().rate();
    setUp(devices.injectOpen(load()
            .ramp(setting(RAMP_FROM), rate, setting(RAMP_DURATION))
            .hold(rate, settings().duration())
            .steps()))
        .protocols(pulsarProtocol())
        .assertions(gates());
  }
}
