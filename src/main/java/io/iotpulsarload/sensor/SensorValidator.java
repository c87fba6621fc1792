package io.iotpulsarload.sensor;

import com.iot.pipeline.model.SensorData;

/**
 * Checks a decoded reading against the data model (the ranges of docs/settings.md, alert outliers included): the verifying
 * consumer and the {@code validate} command count a reading that breaks a rule as invalid.
 */
public final class SensorValidator {

  private SensorValidator() {}

  /** The first rule the reading breaks, or {@code null} when it is valid. */
  public static String problem(SensorData d) {
    String id = d.getDeviceId();
    if (id == null || !id.startsWith("dev-") || id.length() < 11 || !digits(id, 4)) {
      return "device_id '" + id + "' is not dev-NNNNNNN";
    }
    long index = Long.parseLong(id.substring(4));
    if (!DevicePool.zeroPadded("cust-", index / 10, 6).equals(d.getCustomerId())) {
      return "customer_id " + d.getCustomerId() + " does not belong to " + id;
    }
    if (!DevicePool.zeroPadded("site-", index / 100, 5).equals(d.getSiteId())) {
      return "site_id " + d.getSiteId() + " does not belong to " + id;
    }
    if (d.getDeviceType() == null || d.getDeviceType().isEmpty()) {
      return "device_type is empty";
    }
    return firstOutOfRange(d);
  }

  private static String firstOutOfRange(SensorData d) {
    if (d.getTime() <= 0) {
      return "time " + d.getTime() + " is not an epoch millisecond";
    }
    String r = range("latitude", d.getLatitude(), -90, 90);
    r = r != null ? r : range("longitude", d.getLongitude(), -180, 180);
    r = r != null ? r : range("altitude", d.getAltitude(), -500, 9_000);
    r = r != null ? r : range("temperature", d.getTemperature(), 15, 40);
    r = r != null ? r : range("humidity", d.getHumidity(), 20, 90);
    r = r != null ? r : range("pressure", d.getPressure(), 980, 1040);
    r = r != null ? r : range("co2_level", d.getCo2Level(), 400, 2000);
    r = r != null ? r : range("noise_level", d.getNoiseLevel(), 30, 90);
    r = r != null ? r : range("light_level", d.getLightLevel(), 0, 10_000);
    r = r != null ? r : range("motion_detected", d.getMotionDetected(), 0, 1);
    r = r != null ? r : range("battery_level", d.getBatteryLevel(), 10, 100);
    r = r != null ? r : range("signal_strength", d.getSignalStrength(), -90, -30);
    r = r != null ? r : range("memory_usage", d.getMemoryUsage(), 20, 80);
    r = r != null ? r : range("cpu_usage", d.getCpuUsage(), 10, 70);
    r = r != null ? r : range("status", d.getStatus(), 1, 4);
    r = r != null ? r : range("error_count", d.getErrorCount(), 0, Integer.MAX_VALUE);
    r = r != null ? r : range("packets_sent", d.getPacketsSent(), 0, Long.MAX_VALUE);
    r = r != null ? r : range("packets_received", d.getPacketsReceived(), 0, Long.MAX_VALUE);
    r = r != null ? r : range("bytes_sent", d.getBytesSent(), 0, Long.MAX_VALUE);
    return r != null ? r : range("bytes_received", d.getBytesReceived(), 0, Long.MAX_VALUE);
  }

  private static String range(String field, double value, double min, double max) {
    return value >= min && value <= max ? null : field + " " + value + " outside [" + min + ", " + max + "]";
  }

  private static boolean digits(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
