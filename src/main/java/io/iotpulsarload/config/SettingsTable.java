package io.iotpulsarload.config;

import io.iotpulsarload.settings.Setting;

/**
 * Prints the README's settings table from the declarations, so the two cannot drift:
 * {@code mvn -q compile exec:java -Dexec.mainClass=io.iotpulsarload.config.SettingsTable}.
 */
public final class SettingsTable {

  private SettingsTable() {}

  public static void main(String[] args) {
    System.out.println("| property (`-D`) | environment | default | what it sets (accepted values) |");
    System.out.println("|---|---|---|---|");
    for (Setting<?> s : IoTSettings.ALL) {
      System.out.println(row(s));
    }
  }

  static String row(Setting<?> s) {
    String def = s.defaultText() == null ? "unset" : "`" + s.defaultText() + "`";
    return "| `" + s.property() + "` | `" + s.env() + "` | " + def + " | " + s.description().replace("|", "\\|")
        + " (" + s.accepted().replace("|", "\\|") + ") |";
  }
}
