package io.iotpulsarload.sensor;

import com.iot.pipeline.model.SensorData;

/**
 * One generated reading and where it stands in its device's stream.
 *
 * @param data     the Avro record, exactly the seed's schema
 * @param sequence the device's message number, from 0, without gaps (stamped on the message for verification)
 * @param position the device's position in the injector's pool
 */
public record SensorReading(SensorData data, long sequence, int position) {

  /** The message key: the device id, so per-device order holds on partitioned topics. */
  public String key() {
    return data.getDeviceId();
  }
}
