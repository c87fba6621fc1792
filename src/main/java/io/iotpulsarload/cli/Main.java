package io.iotpulsarload.cli;

import io.iotpulsarload.compare.CompareCommand;
import io.iotpulsarload.config.SettingsTable;
import io.iotpulsarload.results.MergeCommand;
import io.iotpulsarload.run.ValidateCommand;
import io.iotpulsarload.settings.SettingSource;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The companion commands by name, as {@code bin/iot-pulsar-load COMMAND ...} runs them (and the container's
 * entrypoint): merge, validate, compare, settings. Settings come as {@code -Dname=value} (the launcher makes them
 * JVM properties) or environment variables, as for a run. Bad arguments: one line, exit 2.
 */
public final class Main {

  private Main() {}

  static final String HELP = """
      usage: iot-pulsar-load COMMAND [ARGS] [-Dsetting=value ...]
        merge RUN_ID         merge the injectors' results of a run into one report (reports/<runId>/)
        validate             read a topic and validate every reading (-Dpulsar.url=... -Dtopic=...)
        compare BASE CURRENT two runs side by side; the regression gates of CURRENT against BASE
        settings             the settings table (every -D setting, its environment variable and default)
      iot-pulsar-load COMMAND --help says more.""";

  public static void main(String[] args) {
    System.exit(run(Arrays.asList(args), SettingSource.system(), System.out));
  }

  /** Runs one command; returns its exit status. */
  public static int run(List<String> args, SettingSource source, PrintStream out) {
    if (args.isEmpty()) {
      out.println("iot-pulsar-load: no command: expected merge, validate, compare or settings "
          + "(iot-pulsar-load --help)");
      return 2;
    }
    String command = args.get(0);
    List<String> rest = args.subList(1, args.size());
    boolean help = rest.contains("--help") || rest.contains("-h");
    return switch (command) {
      case "--help", "-h", "help" -> {
        out.println(HELP);
        yield 0;
      }
      case "merge" -> help ? usage(out, MergeCommand.HELP) : merge(rest, source, out);
      case "validate" -> help ? usage(out, ValidateCommand.HELP)
          : rest.isEmpty() ? ValidateCommand.run(source, out)
          : bad(out, "validate takes no arguments, only settings such as -Dpulsar.url=... -Dtopic=...: got '"
              + rest.get(0) + "' (validate --help)");
      case "compare" -> CompareCommand.run(rest, source, out);
      case "settings" -> help ? usage(out, SettingsTable.HELP)
          : rest.isEmpty() ? usage(out, SettingsTable.markdown())
          : bad(out, "settings takes no arguments: got '" + rest.get(0) + "' (settings --help)");
      default -> bad(out, "unknown command '" + command + "': expected merge, validate, compare or settings "
          + "(iot-pulsar-load --help)");
    };
  }

  /** merge [RUN_ID]: the run id as an argument, or the runId setting. */
  private static int merge(List<String> args, SettingSource source, PrintStream out) {
    if (args.size() > 1 || args.size() == 1 && args.get(0).startsWith("-")) {
      return bad(out, "merge takes one run id (the name under results/), got " + String.join(" ", args)
          + " (merge --help)");
    }
    SettingSource withRun = args.isEmpty() ? source : (property, env) -> property.equals("runId")
        ? Optional.of(args.get(0)) : source.raw(property, env);
    return MergeCommand.run(withRun, out);
  }

  private static int usage(PrintStream out, String text) {
    out.print(text.endsWith("\n") ? text : text + "\n");
    return 0;
  }

  private static int bad(PrintStream out, String message) {
    out.println("iot-pulsar-load: " + message);
    return 2;
  }
}
