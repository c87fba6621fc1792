package simulations;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.iotpulsarload.config.IoTSettings.SPIKE_DURATION;
import static io.iotpulsarload.config.IoTSettings.SPIKE_EVERY;
import static io.iotpulsarload.config.IoTSettings.SPIKE_FACTOR;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.iotpulsarload.simulation.IoTSimulation;
import io.iotpulsarload.simulation.Load;

/**
 * A baseline of {@code rate} msg/s with spikes of {@code spikeFactor} x baseline lasting {@code spikeDuration},
 * one at the end of every {@code spikeEvery}, for {@code duration}: "what happens at a 5x spike?".
 * {@code mvn gatling:test -Dsimulation=SpikeIoT -Drate=2000 -DspikeFactor=5 -Dduration=5m}
 */
public class SpikeIoT extends IoTSimulation {

  ScenarioBuilder devices = scenario("SpikeIoT")
      .repeat(settings().messagesPerUser()).on(exec(publishReading()));

  {
    Load spikes;
    try {
      spikes = load().spikes(settings().rate(), setting(SPIKE_FACTOR), setting(SPIKE_DURATION),
          setting(SPIKE_EVERY), settings().duration());
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    setUp(devices.injectOpen(spikes.steps()))
        .protocols(pulsarProtocol())
        .assertions(gates());
  }
}
