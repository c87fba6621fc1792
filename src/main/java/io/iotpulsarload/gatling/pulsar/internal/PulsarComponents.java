package io.iotpulsarload.gatling.pulsar.internal;

import io.gatling.core.CoreComponents;
import io.gatling.core.protocol.ProtocolComponents;
import io.gatling.core.session.Session;
import io.iotpulsarload.pulsar.ProducerPool;
import io.iotpulsarload.pulsar.PublishCounters;
import io.iotpulsarload.pulsar.PulsarSettings;
import io.iotpulsarload.pulsar.TopicAdmin;
import java.util.function.Consumer;
import org.apache.pulsar.client.api.PulsarClientException;
import scala.Function1;
import scala.runtime.BoxedUnit;

/**
 * What a simulation's Pulsar requests share: one client and one {@link ProducerPool}. Created when the simulation
 * starts; closed when Gatling's actor system terminates, which flushes the producers and counts anything still
 * unanswered as failed.
 */
public final class PulsarComponents implements ProtocolComponents {

  private final ProducerPool pool;

  private PulsarComponents(ProducerPool pool) {
    this.pool = pool;
  }

  static PulsarComponents start(
      PulsarSettings settings, Consumer<PublishCounters.Snapshot> onRunEnd, CoreComponents core) {
    if (settings.serviceUrl() == null) {
      throw new IllegalStateException("No Pulsar service URL: call pulsar().serviceUrl(\"pulsar://host:6650\")");
    }
    if (settings.partitions() > 0) {
      TopicAdmin.ensurePartitioned(settings.effectiveAdminUrl(), settings.topic(), settings.partitions());
    }
    ProducerPool pool;
    try {
      pool = new ProducerPool(ProducerPool.newClient(settings), settings);
    } catch (PulsarClientException e) {
      throw new IllegalStateException("Cannot create a Pulsar client for " + settings.serviceUrl() + ": "
          + e.getMessage(), e);
    }
    PulsarComponents components = new PulsarComponents(pool);
    core.actorSystem().registerOnTermination(GatlingAdapter.scalaRunnable(() -> components.close(onRunEnd)));
    return components;
  }

  private void close(Consumer<PublishCounters.Snapshot> onRunEnd) {
    onRunEnd.accept(pool.closeAndCount());
  }

  public ProducerPool pool() {
    return pool;
  }

  @Override
  public Function1<Session, Session> onStart() {
    return Session.Identity();
  }

  @Override
  public Function1<Session, BoxedUnit> onExit() {
    return ProtocolComponents.NoopOnExit();
  }
}
