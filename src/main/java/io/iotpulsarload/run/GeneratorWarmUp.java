package io.iotpulsarload.run;

import io.iotpulsarload.config.RunSettings;
import io.iotpulsarload.sensor.DevicePool;
import io.iotpulsarload.sensor.SensorCodec;
import io.iotpulsarload.sensor.SensorGenerator;

/**
 * Generates and encodes readings of a throwaway pool for a moment, so the JIT has compiled the generator's hot
 * path before the first measured message (the run's own devices and sequences are untouched).
 */
public final class GeneratorWarmUp {

  private GeneratorWarmUp() {}

  public static void run(RunSettings.SensorSettings s) {
    SensorGenerator generator = SensorGenerator.singleLane(DevicePool.of(1_000, s.seed()), s.seed(), s.selection());
    SensorCodec codec = SensorCodec.forThisThread();
    long bytes = 0;
    for (int i = 0; i < 200_000; i++) {
      bytes += codec.encode(s.format(), generator.next(i).data()).length;
    }
    if (bytes == 0) {
      throw new IllegalStateException("the generator produced empty readings");
    }
  }
}
