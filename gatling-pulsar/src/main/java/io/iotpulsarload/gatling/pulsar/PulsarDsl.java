package io.iotpulsarload.gatling.pulsar;

import io.gatling.javaapi.core.Session;
import io.iotpulsarload.gatling.pulsar.internal.GatlingAdapter;
import java.util.function.Function;

/**
 * The entry point of the Pulsar DSL for Gatling, to import statically beside {@code CoreDsl}:
 *
 * <pre>{@code
 * PulsarProtocolBuilder protocol = pulsar().serviceUrl("pulsar://127.0.0.1:6650").topic("iot-sensor-data");
 * ScenarioBuilder scn = scenario("devices").exec(pulsar("send reading").send("#{payload}").key("#{deviceId}"));
 * }</pre>
 */
public final class PulsarDsl {

  private PulsarDsl() {}

  /**
   * Starts a protocol; its first step sets the one mandatory setting, the broker service URL.
   *
   * @return the step that takes the service URL
   */
  public static PulsarProtocolBuilder.ServiceUrlStep pulsar() {
    return PulsarProtocolBuilder.ServiceUrlStep.INSTANCE;
  }

  /**
   * Starts a request.
   *
   * @param requestName the name in the report, a static text or a Gatling EL string
   * @return the step that chooses what to send
   */
  public static PulsarRequestBuilder pulsar(String requestName) {
    return new PulsarRequestBuilder(requestName, GatlingAdapter.elFunction(requestName, String.class));
  }

  /**
   * Starts a request whose name is computed from the session.
   *
   * @param requestName the name in the report, as a function of the session
   * @return the step that chooses what to send
   */
  public static PulsarRequestBuilder pulsar(Function<Session, String> requestName) {
    return new PulsarRequestBuilder("pulsar", requestName);
  }
}
