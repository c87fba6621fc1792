package io.iotpulsarload.gatling.pulsar.internal;

import com.typesafe.scalalogging.Logger;
import com.typesafe.scalalogging.StrictLogging;
import io.gatling.commons.stats.KO$;
import io.gatling.commons.stats.OK$;
import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.stats.StatsEngine;
import io.gatling.javaapi.core.internal.Expressions;
import io.gatling.core.actor.ActorRef;
import io.gatling.core.controller.throttle.Throttler;
import io.gatling.core.controller.throttle.Throttler$Command$ThrottledRequest;
import io.gatling.core.scenario.SimulationParams;
import io.gatling.core.structure.PopulationBuilder;
import io.gatling.core.structure.ScenarioContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import scala.jdk.javaapi.CollectionConverters;
import scala.Option;
import scala.runtime.BoxedUnit;

/**
 * Every contact with Gatling's Scala API lives here, so the rest of the protocol is plain Java.
 *
 * <p>Gatling's internals are not a stable API: this class is written against Gatling 3.15.1, pinned in the pom.
 * Traps it absorbs: the {@code StrictLogging} trait's {@code logger} val (accessor + setter + {@code $init$}),
 * {@code Option}/{@code List}/status singletons, Scala functions that must return {@code BoxedUnit.UNIT}, and
 * {@code ChainableAction}'s stacked trait methods (we implement the plain {@link Action} trait instead, whose
 * methods javac does see, and chain to {@code next} ourselves).
 */
public final class GatlingAdapter {

  private GatlingAdapter() {}

  /** Base of our Gatling actions: the Scala {@link Action} trait with its logger plumbing done. */
  public abstract static class JavaAction implements Action {
    private Logger logger;

    protected JavaAction() {
      StrictLogging.$init$(this);
    }

    @Override
    public final Logger logger() {
      return logger;
    }

    @Override
    @SuppressWarnings("checkstyle:MethodName")
    public final void com$typesafe$scalalogging$StrictLogging$_setter_$logger_$eq(Logger value) {
      this.logger = value;
    }
  }

  /** Records one request in Gatling's stats (the HTML report and the assertions). */
  public static void logResponse(StatsEngine stats, Session session, String requestName,
      long startMillis, long endMillis, boolean ok, String errorMessage) {
    logResponse(stats, session.scenario(), session.groups(), requestName, startMillis, endMillis, ok, errorMessage);
  }

  /** Records one request made outside any virtual user, under the given scenario name and no group. */
  public static void logResponse(StatsEngine stats, String scenario, String requestName,
      long startMillis, long endMillis, boolean ok, String errorMessage) {
    logResponse(stats, scenario, scala.collection.immutable.List$.MODULE$.empty(), requestName, startMillis,
        endMillis, ok, errorMessage);
  }

  private static void logResponse(StatsEngine stats, String scenario,
      scala.collection.immutable.List<String> groups, String requestName, long startMillis, long endMillis,
      boolean ok, String errorMessage) {
    stats.logResponse(
        scenario,
        groups,
        requestName,
        startMillis,
        endMillis,
        ok ? OK$.MODULE$ : KO$.MODULE$,
        Option.empty(),
        ok ? Option.empty() : Option.apply(errorMessage));
  }

  /** Records a request that could not even be built (e.g. a session attribute was missing). */
  public static void logCrash(StatsEngine stats, Session session, String requestName, String error) {
    stats.logRequestCrash(session.scenario(), session.groups(), requestName, error);
  }

  /** The session marked failed, for the virtual user's next action after a KO. */
  public static Session markFailed(Session session) {
    return session.markAsFailed();
  }

  /** A Gatling EL string ("#{deviceId}") as a Java function; static text skips the EL engine altogether. */
  public static <T> Function<io.gatling.javaapi.core.Session, T> elFunction(String el, Class<T> type) {
    if (!el.contains("#{")) {
      if (type == String.class) {
        @SuppressWarnings("unchecked")
        T constant = (T) el;
        return session -> constant;
      }
    }
    return Expressions.expressionToJavaFunction(Expressions.<T>toExpression(el, type));
  }

  /** A Gatling EL string that resolves to bytes. */
  public static Function<io.gatling.javaapi.core.Session, byte[]> elBytesFunction(String el) {
    return Expressions.expressionToJavaFunction(Expressions.toBytesExpression(el));
  }

