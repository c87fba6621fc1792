#!/usr/bin/env bash
# How often do the regression gates cry wolf, and what is the smallest slowdown they catch? N identical SteadyIoT
# runs, with runs against a slowed-down broker among them (paused for PAUSE ms every second: a stall of a known
# size), then `bin/iot-pulsar-load compare` on identical runs (false alarms) and on each slowed-down run
# (detections), against one baseline run and against three.
#
#   bench/regression-noise.sh [identical runs=6] [seconds per run=30] [rate=1000] [pauses in ms="10 20 40"]
#   BROKER=shared bench/regression-noise.sh ...   # all runs against ONE long-lived broker (default: fresh, each
#                                                 # run its own embedded broker, as `mvn gatling:test` in CI)
#
# Prints per regression gate: false alarms among identical runs, the largest median-window change between two of
# them, then per slowdown the detections and the change measured. Raw logs and reports: target/bench-regression/.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-6}
SECONDS_PER_RUN=${2:-30}
RATE=${3:-1000}
PAUSES=${4:-10 20 40}
BROKER=${BROKER:-fresh}
OUT=target/bench-regression
rm -rf "$OUT"
mkdir -p "$OUT"
# shellcheck source=bench/lib.sh
source bench/lib.sh
echo "== building"
build_classpaths "$OUT"
target=(-Diotload.broker.home="$PWD/broker")
if [ "$BROKER" = shared ]; then
  echo "== starting the embedded broker"
  start_broker "$OUT" 36650 38080
  target=(-Dpulsar.url=pulsar://127.0.0.1:36650 -Dpulsar.adminUrl=http://127.0.0.1:38080)
fi

# steady RUN_ID [PAUSE_MS]: one SteadyIoT run, its report in $OUT/reports/<runId>; with PAUSE_MS, its broker is
# paused that long every second from the end of the warm-up to the end of the run
steady() {
  local id=$1 pause=${2:-0} run pauser=
  java "${GATLING_JVM[@]}" -Dgatling.conf.file=gatling-log-false.conf -DgatlingLog=false "${target[@]}" \
    -DrunId="$id" -Drate="$RATE" -Dduration="${SECONDS_PER_RUN}s" -Dwarmup=5s -Dverify=true \
    -Dtopic=persistent://public/default/regression-noise -Dresults.dir="$OUT/results" -Dreports.dir="$OUT/reports" \
    -cp "target/classes:target/test-classes:$(cat "$OUT/test.classpath")" io.gatling.app.Gatling \
    -s simulations.SteadyIoT -rf "$PWD/$OUT/gatling" > "$OUT/$id.log" 2>&1 &
  run=$!
  if [ "$pause" -gt 0 ]; then
    until grep -qs "warm-up done" "$OUT/$id.log" || ! kill -0 "$run" 2>/dev/null; do sleep 0.2; done
    local broker
    if [ "$BROKER" = shared ]; then broker=$BROKER_PID; else broker=$(pgrep -n -f EmbeddedBrokerMain); fi
    ( while kill -0 "$run" 2>/dev/null; do
        kill -STOP "$broker" 2>/dev/null; sleep "0.$(printf %03d "$pause")"; kill -CONT "$broker" 2>/dev/null
        sleep "0.$(printf %03d $((1000 - pause)))"
      done; kill -CONT "$broker" 2>/dev/null || true ) &
    pauser=$!
  fi
  wait "$run" || true
  [ -n "$pauser" ] && wait "$pauser" 2>/dev/null || true
  grep -m1 -o "iot-pulsar-load: run: .*" "$OUT/$id.log" || { echo "run $id failed, see $OUT/$id.log" >&2; exit 1; }
}

# the slowed-down runs interleaved with the identical ones: a drift over time must not pass for a slowdown
read -r -a pauses <<< "$PAUSES"
for i in $(seq 1 "$RUNS"); do
  echo "== identical run $i of $RUNS ($BROKER broker)"
  steady "same-$i"
  if [ "$i" -le "${#pauses[@]}" ]; then
    p=${pauses[$((i - 1))]}
    echo "== slowed down: the broker paused ${p} ms every second"
    steady "pause-${p}ms" "$p"
  fi
done

echo "== comparing"
python3 bench/regression_noise.py "$OUT" "$RUNS" "${pauses[@]}"
