package io.iotpulsarload.gatling.pulsar.internal;

import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.structure.ScenarioContext;
import io.iotpulsarload.gatling.pulsar.client.OutgoingMessage;
import io.iotpulsarload.gatling.pulsar.client.ProducerPool;
import io.iotpulsarload.gatling.pulsar.client.PublishErrors;
import java.util.function.Function;
import org.apache.pulsar.client.api.Schema;

/**
 * Publishes one message and records its outcome: OK when the broker acknowledges it, KO with Pulsar's error when
 * the send fails or times out. Latency runs from the send call to the acknowledgement and adds to the enclosing
 * groups' timings; a throttled simulation sends when Gatling's throttler allows. The virtual user continues on
 * its own event loop once the outcome is known.
 *
 * <p>Hot path (guarded by the SteadyIoT benchmark, bench/compare-pulsar-perf.sh): evaluate functions, one
 * {@code sendAsync}, one stats record.
 */
public final class PulsarSendAction<T> extends PulsarRequestAction {

  private final Function<io.gatling.javaapi.core.Session, String> topic;
  private final Function<io.gatling.javaapi.core.Session, OutgoingMessage<T>> message;
  private final Schema<T> schema;
  private final ProducerPool pool;
  private final ScenarioContext ctx;

  public PulsarSendAction(
      String name,
      Function<io.gatling.javaapi.core.Session, String> requestName,
      Function<io.gatling.javaapi.core.Session, String> topic,
      Function<io.gatling.javaapi.core.Session, OutgoingMessage<T>> message,
      Schema<T> schema,
      ProducerPool pool,
      ScenarioContext ctx,
      Action next) {
    super(name, requestName, ctx, next);
    this.topic = topic;
    this.message = message;
    this.schema = schema;
    this.pool = pool;
    this.ctx = ctx;
  }

  @Override
  public void execute(Session session) {
    if (ctx.throttled()) {
      // the throttler grants on its own thread: send from the user's event loop, like every other send
      GatlingAdapter.throttled(ctx, session, () -> session.eventLoop().execute(() -> send(session)));
    } else {
      send(session);
    }
  }

  private void send(Session session) {
    io.gatling.javaapi.core.Session javaSession = new io.gatling.javaapi.core.Session(session);
    String request = name;
    String destination;
    OutgoingMessage<T> outgoing;
    try {
      request = requestName.apply(javaSession);
      destination = topic.apply(javaSession);
      outgoing = message.apply(javaSession);
    } catch (RuntimeException e) {
      crash(session, request, String.valueOf(e.getMessage())); // e.g. a generator failure
      return;
    }
    String requestNameForStats = request;
    long start = clock.nowMillis();
    // publish never throws: every failure, even a synchronous one, arrives here as a failed future
    pool.publish(destination, schema, outgoing).whenComplete((id, error) -> {
      long end = clock.nowMillis();
      boolean ok = error == null;
      GatlingAdapter.logResponse(stats, session, requestNameForStats, start, end, ok,
          ok ? null : PublishErrors.type(error));
      Session timed = GatlingAdapter.withGroupTimings(session, start, end);
      Session after = ok ? timed : GatlingAdapter.markFailed(timed);
      session.eventLoop().execute(() -> next.execute(after));
    });
  }
}
