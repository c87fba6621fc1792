package io.iotpulsarload.run;

import io.iotpulsarload.config.IoTSettings;
import io.iotpulsarload.sensor.InjectorSlice;
import io.iotpulsarload.settings.SettingSource;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Which run this is and where this injector's results go: {@code results/<runId>/injector-<i>/}.
 *
 * @param runId      shared by every injector of a run (settable; default {@code <simulation>-<start time>})
 * @param simulation the simulation's simple class name
 * @param slice      this injector's index and the injector count
 * @param resultsDir this injector's results folder
 */
public record RunIdentity(String runId, String simulation, InjectorSlice slice, Path resultsDir) {

  public static RunIdentity of(SettingSource source, String simulation, InjectorSlice slice) {
    String runId = IoTSettings.RUN_ID.readOptional(source).orElseGet(() -> simulation + "-"
        + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(LocalDateTime.now()));
    return new RunIdentity(runId, simulation, slice,
        Path.of(IoTSettings.RESULTS_DIR.read(source), runId, "injector-" + slice.index()));
  }

  /**
   * Creates the results folder and writes a probe file into it, so a folder that cannot be written (read-only,
   * full disk, a file in the way) fails at start, in one line, and not after the load.
   */
  public RunIdentity checkWritable() {
    try {
      java.nio.file.Files.createDirectories(resultsDir);
      Path probe = resultsDir.resolve(".write-probe");
      java.nio.file.Files.write(probe, new byte[64 * 1024]);
      java.nio.file.Files.delete(probe);
      return this;
    } catch (java.io.IOException | SecurityException e) {
      throw new io.iotpulsarload.settings.SettingException("Cannot write results to " + resultsDir + " ("
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "): check "
          + "results.dir / RESULTS_DIR (a writable folder with free space)");
    }
  }
}
