package simulations;

import io.iotpulsarload.run.IoTSettings;
import io.iotpulsarload.run.IoTSimulation;
import io.iotpulsarload.run.LoadShape;

/**
 * A ramp from {@code rampFrom} (0) to {@code rate} (here 50,000 msg/s by default) over {@code rampDuration}, then
 * {@code rate} held for {@code duration}: "does the pipeline hold a ramp to 50K msg/s?".
 * {@code mvn gatling:test -Dsimulation=RampIoT -Drate=50000 -DrampDuration=2m -Dduration=1m}
 */
public class RampIoT extends IoTSimulation {
  {
    double rate = run.share(run.setting(IoTSettings.RATE.withDefault("50000")));
    LoadShape shape = run.shape()
        .ramp(run.share(run.setting(IoTSettings.RAMP_FROM)), rate, run.setting(IoTSettings.RAMP_DURATION))
        .hold(rate, run.settings().duration());
    setUp(run.population("RampIoT", shape))
        .protocols(run.protocol())
        .assertions(run.gates(shape.plannedMessages()));
  }
}
