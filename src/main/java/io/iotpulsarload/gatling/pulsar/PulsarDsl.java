package io.iotpulsarload.gatling.pulsar;

import io.gatling.javaapi.core.Session;
import io.iotpulsarload.gatling.pulsar.internal.GatlingAdapter;
import io.iotpulsarload.pulsar.PublishListener;
import io.iotpulsarload.pulsar.PulsarSettings;
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

  /** Starts a protocol with the defaults (LZ4, batching, 10 s send timeout); set at least its service URL. */
  public static PulsarProtocolBuilder pulsar() {
    return new PulsarProtocolBuilder(PulsarSettings.defaults(), PublishListener.NONE,
        counts -> System.out.println("pulsar: " + counts), recorder -> { });
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
