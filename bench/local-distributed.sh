#!/usr/bin/env bash
# The distributed run in miniature: N injector JVMs at once (default 3) against ONE embedded broker, sharing a
# runId, each owning a slice of the devices and 1/N of the rate; then the merge into ONE report.
#
#   bench/local-distributed.sh [injectors=3] [total rate=3000] [duration=30s] [simulation=SteadyIoT]
#
# Results: results/<runId>/injector-<i>/; report: reports/<runId>/index.html. Exits non-zero if an injector or a
# merged gate fails.
set -euo pipefail
cd "$(dirname "$0")/.."
INJECTORS=${1:-3}
RATE=${2:-3000}
DURATION=${3:-30s}
SIMULATION=${4:-SteadyIoT}
RUN_ID=${RUN_ID:-local-$(date +%Y%m%d-%H%M%S)}
OUT=target/local-distributed
mkdir -p "$OUT"
# shellcheck source=bench/lib.sh
source bench/lib.sh
echo "== building"
build_classpaths "$OUT"
echo "== starting the embedded broker"
start_broker "$OUT" 26650 28080
echo "== $INJECTORS injectors, run $RUN_ID, $RATE msg/s in total for $DURATION"
pids=()
for i in $(seq 0 $((INJECTORS - 1))); do
  java "${GATLING_JVM[@]}" -Dpulsar.url=pulsar://127.0.0.1:26650 -Dpulsar.adminUrl=http://127.0.0.1:28080 \
    -DrunId="$RUN_ID" -Dinjector.index="$i" -Dinjector.count="$INJECTORS" -Drate="$RATE" -Dduration="$DURATION" \
    -Dverify=true -Dtopic="persistent://public/default/iot-sensor-data-$RUN_ID" \
    -cp "target/classes:target/test-classes:$(cat "$OUT/test.classpath")" io.gatling.app.Gatling \
    -s "simulations.$SIMULATION" -rf "$PWD/target/gatling" > "$OUT/injector-$i.log" 2>&1 &
  pids+=($!)
done
failed=0
for i in "${!pids[@]}"; do
  if wait "${pids[$i]}"; then
    echo "   injector $i: $(grep -m1 -o 'published sent=.*' "$OUT/injector-$i.log")"
  else
    echo "   injector $i FAILED, see $OUT/injector-$i.log"
    failed=1
  fi
done
echo "== merging"
bin/iot-pulsar-load merge "$RUN_ID"
exit $failed
