package io.iotpulsarload.gatling.pulsar.client;

import java.util.concurrent.CompletionException;
import org.apache.pulsar.client.api.PulsarClientException;

/** Publish failures, named so that reports can group them. */
public final class PublishErrors {

  /**
   * The KO of a send refused at once because the producer's pending queue or the client's memory limit is full
   * ({@code blockIfQueueFull=false}, the default: Gatling's threads never wait for room).
   */
  public static final String QUEUE_FULL = "queue full: the producer's pending queue or the client's memory limit "
      + "is full (the broker is not keeping up)";

  /** The KO of a send made after the run was told to stop (SIGTERM, Ctrl-C). */
  public static final String INTERRUPTED = "interrupted: not sent, the run was stopping";

  /** Why a send made while the run stops fails. */
  public static final class RunStopping extends RuntimeException {
    RunStopping() {
      super(INTERRUPTED, null, false, false);
    }
  }

  private PublishErrors() {}

  /** The failure itself, out of the CompletionExceptions a future's chain wraps it in. */
  static Throwable cause(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** Whether a send failed because the producer's queue or the client's memory limit was full. */
  static boolean queueFull(Throwable error) {
    Throwable cause = cause(error);
    return cause instanceof PulsarClientException.ProducerQueueIsFullError
        || cause instanceof PulsarClientException.MemoryBufferIsFullError;
  }

  /**
   * Pulsar's error, short and stable: reports group failures by this text, so ids and numbers must not leak in.
   */
  public static String type(Throwable error) {
    Throwable cause = cause(error);
    if (cause instanceof PulsarClientException.TimeoutException) {
      return "TimeoutException: send not acknowledged within the send timeout";
    }
    if (queueFull(cause)) {
      return QUEUE_FULL;
    }
    if (cause instanceof RunStopping) {
      return INTERRUPTED;
    }
    if (cause instanceof SendDeadline.Exceeded) {
      return "SendDeadline: no answer from the Pulsar client within the send timeout plus "
          + ProducerPool.DEADLINE_MARGIN.toSeconds() + " s";
    }
    String message = cause.getMessage() == null ? "" : cause.getMessage().lines().findFirst().orElse("");
    message = message.replaceAll("\\d+", "N");
    if (message.length() > 120) {
      message = message.substring(0, 120) + "...";
    }
    return cause.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
  }
}
