package io.iotpulsarload.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.surefire.log.api.NullConsoleLogger;
import org.apache.maven.plugins.surefire.report.ReportTestSuite;
import org.apache.maven.plugins.surefire.report.TestSuiteXmlParser;

/** Reads a JUnit XML file as CI tools do, with a real reader: Maven Surefire's own report parser. */
public final class JUnitXml {

  private JUnitXml() {}

  /** The one test suite of {@code file}; fails on anything that is not a valid JUnit XML test suite. */
  public static ReportTestSuite parse(Path file) throws Exception {
    TestSuiteXmlParser parser = new TestSuiteXmlParser(new NullConsoleLogger());
    List<ReportTestSuite> suites = parser.parse(file.toString());
    assertTrue(parser.isValid(), "a valid JUnit XML file: " + file);
    assertEquals(1, suites.size(), "one test suite in " + file);
    return suites.get(0);
  }
}
