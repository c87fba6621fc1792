#!/usr/bin/env bash
# Benchmark: our SteadyIoT (generated Avro readings through the Gatling protocol) against Pulsar's own
# pulsar-perf (~200-byte varied payloads), one after the other, against ONE embedded broker on this machine.
#
#   bench/compare-pulsar-perf.sh [seconds per fixed-rate run, default 60] [seconds per max-rate run, default 30]
#   CASES="50k" bench/compare-pulsar-perf.sh 60    # only some of the cases: 5k, 50k, max (default: all)
#
# Prints a table: achieved msg/s, publish latency p50/p99/p99.9, injector CPU seconds per million messages, and
# our/pulsar-perf ratios. CPU is given twice: "whole" = user+sys of the injector JVM from start to exit (start-up
# included; for us also Gatling's parse of its log to evaluate the gates, but no report generation); "steady" =
# the JVM's CPU over the tool's own 10 s progress windows after the first one (warm-up), per message acknowledged
# in them (bench/steady_cpu.py), which is what one injector needs to sustain a rate. Both tools use LZ4 and batching (1 ms, 1000 messages). Raw logs: target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
RUN_SECONDS=${1:-60}
MAX_SECONDS=${2:-30}
CASES=" ${CASES:-5k 50k max} "
OUT=target/bench
mkdir -p "$OUT"
BROKER_PORT=16650
WEB_PORT=18080
URL=pulsar://127.0.0.1:$BROKER_PORT

# shellcheck source=bench/lib.sh
source bench/lib.sh
echo "== building (project, embedded broker, pulsar-perf classpath)"
build_classpaths "$OUT"
mvn -q -B -f bench/pulsar-perf/pom.xml dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/perf.classpath"
echo "== starting the embedded broker on $URL"
start_broker "$OUT" $BROKER_PORT $WEB_PORT

# ~200-byte varied payloads for pulsar-perf (a fixed payload compresses unrealistically well with LZ4)
python3 - "$OUT/payloads.txt" <<'PY'
import random, string, sys
random.seed(42)
alphabet = string.ascii_letters + string.digits
with open(sys.argv[1], "w") as f:
    for _ in range(10000):
        f.write("".join(random.choice(alphabet) for _ in range(200)) + "\n")
PY

TIMEFORMAT='%U %S'
RESULTS="$OUT/results.tsv"
printf "tool\ttarget\tmsgs\trate\tp50\tp99\tp999\tcpu_s\tsteady_us\n" > "$RESULTS"

# timed LOG CPUFILE SAMPLES command...: runs the command with its output in LOG, writes its whole-process CPU
# ("user sys" seconds) to CPUFILE, and samples the JVM's CPU from /proc every 0.2 s into SAMPLES
# ("epoch-ms ticks"), so a steady window can be cut out of the run afterwards.
timed() {
  local log=$1 cpufile=$2 samples=$3 wrapper jvm
  shift 3
  : > "$samples"
  ( time "$@" > "$log" 2>&1 ) 2> "$cpufile" &
  wrapper=$!
  for _ in $(seq 1 100); do jvm=$(pgrep -P "$wrapper" java || true); [ -n "$jvm" ] && break; sleep 0.05; done
  while [ -n "$jvm" ] && [ -r "/proc/$jvm/stat" ]; do
    read -r -a st < "/proc/$jvm/stat" 2>/dev/null || break
    echo "$(date +%s%3N) $((st[13] + st[14]))" >> "$samples"
    sleep 0.2
  done
  wait "$wrapper" || true
}

perf_run() { # target-rate seconds label
  local rate=$1 secs=$2 label=$3 log="$OUT/perf-$3.log"
  timed "$log" "$OUT/perf-$label.cpu" "$OUT/perf-$label.samples" \
      java -Xmx1g -cp "$(cat "$OUT/perf.classpath")" org.apache.pulsar.testclient.PulsarPerfTestTool \
      /dev/null produce -u "$URL" -r "$rate" -time "$secs" -f "$OUT/payloads.txt" -z LZ4 -b 1 -bm 1000 \
      -o 10000 --warmup-time 0 "persistent://public/default/perf-$label"
  # records / run time (the "Aggregated throughput" line includes a closing pause)
  local msgs p50 p99 p999 steady
  msgs=$(grep -m1 -oE "Aggregated throughput stats --- [0-9]+ records sent" "$log" | grep -m1 -oE "[0-9]+")
  read -r p50 p99 p999 < <(grep -o "Aggregated latency stats.*" "$log" | sed -E \
      's/.*med: +([0-9.]+) .* 99pct: +([0-9.]+) - 99.9pct: +([0-9.]+) .*/\1 \2 \3/')
  steady=$(python3 bench/steady_cpu.py perf "$log" "$OUT/perf-$label.samples")
  record perf-perf "$label" "$msgs" "$(awk "BEGIN{print $msgs / $secs}")" "$p50" "$p99" "$p999" \
      "$(cat "$OUT/perf-$label.cpu")" "$steady"
}

