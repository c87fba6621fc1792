package io.iotpulsarload.gates;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The gates as JUnit XML (the Ant/Surefire {@code <testsuite>} format that Jenkins, GitLab and GitHub's
 * test-report actions read): one test case per gate, named by its setting so CI tracks it from run to run, its
 * figure and limit in the message, a failed gate a {@code <failure>}, a gate the run could not be judged on a
 * {@code <skipped>}.
 */
public final class JUnitReport {

  /** The file name beside a report's summary.json. */
  public static final String FILE = "junit.xml";

  private JUnitReport() {}

  /**
   * Writes {@code gates} as one test suite to {@code file} (replaced whole).
   *
   * @param suite      the suite's name, e.g. {@code iot-pulsar-load.SteadyIoT}
   * @param properties what identifies the run (runId, simulation, ...), as the suite's properties
   * @param seconds    how long the run's load lasted (the suite's time)
   */
  public static void write(Path file, String suite, Map<String, String> properties, List<Gate> gates,
      double seconds, long startMillis) {
    StringWriter text = new StringWriter();
    try {
      XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(text);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuite");
      xml.writeAttribute("name", suite);
      xml.writeAttribute("tests", Integer.toString(gates.size()));
      xml.writeAttribute("failures", Long.toString(gates.stream().filter(g -> !g.passed()).count()));
      xml.writeAttribute("errors", "0");
      xml.writeAttribute("skipped", Long.toString(gates.stream().filter(Gate::skipped).count()));
      xml.writeAttribute("time", String.format(Locale.ROOT, "%.3f", seconds));
      xml.writeAttribute("timestamp", Instant.ofEpochMilli(startMillis).truncatedTo(ChronoUnit.SECONDS)
          .atOffset(ZoneOffset.UTC).toLocalDateTime().toString());
      xml.writeCharacters("\n  ");
      xml.writeStartElement("properties");
      for (Map.Entry<String, String> p : properties.entrySet()) {
        xml.writeCharacters("\n    ");
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", p.getKey());
        xml.writeAttribute("value", p.getValue());
      }
      xml.writeCharacters("\n  ");
      xml.writeEndElement();
      for (Gate gate : gates) {
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("name", gate.name());
        xml.writeAttribute("classname", suite);
        xml.writeAttribute("time", "0");
        xml.writeCharacters("\n    ");
        if (gate.skipped()) {
          xml.writeEmptyElement("skipped");
          xml.writeAttribute("message", gate.line());
          xml.writeCharacters("\n    ");
        } else if (!gate.passed()) {
          xml.writeStartElement("failure");
          xml.writeAttribute("message", gate.line());
          xml.writeAttribute("type", "gate");
          xml.writeCharacters(gate.line());
          xml.writeEndElement();
          xml.writeCharacters("\n    ");
        }
        xml.writeStartElement("system-out");
        xml.writeCharacters(gate.line());
        xml.writeEndElement();
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
      }
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write the gates as JUnit XML: " + e.getMessage(), e);
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
      Files.writeString(tmp, text.toString(), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
