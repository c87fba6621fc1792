package io.iotpulsarload.settings;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.config.IoTSettings;
import io.iotpulsarload.testing.Docs;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The settings table (docs/settings.md) is the user's reference: it must list every setting with its env name and
 * default.
 */
class ReadmeSettingsTableTest {

  @Test
  void readmeListsEverySettingWithItsEnvironmentVariableAndDefault() throws IOException {
    String readme = Docs.page("settings.md");
    for (Setting<?> s : IoTSettings.ALL) {
      String row = readme.lines()
          .filter(line -> line.startsWith("| `" + s.property() + "` "))
          .findFirst()
          .orElseThrow(() -> new AssertionError("docs/settings.md has no row for " + s.property()));
      assertTrue(row.contains("`" + s.env() + "`"), "docs/settings.md row of " + s.property() + " lacks " + s.env());
      if (s.defaultText() != null) {
        assertTrue(row.contains("`" + s.defaultText() + "`"),
            "docs/settings.md row of " + s.property() + " lacks its default " + s.defaultText() + ": " + row);
      }
    }
  }
}
