package simulations;

import io.iotpulsarload.run.IoTSettings;
import io.iotpulsarload.run.IoTSimulation;
import io.iotpulsarload.run.LoadShape;

/**
 * A long constant run (default 1 h) tuned for low overhead: each virtual user publishes 10 readings back to back
 * (messagesPerUser), so Gatling creates a tenth of the users. See the README for result size per million messages.
 * {@code mvn gatling:test -Dsimulation=SoakIoT -Drate=2000 -Dduration=8h}
 */
public class SoakIoT extends IoTSimulation {
  {
    LoadShape shape = new LoadShape(run.setting(IoTSettings.MESSAGES_PER_USER.withDefault("10")))
        .hold(run.share(run.settings().rate()), run.setting(IoTSettings.DURATION.withDefault("1h")));
    setUp(run.population("SoakIoT", shape))
        .protocols(run.protocol())
        .assertions(run.gates(shape.plannedMessages()));
  }
}
