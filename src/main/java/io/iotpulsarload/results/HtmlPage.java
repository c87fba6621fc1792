package io.iotpulsarload.results;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** What the tool's static HTML pages share: their head and style, escaping, and the charting library beside them. */
public final class HtmlPage {

  private HtmlPage() {}

  /** A page's head up to its {@code <body>}: title, Apache ECharts (vendored beside it), the common style. */
  public static String head(String title, String extraCss) {
    return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>iot-pulsar-load: __TITLE__</title>
        <script src="echarts.min.js"></script>
        <style>
          body { font-family: system-ui, sans-serif; margin: 24px; color: #222; }
          h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; }
          table { border-collapse: collapse; margin: 8px 0; } td, th { border: 1px solid #ccc; padding: 4px 10px; }
          th { background: #f3f3f3; text-align: left; } .chart { width: 100%; max-width: 1100px; height: 320px; }
          .ok { color: #1a7f37; font-weight: bold; } .ko { color: #cf222e; font-weight: bold; }
          __CSS__
        </style></head><body>
        """.replace("__TITLE__", escape(title)).replace("__CSS__", extraCss);
  }

  /** Text as HTML. */
  public static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** Puts the charting library beside the pages in {@code dir} (replaced whole: two writers may race). */
  public static void copyEcharts(Path dir) throws IOException {
    Path tmp = dir.resolve("echarts.min.js." + ProcessHandle.current().pid() + ".tmp");
    try (InputStream echarts = HtmlPage.class.getResourceAsStream("/report/echarts.min.js")) {
      Files.write(tmp, echarts.readAllBytes());
    }
    Files.move(tmp, dir.resolve("echarts.min.js"), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }
}
