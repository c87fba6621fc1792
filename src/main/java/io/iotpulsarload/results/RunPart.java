package io.iotpulsarload.results;

import java.util.concurrent.CompletableFuture;

/**
 * A piece of an injector's run with a job of its own (watching the pipeline's subscriptions, timing a processing
 * stage), driven through one lifecycle: started right before the load, asked for a few words of the progress
 * line, told when the load ends (it may go on a while: a drain, bounded), then it adds what it found to the
 * run's end and is closed. A new part of the run is a new implementation of this, not more fields of the run.
 */
public interface RunPart extends AutoCloseable {

  /** Starts: the load is about to start. */
  void start();

  /**
   * The warm-up ended at {@code epochMillis}: from here the load is measured and judged (what came before is
   * shown, not judged). Not called without a warm-up.
   */
  default void warmupEnded(long epochMillis) {
  }

  /** Its words in the live progress line, starting with a space; empty for none. */
  default String progressText() {
    return "";
  }

  /**
   * The load stopped: completes once the part has seen what it waits for after the load (bounded by its own
   * timeout). Never blocks the caller.
   */
  default CompletableFuture<Void> loadEnded() {
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Why it did not keep up between two instants of the load (epoch ms: a capacity step), or {@code null} when it
   * did or cannot tell. A capacity step holds only while every part kept up.
   */
  default String behindBetween(long fromMillis, long toMillis) {
    return null;
  }

  /** Adds its lines, gates and figures to the run's end (after {@link #loadEnded()} completed). */
  void finish(RunEnd end);

  /** Stops and lets go of its connections; may be called more than once. */
  @Override
  void close();
}
