package io.iotpulsarload.gatling.pulsar.client;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The tool's own deadline on every send, beyond Pulsar's send timeout: some {@code sendAsync} futures never
 * complete (a producer closed under them during a broker replacement), and a virtual user waiting on one would
 * keep the run from ever ending. A send still unanswered {@code limit} after it started is failed with
 * {@link Exceeded}; a later answer from Pulsar is then ignored (a future completes once).
 *
 * <p>Cost per send: two array writes into a ring of slots and one cleared on the answer (a map insert and removal
 * per send cost ~4 % of the injector's CPU at 50,000 msg/s); a sweep once a second over the ring. A send still
 * unanswered when the ring comes round to its slot again (more sends in flight than slots: a stalled broker)
 * moves to a map, watched the same way.
 */
public final class SendDeadline implements AutoCloseable {

  /** The KO of a send the client never answered. */
  public static final class Exceeded extends RuntimeException {
    Exceeded(Duration limit) {
      super("no answer from the Pulsar client within " + limit.toSeconds()
          + " s (the send timeout plus a margin): failed by the tool's own deadline", null, false, false);
    }
  }

  /** Slots of the ring: 2^17 sends in flight (2.6 s at 50,000 msg/s) before any reaches the map. */
  static final int SLOTS = 1 << 17;

  private final Duration limit;
  private final long limitNanos;
  private final int mask;
  private final AtomicReferenceArray<CompletableFuture<?>> sends;
  private final AtomicLongArray starts;
  private final AtomicLong next = new AtomicLong();
  private final Map<CompletableFuture<?>, Long> overflow = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sweeper;

  /** A deadline of {@code limit} per send, swept every second by a daemon thread ({@code false}: tests sweep). */
  public SendDeadline(Duration limit, boolean sweepEverySecond) {
    this(limit, sweepEverySecond, SLOTS);
  }

  SendDeadline(Duration limit, boolean sweepEverySecond, int slots) {
    if (Integer.bitCount(slots) != 1) {
      throw new IllegalArgumentException("slots must be a power of two: " + slots);
    }
    this.limit = limit;
    this.limitNanos = limit.toNanos();
    this.mask = slots - 1;
    this.sends = new AtomicReferenceArray<>(slots);
    this.starts = new AtomicLongArray(slots);
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
    int slot = (int) (next.getAndIncrement() & mask);
    CompletableFuture<?> earlier = sends.get(slot);
    if (earlier != null && !earlier.isDone()) {
      overflow.put(earlier, starts.get(slot)); // the ring came round: this one is watched by the map now
      earlier.whenComplete((ignored, error) -> overflow.remove(earlier));
    }
    starts.set(slot, startNanos); // before the send: a sweep that sees the send sees its start
    sends.set(slot, send);
    send.whenComplete((ignored, error) -> sends.compareAndSet(slot, send, null));
  }

  /** Fails every watched send older than the limit at {@code nowNanos}; returns how many it failed. */
  public int sweep(long nowNanos) {
    int failed = 0;
    for (int slot = 0; slot <= mask; slot++) {
      CompletableFuture<?> send = sends.get(slot);
      if (send != null && nowNanos - starts.get(slot) > limitNanos && send.completeExceptionally(new Exceeded(limit))) {
        failed++;
      }
    }
    for (Map.Entry<CompletableFuture<?>, Long> e : overflow.entrySet()) {
      if (nowNanos - e.getValue() > limitNanos && e.getKey().completeExceptionally(new Exceeded(limit))) {
        failed++;
      }
    }
    return failed;
  }

  /** Sends watched and not yet answered. */
  public int inFlight() {
    int count = 0;
    for (int slot = 0; slot <= mask; slot++) {
      CompletableFuture<?> send = sends.get(slot);
      if (send != null && !send.isDone()) {
        count++;
      }
    }
    return count + (int) overflow.keySet().stream().filter(f -> !f.isDone()).count();
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
