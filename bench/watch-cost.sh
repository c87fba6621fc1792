#!/usr/bin/env bash
# What watching a subscription costs: SteadyIoT at RATE msg/s against one standalone, runs without and with
# -Dwatch.subscriptions (one subscription, sampled every second), interleaved, REPEATS times each. Prints per run
# the injector's CPU per message (its own line), the broker's CPU seconds over the run (ps), the stats calls, and
# the CPU the watch itself took in the injector (its thread's CPU time, as the run reports it) as a share of the
# injector's CPU over the measured load.
#
#   bench/watch-cost.sh [rate=50000] [duration=30s] [repeats=2]
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${1:-50000}
DURATION=${2:-30s}
REPEATS=${3:-2}
OUT=target/watch-cost
mkdir -p "$OUT"
# shellcheck source=bench/lib.sh
source bench/lib.sh
build_classpaths "$OUT"
start_broker "$OUT" 26650 28080
printf '%-6s %-4s %14s %16s %12s %16s %12s\n' run watch "injector us/msg" "broker cpu (s)" "stats calls" "watch cpu (ms)" "publish p99"
for i in $(seq 1 "$REPEATS"); do
  for mode in off on; do
    name=watch-cost-$mode-$i-$$
    # the subscription exists before the run (its consumer would be the pipeline's; none here)
    curl -fsS -X PUT "http://127.0.0.1:28080/admin/v2/persistent/public/default/$name/subscription/pipeline" >/dev/null
    watch=()
    if [ "$mode" = on ]; then
      watch=(-Dwatch.subscriptions=pipeline -Dwatch.interval=1s -Dwatch.drainTimeout=1s
        -Dgate.watch.maxGrowthPercent=off -Dgate.watch.maxDrainSeconds=off)
    fi
    before=$(ps -o times= -p "$BROKER_PID" | tr -d ' ')
    java "${GATLING_JVM[@]}" -Dpulsar.url=pulsar://127.0.0.1:26650 -Dpulsar.adminUrl=http://127.0.0.1:28080 \
      -Dtopic="persistent://public/default/$name" -Drate="$RATE" -Dduration="$DURATION" -Dwarmup=5s \
      -DmessagesPerUser=10 -Dverify=false -DgatlingLog=false -Dgatling.conf.file=gatling-log-false.conf \
      "${watch[@]}" -cp "target/classes:target/test-classes:$(cat "$OUT/test.classpath")" io.gatling.app.Gatling \
      -s simulations.SteadyIoT -rf "$PWD/target/gatling" > "$OUT/$name.log" 2>&1 || true
    after=$(ps -o times= -p "$BROKER_PID" | tr -d ' ')
    line=$(grep -m1 'iot-pulsar-load: run: sent=' "$OUT/$name.log" || echo "no run line")
    us=$(sed -E 's/.*\(([0-9.]+) us\/msg\).*/\1/' <<<"$line")
    p99=$(sed -E 's/.* p99=([0-9.]+) .*/\1/' <<<"$line")
    sent=$(sed -E 's/.* sent=([0-9]+) .*/\1/' <<<"$line")
    calls=$(grep -m1 -o 'watching cost [0-9]* stats calls' "$OUT/$name.log" | grep -o '[0-9]*' || echo 0)
    watch_ms=$(grep -m1 -o "and [0-9]* ms of this injector's CPU" "$OUT/$name.log" | grep -o '[0-9]*' || echo 0)
    share=$(awk -v w="$watch_ms" -v us="$us" -v n="$sent" 'BEGIN { if (us * n > 0) printf "%.3f %%", 100 * w * 1000 / (us * n); else print "-" }')
    printf '%-6s %-4s %14s %16s %12s %16s %12s\n' "$i" "$mode" "$us" "$((after - before))" "$calls" \
      "$watch_ms ($share)" "$p99 ms"
  done
done
