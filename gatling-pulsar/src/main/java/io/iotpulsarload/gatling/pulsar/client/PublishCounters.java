package io.iotpulsarload.gatling.pulsar.client;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every message handed to Pulsar and its outcome. The invariant the tool keeps: once the producers are
 * closed, {@code sent == acked + failed}.
 */
public final class PublishCounters {

  private final LongAdder sent = new LongAdder();
  private final LongAdder acked = new LongAdder();
  private final LongAdder failed = new LongAdder();

  public void onSent() {
    sent.increment();
  }

  public void onAcked() {
    acked.increment();
  }

  public void onFailed() {
    failed.increment();
  }

  /** A consistent-enough view for reporting; exact once sending has stopped. */
  public Snapshot snapshot() {
    // read outcomes before sends, so a concurrent send can only make inFlight look larger, never negative
    long a = acked.sum();
    long f = failed.sum();
    return new Snapshot(sent.sum(), a, f);
  }

  /** Counts at one moment. */
  public record Snapshot(long sent, long acked, long failed) {
    /** Sent and not yet answered. */
    public long inFlight() {
      return sent - acked - failed;
    }

    @Override
    public String toString() {
      return "sent=" + sent + " acked=" + acked + " failed=" + failed + " in-flight=" + inFlight();
    }
  }
}
