#!/usr/bin/env bash
# A real Prometheus (Debian's package: apt-get install prometheus) scrapes a real injector: SteadyIoT at RATE
# msg/s for SECS s against a standalone this script starts, metrics.port on, scraped every 2 s. After the run,
# the script asks Prometheus' HTTP API for the acked rate over the load and the final counters, and prints them
# beside the run's own summary.json.
#
#   bench/prometheus-scrape.sh [rate, default 5000] [seconds, default 60]
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${1:-5000}
SECS=${2:-60}
OUT=target/bench-prometheus
METRICS_PORT=19464
PROM_PORT=19090
command -v prometheus >/dev/null || { echo "needs Prometheus: apt-get install prometheus" >&2; exit 1; }
rm -rf "$OUT" && mkdir -p "$OUT"
# shellcheck source=bench/lib.sh
source bench/lib.sh
echo "== building (project, embedded broker)"
build_classpaths "$OUT"
mvn -q -B -f broker/pom.xml compile
start_broker "$OUT" 16690 18120
cat > "$OUT/prometheus.yml" <<YML
global:
  scrape_interval: 2s
scrape_configs:
  - job_name: iot-pulsar-load
    static_configs:
      - targets: ["127.0.0.1:$METRICS_PORT"]
YML
prometheus --config.file="$OUT/prometheus.yml" --storage.tsdb.path="$OUT/prom-data" \
  --web.listen-address="127.0.0.1:$PROM_PORT" > "$OUT/prometheus.log" 2>&1 &
PROM_PID=$!
trap 'kill $PROM_PID $BROKER_PID 2>/dev/null || true' EXIT
RUN_ID="prometheus-$(date +%H%M%S)"
echo "== SteadyIoT ${RATE} msg/s for ${SECS} s, metrics on :$METRICS_PORT, Prometheus on :$PROM_PORT, run $RUN_ID"
java "${GATLING_JVM[@]}" -Dgatling.conf.file=gatling-log-false.conf -DgatlingLog=false \
  -Dpulsar.url=pulsar://127.0.0.1:16690 -Dpulsar.adminUrl=http://127.0.0.1:18120 -Dverify=true \
  -Drate="$RATE" -Dduration="${SECS}s" -DrunId="$RUN_ID" -Dtopic="persistent://public/default/$RUN_ID" \
  -Dmetrics.port=$METRICS_PORT -Dmetrics.lingerAfterRun=10s \
  -Dresults.dir="$OUT/results" -Dreports.dir="$OUT/reports" \
  -cp "target/classes:target/test-classes:$(cat "$OUT/test.classpath")" io.gatling.app.Gatling \
  -s simulations.SteadyIoT -rf "$PWD/$OUT/gatling" > "$OUT/run.log" 2>&1 || true
python3 - "$OUT" "$RUN_ID" "$SECS" "$PROM_PORT" <<'PY'
import json, sys, urllib.parse, urllib.request
out, run_id, secs, port = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
summary = json.load(open(f"{out}/results/{run_id}/injector-0/summary.json"))
def api(path, **params):
    url = f"http://127.0.0.1:{port}/api/v1/{path}?" + urllib.parse.urlencode(params)
    return json.load(urllib.request.urlopen(url))["data"]["result"]
first = summary["firstSendMillis"] / 1000
sel = f'run_id="{run_id}"'
rates = [float(v) for _, v in api("query_range", query=f"rate(iotload_messages_acked_total{{{sel}}}[10s])",
         start=first + 15, end=first + secs - 5, step=5)[0]["values"]]
end = summary["endMillis"] / 1000 + 5
def last(metric):
    r = api("query", query=f"{metric}{{{sel}}}", time=end)
    return float(r[0]["value"][1]) if r else None
p99 = api("query", query=f"histogram_quantile(0.99, rate(iotload_publish_latency_seconds_bucket{{{sel}}}[30s]))",
          time=first + secs - 5)
print(f"Prometheus: acked rate over the load (rate[10s], every 5 s): mean {sum(rates) / len(rates):.0f}, "
      f"min {min(rates):.0f}, max {max(rates):.0f} msg/s; publish p99 (last 30 s of the load) "
      f"{float(p99[0]['value'][1]) * 1000:.1f} ms")
v = summary["verification"]
for name, metric, expected in [("sent", "iotload_messages_sent_total", summary["sent"]),
                               ("acked", "iotload_messages_acked_total", summary["acked"]),
                               ("received", "iotload_messages_received_total", v["received"]),
                               ("lost", "iotload_verification_lost", v["lost"])]:
    print(f"final {name}: Prometheus {last(metric):.0f}, summary.json {expected}")
PY
