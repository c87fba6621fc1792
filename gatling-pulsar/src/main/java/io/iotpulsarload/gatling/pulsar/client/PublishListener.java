package io.iotpulsarload.gatling.pulsar.client;

/**
 * Told about every message the pool publishes, on the thread that sends it and on the thread that completes it.
 * Implementations are on the hot path: they must be lock-free and cheap (see {@code PublishMetrics}).
 */
public interface PublishListener {

  /** Nothing to tell. */
  PublishListener NONE = new PublishListener() {
    @Override
    public void onSent() {}

    @Override
    public void onOutcome(long latencyNanos, Throwable error, OutgoingMessage<?> message) {}
  };

  /** A message was handed to the producer. */
  void onSent();

  /**
   * The broker acknowledged {@code message} ({@code error} is null) or its send failed with {@code error},
   * {@code latencyNanos} after {@link #onSent}.
   */
  void onOutcome(long latencyNanos, Throwable error, OutgoingMessage<?> message);
}
