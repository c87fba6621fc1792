package io.iotpulsarload.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.HdrHistogram.Histogram;

/**
 * The merged report: one static HTML page drawing its charts with Apache ECharts (vendored beside it, no
 * network needed): msg/s over time (total and per injector), publish and e2e latency percentiles over time, the
 * latency percentile distribution, errors by type, and the gates.
 */
final class HtmlReport {

  private static final double[] DISTRIBUTION = {0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 100};

  private HtmlReport() {}

  static String render(MergedRun run, RunReport.MergedSummary summary) throws JsonProcessingException {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("summary", summary);
    data.put("rate", rateSeries(run));
    data.put("publishOverTime", percentilesOverTime(run.perSecond(InjectorResults.PUBLISH_TAG)));
    data.put("warmupOverTime", percentilesOverTime(run.perSecond(InjectorResults.WARMUP_TAG)));
    data.put("e2eOverTime", percentilesOverTime(run.perSecond(InjectorResults.E2E_TAG)));
    data.put("distribution", distribution(run));
    String json = new ObjectMapper().writeValueAsString(data).replace("</", "<\\/");
    return HtmlPage.head(run.runId(), "") + TEMPLATE.replace("__TITLE__", HtmlPage.escape(run.runId()))
        .replace("__DATA__", json);
  }

  /** msg/s (acknowledged + failed) per slot: total and per injector. */
  private static Map<String, Object> rateSeries(MergedRun run) {
    TreeSet<Long> seconds = new TreeSet<>();
    run.injectors().forEach(i -> seconds.addAll(i.timeline().keySet()));
    Map<String, Object> series = new LinkedHashMap<>();
    List<Long> x = new ArrayList<>(seconds);
    series.put("x", x.stream().map(s -> s * 1000).toList());
    List<Long> total = new ArrayList<>();
    for (long s : x) {
      long sum = 0;
      for (MergedRun.Injector i : run.injectors()) {
        long[] c = i.timeline().get(s);
        sum += c == null ? 0 : c[1] + c[2];
      }
      total.add(sum / run.slotSeconds());
    }
    series.put("total", total);
    Map<String, List<Long>> perInjector = new LinkedHashMap<>();
    for (MergedRun.Injector i : run.injectors()) {
      perInjector.put("injector " + i.index(), x.stream().map(s -> {
        long[] c = i.timeline().get(s);
        return c == null ? 0L : (c[1] + c[2]) / run.slotSeconds();
      }).toList());
    }
    series.put("injectors", perInjector);
    return series;
  }

  private static Map<String, Object> percentilesOverTime(Map<Long, Histogram> perSecond) {
    Map<String, Object> series = new LinkedHashMap<>();
    series.put("x", perSecond.keySet().stream().map(s -> s * 1000).toList());
    for (double q : new double[] {50, 99, 99.9}) {
      series.put("p" + q, perSecond.values().stream().map(h -> h.getValueAtPercentile(q) / 1000.0).toList());
    }
    return series;
  }

  private static Map<String, Object> distribution(MergedRun run) {
    Map<String, Object> d = new LinkedHashMap<>();
    List<String> labels = new ArrayList<>();
    for (double q : DISTRIBUTION) {
      labels.add("p" + (q == Math.rint(q) ? Integer.toString((int) q) : Double.toString(q)));
    }
    d.put("labels", labels);
    for (String tag : List.of(InjectorResults.PUBLISH_TAG, InjectorResults.E2E_TAG)) {
      Histogram h = run.overall(tag);
      if (h.getTotalCount() > 0) {
        List<Double> values = new ArrayList<>();
        for (double q : DISTRIBUTION) {
          values.add((q == 0 ? h.getMinValue() : h.getValueAtPercentile(q)) / 1000.0);
        }
        d.put(tag, values);
      }
    }
    return d;
  }

