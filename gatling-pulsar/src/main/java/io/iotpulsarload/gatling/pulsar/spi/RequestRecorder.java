package io.iotpulsarload.gatling.pulsar.spi;

/**
 * Records a request in the run's Gatling statistics from outside a virtual user (e.g. a consumer's end-to-end
 * latency), so it shows in the HTML report and the assertions beside the virtual users' requests.
 */
@FunctionalInterface
public interface RequestRecorder {

  /** Records one request named {@code requestName}: OK, or KO with {@code errorMessage}. Thread-safe. */
  void record(String requestName, long startMillis, long endMillis, boolean ok, String errorMessage);
}
