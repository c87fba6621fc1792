package io.iotpulsarload.sensor;

import com.iot.pipeline.model.SensorData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Encodes and decodes readings as Avro binary and as JSON. Instances reuse their buffers and are therefore
 * confined to one thread; {@link #forThisThread()} hands out one per thread.
 *
 * <p>Hot path (guarded by {@code SensorGeneratorBenchmark}): Avro's generated custom coders, a reused encoder, and a
 * hand-written JSON writer with precomputed field prefixes.
 */
public final class SensorCodec {

  /**
   * The reading schema exactly as {@code src/main/avro/SensorData.avsc} defines it (the generated class's copy
   * carries Java-only string hints; this is the one registered in Pulsar and shown to consumers).
   */
  public static final Schema SCHEMA = loadSchema();

  static {
    // Avro 1.12 only instantiates classes it trusts; ours is generated from our own schema.
    ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
        ClassSecurityValidator.getGlobal(), ClassSecurityValidator.builder().add(SensorData.class).build()));
  }

  private static final ThreadLocal<SensorCodec> PER_THREAD = ThreadLocal.withInitial(SensorCodec::new);

  private final SpecificDatumReader<SensorData> reader = new SpecificDatumReader<>(SensorData.class);
  private final ExposedBuffer buffer = new ExposedBuffer(512);
  private BinaryEncoder encoder;
  private BinaryDecoder decoder;
  private final StringBuilder json = new StringBuilder(640);

  /** The codec of the calling thread. */
  public static SensorCodec forThisThread() {
    return PER_THREAD.get();
  }

  /** Avro binary of the reading (no header, no schema fingerprint: the bare datum). */
  public byte[] toAvro(SensorData data) {
    buffer.reset();
    encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
    try {
      // the generated class's own coder: field by field, no schema walk (Avro's writers only use it when a
      // global system property asks them to)
      data.customEncode(encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  /** Decodes Avro binary written with the reading schema; throws on truncated or malformed input. */
  public SensorData fromAvro(byte[] bytes, int offset, int length) {
    decoder = DecoderFactory.get().binaryDecoder(bytes, offset, length, decoder);
    try {
      SensorData data = reader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw new IllegalArgumentException("trailing bytes after the Avro record");
      }
      return data;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a SensorData Avro record: " + e.getMessage(), e);
    }
  }

  public SensorData fromAvro(byte[] bytes) {
    return fromAvro(bytes, 0, bytes.length);
  }

  /** The reading as a flat JSON object, fields in schema order (also valid Avro JSON encoding). */
  public byte[] toJson(SensorData d) {
    StringBuilder sb = json;
    sb.setLength(0);
    sb.append("{\"device_id\":\"").append(d.getDeviceId())
        .append("\",\"device_type\":\"").append(d.getDeviceType())
        .append("\",\"customer_id\":\"").append(d.getCustomerId())
        .append("\",\"site_id\":\"").append(d.getSiteId())
        .append("\",\"latitude\":").append(d.getLatitude())
        .append(",\"longitude\":").append(d.getLongitude())
        .append(",\"altitude\":").append(d.getAltitude())
        .append(",\"time\":").append(d.getTime())
        .append(",\"temperature\":").append(d.getTemperature())
        .append(",\"humidity\":").append(d.getHumidity())
        .append(",\"pressure\":").append(d.getPressure())
        .append(",\"co2_level\":").append(d.getCo2Level())
        .append(",\"noise_level\":").append(d.getNoiseLevel())
        .append(",\"light_level\":").append(d.getLightLevel())
        .append(",\"motion_detected\":").append(d.getMotionDetected())
        .append(",\"battery_level\":").append(d.getBatteryLevel())
        .append(",\"signal_strength\":").append(d.getSignalStrength())
        .append(",\"memory_usage\":").append(d.getMemoryUsage())
        .append(",\"cpu_usage\":").append(d.getCpuUsage())
        .append(",\"status\":").append(d.getStatus())
        .append(",\"error_count\":").append(d.getErrorCount())
        .append(",\"packets_sent\":").append(d.getPacketsSent())
        .append(",\"packets_received\":").append(d.getPacketsReceived())
        .append(",\"bytes_sent\":").append(d.getBytesSent())
        .append(",\"bytes_received\":").append(d.getBytesReceived())
        .append('}');
    // IDs and types are ASCII without quotes or backslashes (we generate them), so no escaping is needed.
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Decodes a JSON reading (Avro JSON decoding against the reading schema); throws on malformed input. */
  public SensorData fromJson(byte[] bytes) {
    try {
      return reader.read(null, DecoderFactory.get().jsonDecoder(SCHEMA, new String(bytes, StandardCharsets.UTF_8)));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a SensorData JSON record: " + e.getMessage(), e);
    }
  }

  /** Encodes in the given bytes format ({@link MessageFormat#AVRO} uses the same binary as AVRO_BYTES). */
  public byte[] encode(MessageFormat format, SensorData data) {
    return format == MessageFormat.JSON ? toJson(data) : toAvro(data);
  }

  /** Decodes bytes of the given format; throws {@link IllegalArgumentException} when they are not a reading. */
  public SensorData decode(MessageFormat format, byte[] bytes) {
    return format == MessageFormat.JSON ? fromJson(bytes) : fromAvro(bytes);
  }

  private static Schema loadSchema() {
    try (var in = SensorCodec.class.getResourceAsStream("/SensorData.avsc")) {
      if (in == null) {
        throw new IllegalStateException("SensorData.avsc is missing from the classpath");
      }
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A growable byte buffer without ByteArrayOutputStream's per-call locking; reset keeps its array, so it is
   * not regrown per message.
   */
  private static final class ExposedBuffer extends java.io.OutputStream {
    private byte[] bytes;
    private int count;

    ExposedBuffer(int size) {
      bytes = new byte[size];
    }

    void reset() {
      count = 0;
    }

    @Override
    public void write(int b) {
      ensure(1);
      bytes[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, bytes, count, len);
      count += len;
    }

    private void ensure(int more) {
      if (count + more > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + more));
      }
    }

    byte[] toByteArray() {
      return java.util.Arrays.copyOf(bytes, count);
    }
  }
}