  private static final String TEMPLATE = """
      <h1>iot-pulsar-load: run __TITLE__</h1>
      <div id="overview"></div>
      <h2>Gates (on the merged numbers)</h2><div id="gates"></div>
      <h2>Messages per second (acknowledged + failed), total and per injector</h2><div id="rate" class="chart"></div>
      <h2>Publish latency over time (send to broker acknowledgement; warm-up apart; dashed: reconnects red, partition changes blue)</h2><div id="publish" class="chart"></div>
      <h2>End-to-end latency over time (publish to verifying consumer)</h2><div id="e2e" class="chart"></div>
      <h2>Watched subscriptions (the pipeline's consumers): backlog over time, in entries</h2><div id="watched"></div><div id="backlog" class="chart"></div>
      <h2>Processing stage: latency through it (reading sent to output published) and outputs per second</h2><div id="stage"></div><div id="stageChart" class="chart"></div>
      <h2>Latency percentile distribution</h2><div id="distribution" class="chart"></div>
      <h2>Errors by type</h2><div id="errors"></div>
      <script>
      const data = __DATA__;
      const s = data.summary;
      const table = (rows, head) => '<table>' + (head ? '<tr>' + head.map(h => '<th>' + h + '</th>').join('') + '</tr>' : '')
        + rows.map(r => '<tr>' + r.map(c => '<td>' + c + '</td>').join('') + '</tr>').join('') + '</table>';
      const ms = v => v === undefined ? '-' : Number(v).toFixed(2) + ' ms';
      const pub = s.publishLatencyMs || {}, e2e = s.e2eLatencyMs || {}, v = s.verification || {};
      document.getElementById('overview').innerHTML = table([
        ['injectors', s.injectors], ['sent', s.sent], ['acknowledged', s.acked], ['failed', s.failed],
        ['warm-up before the measured load (in the counts above, not judged): seconds, sent / acknowledged / failed', s.warmup ? s.warmup.seconds.toFixed(1) + ' s, ' + [s.warmup.sent, s.warmup.acked, s.warmup.failed].join(' / ') : 'none'],
        ['planned', s.plannedMessages == null ? 'not stated by the simulation' : Math.round(s.plannedMessages)],
        ['load duration (first send to the end of the last second with a send)', s.loadSeconds.toFixed(1) + ' s'],
        ['mean rate: sent / acknowledged / received (msg/s, each message counted once)', [s.sentPerSecond, s.ackedPerSecond, s.receivedPerSecond].map(r => r == null ? 'not verified' : Math.round(r).toLocaleString('en')).join(' / ')],
        ['publish p50 / p99 / p99.9 / max', [pub.p50, pub.p99, pub['p99.9'], pub.max].map(ms).join(' / ')],
        ['e2e p50 / p99 / p99.9 / max', s.e2eLatencyMs ? [e2e.p50, e2e.p99, e2e['p99.9'], e2e.max].map(ms).join(' / ') : 'not verified'],
        ['received / lost / duplicates / out of order / invalid', s.verification ? [v.received, v.lost, v.duplicates, v.outOfOrder, v.invalid].join(' / ') : 'not verified'],
        ['failed sends delivered anyway / not delivered', s.verification ? [v.deliveredAnyway, v.notDelivered].join(' / ') : 'not verified'],
        ['schedule lag, max over injectors (sends behind the plan)', s.scheduleLagMaxSeconds == null ? 'no plan' : s.scheduleLagMaxSeconds.toFixed(2) + ' s'],
        ['outages (injector: start, seconds to the first ack after it, sends failed)', (s.outages || []).length ? s.outages.map(o => o.injector + ': ' + new Date(o.startMillis).toISOString().substring(11, 19) + ', ' + (o.secondsToFirstAck == null ? 'not over' : o.secondsToFirstAck + ' s') + ', ' + o.failedSends).join('; ') : 'none'],
        ['reconnects (connections lost and got back) / cluster events', (s.reconnects == null ? '-' : s.reconnects) + ' / ' + ((s.events || []).length ? s.events.length + ', marked on the latency plots (first: ' + s.events.slice(0, 3).map(e => new Date(e.epochMillis).toISOString().substring(11, 23) + ' ' + e.kind + ' ' + e.subject + ': ' + e.detail).join('; ') + ')' : 'none')],
        ['verdict', (s.passed ? '<span class="ok">PASSED</span>' : '<span class="ko">FAILED</span>') + (s.interrupted ? ' (interrupted)' : '')]]);
      document.getElementById('gates').innerHTML = table(s.gates.map(g => [g.name, g.measures, (g.atLeast ? '>= ' : '<= ') + g.limit, Number(g.measured).toFixed(2),
        g.skipped ? 'not judged: ' + g.note : g.passed ? '<span class="ok">passed</span>' : '<span class="ko">FAILED</span>']), ['gate', 'measures', 'limit', 'measured', '']);
      const errors = Object.entries(s.failuresByType || {});
      document.getElementById('errors').innerHTML = errors.length ? table(errors, ['error', 'count']) : 'none';
      // cluster events as vertical lines on the first series of a latency plot: reconnects red, partitions blue
      const marks = { symbol: 'none', label: { show: false }, data: (s.events || []).map(e => ({ xAxis: e.epochMillis,
        name: e.kind + ': ' + e.subject + ': ' + e.detail, lineStyle: { color: e.kind === 'partitions' ? '#1f6feb' : '#d62728', type: 'dashed' } })) };
      const marked = series => series.map((x, i) => i === 0 ? Object.assign(x, { markLine: marks }) : x);
      const time = (id, x, series, unit, mark) => echarts.init(document.getElementById(id)).setOption({
        tooltip: { trigger: 'axis' }, legend: {}, xAxis: { type: 'time' }, yAxis: { type: 'value', name: unit },
        series: (mark ? marked : y => y)(Object.entries(series).map(([name, ys]) => ({ name, type: 'line', showSymbol: false,
          data: ys.map((y, i) => [x[i], y]) }))) });
      time('rate', data.rate.x, Object.assign({ total: data.rate.total }, data.rate.injectors), 'msg/s');
      const pct = o => ({ p50: o['p50.0'], p99: o['p99.0'], 'p99.9': o['p99.9'] });
      const warm = data.warmupOverTime, measured = data.publishOverTime;
      const both = Object.assign({}, ...Object.entries(pct(measured)).map(([k, ys]) => ({ [k]: measured.x.map((x, i) => [x, ys[i]]) })),
        ...Object.entries(pct(warm)).map(([k, ys]) => ({ ['warm-up ' + k]: warm.x.map((x, i) => [x, ys[i]]) })));
      echarts.init(document.getElementById('publish')).setOption({ tooltip: { trigger: 'axis' }, legend: {},
        xAxis: { type: 'time' }, yAxis: { type: 'value', name: 'ms' },
        series: marked(Object.entries(both).filter(([k, pts]) => pts.length).map(([name, data]) => ({ name, type: 'line', showSymbol: false, data }))) });
      time('e2e', data.e2eOverTime.x, pct(data.e2eOverTime), 'ms', true);
      const subs = s.subscriptions || [];
      document.getElementById('watched').innerHTML = subs.length ? table(subs.map(w => [w.subscription, w.verdict === 'keeps up' ? '<span class="ok">keeps up</span>' : '<span class="ko">' + w.verdict + '</span>', w.reason]), ['subscription', 'verdict', 'why']) : 'none watched (watch.subscriptions)';
      if (subs.length) echarts.init(document.getElementById('backlog')).setOption({ tooltip: { trigger: 'axis' }, legend: {},
        xAxis: { type: 'time' }, yAxis: { type: 'value', name: 'entries' },
        series: subs.map(w => ({ name: w.subscription, type: 'line', showSymbol: false, data: w.samples.map(p => [p.epochMillis, p.backlogEntries]) })) });
      const st = s.stage;
      document.getElementById('stage').innerHTML = st ? table([['output topic', st.topic], ['matched by', st.match + ' (event time from ' + st.eventTimeFrom + ')'],
        ['outputs (mean per second)', st.outputs + ' (' + st.outputsPerSecond.toFixed(1) + ')'],
        ['latency p50 / p99 / max', [st.latencyMs.p50, st.latencyMs.p99, st.latencyMs.max].map(x => x == null ? '-' : ms(x)).join(' / ')],
        ['readings lost in it (of those expected out)', st.lost == null ? 'not counted (an aggregate)' : (st.lost ? '<span class="ko">' + st.lost + '</span>' : '0') + ' of ' + st.expected],
        ['duplicates / without a readable event time', st.duplicates + ' / ' + st.withoutTime],
        ['last output after the load', st.drainSeconds == null ? '<span class="ko">still incomplete at stage.drainTimeout</span>' : st.drainSeconds.toFixed(1) + ' s']]) : 'none timed (stage.topic)';
      if (st) echarts.init(document.getElementById('stageChart')).setOption({ tooltip: { trigger: 'axis' }, legend: {},
        xAxis: { type: 'time' }, yAxis: [{ type: 'value', name: 'ms' }, { type: 'value', name: 'outputs/s' }],
        series: [['p50', 'p50Ms'], ['p99', 'p99Ms']].map(([name, k]) => ({ name, type: 'line', showSymbol: false, data: st.seconds.map(x => [x.epochSecond * 1000, x[k]]) }))
          .concat([{ name: 'outputs/s', type: 'line', yAxisIndex: 1, showSymbol: false, data: st.seconds.map(x => [x.epochSecond * 1000, x.outputs]) }]) });
      const d = data.distribution;
      echarts.init(document.getElementById('distribution')).setOption({ tooltip: { trigger: 'axis' }, legend: {},
        xAxis: { type: 'category', data: d.labels }, yAxis: { type: 'log', name: 'ms' },
        series: ['publish', 'e2e'].filter(t => d[t]).map(t => ({ name: t, type: 'line', data: d[t] })) });
      </script></body></html>
      """;
}
