package simulations;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.iotpulsarload.config.IoTSettings.CAPACITY_MAX;
import static io.iotpulsarload.config.IoTSettings.CAPACITY_MIN_RATE_PERCENT;
import static io.iotpulsarload.config.IoTSettings.CAPACITY_START;
import static io.iotpulsarload.config.IoTSettings.CAPACITY_STEP;
import static io.iotpulsarload.config.IoTSettings.CAPACITY_STEP_DURATION;
import static io.iotpulsarload.config.IoTSettings.GATE_MAX_KO_PERCENT;
import static io.iotpulsarload.config.IoTSettings.GATE_P99_MS;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.iotpulsarload.gates.GateLimits;
import io.iotpulsarload.run.CapacitySearch;
import io.iotpulsarload.simulation.IoTSimulation;
import java.time.Duration;

/**
 * Stair steps of increasing rate, from {@code capacity.start} by {@code capacity.step} every
 * {@code capacity.stepDuration} up to {@code capacity.maxRate}, until a step breaks a gate (publish p99 above
 * gate.p99Ms, KO above gate.maxKoPercent, or achieved rate below capacity.minRatePercent of the step's target) or
 * the pipeline behind the topic stops keeping up (a watched subscription falls behind, a timed stage's p99 passes
 * gate.stage.p99Ms).
 * Prints the highest rate that held: "where does it break?". Breaking a step is the answer, not a failure: the
 * run's own gates are, with verification, the delivery gates; its summary plans the steps that ran.
 * {@code mvn gatling:test -Dsimulation=CapacityIoT -Dcapacity.start=10000 -Dcapacity.step=10000}
 */
public class CapacityIoT extends IoTSimulation {

  double start = setting(CAPACITY_START);
  double step = setting(CAPACITY_STEP);
  double max = setting(CAPACITY_MAX);
  Duration stepDuration = setting(CAPACITY_STEP_DURATION);
  int steps = max < start ? 0 : (int) Math.floor((max - start) / step) + 1;

  // judged on this injector's share of each step's rate, like its sends
  CapacitySearch search = new CapacitySearch(settings().slice().share(start), settings().slice().share(step), steps,
      stepDuration, new CapacitySearch.StepLimits(setting(GATE_P99_MS), setting(GATE_MAX_KO_PERCENT),
          setting(CAPACITY_MIN_RATE_PERCENT)));

  ScenarioBuilder devices = scenario("CapacityIoT")
      .repeat(settings().messagesPerUser()).on(
          exec(endRunIf(session -> search.broken(), "capacity found: a step broke a gate"))
          .exec(publishReading()));

  {
    if (steps == 0) {
      throw invalid("capacity.maxRate (" + max + ") must be at least capacity.start (" + start + ")");
    }
    search.watchPipeline(run()::pipelineBehindBetween);
    run().monitor().addListener(search);
    run().adjustGates(GateLimits::judgedStepByStep);
    System.out.printf("iot-pulsar-load: capacity search: %d steps of %s from %.0f msg/s by %.0f msg/s%n",
        steps, stepDuration, start, step);
    setUp(devices.injectOpen(load().stairs(start, step, steps, stepDuration).steps()))
        .protocols(pulsarProtocol())
        .assertions(gates());
  }

  @Override
  public void after() {
    search.finish();
    super.after();
  }
}
