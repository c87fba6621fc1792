package io.iotpulsarload.run;

import io.iotpulsarload.gatling.pulsar.client.ProducerPool;
import io.iotpulsarload.results.ClusterEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Producer;

/**
 * Sees what the cluster does to a run's connections: every time a producer or the verifying consumer loses its
 * connection (a topic unloaded, a broker restarted, ownership moved) and gets it back, and every change of the
 * topic's partitions. The Pulsar client reconnects by itself and says nothing; this reads each one's
 * {@code getLastDisconnectedTimestamp()} and {@code isConnected()} every {@link #POLL} (a field read, no call to
 * the broker): a loss counts once however many attempts the client needs to connect again, and two losses of
 * one connection within a poll count once. Partitions are looked up (the client's
 * partitioned-metadata lookup, no admin permission needed) every partition update interval.
 */
final class ConnectionWatch implements AutoCloseable {

  static final Duration POLL = Duration.ofMillis(200);
  /** Events printed as they happen; more are counted and kept (up to {@link #MAX_EVENTS}) in summary.json. */
  private static final int MAX_PRINTED = 20;
  private static final int MAX_EVENTS = 1_000;

  /** One connection's state, poller thread only. */
  private static final class Watched {
    final String subject;
    long lastDisconnected;
    long lostAtMillis = -1;

    Watched(String subject, long lastDisconnected) {
      this.subject = subject;
      this.lastDisconnected = lastDisconnected;
    }
  }

  private final String topic;
  private final Duration partitionCheck;
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "iot-connection-watch");
    t.setDaemon(true);
    return t;
  });
  private final Map<Object, Watched> watched = new IdentityHashMap<>();
  private final List<ClusterEvent> events = new ArrayList<>();
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicLong reconnectsOfSecond = new AtomicLong();
  private volatile ProducerPool producers;
  private volatile Supplier<Consumer<?>> consumer = () -> null;
  private int partitions = -1;
  private boolean started;

  /**
   * @param topic          the run's topic, whose partitions are watched
   * @param partitionCheck how often they are looked up (the client's partition update interval)
   */
  ConnectionWatch(String topic, Duration partitionCheck) {
    this.topic = topic;
    this.partitionCheck = partitionCheck;
  }

  void watchProducers(ProducerPool pool) {
    this.producers = pool;
  }

  void watchConsumer(Supplier<Consumer<?>> verifyingConsumer) {
    this.consumer = verifyingConsumer;
  }

  synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    poller.scheduleWithFixedDelay(this::poll, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
    poller.scheduleWithFixedDelay(this::checkPartitions, 0, partitionCheck.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void poll() {
    try {
      ProducerPool pool = producers;
      if (pool != null) {
        for (Producer<?> p : pool.created()) {
          look(p, () -> "producer " + p.getProducerName() + " of " + p.getTopic(), p.getLastDisconnectedTimestamp(),
              p.isConnected());
        }
      }
      Consumer<?> c = consumer.get();
      if (c != null) {
        look(c, () -> "verifying consumer", c.getLastDisconnectedTimestamp(), c.isConnected());
      }
    } catch (RuntimeException e) {
      // a producer or consumer closing under the poll: look again next time
    }
  }

  private void look(Object connection, Supplier<String> subject, long lastDisconnected, boolean connected) {
    Watched w = watched.get(connection);
    if (w == null) { // first seen: what happened before (its creation) is not a reconnect of this run
      watched.put(connection, new Watched(subject.get(), lastDisconnected));
      return;
    }
    if (lastDisconnected > w.lastDisconnected) {
      w.lastDisconnected = lastDisconnected;
      if (w.lostAtMillis < 0) { // a failed attempt to connect again moves the timestamp too: the same loss
        w.lostAtMillis = lastDisconnected;
        reconnects.incrementAndGet();
        reconnectsOfSecond.incrementAndGet();
      }
    }
    if (w.lostAtMillis >= 0 && connected) {
      record(new ClusterEvent(w.lostAtMillis, ClusterEvent.RECONNECT, w.subject, String.format(Locale.ROOT,
          "connection lost, back after %.1f s", Math.max(0, System.currentTimeMillis() - w.lostAtMillis) / 1000.0)));
      w.lostAtMillis = -1;
    }
  }

  private void checkPartitions() {
    ProducerPool pool = producers;
    if (pool == null) {
      return;
    }
    try {
      int now = pool.partitionsOf(topic).get(partitionCheck.toMillis(), TimeUnit.MILLISECONDS).size();
      if (partitions >= 0 && now != partitions) {
        record(new ClusterEvent(System.currentTimeMillis(), ClusterEvent.PARTITIONS, topic,
            (now > partitions ? "grew" : "shrank") + " from " + partitions + " to " + now + " partitions (seen "
                + "within " + partitionCheck.toSeconds() + " s, pulsar.autoUpdatePartitionsInterval)"));
      }
      partitions = now;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // the lookup failed (the broker away): the reconnects say so; look again next time
    }
  }

  private void record(ClusterEvent event) {
    synchronized (events) {
      if (events.size() < MAX_PRINTED) {
        System.out.println("iot-pulsar-load: " + event.line());
      } else if (events.size() == MAX_PRINTED) {
        System.out.println("iot-pulsar-load: more cluster events: counted, and listed in summary.json");
      }
      if (events.size() < MAX_EVENTS) {
        events.add(event);
      }
    }
  }

  /** Connections lost (and got back, or not yet) so far. */
  long reconnects() {
    return reconnects.get();
  }

  /** Connections lost since the last call: the timeline's per-second column. */
  long takeReconnectsOfSecond() {
    return reconnectsOfSecond.getAndSet(0);
  }

  /** The events so far, oldest first. */
  List<ClusterEvent> events() {
    synchronized (events) {
      List<ClusterEvent> sorted = new ArrayList<>(events);
      sorted.sort(java.util.Comparator.comparingLong(ClusterEvent::epochMillis));
      return sorted;
    }
  }

  /** For the progress line: {@code " reconnects=3"}, or nothing before the first. */
  String progressText() {
    long n = reconnects.get();
    return n == 0 ? "" : " reconnects=" + n;
  }

  /**
   * Stops watching after one last look, so a reconnect of the run's last moments is counted; a connection still
   * lost is listed as such. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (poller.isShutdown()) {
      return;
    }
    poller.shutdown();
    try {
      if (poller.awaitTermination(2, TimeUnit.SECONDS)) {
        poll(); // the poller has stopped: this thread alone touches the state now
        for (Watched w : watched.values()) {
          if (w.lostAtMillis >= 0) {
            record(new ClusterEvent(w.lostAtMillis, ClusterEvent.RECONNECT, w.subject,
                "connection lost, not back at the end of the run"));
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
