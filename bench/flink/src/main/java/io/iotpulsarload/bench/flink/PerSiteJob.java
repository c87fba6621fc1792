package io.iotpulsarload.bench.flink;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.pulsar.sink.PulsarSink;
import org.apache.flink.connector.pulsar.sink.config.SinkConfiguration;
import org.apache.flink.connector.pulsar.sink.writer.context.PulsarSinkContext;
import org.apache.flink.connector.pulsar.sink.writer.message.PulsarMessage;
import org.apache.flink.connector.pulsar.sink.writer.serializer.PulsarSerializationSchema;
import org.apache.flink.connector.pulsar.source.PulsarSource;
import org.apache.flink.connector.pulsar.source.PulsarSourceOptions;
import org.apache.flink.connector.pulsar.source.enumerator.cursor.StartCursor;
import org.apache.flink.connector.pulsar.source.reader.deserializer.PulsarDeserializationSchema;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingProcessingTimeWindows;
import org.apache.flink.streaming.api.windowing.time.Time;
import org.apache.flink.util.Collector;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.Schema;

/**
 * The seed's pipeline shape as a real Flink job: readings (JSON, as the tool sends them with {@code -Dformat=json})
 * from an input topic on the durable subscription {@code flink-iot}, keyed by {@code site_id}, counted in tumbling
 * processing-time windows of 1 s, one JSON record per window and site to an output topic:
 * {@code {"site":"...","count":n,"newestEventTime":max(time)}} (also the output's key and Pulsar event time).
 *
 * <p>Runs in a local MiniCluster ({@code getExecutionEnvironment()} in a plain main), in a JVM of its own: the Flink
 * Pulsar connector bundles a Pulsar 3.0 client that must stay off the load tool's class path.
 *
 * <pre>
 * PerSiteJob --service-url pulsar://127.0.0.1:26650 --admin-url http://127.0.0.1:28080
 *            --input persistent://public/default/in --output persistent://public/default/out
 *            [--subscription flink-iot] [--parallelism 1] [--checkpoint-ms 0] [--window-ms 1000] [--cost-us 0]
 *            [--max-fetch-ms 100]
 * </pre>
 *
 * Without checkpoints ({@code --checkpoint-ms 0}, the default) the source acknowledges only because
 * {@code pulsar.source.enableAutoAcknowledgeMessage=true} is set; it commits its cursor every second
 * ({@code pulsar.source.autoCommitCursorInterval}). With {@code --checkpoint-ms N} it acknowledges on every
 * completed checkpoint instead (the backlog then saws with the checkpoint period).
 */
public final class PerSiteJob {

  private PerSiteJob() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = parse(args);
    String serviceUrl = required(a, "service-url");
    String adminUrl = required(a, "admin-url");
    String input = required(a, "input");
    String output = required(a, "output");
    String subscription = a.getOrDefault("subscription", "flink-iot");
    int parallelism = Integer.parseInt(a.getOrDefault("parallelism", "1"));
    long checkpointMs = Long.parseLong(a.getOrDefault("checkpoint-ms", "0"));
    long windowMs = Long.parseLong(a.getOrDefault("window-ms", "1000"));
    long costMicros = Long.parseLong(a.getOrDefault("cost-us", "0"));
    // The source hands a batch on after maxFetchRecords (100) messages or maxFetchTime, 10 s by default: when the
    // input stops or pauses, the last partial batch waits up to 10 s (seen here: 41 outputs 10.5 s late and a
    // backlog of 15 entries held 10 s after the load). 100 ms keeps the tail of a run as fast as its middle.
    long maxFetchMs = Long.parseLong(a.getOrDefault("max-fetch-ms", "100"));

    // a local MiniCluster; its REST endpoint (Flink's web UI) on loopback and a free port
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(RestOptions.BIND_PORT, "0");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(parallelism);
    if (checkpointMs > 0) {
      env.enableCheckpointing(checkpointMs);
    }

    PulsarSource<Tuple3<String, Long, Long>> source = PulsarSource.builder()
        .setServiceUrl(serviceUrl)
        .setAdminUrl(adminUrl)
        .setTopics(input)
        .setSubscriptionName(subscription)
        .setStartCursor(StartCursor.earliest()) // the topic is new per run: read all of it
        .setDeserializationSchema(new ReadingDeserializer(costMicros))
        .setConfig(PulsarSourceOptions.PULSAR_ENABLE_AUTO_ACKNOWLEDGE_MESSAGE, checkpointMs <= 0)
        .setConfig(PulsarSourceOptions.PULSAR_AUTO_COMMIT_CURSOR_INTERVAL, 1000L)
        .setConfig(PulsarSourceOptions.PULSAR_MAX_FETCH_TIME, maxFetchMs)
        .build();

