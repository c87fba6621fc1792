#!/usr/bin/env bash
# Benchmark: the cost of TLS + token authentication for one injector. SteadyIoT at the same rate twice in one
# bench run on this machine: against the embedded broker in plaintext, then against the same broker started
# TLS-only with token authentication and authorization (-Dbroker.security=tls-token's broker; the client uses
# the superuser's token, so no permission set-up differs). Prints msg/s, publish p50/p99/p99.9, and the injector's
# CPU per message, whole run and steady (after the first 10 s window; bench/steady_cpu.py).
#
#   bench/tls-cost.sh [seconds per run, default 60] [rate, default 50000]
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-60}
RATE=${2:-50000}
OUT=target/bench-tls
mkdir -p "$OUT"
BROKER_PORT=16660
WEB_PORT=18090
# shellcheck source=bench/lib.sh
source bench/lib.sh
echo "== building (project, embedded broker)"
build_classpaths "$OUT"
mvn -q -B -f broker/pom.xml compile
TIMEFORMAT='%U %S'
RESULTS="$OUT/results.tsv"
printf "mode\tmsgs\trate\tp50\tp99\tp999\tcpu_s\tsteady_us\tsteady_p99\n" > "$RESULTS"

# the median of the progress windows' p99 after the first 10 s window (the JIT's), as steady-state latency
steady_p99() {
  grep -E '^iot-pulsar-load: [0-9:]+ \+' "$1" | tail -n +2 | sed -E 's/.* p99=([0-9.]+) ms.*/\1/' | sort -g \
    | awk '{v[NR]=$1} END{print (NR == 0) ? "-" : (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'
}

run() { # mode url adminUrl [extra -D...]
  local mode=$1 url=$2 admin=$3 log="$OUT/$1.log" jvm wrapper
  shift 3
  : > "$OUT/$mode.samples"
  ( time java "${GATLING_JVM[@]}" -Dpulsar.url="$url" -Dpulsar.adminUrl="$admin" -Drate="$RATE" \
      -Dduration="${SECS}s" -Dtopic="persistent://public/default/tls-cost-$mode" -Dgate.p99Ms=100000 \
      -Dgate.minRatePercent=0 "$@" -cp "target/classes:target/test-classes:$(cat "$OUT/test.classpath")" \
      io.gatling.app.Gatling -s simulations.SteadyIoT -rf "$PWD/$OUT/gatling" -nr > "$log" 2>&1 ) 2> "$OUT/$mode.cpu" &
  wrapper=$!
  for _ in $(seq 1 100); do jvm=$(pgrep -P "$wrapper" java || true); [ -n "$jvm" ] && break; sleep 0.05; done
  while [ -n "$jvm" ] && [ -r "/proc/$jvm/stat" ]; do
    read -r -a st < "/proc/$jvm/stat" 2>/dev/null || break
    echo "$(date +%s%3N) $((st[13] + st[14]))" >> "$OUT/$mode.samples"
    sleep 0.2
  done
  wait "$wrapper" || true
  local line user sys
  line=$(grep "iot-pulsar-load: run:" "$log") || { echo "$mode: no run summary, see $log" >&2; exit 1; }
  grep -q "iot-pulsar-load: gates PASSED" "$log" || { echo "$mode: gates failed, see $log" >&2; exit 1; }
  read -r user sys < "$OUT/$mode.cpu"
  printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$mode" \
    "$(echo "$line" | sed -E 's/.*acked=([0-9]+).*/\1/')" "$(echo "$line" | sed -E 's/.*mean rate=([0-9]+).*/\1/')" \
    "$(echo "$line" | sed -E 's/.*p50=([0-9.]+) p99=([0-9.]+) p99.9=([0-9.]+).*/\1\t\2\t\3/')" \
    "$(awk "BEGIN{print $user + $sys}")" "$(python3 bench/steady_cpu.py ours "$log" "$OUT/$mode.samples")" \
    "$(steady_p99 "$log")" >> "$RESULTS"
  echo "   $mode: $line"
}

echo "== plaintext, ${RATE} msg/s for ${SECS}s"
start_broker "$OUT" $BROKER_PORT $WEB_PORT none
run plaintext "pulsar://127.0.0.1:$BROKER_PORT" "http://127.0.0.1:$WEB_PORT"
stop_broker
echo "== TLS + token, ${RATE} msg/s for ${SECS}s"
start_broker "$OUT" $BROKER_PORT $WEB_PORT tls-token
SEC="$PWD/$OUT/broker/security"
run tls-token "pulsar+ssl://127.0.0.1:$BROKER_PORT" "https://127.0.0.1:$WEB_PORT" \
  -Dpulsar.token="file:$SEC/admin.token" -Dpulsar.tlsTrustCertsFilePath="$SEC/ca.cert.pem"
stop_broker

echo
python3 - "$RESULTS" "$(nproc)" <<'PY'
import csv, sys
rows = {r["mode"]: r for r in csv.DictReader(open(sys.argv[1]), delimiter="\t")}
print(f"machine: {sys.argv[2]} cores shared by broker and injector; SteadyIoT defaults (LZ4, batching 1 ms)")
print("p99 steady: median of the 10 s windows' p99 after the first window; the whole-run p99 holds the JIT's start")
print("| mode | msg/s | p50 ms | p99 ms | p99.9 ms | p99 ms steady | CPU s/1M whole | CPU us/msg steady |")
print("|---|---|---|---|---|---|---|---|")
for mode in ["plaintext", "tls-token"]:
    r = rows[mode]
    print(f"| {mode} | {float(r['rate']):,.0f} | {r['p50']} | {r['p99']} | {r['p999']} | {r['steady_p99']} "
          f"| {float(r['cpu_s']) / float(r['msgs']) * 1e6:.1f} | {r['steady_us']} |")
a, b = rows["tls-token"], rows["plaintext"]
cpm = (float(a["cpu_s"]) / float(a["msgs"])) / (float(b["cpu_s"]) / float(b["msgs"]))
steady = (f"{float(a['steady_us']) / float(b['steady_us']):.2f}"
          if a["steady_us"] not in ("", "-") and b["steady_us"] not in ("", "-") else "-")
print(f"| TLS / plaintext | {float(a['rate']) / float(b['rate']):.2f} | {float(a['p50']) / float(b['p50']):.2f} "
      f"| {float(a['p99']) / float(b['p99']):.2f} | {float(a['p999']) / float(b['p999']):.2f} "
      f"| {float(a['steady_p99']) / float(b['steady_p99']):.2f} | {cpm:.2f} | {steady} |")
PY
