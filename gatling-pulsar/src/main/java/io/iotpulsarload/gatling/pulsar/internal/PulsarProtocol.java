package io.iotpulsarload.gatling.pulsar.internal;

import io.gatling.core.CoreComponents;
import io.gatling.core.config.GatlingConfiguration;
import io.gatling.core.protocol.Protocol;
import io.gatling.core.protocol.ProtocolKey;
import io.iotpulsarload.gatling.pulsar.spi.PulsarRunHooks;
import io.iotpulsarload.gatling.pulsar.client.PulsarSettings;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import scala.Function1;

/**
 * Gatling's view of our Pulsar settings: one protocol value per simulation, keyed by {@link #KEY}.
 *
 * @param settings the client, admin, topic and producer settings
 * @param hooks    what a harness built on the DSL is told about the run
 */
public record PulsarProtocol(PulsarSettings settings, PulsarRunHooks hooks) implements Protocol {

  /** How Gatling finds the Pulsar components of a simulation; it creates them once, from {@code newComponents}. */
  public static final ProtocolKey<PulsarProtocol, PulsarComponents> KEY = new ProtocolKey<>() {
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Class<Protocol> protocolClass() {
      return (Class) PulsarProtocol.class;
    }

    @Override
    public PulsarProtocol defaultProtocolValue(GatlingConfiguration configuration) {
      throw new IllegalStateException(
          "No Pulsar protocol configured: add .protocols(pulsar().serviceUrl(...)) to setUp(...)");
    }

    @Override
    public Function1<PulsarProtocol, PulsarComponents> newComponents(CoreComponents coreComponents) {
      // Gatling asks each scenario's registry for components: every scenario of the simulation (a warm-up, an
      // alerts population) must share one client, one producer pool and one set of counts
      Map<PulsarProtocol, PulsarComponents> started = new ConcurrentHashMap<>();
      return protocol -> started.computeIfAbsent(protocol, p -> PulsarComponents.start(p, coreComponents));
    }
  };
}
