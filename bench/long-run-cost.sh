#!/usr/bin/env bash
# The cost of a long run (issue "Long and live runs"): SteadyIoT at RATE msg/s for MINUTES against a standalone
# this script starts, with Gatling's simulation.log on or off, the injector JVM logging its GCs. Prints the live
# heap after GC near minute 5 and near the end, the size of the run's results (and of simulation.log), and the
# seconds from the end of the load to the run's report and to the JVM's exit.
#
#   bench/long-run-cost.sh [minutes, default 30] [gatlingLog true|false, default false] [rate, default 50000]
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES=${1:-30}
LOG_ON=${2:-false}
RATE=${3:-50000}
OUT=target/bench-long-run/log-$LOG_ON-${MINUTES}m
mkdir -p "$OUT"
# shellcheck source=bench/lib.sh
source bench/lib.sh
echo "== building (project, embedded broker)"
build_classpaths "$OUT"
mvn -q -B -f broker/pom.xml compile
start_broker "$OUT" 16680 18110
RUN_ID="long-$LOG_ON-${MINUTES}m-$(date +%H%M%S)"
echo "== SteadyIoT ${RATE} msg/s for ${MINUTES} min, gatlingLog=$LOG_ON, run $RUN_ID"
# every output line stamped with the epoch time it was printed at; the live heap is taken by a full GC
# (jcmd GC.run) at minute 5 and a minute before the end: young collections alone leave old garbage in the figure
(
  sleep 20
  pid=$(pgrep -f "runId=$RUN_ID" | head -1)
  sleep $((5 * 60 - 20)) && jcmd "$pid" GC.run > /dev/null 2>&1 || true
  [ "$MINUTES" -gt 6 ] && sleep $(((MINUTES - 6) * 60)) && jcmd "$pid" GC.run > /dev/null 2>&1 || true
) &
java "${GATLING_JVM[@]}" -Xlog:gc:file="$OUT/gc.log":uptime -Dgatling.conf.file="gatling-log-$LOG_ON.conf" \
  -DgatlingLog="$LOG_ON" -Dpulsar.url=pulsar://127.0.0.1:16680 -Dpulsar.adminUrl=http://127.0.0.1:18110 \
  -Drate="$RATE" -Dduration="${MINUTES}m" -DmessagesPerUser=10 -DrunId="$RUN_ID" -DprogressInterval=60s \
  -Dtopic="persistent://public/default/$RUN_ID" -Dresults.dir="$OUT/results" -Dreports.dir="$OUT/reports" \
  -cp "target/classes:target/test-classes:$(cat "$OUT/test.classpath")" io.gatling.app.Gatling \
  -s simulations.SteadyIoT -rf "$PWD/$OUT/gatling" 2>&1 \
  | perl -MTime::HiRes=time -ne '$|=1; printf "%.3f %s", time, $_' > "$OUT/run.log" || true
EXIT_AT=$(date +%s.%N)
stop_broker
python3 - "$OUT" "$RUN_ID" "$MINUTES" "$EXIT_AT" <<'PY'
import json, os, re, sys
out, run_id, minutes, exit_at = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
summary = json.load(open(f"{out}/results/{run_id}/injector-0/summary.json"))
load_end = summary["firstSendMillis"] / 1000 + minutes * 60
def du(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs) if os.path.exists(path) else 0
after = []  # (uptime s, heap after GC MiB)
full = []  # (uptime s, heap after a full GC MiB): what is alive
for line in open(f"{out}/gc.log"):
    m = re.search(r"\[(\d+\.\d+)s\].*Pause.*->(\d+)M\(", line)
    if m:
        after.append((float(m.group(1)), int(m.group(2))))
        if "Pause Full" in line:
            full.append((float(m.group(1)), int(m.group(2))))
start_uptime = next(t for t, _ in after) if after else 0
def window(lo, hi):  # median heap after GC between minutes lo and hi of the JVM's life
    xs = sorted(h for t, h in after if lo * 60 <= t <= hi * 60)
    return xs[len(xs) // 2] if xs else None
report_at = gatling_report_at = None
for line in open(f"{out}/run.log"):
    t, _, text = line.partition(" ")
    if "iot-pulsar-load: run report" in text:
        report_at = float(t)
    if "Reports generated" in text:
        gatling_report_at = float(t)
sim_logs = [os.path.join(d, f) for d, _, fs in os.walk(f"{out}/gatling") for f in fs if f == "simulation.log"]
print(f"sent={summary['sent']} acked={summary['acked']} failed={summary['failed']} gates={'PASSED' if all(g['passed'] for g in summary['gates']) else 'FAILED'}")
print("live heap after a full GC (MiB): " + ", ".join(f"minute {t / 60:.1f}: {h}" for t, h in full))
print(f"heap after young GCs (median MiB): minutes 4-6 {window(4, 6)}, last 2 minutes {window(minutes - 1, minutes + 1)}, GCs {len(after)}")
print(f"results {du(f'{out}/results/{run_id}') / 1e6:.1f} MB, our report {du(f'{out}/reports/{run_id}') / 1e6:.1f} MB, "
      f"simulation.log {sum(os.path.getsize(p) for p in sim_logs) / 1e6:.1f} MB")
print(f"end of load -> our report {report_at - load_end:.1f} s" if report_at else "no report line")
if gatling_report_at:
    print(f"end of load -> Gatling's report {gatling_report_at - load_end:.1f} s")
print(f"end of load -> JVM exit {exit_at - load_end:.1f} s")
PY
