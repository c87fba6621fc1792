package io.iotpulsarload.run;

import com.iot.pipeline.model.SensorData;
import io.iotpulsarload.sensor.MessageFormat;
import io.iotpulsarload.sensor.SensorCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.schema.SchemaDefinition;
import org.apache.pulsar.client.api.schema.SchemaReader;
import org.apache.pulsar.client.api.schema.SchemaWriter;

/**
 * Pulsar schemas for sensor readings.
 *
 * <p>The native Avro schema registers {@code SensorData.avsc} in the broker's registry but encodes with our own
 * {@link SensorCodec} (Avro's generated coders, reused buffers): Pulsar's default reflection-based Avro writer is
 * slower and would run on the shaded copy of Avro inside the client.
 */
public final class SensorSchemas {

  private SensorSchemas() {}

  /** Pulsar's native Avro schema for readings; the bytes on the wire are the bare Avro datum. */
  public static Schema<SensorData> avro() {
    SchemaWriter<SensorData> writer = data -> SensorCodec.forThisThread().toAvro(data);
    SchemaReader<SensorData> reader = new SchemaReader<>() {
      @Override
      public SensorData read(byte[] bytes, int offset, int length) {
        return SensorCodec.forThisThread().fromAvro(bytes, offset, length);
      }

      @Override
      public SensorData read(InputStream in) {
        try {
          return read(in.readAllBytes());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
    return Schema.AVRO(SchemaDefinition.<SensorData>builder()
        .withJsonDef(SensorCodec.SCHEMA.toString())
        .withSchemaWriter(writer)
        .withSchemaReader(reader)
        .withSupportSchemaVersioning(true)
        .withAlwaysAllowNull(false)
        .build());
  }

  /** The schema a format travels with: native Avro, or plain bytes for avro-bytes and json. */
  public static Schema<?> forFormat(MessageFormat format) {
    return format == MessageFormat.AVRO ? avro() : Schema.BYTES;
  }
}
