package io.iotpulsarload.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.iotpulsarload.gates.Gate;
import io.iotpulsarload.gates.RunFigures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * One injector's {@code summary.json}: what the merge needs besides the histograms (identity, device slice,
 * counts, verification, its own gates). Written and read with Jackson.
 *
 * @param plannedMessages messages its load profile planned ({@code NaN}, written as null, when unknown)
 * @param firstSendMillis when the first message was sent (epoch ms): the load profile's time zero, or null
 * @param readings        generated readings among the sends (what the plan counts)
 * @param judgedStepByStep true when the run's load (p99, KO, rate) was judged per step, not whole (CapacityIoT)
 * @param verification    the verifying consumer's counts, or {@code null} when verification was off
 * @param gates           the gates judged at the end of this injector's run
 * @param warmup          what the warm-up before the measured load sent (counted in sent/acked/failed and
 *                        readings, not judged by the gates), or {@code null} without one
 * @param settings        the settings the injector ran with (their text or default; secrets left out), or
 *                        {@code null} (results written before they were recorded)
 * @param reconnects      connections its producers and verifying consumer lost (and got back), or {@code null}
 *                        (results written before they were counted)
 * @param events          what the cluster did to the run (reconnects, partitions changed), or {@code null}
 * @param subscriptions   the pipeline's subscriptions it watched (injector 0 of a run watches), or {@code null}
 * @param stage           the processing stage it timed (each injector its own readings' outputs; an aggregate
 *                        by injector 0), or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InjectorSummary(
    String runId,
    String simulation,
    int injector,
    int injectorCount,
    String topic,
    String format,
    String firstDevice,
    String lastDevice,
    long devices,
    long devicePool,
    Double plannedMessages,
    long startMillis,
    Long firstSendMillis,
    long endMillis,
    long sent,
    long acked,
    long failed,
    long readings,
    boolean judgedStepByStep,
    Map<String, Long> failuresByType,
    RunFigures.Verification verification,
    List<Gate> gates,
    boolean interrupted,
    List<Outage> outages,
    Double scheduleLagMaxSeconds,
    Warmup warmup,
    Map<String, String> settings,
    Long reconnects,
    List<ClusterEvent> events,
    List<WatchedSubscription> subscriptions,
    StageResult stage) {

  /** A summary without cluster events (results written before they were recorded). */
  public InjectorSummary(String runId, String simulation, int injector, int injectorCount, String topic,
      String format, String firstDevice, String lastDevice, long devices, long devicePool, Double plannedMessages,
      long startMillis, Long firstSendMillis, long endMillis, long sent, long acked, long failed, long readings,
      boolean judgedStepByStep, Map<String, Long> failuresByType, RunFigures.Verification verification,
      List<Gate> gates, boolean interrupted, List<Outage> outages, Double scheduleLagMaxSeconds, Warmup warmup,
      Map<String, String> settings) {
    this(runId, simulation, injector, injectorCount, topic, format, firstDevice, lastDevice, devices, devicePool,
        plannedMessages, startMillis, firstSendMillis, endMillis, sent, acked, failed, readings, judgedStepByStep,
        failuresByType, verification, gates, interrupted, outages, scheduleLagMaxSeconds, warmup, settings, null,
        null, null, null);
  }

  /** The warm-up's length and counts; {@code readings} are the generated readings among its sends. */
  public record Warmup(double seconds, long sent, long acked, long failed, long readings) {

    /** No warm-up: nothing to leave out. */
    public static final Warmup NONE = new Warmup(0, 0, 0, 0, 0);
  }

  /** The warm-up's counts, {@link Warmup#NONE} when there was none. */
  public Warmup warmupOrNone() {
    return warmup == null ? Warmup.NONE : warmup;
  }

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Planned messages, {@code NaN} when the profile did not say. */
  public double planned() {
    return plannedMessages == null ? Double.NaN : plannedMessages;
  }

  public void write(Path file) {
    try {
      Files.createDirectories(file.getParent());
      // whole or absent: the run's last injector reads every other injector's summary as soon as it exists
      Path tmp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
      JSON.writeValue(tmp.toFile(), this);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  public static InjectorSummary read(Path file) {
    try {
      return JSON.readValue(file.toFile(), InjectorSummary.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The mapper every results file is read and written with. */
  static ObjectMapper mapper() {
    return JSON;
  }

  /** Any value as indented JSON, with the same mapper (e.g. the merged summary). */
  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
