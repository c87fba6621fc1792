package io.iotpulsarload.run;

import io.gatling.javaapi.core.Simulation;

/**
 * Base of the IoT simulations: starts the run (settings, broker, preflight) when the simulation is created, and
 * the live progress monitor for exactly the duration of the load. Subclasses only describe their load shape.
 */
public abstract class IoTSimulation extends Simulation {

  /** The run: settings, Pulsar target, protocol, publish action and gates. */
  protected final IoTRun run = IoTRun.start(getClass().getSimpleName());

  @Override
  public void before() {
    run.monitor().start();
  }

  @Override
  public void after() {
    run.monitor().stop();
  }
}
