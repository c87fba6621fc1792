package simulations;

import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.pace;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.iotpulsarload.run.IoTSettings;
import io.iotpulsarload.run.IoTSimulation;
import java.time.Duration;

/**
 * The device model: one virtual user per device (default 17,000), each sending a reading every {@code interval}
 * for {@code duration}, paced (closed model: a slow broker slows the devices, as with real devices that wait
 * for their acknowledgement). Total rate = devices / interval. Users start spread over one interval.
 * {@code mvn gatling:test -Dsimulation=DevicesIoT -Ddevices=17000 -Dinterval=1s -Dduration=5m}
 */
public class DevicesIoT extends IoTSimulation {
  {
    int devices = run.devicePool().size();
    Duration interval = run.setting(IoTSettings.INTERVAL);
    Duration duration = run.settings().duration();
    long readingsPerDevice = duration.toMillis() / interval.toMillis();
    double planned = (double) devices * readingsPerDevice;
    System.out.printf("iot-pulsar-load: %d devices, one reading every %s each: %.0f msg/s%n",
        devices, interval, devices * 1000.0 / interval.toMillis());
    setUp(scenario("DevicesIoT")
            .exec(during(duration).on(pace(interval).exec(run.publishReadingOfUsersDevice())))
            .injectOpen(rampUsers(devices).during(interval)))
        .protocols(run.protocol())
        .assertions(run.gates(planned));
  }
}
