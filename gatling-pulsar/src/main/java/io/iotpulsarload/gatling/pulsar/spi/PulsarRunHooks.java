package io.iotpulsarload.gatling.pulsar.spi;

import io.iotpulsarload.gatling.pulsar.client.PublishListener;

/**
 * The one extension point for a harness built on the Pulsar DSL (the IoT layer's metrics, verification and
 * gates use it): what the protocol tells the harness about a run. Plain simulations never need it.
 */
public interface PulsarRunHooks {

  /** No hooks: what {@code pulsar().serviceUrl(..)} starts with. */
  PulsarRunHooks NONE = new PulsarRunHooks() {};

  /** Told about every send and its outcome, on the hot path: must be lock-free and cheap. */
  default PublishListener publishListener() {
    return PublishListener.NONE;
  }

  /**
   * Called once when the run's Pulsar components start, with a recorder for requests made outside virtual users
   * (e.g. a consumer's end-to-end latency), recorded in Gatling's statistics beside the virtual users' requests.
   */
  default void onStart(RequestRecorder recorder) {}

  /** Called once with the run's producers, e.g. to stop sending when the JVM is told to stop. */
  default void onProducers(io.iotpulsarload.gatling.pulsar.client.ProducerPool producers) {}

  /**
   * Called as each send action is built, once its default topic's producers exist: the last moment before
   * virtual users start (Gatling builds the scenarios after the simulation's {@code before}). May block: the
   * load waits, e.g. for other injectors to start together.
   */
  default void beforeLoad() {}

  /**
   * The scenario that requests recorded outside virtual users are filed under: one of the simulation's own
   * scenarios, so that Gatling's report knows it.
   */
  default String scenarioOfOutsideRequests() {
    return "pulsar";
  }
}
