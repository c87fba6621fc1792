#!/usr/bin/env bash
# Where the injector's CPU goes: SteadyIoT at a fixed rate against one embedded broker, recorded with JFR after
# the warm-up, then the CPU samples of the load's threads summed by who runs them (Pulsar client and Netty,
# Gatling, our code, the JDK) and by top frame.
#
#   bench/profile-send-path.sh [rate, default 50000] [seconds, default 40] [extra -D settings...]
#   bench/profile-send-path.sh 50000 40 -DmessagesPerUser=10
#
# Output: target/bench/profile.jfr and a summary on stdout (bench/jfr_summary.py).
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${1:-50000}
SECONDS_RUN=${2:-40}
shift $(( $# > 2 ? 2 : $# ))
OUT=target/bench
mkdir -p "$OUT"
BROKER_PORT=16660
WEB_PORT=18090

# shellcheck source=bench/lib.sh
source bench/lib.sh
echo "== building"
build_classpaths "$OUT"
echo "== starting the embedded broker on port $BROKER_PORT"
start_broker "$OUT" $BROKER_PORT $WEB_PORT
# JFR's profile settings with Java samples every 1 ms instead of 10 (more samples, same picture, less noise)
JFC="$OUT/profile-1ms.jfc"
sed 's/<setting name="period" control="method-sampling-java-interval">10 ms</<setting name="period" control="method-sampling-java-interval">1 ms</' \
  "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc" > "$JFC"
# JFR starts 15 s in: after the warm-up (10 s by default) and the load's first seconds
java "${GATLING_JVM[@]}" -XX:StartFlightRecording=delay=15s,duration=$((SECONDS_RUN - 10))s,settings="$PWD/$JFC",filename="$OUT/profile.jfr" \
  -Dpulsar.url=pulsar://127.0.0.1:$BROKER_PORT -Dpulsar.adminUrl=http://127.0.0.1:$WEB_PORT \
  -Drate="$RATE" -Dduration="${SECONDS_RUN}s" -Dverify=false -Dgate.p99Ms=100000 -Dgate.minRatePercent=0 \
  -Dtopic="persistent://public/default/profile-$(date +%s)" "$@" \
  -cp "target/classes:target/test-classes:$(cat "$OUT/test.classpath")" io.gatling.app.Gatling \
  -s simulations.SteadyIoT -rf "$PWD/$OUT/gatling" -nr > "$OUT/profile-run.log" 2>&1
grep "iot-pulsar-load: run:" "$OUT/profile-run.log"
python3 bench/jfr_summary.py "$OUT/profile.jfr"
