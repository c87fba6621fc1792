package io.iotpulsarload.gatling.pulsar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public type, constructor and method of the DSL package has its Javadoc (javac's doclint, on in the pom,
 * checks that what is written is well-formed; this checks that nothing is left unwritten).
 */
class DslJavadocTest {

  private static final Path DSL = Path.of("src/main/java/io/iotpulsarload/gatling/pulsar");

  @Test
  void everyPublicDeclarationOfTheDslHasJavadoc() throws IOException {
    List<String> undocumented = new ArrayList<>();
    int declarations = 0;
    try (Stream<Path> files = Files.list(DSL)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i).strip();
          if (!line.startsWith("public ") || line.startsWith("public record Outcome")) {
            continue; // a record's components are documented in its Javadoc's @param tags
          }
          declarations++;
          int j = i - 1;
          boolean override = false; // an override inherits the Javadoc of what it overrides
          while (j >= 0 && (lines.get(j).strip().startsWith("@") || lines.get(j).isBlank())) {
            override |= lines.get(j).strip().equals("@Override");
            j--;
          }
          if (!override && (j < 0 || !lines.get(j).strip().endsWith("*/"))) {
            undocumented.add(file.getFileName() + ":" + (i + 1) + " " + line);
          }
        }
      }
    }
    assertTrue(declarations > 80, "found only " + declarations + " public declarations under " + DSL);
    assertEquals(List.of(), undocumented);
  }
}
