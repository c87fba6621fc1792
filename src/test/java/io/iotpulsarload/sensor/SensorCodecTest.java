package io.iotpulsarload.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.iot.pipeline.model.SensorData;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;

/** The original tool's local Avro test, done properly. */
class SensorCodecTest {

  private final SensorCodec codec = SensorCodec.forThisThread();
  private final SensorData reading =
      SensorGenerator.singleLane(DevicePool.of(100, 5), 5, DeviceSelection.RANDOM).next(1_700_000_000_123L).data();

  @Test
  void schemaFileLoadsWithEveryFieldOfTheSeedInOrder() throws IOException {
    Schema schema = new Schema.Parser().parse(new File("src/main/avro/SensorData.avsc"));
    assertEquals("com.iot.pipeline.model.SensorData", schema.getFullName());
    List<String> expected = List.of("device_id", "device_type", "customer_id", "site_id", "latitude", "longitude",
        "altitude", "time", "temperature", "humidity", "pressure", "co2_level", "noise_level", "light_level",
        "motion_detected", "battery_level", "signal_strength", "memory_usage", "cpu_usage", "status",
        "error_count", "packets_sent", "packets_received", "bytes_sent", "bytes_received");
    assertEquals(expected, schema.getFields().stream().map(Schema.Field::name).collect(Collectors.toList()));
    assertEquals(Schema.Type.LONG, schema.getField("time").schema().getType());
    assertEquals(Schema.Type.INT, schema.getField("status").schema().getType());
    assertEquals(Schema.Type.DOUBLE, schema.getField("co2_level").schema().getType());
    assertEquals(schema, SensorCodec.SCHEMA);
  }

  @Test
  void aReadingRoundTripsThroughAvroBinaryUnchanged() {
    assertEquals(reading, codec.fromAvro(codec.toAvro(reading)));
  }

  @Test
  void aReaderWithOnlyTheAvscFileDecodesAvroBytes() throws IOException {
    Schema fromFile = new Schema.Parser().parse(new File("src/main/avro/SensorData.avsc"));
    byte[] bytes = codec.encode(MessageFormat.AVRO_BYTES, reading);
    GenericRecord decoded = new GenericDatumReader<GenericRecord>(fromFile)
        .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    assertEquals(reading.getDeviceId(), decoded.get("device_id").toString());
    assertEquals(reading.getTemperature(), (double) decoded.get("temperature"));
    assertEquals(reading.getBytesReceived(), (long) decoded.get("bytes_received"));
    assertEquals(reading.getTime(), (long) decoded.get("time"));
  }

  @Test
  void jsonCarriesTheSameRecord() {
    byte[] json = codec.encode(MessageFormat.JSON, reading);
    String text = new String(json, java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(text.startsWith("{\"device_id\":\"" + reading.getDeviceId() + "\""), text);
    assertEquals(reading, codec.decode(MessageFormat.JSON, json));
  }

  @Test
  void garbageIsRejectedNotMisread() {
    assertThrows(IllegalArgumentException.class, () -> codec.fromAvro(new byte[] {1, 2, 3}));
    byte[] valid = codec.toAvro(reading);
    byte[] longer = java.util.Arrays.copyOf(valid, valid.length + 4);
    assertThrows(IllegalArgumentException.class, () -> codec.fromAvro(longer));
    assertThrows(IllegalArgumentException.class, () -> codec.fromJson("{\"device_id\":1}".getBytes()));
  }
}
