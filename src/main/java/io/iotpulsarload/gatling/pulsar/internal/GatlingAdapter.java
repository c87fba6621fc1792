package io.iotpulsarload.gatling.pulsar.internal;

import com.typesafe.scalalogging.Logger;
import com.typesafe.scalalogging.StrictLogging;
import io.gatling.commons.stats.KO$;
import io.gatling.commons.stats.OK$;
import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.stats.StatsEngine;
import io.gatling.javaapi.core.internal.Expressions;
import java.util.function.Function;
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

  /** Wraps a Java callback as the no-result Scala function Gatling's hooks expect. */
  public static scala.Function0<BoxedUnit> scalaRunnable(Runnable runnable) {
    return () -> {
      runnable.run();
      return BoxedUnit.UNIT;
    };
  }
}
