package io.iotpulsarload.settings;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.config.IoTSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's settings table is the user's reference: it must list every setting with its env name and default. */
class ReadmeSettingsTableTest {

  @Test
  void readmeListsEverySettingWithItsEnvironmentVariableAndDefault() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    for (Setting<?> s : IoTSettings.ALL) {
      String row = readme.lines()
          .filter(line -> line.startsWith("| `" + s.property() + "` "))
          .findFirst()
          .orElseThrow(() -> new AssertionError("README settings table has no row for " + s.property()));
      assertTrue(row.contains("`" + s.env() + "`"), "README row of " + s.property() + " lacks " + s.env());
      if (s.defaultText() != null) {
        assertTrue(row.contains("`" + s.defaultText() + "`"),
            "README row of " + s.property() + " lacks its default " + s.defaultText() + ": " + row);
      }
    }
  }
}
