package simulations;

import static io.gatling.javaapi.core.CoreDsl.incrementUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.stopLoadGeneratorIf;

import io.iotpulsarload.run.CapacitySearch;
import io.iotpulsarload.run.IoTSettings;
import io.iotpulsarload.run.IoTSimulation;
import io.iotpulsarload.run.RunSettings;
import java.time.Duration;
import java.util.List;

/**
 * Stair steps of increasing rate, from {@code capacity.start} by {@code capacity.step} every
 * {@code capacity.stepDuration} up to {@code capacity.maxRate}, until a step breaks a gate (publish p99 above
 * gate.p99Ms, KO above gate.maxKoPercent, or achieved rate below capacity.minRatePercent of the step's target). Prints
 * the highest rate that held: "where does it break?".
 * {@code mvn gatling:test -Dsimulation=CapacityIoT -Dcapacity.start=10000 -Dcapacity.step=10000}
 */
public class CapacityIoT extends IoTSimulation {

  private final CapacitySearch search;

  {
    double start = run.share(run.setting(IoTSettings.CAPACITY_START));
    double step = run.share(run.setting(IoTSettings.CAPACITY_STEP));
    double max = run.share(run.setting(IoTSettings.CAPACITY_MAX));
    Duration stepDuration = run.setting(IoTSettings.CAPACITY_STEP_DURATION);
    if (max < start) {
      throw run.invalid("capacity.maxRate (" + max + ") must be at least capacity.start (" + start + ")");
    }
    int steps = (int) Math.floor((max - start) / step) + 1;
    RunSettings.Gates gates = run.settings().gates();
    search = new CapacitySearch(start, step, steps, stepDuration, new RunSettings.Gates(gates.p99Ms(),
        gates.maxKoPercent(), run.setting(IoTSettings.CAPACITY_MIN_RATE_PERCENT)));
    run.monitor().addListener(search);
    int perUser = run.setting(IoTSettings.MESSAGES_PER_USER);
    System.out.printf("iot-pulsar-load: capacity search: %d steps of %s from %.0f msg/s by %.0f msg/s%n",
        steps, stepDuration, start, step);
    setUp(run.scenario("CapacityIoT", perUser,
            List.of(stopLoadGeneratorIf("capacity found: a step broke a gate", session -> search.broken())))
        .injectOpen(incrementUsersPerSec(step / perUser).times(steps).eachLevelLasting(stepDuration)
            .startingFrom(start / perUser)))
        .protocols(run.protocol());
  }

  @Override
  public void after() {
    super.after();
    search.finish();
  }
}
