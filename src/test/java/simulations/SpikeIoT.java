package simulations;

import io.iotpulsarload.run.IoTSettings;
import io.iotpulsarload.run.IoTSimulation;
import io.iotpulsarload.run.LoadShape;

/**
 * A baseline of {@code rate} msg/s with spikes of {@code spikeFactor} x baseline lasting {@code spikeDuration},
 * one at the end of every {@code spikeEvery}, for {@code duration}: "what happens at a 5x spike?".
 * {@code mvn gatling:test -Dsimulation=SpikeIoT -Drate=2000 -DspikeFactor=5 -Dduration=5m}
 */
public class SpikeIoT extends IoTSimulation {
  {
    LoadShape shape;
    try {
      shape = run.shape().spikes(run.share(run.settings().rate()), run.setting(IoTSettings.SPIKE_FACTOR),
          run.setting(IoTSettings.SPIKE_DURATION), run.setting(IoTSettings.SPIKE_EVERY), run.settings().duration());
    } catch (IllegalArgumentException e) {
      throw run.invalid(e.getMessage());
    }
    setUp(run.population("SpikeIoT", shape))
        .protocols(run.protocol())
        .assertions(run.gates(shape.plannedMessages()));
  }
}
