package simulations;

import static io.gatling.javaapi.core.CoreDsl.pace;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.iotpulsarload.config.IoTSettings.INTERVAL;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.iotpulsarload.simulation.IoTSimulation;
import java.time.Duration;

/**
 * The device model: one virtual user per device (default 17,000), each sending a reading every {@code interval}
 * for {@code duration} (one per started interval), paced (closed model: a slow broker slows the devices, as with real devices that wait
 * for their acknowledgement). Total rate = devices / interval. Users start spread over one interval.
 * {@code mvn gatling:test -Dsimulation=DevicesIoT -Ddevices=17000 -Dinterval=1s -Dduration=5m}
 */
public class DevicesIoT extends IoTSimulation {

  Duration interval = setting(INTERVAL);
  // one reading per started interval of the duration: exactly that many, however the timers fall
  long readingsPerDevice = (settings().duration().toMillis() + interval.toMillis() - 1) / interval.toMillis();

  ScenarioBuilder devices = scenario("DevicesIoT")
      .repeat((int) readingsPerDevice).on(pace(interval).exec(publishReadingOfUsersDevice()));

  {
    long deviceCount = run().devicePool().size();
    System.out.printf("iot-pulsar-load: %d devices, one reading every %s each: %.0f msg/s%n",
        deviceCount, interval, deviceCount * 1000.0 / interval.toMillis());
    setUp(devices.injectOpen(load().devices(deviceCount, interval, settings().duration()).steps()))
        .protocols(pulsarProtocol())
        .assertions(gates());
  }
}
