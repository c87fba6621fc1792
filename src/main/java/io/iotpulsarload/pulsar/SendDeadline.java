package io.iotpulsarload.pulsar;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The tool's own deadline on every send, beyond Pulsar's send timeout: some {@code sendAsync} futures never
 * complete (a producer closed under them during a broker replacement), and a virtual user waiting on one would
 * keep the run from ever ending. A send still unanswered {@code limit} after it started is failed with
 * {@link Exceeded}; a later answer from Pulsar is then ignored (a future completes once).
 *
 * <p>Cost: one map insert and one removal per send; a sweep once a second over the sends in flight.
 */
public final class SendDeadline implements AutoCloseable {

  /** The KO of a send the client never answered. */
  public static final class Exceeded extends RuntimeException {
    Exceeded(Duration limit) {
      super("no answer from the Pulsar client within " + limit.toSeconds()
          + " s (the send timeout plus a margin): failed by the tool's own deadline", null, false, false);
    }
  }

  private final Duration limit;
  private final long limitNanos;
  private final Map<CompletableFuture<?>, Long> inFlight = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sweeper;

  /** A deadline of {@code limit} per send, swept every second by a daemon thread ({@code null} sweeper: tests). */
  public SendDeadline(Duration limit, boolean sweepEverySecond) {
    this.limit = limit;
    this.limitNanos = limit.toNanos();
    if (sweepEverySecond) {
      sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "iot-send-deadline");
        t.setDaemon(true);
        return t;
      });
      sweeper.scheduleWithFixedDelay(() -> sweep(System.nanoTime()), 1, 1, TimeUnit.SECONDS);
    } else {
      sweeper = null;
    }
  }

  /** Watches {@code send}, started at {@code startNanos}, until it completes. */
  public void watch(CompletableFuture<?> send, long startNanos) {
    if (send.isDone()) {
      return;
    }
    inFlight.put(send, startNanos);
    send.whenComplete((ignored, error) -> inFlight.remove(send));
  }

  /** Fails every watched send older than the limit at {@code nowNanos}; returns how many it failed. */
  public int sweep(long nowNanos) {
    int failed = 0;
    for (Map.Entry<CompletableFuture<?>, Long> e : inFlight.entrySet()) {
      if (nowNanos - e.getValue() > limitNanos && e.getKey().completeExceptionally(new Exceeded(limit))) {
        failed++;
      }
    }
    return failed;
  }

  /** Sends watched and not yet answered. */
  public int inFlight() {
    return inFlight.size();
  }

  public Duration limit() {
    return limit;
  }

  @Override
  public void close() {
    if (sweeper != null) {
      sweeper.shutdownNow();
    }
  }
}
