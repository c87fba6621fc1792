package io.iotpulsarload.simulation;

import io.iotpulsarload.gatling.pulsar.spi.PulsarRunHooks;
import io.iotpulsarload.gatling.pulsar.spi.RequestRecorder;
import io.iotpulsarload.gatling.pulsar.client.PublishListener;
import io.iotpulsarload.run.InjectorRun;

/**
 * How an IoT run hooks into the Pulsar protocol: every publish goes to the run's metrics, and each message the
 * verifying consumer receives is recorded as an {@code e2e} request in Gatling's report.
 */
final class IoTRunHooks implements PulsarRunHooks {

  /** Request name of each received message's end-to-end latency in the report. */
  static final String E2E = "e2e";

  private final InjectorRun run;

  IoTRunHooks(InjectorRun run) {
    this.run = run;
  }

  @Override
  public PublishListener publishListener() {
    return run.metrics();
  }

  @Override
  public void onStart(RequestRecorder recorder) {
    run.verification().ifPresent(v -> v.listen((published, received) ->
        recorder.record(E2E, published, received, true, null)));
  }

  @Override
  public void onProducers(io.iotpulsarload.gatling.pulsar.client.ProducerPool producers) {
    run.onStop(producers::stopSending);
    run.watchProducers(producers);
  }

  /** Injectors of a run start together: the barrier waits here, once the producers exist. */
  @Override
  public void beforeLoad() {
    try {
      run.awaitStartBarrier();
    } catch (IllegalStateException e) { // an injector of the run never came: one line, exit 1, nothing sent
      System.err.println("iot-pulsar-load: " + e.getMessage());
      System.err.flush();
      System.exit(1);
    }
  }

  @Override
  public String scenarioOfOutsideRequests() {
    return IoTSimulation.GATES;
  }
}
