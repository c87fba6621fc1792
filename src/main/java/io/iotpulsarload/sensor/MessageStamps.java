package io.iotpulsarload.sensor;

/**
 * Message properties every generated reading carries beside its Avro record (the record itself stays exactly the
 * seed's schema): which injector sent it and the device's sequence number, so a consumer can prove per-device
 * loss, duplicates and order.
 */
public final class MessageStamps {

  /** The run the message belongs to (shared by all injectors of a distributed run). */
  public static final String RUN = "iot.run";
  /** Index of the injector that sent the message. */
  public static final String INJECTOR = "iot.injector";
  /** The device's message number, from 0 without gaps, per injector run. */
  public static final String SEQUENCE = "iot.seq";

  private MessageStamps() {}
}