ours_run() { # target-rate seconds label [extra -D...]
  local rate=$1 secs=$2 label=$3 log="$OUT/ours-$3.log"
  shift 3
  timed "$log" "$OUT/ours-$label.cpu" "$OUT/ours-$label.samples" \
      java "${GATLING_JVM[@]}" -Dpulsar.url="$URL" -Dpulsar.adminUrl="http://127.0.0.1:$WEB_PORT" -Drate="$rate" -Dduration="${secs}s" \
      -Dtopic="persistent://public/default/ours-$label" -Dgate.p99Ms=100000 -Dgate.minRatePercent=0 "$@" \
      -cp "target/classes:target/test-classes:$(cat "$OUT/test.classpath")" io.gatling.app.Gatling \
      -s simulations.SteadyIoT -rf "$PWD/$OUT/gatling" -nr
  local line msgs rate p50 p99 p999 steady
  line=$(grep "iot-pulsar-load: run:" "$log")
  msgs=$(echo "$line" | sed -E 's/.*acked=([0-9]+).*/\1/')
  # the run's own mean rate: a run that cannot keep up takes longer than its planned duration
  rate=$(echo "$line" | sed -E 's/.*mean rate=([0-9]+).*/\1/')
  read -r p50 p99 p999 < <(echo "$line" | sed -E 's/.*p50=([0-9.]+) p99=([0-9.]+) p99.9=([0-9.]+).*/\1 \2 \3/')
  steady=$(python3 bench/steady_cpu.py ours "$log" "$OUT/ours-$label.samples")
  record ours "$label" "$msgs" "$rate" "$p50" "$p99" "$p999" "$(cat "$OUT/ours-$label.cpu")" "$steady"
}

record() { # tool label msgs rate p50 p99 p999 "user sys" steady-us-per-msg
  local user sys
  read -r user sys <<< "$8"
  printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$1" "$2" "$3" "$4" "$5" "$6" "$7" \
    "$(awk "BEGIN{print $user + $sys}")" "$9" >> "$RESULTS"
  echo "   $1 $2: $3 messages at $4 msg/s, p50 $5 ms, p99 $6 ms, p99.9 $7 ms, CPU $user s user + $sys s sys," \
    "steady $9 us/msg"
}

if [[ $CASES == *" 5k "* ]]; then
  echo "== 5,000 msg/s for ${RUN_SECONDS}s";   perf_run 5000 "$RUN_SECONDS" 5k;   ours_run 5000 "$RUN_SECONDS" 5k
fi
if [[ $CASES == *" 50k "* ]]; then
  echo "== 50,000 msg/s for ${RUN_SECONDS}s";  perf_run 50000 "$RUN_SECONDS" 50k; ours_run 50000 "$RUN_SECONDS" 50k
  # the same rate with each virtual user publishing 10 readings (less Gatling work per message)
  ours_run 50000 "$RUN_SECONDS" 50k-k10 -DmessagesPerUser=10
fi
if [[ $CASES == *" max "* ]]; then
  echo "== maximum for ${MAX_SECONDS}s"
  perf_run 10000000 "$MAX_SECONDS" max
  # open model far above what one injector can do: users queue up, and the run's mean rate is its maximum
  ours_run 400000 "$MAX_SECONDS" max -DmessagesPerUser=100
fi

echo
python3 - "$RESULTS" "$(nproc)" <<'PY'
import csv, sys
rows = {(r["tool"], r["target"]): r for r in csv.DictReader(open(sys.argv[1]), delimiter="\t")}
print(f"machine: {sys.argv[2]} cores shared by broker and injector; LZ4, batching 1 ms / 1000 msgs")
print("CPU s per 1M: whole = the injector JVM from start to exit; steady = during the load after its first 10 s")
print("| case | tool | msg/s | p50 ms | p99 ms | p99.9 ms | CPU s/1M whole | CPU s/1M steady |")
print("|---|---|---|---|---|---|---|---|")
reference = {"50k-k10": "50k"}  # our extra case, compared with pulsar-perf at the same rate
for target in ["5k", "50k", "50k-k10", "max"]:
    if not any(t == target for (_, t) in rows):
        continue  # a case not run (CASES)
    for tool in ["perf-perf", "ours"]:
        if tool == "perf-perf" and target in reference:
            continue
        r = rows.get((tool, target))
        if not r or not r["msgs"]:
            print(f"| {target} | {tool} | failed | | | | |"); continue
        cpm = float(r["cpu_s"]) / float(r["msgs"]) * 1e6
        name = ("pulsar-perf" if tool == "perf-perf" else
                "iot-pulsar-load, messagesPerUser=10" if target in reference else "iot-pulsar-load")
        print(f"| {target} | {name} | {float(r['rate']):,.0f} | {r['p50']} | {r['p99']} | {r['p999']} | {cpm:.1f} "
              f"| {r['steady_us']} |")
    a, b = rows.get(("ours", target)), rows.get(("perf-perf", reference.get(target, target)))
    if a and b and a["msgs"] and b["msgs"]:
        ratio = lambda k: float(a[k]) / max(float(b[k]), 1e-9)
        cpm = (float(a["cpu_s"]) / float(a["msgs"])) / (float(b["cpu_s"]) / float(b["msgs"]))
        steady = (f"{float(a['steady_us']) / float(b['steady_us']):.2f}"
                  if a["steady_us"] not in ("", "-") and b["steady_us"] not in ("", "-") else "-")
        print(f"| {target} | ours / pulsar-perf | {ratio('rate'):.2f} | {ratio('p50'):.2f} | {ratio('p99'):.2f} "
              f"| {ratio('p999'):.2f} | {cpm:.2f} | {steady} |")
PY
