package io.iotpulsarload.gatling.pulsar.internal;

import io.gatling.commons.util.Clock;
import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.stats.StatsEngine;
import io.gatling.core.structure.ScenarioContext;
import java.util.function.Function;

/** What the Pulsar request actions share: their names, Gatling's stats and clock, the next action. */
abstract class PulsarRequestAction extends GatlingAdapter.JavaAction {

  protected final String name;
  protected final Function<io.gatling.javaapi.core.Session, String> requestName;
  protected final StatsEngine stats;
  protected final Clock clock;
  protected final Action next;

  PulsarRequestAction(String name, Function<io.gatling.javaapi.core.Session, String> requestName,
      ScenarioContext ctx, Action next) {
    this.name = name;
    this.requestName = requestName;
    this.stats = ctx.coreComponents().statsEngine();
    this.clock = ctx.coreComponents().clock();
    this.next = next;
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * A request that could not even be built (a bad expression, a missing attribute): nothing was sent; recorded
   * as crashed, and the user goes on, failed.
   */
  protected void crash(Session session, String request, String error) {
    GatlingAdapter.logCrash(stats, session, request, error);
    next.execute(GatlingAdapter.markFailed(session));
  }
}
