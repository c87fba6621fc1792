package io.iotpulsarload.sensor;

/** How readings travel on the wire. */
public enum MessageFormat {
  /** Pulsar's native Avro schema: registered in the broker's schema registry, readable by AUTO_CONSUME. */
  AVRO,
  /** Plain Avro binary in a bytes message: what the original producer sent and .avsc-based consumers decode. */
  AVRO_BYTES,
  /** The same record as a JSON object, for size and speed comparisons. */
  JSON
}
