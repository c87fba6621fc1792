package io.iotpulsarload.sensor;

/** How each message picks its device. */
public enum DeviceSelection {
  /** Uniformly at random over the pool: the original producer's behaviour. */
  RANDOM,
  /** Every device in turn, so every device reports equally often. */
  ROUND_ROBIN
}
