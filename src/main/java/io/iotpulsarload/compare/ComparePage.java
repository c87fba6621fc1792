package io.iotpulsarload.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpulsarload.gates.Gate;
import io.iotpulsarload.results.HtmlPage;
import io.iotpulsarload.results.RunComparison;
import io.iotpulsarload.results.RunReport;
import io.iotpulsarload.results.RunWindows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The comparison page: the figures of both runs, their differing settings and the regression gates, and each
 * run's windows overlaid on one time axis (seconds since its load began): publish and e2e p99, acknowledged rate
 * and CPU per message. Static HTML drawing with Apache ECharts, vendored beside it.
 */
final class ComparePage {

  private ComparePage() {}

  static void write(Path page, List<RunReport.MergedSummary> baselines, RunReport.MergedSummary current,
      List<RunComparison.Row> rows, Map<String, String[]> differ, List<Gate> gates) throws IOException {
    Map<String, Object> data = new LinkedHashMap<>();
    String baselineNames = String.join(", ", baselines.stream().map(RunReport.MergedSummary::runId).toList());
    data.put("baseline", baselineNames);
    data.put("current", current.runId());
    data.put("rows", rows.stream().map(r -> List.of(r.figure() + " (" + r.unit() + ")",
        CompareCommand.number(r.baseline()) + (baselines.size() > 1 && r.baseline() != null ? " ("
            + CompareCommand.number(r.baselineMin()) + ".." + CompareCommand.number(r.baselineMax()) + ")" : ""),
        CompareCommand.number(r.current()),
        CompareCommand.signed(r.difference()),
        r.ratio() == null ? "-" : String.format(java.util.Locale.ROOT, "%.2fx", r.ratio()))).toList());
    data.put("settings", differ.entrySet().stream().map(e -> List.of(e.getKey(), e.getValue()[0],
        e.getValue()[1])).toList());
    data.put("gates", gates.stream().map(g -> List.of(g.name(), g.line(), g.skipped() ? "skipped" : g.passed()))
        .toList());
    Map<String, Object> series = new LinkedHashMap<>();
    series.put("publishP99", overlaid(baselines, current, RunWindows.Window::publishP99Ms));
    series.put("e2eP99", overlaid(baselines, current, RunWindows.Window::e2eP99Ms));
    series.put("rate", overlaid(baselines, current, w -> w.ackedPerSecond()));
    series.put("cpu", overlaid(baselines, current, RunWindows.Window::cpuMicrosPerMessage));
    data.put("series", series);
    String json = new ObjectMapper().writeValueAsString(data).replace("</", "<\\/");
    Path dir = page.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    String title = current.runId() + " vs " + baselineNames;
    Files.writeString(page, HtmlPage.head(title, CSS) + TEMPLATE.replace("__TITLE__", HtmlPage.escape(title))
        .replace("__DATA__", json), StandardCharsets.UTF_8);
    HtmlPage.copyEcharts(dir);
  }

  /** Every run's windows of one figure as [seconds since the load began, value] points. */
  private static Map<String, List<List<Double>>> overlaid(List<RunReport.MergedSummary> baselines,
      RunReport.MergedSummary current, Function<RunWindows.Window, Double> value) {
    Map<String, List<List<Double>>> all = new LinkedHashMap<>();
    baselines.forEach(b -> all.put("baseline " + b.runId(), points(b, value)));
    all.put("current " + current.runId(), points(current, value));
    return all;
  }

  private static List<List<Double>> points(RunReport.MergedSummary run, Function<RunWindows.Window, Double> value) {
    List<List<Double>> points = new ArrayList<>();
    List<RunWindows.Window> windows = run.windows() == null ? List.of() : run.windows();
    if (windows.isEmpty()) {
      return points;
    }
    long start = run.firstSendMillis() == null ? windows.get(0).startMillis() : run.firstSendMillis();
    for (RunWindows.Window w : windows) {
      Double v = value.apply(w);
      if (v != null) {
        points.add(List.of((w.startMillis() - start) / 1000.0, v));
      }
    }
    return points;
  }

  private static final String CSS = "td:not(:first-child) { text-align: right; } .gate td { text-align: left; }";

  private static final String TEMPLATE = """
      <h1>iot-pulsar-load: __TITLE__</h1>
      <h2>Settings that differ</h2><div id="settings"></div>
      <h2>Regression gates (median window beyond the limit and beyond the run-to-run noise)</h2><div id="gates"></div>
      <h2>Figures</h2><div id="rows"></div>
      <h2>Publish p99 per window</h2><div id="publishP99" class="chart"></div>
      <h2>End-to-end p99 per window</h2><div id="e2eP99" class="chart"></div>
      <h2>Acknowledged msg/s per window</h2><div id="rate" class="chart"></div>
      <h2>Injector CPU per message per window</h2><div id="cpu" class="chart"></div>
      <script>
      const data = __DATA__;
      const table = (rows, head, cls) => '<table' + (cls ? ' class="' + cls + '"' : '') + '>'
        + '<tr>' + head.map(h => '<th>' + h + '</th>').join('') + '</tr>'
        + rows.map(r => '<tr>' + r.map(c => '<td>' + c + '</td>').join('') + '</tr>').join('') + '</table>';
      document.getElementById('settings').innerHTML = data.settings.length
        ? table(data.settings, ['setting', 'baseline', 'current']) : 'none (names, ports and gate limits aside)';
      document.getElementById('gates').innerHTML = data.gates.length ? table(data.gates.map(g => [g[0], g[1],
        g[2] === 'skipped' ? 'not judged' : g[2] ? '<span class="ok">passed</span>' : '<span class="ko">FAILED</span>']), ['gate', 'judgement', ''], 'gate')
        : 'none judged';
      document.getElementById('rows').innerHTML = table(data.rows,
        ['figure', 'baseline ' + data.baseline, 'current ' + data.current, 'difference', 'ratio']);
      const units = { publishP99: 'ms', e2eP99: 'ms', rate: 'msg/s', cpu: 'us' };
      for (const [id, runs] of Object.entries(data.series)) {
        echarts.init(document.getElementById(id)).setOption({ tooltip: { trigger: 'axis' }, legend: {},
          xAxis: { type: 'value', name: 's' }, yAxis: { type: 'value', name: units[id] },
          series: Object.entries(runs).map(([name, pts]) => ({ name, type: 'line', showSymbol: false, data: pts })) });
      }
      </script></body></html>
      """;
}
