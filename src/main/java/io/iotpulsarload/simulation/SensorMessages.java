package io.iotpulsarload.simulation;

import com.iot.pipeline.model.SensorData;
import io.gatling.javaapi.core.Session;
import io.iotpulsarload.config.RunSettings;
import io.iotpulsarload.gatling.pulsar.client.OutgoingMessage;
import io.iotpulsarload.run.InjectorRun;
import io.iotpulsarload.sensor.DeviceCounters;
import io.iotpulsarload.sensor.DevicePool;
import io.iotpulsarload.sensor.DeviceSelection;
import io.iotpulsarload.sensor.MessageStamps;
import io.iotpulsarload.sensor.SensorGenerator;
import io.iotpulsarload.sensor.SensorReading;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Generated readings as Pulsar messages, for {@code pulsar(...).sendMessage(schema, messages)}: value, key =
 * device id, event time = reading time, and the run/injector/sequence stamp.
 *
 * <p>Each Gatling event loop gets its own generator lane (virtual users are pinned to one loop), so every device is
 * generated and sent by a single thread: its counters grow and its sequence reaches the producer in order, with
 * no lock.
 */
public final class SensorMessages<T> implements Function<Session, OutgoingMessage<T>> {

  private final DevicePool pool;
  private final DeviceCounters counters;
  private final long seed;
  private final DeviceSelection selection;
  private final boolean devicePerUser;
  private final Function<SensorData, T> encoder;
  private final String stampPrefix;
  private final Map<EventLoop, SensorGenerator> lanes = new ConcurrentHashMap<>();

  /**
   * @param counters      the pool's per-device counters, shared by every action of the run
   * @param runId         stamped on every message, so a verifying consumer only counts this run's
   * @param devicePerUser true: each virtual user reports for its own device (user id modulo pool size), and
   *                      sequential sends of one user keep that device's order; false: {@code selection} picks
   * @param encoder       turns a reading into the value the producer's schema expects (the record itself for
   *                      native Avro, bytes for avro-bytes and json)
   */
  public SensorMessages(DevicePool pool, DeviceCounters counters, String runId, long seed,
      DeviceSelection selection, boolean devicePerUser, Function<SensorData, T> encoder) {
    this.pool = pool;
    this.devicePerUser = devicePerUser;
    this.counters = counters;
    this.seed = seed;
    this.selection = selection;
    this.encoder = encoder;
    this.stampPrefix = MessageStamps.prefix(runId, Integer.toString(pool.slice().index()));
  }

  /** The run's generated readings, encoded for the producer's schema by {@code encoder}. */
  static <T> SensorMessages<T> of(InjectorRun run, boolean devicePerUser, Function<SensorData, T> encoder) {
    RunSettings.SensorSettings s = run.settings().sensor();
    return new SensorMessages<>(run.devicePool(), run.deviceCounters(), run.identity().runId(), s.seed(),
        s.selection(), devicePerUser, encoder);
  }

  @Override
  public OutgoingMessage<T> apply(Session session) {
    EventLoop loop = session.asScala().eventLoop();
    SensorGenerator generator = lanes.get(loop);
    if (generator == null) {
      generator = lanes.computeIfAbsent(loop, this::newLane);
    }
    long now = System.currentTimeMillis();
    SensorReading reading = devicePerUser
        ? generator.readingFor((int) ((session.userId() - 1) % pool.size()), now)
        : generator.next(now);
    SensorData data = reading.data();
    return new OutgoingMessage<>(
        encoder.apply(data),
        reading.key(),
        Map.of(MessageStamps.STAMP, stampPrefix + reading.sequence()),
        data.getTime());
  }

  /** Lane = the loop's position in its group: stable, and exactly as many lanes as Gatling has event loops. */
  private SensorGenerator newLane(EventLoop loop) {
    int index = 0;
    int count = 0;
    int found = -1;
    for (EventExecutor executor : loop.parent()) {
      if (executor == loop) {
        found = index;
      }
      index++;
      count++;
    }
    if (found < 0) {
      throw new IllegalStateException("event loop not found in its own group");
    }
    return new SensorGenerator(pool, counters, seed, found, count, selection);
  }
}
