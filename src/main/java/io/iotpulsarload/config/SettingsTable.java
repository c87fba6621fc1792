package io.iotpulsarload.config;

import io.iotpulsarload.settings.Setting;

/**
 * Prints the settings table of docs/settings.md from the declarations, so the two cannot drift:
 * {@code bin/iot-pulsar-load settings}.
 */
public final class SettingsTable {

  private SettingsTable() {}

  /** What {@code settings --help} prints. */
  public static final String HELP = """
      usage: iot-pulsar-load settings
      Prints every setting as a Markdown table: its -D property, its environment variable, its default, what it
      sets and the values it accepts (the table in docs/settings.md is this output).""";

  public static void main(String[] args) {
    System.out.print(markdown());
  }

  /** The whole table, one line per setting. */
  public static String markdown() {
    StringBuilder table = new StringBuilder("| property (`-D`) | environment | default | what it sets (accepted values) |\n"
        + "|---|---|---|---|\n");
    for (Setting<?> s : IoTSettings.ALL) {
      table.append(row(s)).append('\n');
    }
    return table.toString();
  }

  static String row(Setting<?> s) {
    String def = s.defaultText() == null ? "unset" : "`" + s.defaultText() + "`";
    return "| `" + s.property() + "` | `" + s.env() + "` | " + def + " | " + s.description().replace("|", "\\|")
        + " (" + s.accepted().replace("|", "\\|") + ") |";
  }
}
