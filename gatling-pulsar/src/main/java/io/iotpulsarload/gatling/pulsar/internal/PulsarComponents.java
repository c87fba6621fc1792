package io.iotpulsarload.gatling.pulsar.internal;

import io.gatling.core.CoreComponents;
import io.gatling.core.protocol.ProtocolComponents;
import io.gatling.core.session.Session;
import io.gatling.core.stats.StatsEngine;
import io.iotpulsarload.gatling.pulsar.client.PartitionedTopics;
import io.iotpulsarload.gatling.pulsar.client.ProducerPool;
import io.iotpulsarload.gatling.pulsar.client.PublishCounters;
import io.iotpulsarload.gatling.pulsar.client.PulsarSettings;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pulsar.client.api.Schema;
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
  private final io.iotpulsarload.gatling.pulsar.spi.PulsarRunHooks hooks;
  private final PendingReplies pendingReplies = new PendingReplies();
  private final java.util.List<ReplyRouter> routers = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean usersHoldState; // consumers or pending replies, dropped when the user exits

  private PulsarComponents(ProducerPool pool, io.iotpulsarload.gatling.pulsar.spi.PulsarRunHooks hooks) {
    this.pool = pool;
    this.hooks = hooks;
  }

  static PulsarComponents start(PulsarProtocol protocol, CoreComponents core) {
    PulsarSettings settings = protocol.settings();
    if (settings.serviceUrl() == null) {
      throw new IllegalStateException("No Pulsar service URL: call pulsar().serviceUrl(\"pulsar://host:6650\")");
    }
    if (settings.partitions() > 0) {
      PartitionedTopics.ensure(settings);
    }
    ProducerPool pool;
    try {
      pool = new ProducerPool(ProducerPool.newClient(settings), settings, protocol.hooks().publishListener());
    } catch (PulsarClientException e) {
      throw new IllegalStateException("Cannot create a Pulsar client for " + settings.serviceUrl() + ": "
          + e.getMessage(), e);
    }
    PulsarComponents components = new PulsarComponents(pool, protocol.hooks());
    core.actorSystem().registerOnTermination(GatlingAdapter.scalaRunnable(components::close));
    StatsEngine stats = core.statsEngine();
    String scenario = protocol.hooks().scenarioOfOutsideRequests();
    protocol.hooks().onStart((name, start, end, ok, message) ->
        GatlingAdapter.logResponse(stats, scenario, name, start, end, ok, message));
    protocol.hooks().onProducers(pool);
    return components;
  }

  /** Closes the producers (outstanding sends are answered or counted as failed) and prints the final counts. */
  private void close() {
    routers.forEach(ReplyRouter::close);
    PublishCounters.Snapshot counts = pool.closeAndCount();
    System.out.println("pulsar: published " + counts
        + (counts.sent() == counts.acked() + counts.failed() ? " (every message accounted for)" : ""));
  }

  /** Creates (or finds) the producers of a topic and schema, waiting at most the operation timeout. */
  public void awaitProducers(String topic, Schema<?> schema) {
    long timeoutMillis = pool.settings().operationTimeout().toMillis();
    try {
      pool.producersFor(topic, schema).get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot create a producer for " + topic + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("No producer for " + topic + " within " + timeoutMillis + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating producers", e);
    }
  }

  public ProducerPool pool() {
    return pool;
  }

  /** Subscribes a request-reply action's reply consumer, closed with the run. */
  public ReplyRouter replies(String topic, Schema<?> schema,
      java.util.function.Function<org.apache.pulsar.client.api.Message<?>, String> replyId) {
    ReplyRouter router = ReplyRouter.start(pool.client(), topic, schema, replyId);
    routers.add(router);
    return router;
  }

  /** Told by each consume action as it is built: users' consumers are to be closed when they exit. */
  public void consumesUsed() {
    usersHoldState = true;
  }

  /**
   * The replies of non-blocking request-replies, per virtual user; asking for them means users may exit with
   * some uncollected, forgotten then.
   */
  public PendingReplies pendingReplies() {
    usersHoldState = true;
    return pendingReplies;
  }

  /** The run's hooks: a send action tells them it is ready ({@code beforeLoad}). */
  public io.iotpulsarload.gatling.pulsar.spi.PulsarRunHooks hooks() {
    return hooks;
  }

  @Override
  public Function1<Session, Session> onStart() {
    return Session.Identity();
  }

  @Override
  public Function1<Session, BoxedUnit> onExit() {
    // the consumers a virtual user opened (consume actions keep them in its session) close with it
    return session -> {
      if (!usersHoldState) {
        return BoxedUnit.UNIT; // a send-only simulation pays one volatile read per user
      }
      pendingReplies.forget(session.userId());
      for (Object value : GatlingAdapter.attributeValues(session)) {
        if (value instanceof org.apache.pulsar.client.api.Consumer<?> consumer) {
          consumer.closeAsync();
        }
      }
      return BoxedUnit.UNIT;
    };
  }
}
