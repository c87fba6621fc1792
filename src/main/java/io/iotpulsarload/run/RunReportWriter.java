package io.iotpulsarload.run;

import io.iotpulsarload.gates.Gate;
import io.iotpulsarload.gates.GateLimits;
import io.iotpulsarload.results.InjectorResults;
import io.iotpulsarload.results.InjectorSummary;
import io.iotpulsarload.results.MergedRun;
import io.iotpulsarload.results.RunReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Writes the run's own report (reports/<runId>/) at an injector's end, once every injector of the run has ended:
 * the injectors' results merged, the gates judged on the merged figures.
 */
final class RunReportWriter {

  private final RunIdentity identity;
  private final Path reportDir;
  private final long startMillis;

  /**
   * @param reportDir   where the report goes
   * @param startMillis when this injector started: injectors of the same runId that ended before are another run's
   */
  RunReportWriter(RunIdentity identity, Path reportDir, long startMillis) {
    this.identity = identity;
    this.reportDir = reportDir;
    this.startMillis = startMillis;
  }

  /** How long an injector looks for the others' results: a shared network volume may show new files late. */
  private static final Duration OTHERS_RESULTS_WAIT = Duration.ofSeconds(15);

  /**
   * The run's own report (reports/<runId>/), written once every injector of the run has ended: alone, by this
   * one. Each injector writes its summary before it looks, so of injectors ending together at least the last
   * sees them all (and several may write the same report: each file is replaced whole). Injectors of an earlier
   * run under the same runId (ended before this one started, or of another count) are not this run's.
   */
  List<Gate> write(GateLimits limits) {
    Path runDir = identity.resultsDir().getParent();
    int expected = identity.slice().count();
    java.util.function.Predicate<InjectorSummary> ofThisRun = other -> other.injectorCount() == expected
        && other.injector() < expected && other.endMillis() >= startMillis;
    try {
      long until = System.nanoTime() + (expected > 1 ? OTHERS_RESULTS_WAIT.toNanos() : 0);
      long ended = endedInjectors(runDir, ofThisRun);
      while (ended < expected && System.nanoTime() < until) {
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofSeconds(1).toNanos()); // polling a disk
        ended = endedInjectors(runDir, ofThisRun);
      }
      if (ended < expected) {
        System.out.println("iot-pulsar-load: " + ended + " of " + expected + " injectors have ended; the last "
            + "to end writes the run's report to " + reportDir + " (or merge them: bin/iot-pulsar-load merge "
            + identity.runId() + ")");
        return List.of();
      }
      RunReport.Written report = RunReport.write(MergedRun.read(runDir, ofThisRun), limits, reportDir);
      report.summary().gates().stream().filter(g -> g.name().startsWith("gate.regression."))
          .forEach(g -> System.out.println("iot-pulsar-load: gate " + g.line()));
      System.out.println("iot-pulsar-load: run report (" + report.summary().injectors() + " injector"
          + (report.summary().injectors() == 1 ? "" : "s") + ", gates "
          + (report.summary().passed() ? "PASSED" : "FAILED") + "): "
          + report.index().toAbsolutePath().toUri());
      return report.summary().gates();
    } catch (IOException | RuntimeException e) { // the report is an extra: this injector's verdict stands
      System.out.println("iot-pulsar-load: the run's report could not be written to " + reportDir + ": " + e);
      return List.of();
    }
  }

  private static long endedInjectors(Path runDir, java.util.function.Predicate<InjectorSummary> ofThisRun)
      throws IOException {
    try (var dirs = Files.list(runDir)) {
      return dirs.map(d -> d.resolve(InjectorResults.SUMMARY)).filter(Files::exists)
          .map(InjectorSummary::read).filter(ofThisRun).map(InjectorSummary::injector).distinct().count();
    }
  }

}
