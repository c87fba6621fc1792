package io.iotpulsarload.gates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.iotpulsarload.testing.JUnitXml;
import org.apache.maven.plugins.surefire.report.ReportTestCase;
import org.apache.maven.plugins.surefire.report.ReportTestSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gates as JUnit XML, read back by a real reader: Maven Surefire's own report parser. */
class JUnitReportTest {

  @TempDir
  Path dir;

  @Test
  void oneCasePerGateAndFailedGatesAreFailures() throws Exception {
    List<Gate> gates = List.of(
        new Gate("gate.p99Ms", "publish p99 (ms)", false, 1000, 12.5, true),
        new Gate("gate.maxLost", "lost", false, 0, 3, false),
        new Gate("gate.regression.p99Percent", "publish p99 rise beyond the noise vs baseline a&b <x> (%)", false,
            20, 47, false, "publish p99 rose from 8.10 to 11.90 ms (+46.9 %) in the median window"),
        Gate.notJudged("gate.regression.cpuPercent", "injector CPU per message rise (%)", 20, "too few windows"));
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("runId", "r-1");
    Path file = dir.resolve("junit.xml");
    JUnitReport.write(file, "iot-pulsar-load.SteadyIoT", properties, gates, 60.5, 1_700_000_000_000L);

    ReportTestSuite suite = JUnitXml.parse(file);
    assertEquals(4, suite.getNumberOfTests());
    assertEquals(2, suite.getNumberOfFailures());
    assertEquals(1, suite.getNumberOfSkipped());
    assertEquals(0, suite.getNumberOfErrors());
    List<ReportTestCase> cases = suite.getTestCases();
    assertEquals(List.of("gate.p99Ms", "gate.maxLost", "gate.regression.p99Percent", "gate.regression.cpuPercent"),
        cases.stream().map(ReportTestCase::getName).toList());
    assertFalse(cases.get(0).hasFailure());
    assertTrue(cases.get(1).hasFailure());
    assertEquals("gate.maxLost: lost 3 <= 0: FAILED", cases.get(1).getFailureMessage());
    assertEquals("gate", cases.get(1).getFailureType());
    assertTrue(cases.get(2).getFailureMessage().contains("a&b <x>") && cases.get(2).getFailureMessage()
        .contains("+46.9 %"), "escaped and read back whole: " + cases.get(2).getFailureMessage());
    assertTrue(cases.get(3).hasSkipped() && !cases.get(3).hasFailure(), "not judged is skipped, not failed");
  }
}
