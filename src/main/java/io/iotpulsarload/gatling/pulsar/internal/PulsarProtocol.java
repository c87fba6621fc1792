package io.iotpulsarload.gatling.pulsar.internal;

import io.gatling.core.CoreComponents;
import io.gatling.core.config.GatlingConfiguration;
import io.gatling.core.protocol.Protocol;
import io.gatling.core.protocol.ProtocolKey;
import io.iotpulsarload.gatling.pulsar.RequestRecorder;
import io.iotpulsarload.pulsar.PublishCounters;
import io.iotpulsarload.pulsar.PublishListener;
import io.iotpulsarload.pulsar.PulsarSettings;
import java.util.function.Consumer;
import scala.Function1;

/** Gatling's view of our Pulsar settings: one protocol value per simulation, keyed by {@link #KEY}. */
public final class PulsarProtocol implements Protocol {

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
      return protocol -> PulsarComponents.start(protocol, coreComponents);
    }
  };

  private final PulsarSettings settings;
  private final PublishListener listener;
  private final Consumer<PublishCounters.Snapshot> onRunEnd;
  private final Consumer<RequestRecorder> onRunStart;

  /**
   * @param settings the client, admin, topic and producer settings
   * @param listener told about every send and outcome (live progress, histograms)
   * @param onRunEnd receives the final publish counts once the producers are closed at the end of the run
   * @param onRunStart receives a recorder for requests made outside virtual users when the run starts
   */
  public PulsarProtocol(PulsarSettings settings, PublishListener listener,
      Consumer<PublishCounters.Snapshot> onRunEnd, Consumer<RequestRecorder> onRunStart) {
    this.settings = settings;
    this.listener = listener;
    this.onRunEnd = onRunEnd;
    this.onRunStart = onRunStart;
  }

  public Consumer<RequestRecorder> onRunStart() {
    return onRunStart;
  }

  public PublishListener listener() {
    return listener;
  }

  public Consumer<PublishCounters.Snapshot> onRunEnd() {
    return onRunEnd;
  }

  public PulsarSettings settings() {
    return settings;
  }
}
