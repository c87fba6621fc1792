package io.iotpulsarload.benchmarks;

import com.iot.pipeline.model.SensorData;
import io.iotpulsarload.sensor.DevicePool;
import io.iotpulsarload.sensor.DeviceSelection;
import io.iotpulsarload.sensor.MessageFormat;
import io.iotpulsarload.sensor.SensorCodec;
import io.iotpulsarload.sensor.SensorGenerator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Guards the generator's hot path: generate one reading of the default 17,000-device pool and encode it.
 * Run: {@code bench/jmh.sh} (one thread = one core; the target is 2M readings/s per core for avro).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SensorGeneratorBenchmark {

  private SensorGenerator generator;
  private SensorCodec codec;
  private long time = 1_700_000_000_000L;

  @Setup
  public void setUp() {
    generator = SensorGenerator.singleLane(DevicePool.of(17_000, 42), 42, DeviceSelection.RANDOM);
    codec = SensorCodec.forThisThread();
  }

  @Benchmark
  public SensorData generate() {
    return generator.next(time++).data();
  }

  @Benchmark
  public byte[] generateAndEncodeAvro() {
    return codec.encode(MessageFormat.AVRO_BYTES, generator.next(time++).data());
  }

  @Benchmark
  public byte[] generateAndEncodeJson() {
    return codec.encode(MessageFormat.JSON, generator.next(time++).data());
  }
}
