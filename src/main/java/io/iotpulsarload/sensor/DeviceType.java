package io.iotpulsarload.sensor;

/** The 20 kinds of device in the pool; the first eight are the ones the original producer named. */
public enum DeviceType {
  TEMPERATURE_SENSOR,
  HUMIDITY_SENSOR,
  PRESSURE_SENSOR,
  MOTION_SENSOR,
  LIGHT_SENSOR,
  CO2_SENSOR,
  NOISE_SENSOR,
  MULTISENSOR,
  AIR_QUALITY_SENSOR,
  WATER_LEAK_SENSOR,
  SMOKE_DETECTOR,
  DOOR_SENSOR,
  WINDOW_SENSOR,
  VIBRATION_SENSOR,
  GAS_SENSOR,
  SMART_METER,
  THERMOSTAT,
  OCCUPANCY_SENSOR,
  SOIL_MOISTURE_SENSOR,
  ENVIRONMENTAL_MONITOR;

  /** The wire name, e.g. {@code temperature_sensor}. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
