package io.iotpulsarload.gatling.pulsar;

import io.gatling.core.action.Action;
import io.gatling.core.scenario.SimulationParams;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;
import io.iotpulsarload.gatling.pulsar.internal.AwaitOutcomeAction;
import io.iotpulsarload.gatling.pulsar.internal.GatlingAdapter;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * For harnesses built on the Pulsar DSL (the IoT layer): the few engine-side steps a harness needs that a
 * simulation does not. Together with {@code PulsarProtocolBuilder.runHooks(..)}, the DSL's one extension point.
 */
public final class PulsarHarness {

  private PulsarHarness() {}

  /**
   * An action that waits, without blocking Gatling's threads, for an outcome computed outside the virtual user,
   * and records it as one request: OK when the stage completes with {@code null}, KO with the text it completes
   * with (or its exception).
   *
   * @param requestName the request's name in the report, or {@code null} to wait without recording
   */
  public static ActionBuilder awaitOutcome(String requestName,
      Supplier<? extends CompletionStage<String>> outcome) {
    return () -> new io.gatling.core.action.builder.ActionBuilder() {
      @Override
      public Action build(ScenarioContext ctx, Action next) {
        return new AwaitOutcomeAction(requestName, outcome, ctx.coreComponents().statsEngine(),
            ctx.coreComponents().clock(), next);
      }
    };
  }

  /**
   * A simulation's parameters with populations run before all of it, one after the other: the simulation's root
   * populations start once the last of {@code first} has ended. What a base simulation class uses for a warm-up.
   */
  public static SimulationParams runFirst(SimulationParams params, List<PopulationBuilder> first) {
    return GatlingAdapter.runFirst(params, first);
  }

  /**
   * A simulation's parameters with a population appended after the whole chain of each root population, and
   * the given assertions added unless already declared: what a base simulation class uses to run a final step
   * (e.g. a verdict) after every load, whatever its subclass declared.
   *
   * @param last builds the population to append after root {@code i} of {@code count} roots
   */
  public static SimulationParams appendAfterEveryRoot(SimulationParams params,
      BiFunction<Integer, Integer, PopulationBuilder> last, List<Assertion> assertions) {
    return GatlingAdapter.appendAfterEveryRoot(params, last, assertions);
  }
}
