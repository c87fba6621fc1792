package io.iotpulsarload.watch;

import io.iotpulsarload.gates.Gate;
import io.iotpulsarload.gatling.pulsar.client.PulsarSettings;
import io.iotpulsarload.pulsar.TopicAdmin;
import io.iotpulsarload.results.RunEnd;
import io.iotpulsarload.results.RunPart;
import io.iotpulsarload.results.WatchedSubscription;
import io.iotpulsarload.results.WatchedSubscription.Sample;
import io.iotpulsarload.settings.SettingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.admin.GetStatsOptions;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.common.policies.data.SubscriptionStats;
import org.apache.pulsar.common.policies.data.TopicStats;

/**
 * Watches the real subscriptions behind a topic while the load runs and after it: every interval one stats call
 * for the topic (all partitions summed by the broker for a partitioned topic), a {@link Sample} per
 * subscription, and once the load stops, samples until every backlog is empty or the drain timeout passed. Its
 * own thread; the run only starts it, marks the load's end and asks for the verdicts.
 */
public final class SubscriptionWatch implements RunPart {

  /** What to watch and how it is judged. */
  public record Settings(String topic, List<String> subscriptions, Duration interval, Duration drainTimeout,
      Verdicts.Limits limits) {}

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private final Settings settings;
  private final PulsarAdmin admin;
  private final boolean partitioned;
  private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "iot-subscription-watch");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean afterLoad;
  private volatile long loadEndMillis = -1;
  /** When the measured load started (after the warm-up); 0 without a warm-up. */
  private volatile long measuredFromMillis;
  private volatile long callsMade;
  /** CPU this injector spent watching (the poller thread's, measured around each sample). */
  private volatile long cpuNanos;
  private volatile String failure;
  private final CompletableFuture<Void> drained = new CompletableFuture<>();

  private SubscriptionWatch(Settings settings, PulsarAdmin admin, boolean partitioned) {
    this.settings = settings;
    this.admin = admin;
    this.partitioned = partitioned;
    settings.subscriptions().forEach(s -> samples.put(s, new ArrayList<>()));
  }

  /**
   * Checks that the topic and every subscription exist and that stats may be read, before anything is sent: a
   * subscription that does not exist is a one-line {@link SettingException} listing the topic's subscriptions.
   */
  public static SubscriptionWatch open(PulsarSettings pulsar, Settings settings) {
    PulsarAdmin admin = null;
    try {
      admin = TopicAdmin.newAdmin(pulsar);
      boolean partitioned = admin.topics().getPartitionedTopicMetadata(settings.topic()).partitions > 0;
      TopicStats stats = stats(admin, settings.topic(), partitioned);
      List<String> missing = settings.subscriptions().stream()
          .filter(s -> !stats.getSubscriptions().containsKey(s)).toList();
      if (!missing.isEmpty()) {
        throw new SettingException("watch.subscriptions: " + String.join(", ", missing) + " not on "
            + settings.topic() + ", whose subscriptions are: " + (stats.getSubscriptions().isEmpty() ? "none"
            : String.join(", ", stats.getSubscriptions().keySet().stream().sorted().toList()))
            + " (start the consumer first, or name one of these)");
      }
      return new SubscriptionWatch(settings, admin, partitioned);
    } catch (PulsarAdminException.NotAuthorizedException e) {
      close(admin);
      throw new SettingException("watch.subscriptions: reading the stats of " + settings.topic() + " was refused"
          + " (HTTP " + e.getStatusCode() + "): the role needs the 'produce' or 'consume' permission on that topic"
          + " (reading stats is a lookup) or tenant admin; grant it, or unset watch.subscriptions to run without"
          + " watching");
    } catch (PulsarAdminException.NotFoundException e) {
      close(admin);
      throw new SettingException("watch.topic: " + settings.topic() + " does not exist: create it (and its "
          + "subscriptions) first, or name the topic the pipeline reads");
    } catch (PulsarAdminException | org.apache.pulsar.client.api.PulsarClientException e) {
      close(admin);
      throw new SettingException("watch.subscriptions: cannot read the stats of " + settings.topic() + ": "
          + firstLine(e.getMessage()));
    } catch (RuntimeException e) {
      close(admin);
      throw e;
    }
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("");
  }

  private static void close(PulsarAdmin admin) {
    if (admin != null) {
      admin.close();
    }
  }

  private static TopicStats stats(PulsarAdmin admin, String topic, boolean partitioned)
      throws PulsarAdminException {
    return partitioned
        ? admin.topics().getPartitionedStats(topic, false, false, false, true)
        : admin.topics().getStats(topic, GetStatsOptions.builder().getEarliestTimeInBacklog(true).build());
  }

  /** Samples from here on are judged; those before are the warm-up's, shown only. */
  @Override
  public void warmupEnded(long epochMillis) {
    measuredFromMillis = epochMillis;
  }

  /** Starts sampling now (the load is about to start). */
  @Override
  public void start() {
    poller.scheduleAtFixedRate(this::sample, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
  }

  private void sample() {
    long cpuBefore = THREADS.getCurrentThreadCpuTime();
    try {
      sampleNow();
    } finally {
      cpuNanos += THREADS.getCurrentThreadCpuTime() - cpuBefore;
    }
  }

  private void sampleNow() {
    try {
      TopicStats stats = stats(admin, settings.topic(), partitioned);
      callsMade++;
      long now = System.currentTimeMillis();
      boolean drainPhase = afterLoad;
      boolean allEmpty = true;
      for (String name : settings.subscriptions()) {
        SubscriptionStats s = stats.getSubscriptions().get(name);
        if (s == null) {
          continue; // deleted under the run: its samples stop
        }
        List<Sample> list = samples.get(name);
        long earliest = s.getEarliestMsgPublishTimeInBacklog();
        Double lag = s.getMsgBacklog() == 0 ? Double.valueOf(0) : earliest > 0 ? (now - earliest) / 1000.0 : null;
        double redeliver = s.getMsgRateRedeliver(); // a rate, as stale as the broker's stats interval
        Sample sample = new Sample(now, s.getMsgBacklog(), stats.getMsgInCounter(), s.getMsgOutCounter(),
            s.getUnackedMessages(), s.getConsumers().size(), redeliver, s.isBlockedSubscriptionOnUnackedMsgs(),
            lag, drainPhase);
        synchronized (samples) {
          list.add(sample);
        }
        allEmpty &= s.getMsgBacklog() == 0;
      }
      if (drainPhase && (allEmpty || now - loadEndMillis >= settings.drainTimeout().toMillis())) {
        drained.complete(null);
      }
    } catch (PulsarAdminException | RuntimeException e) {
      failure = firstLine(e.getMessage()); // the broker away: the next sample tries again
    }
  }

  /**
   * The load stopped: sample on until every watched backlog is empty or the drain timeout passed. Completes then;
   * never blocks the caller.
   */
  @Override
  public CompletableFuture<Void> loadEnded() {
    if (loadEndMillis < 0) {
      loadEndMillis = System.currentTimeMillis();
      afterLoad = true;
    }
    return drained.completeOnTimeout(null, settings.drainTimeout().toMillis() + settings.interval().toMillis()
        + 5_000, TimeUnit.MILLISECONDS);
  }

  /** The verdicts, their lines and gates, and what watching cost. */
  @Override
  public void finish(RunEnd end) {
    List<WatchedSubscription> watched = verdicts();
    watched.forEach(w -> end.print("watched " + w.line()));
    end.print(String.format(Locale.ROOT, "watching cost %d stats calls and %.0f ms of this injector's CPU%s",
        callsMade, cpuNanos / 1e6, failure == null ? "" : "; the last failed: " + failure));
    end.subscriptions(watched);
    end.gates(gates(watched));
    poller.shutdown(); // no more samples; not shutdownNow: the run's end may be running on this very thread
  }

  /** A subscription that fell behind, stalled or had no consumer between the two instants, and why. */
  @Override
  public String behindBetween(long fromMillis, long toMillis) {
    synchronized (samples) {
      for (Map.Entry<String, List<Sample>> e : samples.entrySet()) {
        List<Sample> window = e.getValue().stream()
            .filter(s -> !s.afterLoad() && s.epochMillis() >= fromMillis && s.epochMillis() <= toMillis).toList();
        WatchedSubscription w = Verdicts.judge(settings.topic(), e.getKey(), window, settings.limits(), toMillis);
        if (!w.verdict().equals(WatchedSubscription.KEEPS_UP) && !w.verdict().equals(WatchedSubscription.NOT_JUDGED)) {
          return w.line();
        }
        if (w.maxLagSeconds() != null && w.maxLagSeconds() > settings.limits().maxLagSeconds()) {
          return String.format(Locale.ROOT, "%s: lag %.1f s above gate.watch.maxLagSeconds %s", e.getKey(),
              w.maxLagSeconds(), settings.limits().maxLagSeconds());
        }
      }
    }
    return null;
  }

  /** The verdicts (call after {@link #loadEnded()} completed). */
  public List<WatchedSubscription> verdicts() {
    List<WatchedSubscription> all = new ArrayList<>();
    synchronized (samples) {
      samples.forEach((name, list) -> all.add(Verdicts.judge(settings.topic(), name, List.copyOf(list),
          settings.limits(), measuredFromMillis, loadEndMillis < 0 ? System.currentTimeMillis() : loadEndMillis)));
    }
    return all;
  }

  /** The gates of every watched subscription. */
  public List<Gate> gates(List<WatchedSubscription> verdicts) {
    List<Gate> gates = new ArrayList<>();
    verdicts.forEach(v -> gates.addAll(Verdicts.gates(v, settings.limits(),
        settings.drainTimeout().toMillis() / 1000.0)));
    return gates;
  }

  /** For the progress line: {@code " flink-iot backlog=120 lag=1.5s"} per subscription, from the last sample. */
  @Override
  public String progressText() {
    StringBuilder text = new StringBuilder();
    synchronized (samples) {
      samples.forEach((name, list) -> {
        if (!list.isEmpty()) {
          Sample s = list.get(list.size() - 1);
          text.append(' ').append(name).append(" backlog=").append(s.backlogEntries());
          if (s.lagSeconds() != null) {
            text.append(String.format(Locale.ROOT, " lag=%.1fs", s.lagSeconds()));
          }
          if (s.consumers() == 0) {
            text.append(" (no consumer)");
          }
        }
      });
    }
    return text.toString();
  }

  /** Each watched subscription's last sample (those sampled so far). */
  public Map<String, Sample> latest() {
    Map<String, Sample> last = new LinkedHashMap<>();
    synchronized (samples) {
      samples.forEach((name, list) -> {
        if (!list.isEmpty()) {
          last.put(name, list.get(list.size() - 1));
        }
      });
    }
    return last;
  }

  /** Stats calls made so far (one per interval, whatever the number of subscriptions). */
  public long callsMade() {
    return callsMade;
  }

  /** The last stats call's failure, or null. */
  public String lastFailure() {
    return failure;
  }

  @Override
  public void close() {
    poller.shutdownNow();
    admin.close();
  }
}