  /**
   * Runs {@code request} now, or, when the simulation is throttled ({@code setUp(..).throttle(..)}), when
   * Gatling's throttler grants it, as Gatling's own request actions do.
   */
  public static void throttled(ScenarioContext ctx, Session session, Runnable request) {
    Option<ActorRef<Throttler.Command>> throttler = ctx.coreComponents().throttler();
    if (ctx.throttled() && throttler.isDefined()) {
      throttler.get().$bang(new Throttler$Command$ThrottledRequest(session.scenario(), scalaRunnable(request)));
    } else {
      request.run();
    }
  }

  /** The session with one more request's timings added to its enclosing groups (Gatling's group timings). */
  public static Session withGroupTimings(Session session, long startMillis, long endMillis) {
    return session.groups().isEmpty() ? session : session.logGroupRequestTimings(startMillis, endMillis);
  }

  /**
   * The simulation's parameters with {@code last} appended after the whole chain of every root population (so it
   * starts once that root and everything chained after it has ended), and {@code assertions} added unless the
   * simulation already declares them.
   *
   * @param last builds the population to append after root {@code i} of {@code count}
   */
  public static SimulationParams appendAfterEveryRoot(SimulationParams params,
      BiFunction<Integer, Integer, io.gatling.javaapi.core.PopulationBuilder> last,
      List<io.gatling.javaapi.core.Assertion> assertions) {
    List<PopulationBuilder> roots = CollectionConverters.asJava(params.rootPopulationBuilders());
    List<PopulationBuilder> newRoots = new ArrayList<>();
    for (int i = 0; i < roots.size(); i++) {
      newRoots.add(thenStart(roots.get(i),
          CollectionConverters.asScala(List.of(last.apply(i, roots.size()).asScala())).toList()));
    }
    List<io.gatling.commons.stats.assertion.Assertion> allAssertions =
        new ArrayList<>(CollectionConverters.asJava(params.assertions()));
    for (io.gatling.javaapi.core.Assertion a : assertions) {
      if (!allAssertions.contains(a.asScala())) {
        allAssertions.add(a.asScala());
      }
    }
    return new SimulationParams(params.name(), CollectionConverters.asScala(newRoots).toList(),
        params.globalProtocols(), params.globalPauseType(), params.globalThrottleSteps(), params.maxDuration(),
        CollectionConverters.asScala(allAssertions).toList(), params.before(), params.after());
  }

  /**
   * The simulation's parameters with {@code first} run before it, one population after the other, then every
   * root population of the simulation together.
   */
  public static SimulationParams runFirst(SimulationParams params,
      List<io.gatling.javaapi.core.PopulationBuilder> first) {
    scala.collection.immutable.List<PopulationBuilder> next = params.rootPopulationBuilders();
    for (int i = first.size() - 1; i >= 0; i--) {
      next = CollectionConverters.asScala(List.of(thenStart(first.get(i).asScala(), next))).toList();
    }
    return new SimulationParams(params.name(), next, params.globalProtocols(), params.globalPauseType(),
        params.globalThrottleSteps(), params.maxDuration(), params.assertions(), params.before(), params.after());
  }

  /** {@code population} with {@code group} started (together) once it and everything already after it ended. */
  private static PopulationBuilder thenStart(PopulationBuilder population,
      scala.collection.immutable.List<PopulationBuilder> group) {
    List<scala.collection.immutable.List<PopulationBuilder>> groups =
        new ArrayList<>(CollectionConverters.asJava(population.children()));
    groups.add(group);
    return population.copy(population.scenarioBuilder(), population.injectionProfile(),
        population.scenarioProtocols(), population.scenarioThrottleSteps(), population.pauseType(),
        CollectionConverters.asScala(groups).toList(), population.shard());
  }

  /** The values of a session's attributes (e.g. to close the consumers a virtual user opened when it exits). */
  public static java.util.Collection<Object> attributeValues(Session session) {
    return CollectionConverters.asJava(session.attributes()).values();
  }

  /** Wraps a Java callback as the no-result Scala function Gatling's hooks expect. */
  public static scala.Function0<BoxedUnit> scalaRunnable(Runnable runnable) {
    return () -> {
      runnable.run();
      return BoxedUnit.UNIT;
    };
  }
}
