#!/usr/bin/env bash
# Benchmark: our SteadyIoT (generated Avro readings through the Gatling protocol) against Pulsar's own
# pulsar-perf (~200-byte varied payloads), one after the other, against ONE embedded broker on this machine.
#
#   bench/compare-pulsar-perf.sh [seconds per fixed-rate run, default 60] [seconds per max-rate run, default 30]
#   CASES="50k" bench/compare-pulsar-perf.sh 60    # only some of the cases: 5k, 50k, max (default: all)
#
# Prints a table: achieved msg/s, publish latency p50/p99/p99.9 (whole run), injector CPU seconds per million
# messages, the first 10 s window's p99, cores and CPU per message (what the JIT costs a gate on the whole run),
# and our/pulsar-perf ratios; at 50,000 msg/s pulsar-perf runs twice, the second time with a random key per
# message (-mk random) as ours sends keyed messages. CPU is given twice: "whole" = user+sys of the injector JVM from start to exit (start-up
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
printf "tool\ttarget\tmsgs\trate\tp50\tp99\tp999\tcpu_s\tsteady_us\tfirst_p99\tfirst_cores\tfirst_us\n" > "$RESULTS"

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

perf_run() { # target-rate seconds label [extra pulsar-perf options]
  local rate=$1 secs=$2 label=$3 log="$OUT/perf-$3.log"
  shift 3
  timed "$log" "$OUT/perf-$label.cpu" "$OUT/perf-$label.samples" \
      java -Xmx1g -cp "$(cat "$OUT/perf.classpath")" org.apache.pulsar.testclient.PulsarPerfTestTool \
      /dev/null produce -u "$URL" -r "$rate" -time "$secs" -f "$OUT/payloads.txt" -z LZ4 -b 1 -bm 1000 \
      -o 10000 --warmup-time 0 "$@" "persistent://public/default/perf-$label"
  # records / run time (the "Aggregated throughput" line includes a closing pause)
  local msgs p50 p99 p999 steady
  msgs=$(grep -m1 -oE "Aggregated throughput stats --- [0-9]+ records sent" "$log" | grep -m1 -oE "[0-9]+")
  read -r p50 p99 p999 < <(grep -o "Aggregated latency stats.*" "$log" | sed -E \
      's/.*med: +([0-9.]+) .* 99pct: +([0-9.]+) - 99.9pct: +([0-9.]+) .*/\1 \2 \3/')
  steady=$(python3 bench/steady_cpu.py perf "$log" "$OUT/perf-$label.samples")
  record perf-perf "$label" "$msgs" "$(awk "BEGIN{print $msgs / $secs}")" "$p50" "$p99" "$p999" \
      "$(cat "$OUT/perf-$label.cpu")" "$steady" "$(python3 bench/steady_cpu.py first-perf "$log" "$OUT/perf-$label.samples")"
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
  record ours "$label" "$msgs" "$rate" "$p50" "$p99" "$p999" "$(cat "$OUT/ours-$label.cpu")" "$steady" \
      "$(python3 bench/steady_cpu.py first-ours "$log" "$OUT/ours-$label.samples")"
}

record() { # tool label msgs rate p50 p99 p999 "user sys" steady-us-per-msg "first-window p99 cores us/msg"
  local user sys fp99 fcores fus
  read -r user sys <<< "$8"
  read -r fp99 fcores fus <<< "${10}"
  printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$1" "$2" "$3" "$4" "$5" "$6" "$7" \
    "$(awk "BEGIN{print $user + $sys}")" "$9" "$fp99" "$fcores" "$fus" >> "$RESULTS"
  echo "   $1 $2: $3 messages at $4 msg/s, p50 $5 ms, p99 $6 ms, p99.9 $7 ms, CPU $user s user + $sys s sys," \
    "steady $9 us/msg; first 10 s: p99 $fp99 ms, $fcores cores, $fus us/msg"
}

if [[ $CASES == *" 5k "* ]]; then
  echo "== 5,000 msg/s for ${RUN_SECONDS}s";   perf_run 5000 "$RUN_SECONDS" 5k;   ours_run 5000 "$RUN_SECONDS" 5k
fi
if [[ $CASES == *" 50k "* ]]; then
  echo "== 50,000 msg/s for ${RUN_SECONDS}s";  perf_run 50000 "$RUN_SECONDS" 50k; ours_run 50000 "$RUN_SECONDS" 50k
  # pulsar-perf again with a random key per message: ours sends keyed messages (the device id)
  perf_run 50000 "$RUN_SECONDS" 50k-keys --message-key-generation-mode random
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
print("first 10 s = the tool's first progress window: its p99, the injector's cores and CPU per message")
print("| case | tool | msg/s | p50 ms | p99 ms | p99.9 ms | CPU s/1M whole | CPU s/1M steady | first 10 s: p99 ms / cores / us per msg |")
print("|---|---|---|---|---|---|---|---|---|")
perf_of = {"50k-k10": "50k"}  # our extra case, compared with pulsar-perf at the same rate
ours_of = {"50k-keys": "50k"}  # pulsar-perf's keyed case, compared with our (keyed) run at the same rate
def first(r):
    return f"{r.get('first_p99') or '-'} / {r.get('first_cores') or '-'} / {r.get('first_us') or '-'}"
for target in ["5k", "50k", "50k-keys", "50k-k10", "max"]:
    if not any(t == target for (_, t) in rows):
        continue  # a case not run (CASES)
    for tool in ["perf-perf", "ours"]:
        if (tool == "perf-perf" and target in perf_of) or (tool == "ours" and target in ours_of):
            continue
        r = rows.get((tool, target))
        if not r or not r["msgs"]:
            print(f"| {target} | {tool} | failed | | | | | | |"); continue
        cpm = float(r["cpu_s"]) / float(r["msgs"]) * 1e6
        name = ("pulsar-perf" + (", random keys" if target in ours_of else "") if tool == "perf-perf" else
                "iot-pulsar-load, messagesPerUser=10" if target in perf_of else "iot-pulsar-load")
        print(f"| {target} | {name} | {float(r['rate']):,.0f} | {r['p50']} | {r['p99']} | {r['p999']} | {cpm:.1f} "
              f"| {r['steady_us']} | {first(r)} |")
    a, b = rows.get(("ours", ours_of.get(target, target))), rows.get(("perf-perf", perf_of.get(target, target)))
    if a and b and a["msgs"] and b["msgs"]:
        def ratio(k):
            try:
                return f"{float(a[k]) / max(float(b[k]), 1e-9):.2f}"
            except (TypeError, ValueError):
                return "-"
        cpm = (float(a["cpu_s"]) / float(a["msgs"])) / (float(b["cpu_s"]) / float(b["msgs"]))
        print(f"| {target} | ours / pulsar-perf | {ratio('rate')} | {ratio('p50')} | {ratio('p99')} "
              f"| {ratio('p999')} | {cpm:.2f} | {ratio('steady_us')} | {ratio('first_p99')} / {ratio('first_cores')} "
              f"/ {ratio('first_us')} |")
PY