    PulsarSink<Tuple3<String, Long, Long>> sink = PulsarSink.builder()
        .setServiceUrl(serviceUrl)
        .setAdminUrl(adminUrl)
        .setTopics(output)
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setSerializationSchema(new AggregateSerializer())
        .build();

    DataStream<Tuple3<String, Long, Long>> readings =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "pulsar:" + input);
    readings
        .keyBy(r -> r.f0)
        .window(TumblingProcessingTimeWindows.of(Time.milliseconds(windowMs)))
        // f1: count, f2: newest event time of the window's readings
        .reduce((x, y) -> Tuple3.of(x.f0, x.f1 + y.f1, Math.max(x.f2, y.f2)))
        .returns(READING)
        .name("per-site count, " + windowMs + " ms tumbling processing-time windows")
        .sinkTo(sink)
        .name("pulsar:" + output);

    System.out.printf("flink-per-site: %s -> %s, subscription %s, parallelism %d, %s, %d us of extra work per "
            + "reading, batches handed on after 100 readings or %d ms%n", input, output, subscription, parallelism,
        checkpointMs > 0 ? "checkpoint every " + checkpointMs + " ms" : "auto-acknowledge", costMicros, maxFetchMs);
    env.execute("iot per-site aggregate");
  }

  /** (site, count, newest event time). */
  static final TypeInformation<Tuple3<String, Long, Long>> READING = Types.TUPLE(Types.STRING, Types.LONG, Types.LONG);

  /**
   * A JSON reading to (site_id, 1, time); a message that is not a reading is skipped and counted on stderr. With
   * {@code costMicros > 0} each reading also costs that much CPU (a busy wait standing in for per-reading work
   * such as enrichment or validation), on the source's thread: the job's capacity then drops to what one thread
   * can do at that cost, and a rate above it makes the job fall behind.
   */
  static final class ReadingDeserializer implements PulsarDeserializationSchema<Tuple3<String, Long, Long>> {
    private static final long serialVersionUID = 1L;
    private final long costNanos;
    private transient ObjectMapper mapper;
    private transient long skipped;
    private transient long sink;

    ReadingDeserializer(long costMicros) {
      this.costNanos = costMicros * 1_000;
    }

    @Override
    public void deserialize(Message<byte[]> message, Collector<Tuple3<String, Long, Long>> out) throws Exception {
      if (mapper == null) {
        mapper = new ObjectMapper();
      }
      JsonNode reading;
      try {
        reading = mapper.readTree(message.getData());
      } catch (Exception e) {
        reading = null;
      }
      JsonNode site = reading == null ? null : reading.get("site_id");
      JsonNode time = reading == null ? null : reading.get("time");
      if (site == null || time == null || !time.canConvertToLong()) {
        if (skipped++ % 10_000 == 0) {
          System.err.println("flink-per-site: skipped a message that is not a JSON reading (" + skipped + " so far)");
        }
        return;
      }
      if (costNanos > 0) {
        long end = System.nanoTime() + costNanos;
        while (System.nanoTime() < end) {
          sink++;
        }
      }
      out.collect(Tuple3.of(site.asText(), 1L, time.asLong()));
    }

    @Override
    public TypeInformation<Tuple3<String, Long, Long>> getProducedType() {
      return READING;
    }
  }

  /** One aggregate as {"site":..,"count":n,"newestEventTime":t}, key = site, Pulsar event time = t. */
  static final class AggregateSerializer implements PulsarSerializationSchema<Tuple3<String, Long, Long>> {
    private static final long serialVersionUID = 1L;

    @Override
    public PulsarMessage<?> serialize(Tuple3<String, Long, Long> agg, PulsarSinkContext context) {
      // site ids are generated ASCII without quotes or backslashes: no escaping needed
      String json = "{\"site\":\"" + agg.f0 + "\",\"count\":" + agg.f1 + ",\"newestEventTime\":" + agg.f2 + "}";
      return PulsarMessage.builder(Schema.BYTES, json.getBytes(StandardCharsets.UTF_8))
          .key(agg.f0)
          .eventTime(agg.f2)
          .build();
    }

    @Override
    public void open(org.apache.flink.api.common.serialization.SerializationSchema.InitializationContext ctx,
        PulsarSinkContext sinkContext, SinkConfiguration config) {
      // nothing to open
    }
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got: " + args[i]);
      }
      m.put(args[i].substring(2), args[++i]);
    }
    return m;
  }

  private static String required(Map<String, String> a, String name) {
    String v = a.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return v;
  }
}
