#!/usr/bin/env bash
# The issue's fault runs, against a standalone broker this script starts and abuses itself (not the run's
# embedded one): SteadyIoT with verification on, and at +FAULT_AT s
#   pause    the broker is paused (SIGSTOP) for PAUSE s, then resumed (SIGCONT)
#   restart  the broker is killed (kill -9) and started again on its data
#   replace  the broker is killed (kill -9) and replaced by a fresh one (same ports, empty data)
# Each run must end by itself; the script prints the run's verification (KO classification), outages and
# verdict, the time from the load's end to the JVM's exit, and the time from broker-ready to the first ack.
#
#   bench/fault-runs.sh [rate, default 5000] [seconds, default 60] [cases, default "pause restart replace"]
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${1:-5000}
SECS=${2:-60}
CASES=${3:-pause restart replace}
FAULT_AT=20
PAUSE=15
OUT=target/bench-faults
mkdir -p "$OUT"
BROKER_PORT=16670
WEB_PORT=18100
# shellcheck source=bench/lib.sh
source bench/lib.sh
echo "== building (project, embedded broker)"
build_classpaths "$OUT"
mvn -q -B -f broker/pom.xml compile

broker_java() { # data-dir [--keep-data]
  exec java --add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/jdk.internal.misc=ALL-UNNAMED \
    -Dio.netty.tryReflectionSetAccessible=true -Djava.net.preferIPv4Stack=true \
    -Xms128m -Xmx512m -XX:MaxDirectMemorySize=512m -XX:+UseSerialGC \
    -cp "broker/target/classes:$(cat broker/target/classpath.txt)" \
    io.iotpulsarload.broker.standalone.EmbeddedBrokerMain --data-dir "$1" \
    --broker-port $BROKER_PORT --web-port $WEB_PORT --bookie-port $((BROKER_PORT + 1)) "${@:2}"
}

wait_ready() { # prints the epoch ms at which the admin API listed public/default
  for _ in $(seq 1 600); do
    if curl -fs "http://127.0.0.1:$WEB_PORT/admin/v2/namespaces/public" 2>/dev/null | grep -q public/default; then
      date +%s%3N
      return 0
    fi
    sleep 0.2
  done
  echo "broker not ready" >&2
  return 1
}

for CASE in $CASES; do
  echo "== $CASE: ${RATE} msg/s for ${SECS}s, fault at +${FAULT_AT}s"
  rm -rf "$OUT/data-$CASE"
  broker_java "$OUT/data-$CASE" > "$OUT/broker-$CASE.log" 2>&1 &
  BROKER=$!
  wait_ready > /dev/null
  LOG="$OUT/run-$CASE.log"
  java "${GATLING_JVM[@]}" -Dpulsar.url="pulsar://127.0.0.1:$BROKER_PORT" -Dpulsar.adminUrl="http://127.0.0.1:$WEB_PORT" \
    -Drate="$RATE" -Dduration="${SECS}s" -Dverify=true -Dgate.maxKoPercent=100 -Dgate.p99Ms=1000000 \
    -Dgate.e2eP99Ms=1000000 -Dtopic="persistent://public/default/fault-$CASE" -Dresults.dir="$OUT/results" \
    -cp "target/classes:target/test-classes:$(cat "$OUT/test.classpath")" io.gatling.app.Gatling \
    -s simulations.SteadyIoT -rf "$PWD/$OUT/gatling" -nr > "$LOG" 2>&1 &
  RUN=$!
  START=$(date +%s)
  while ! grep -q "iot-pulsar-load: run .*, injector 0" "$LOG" 2>/dev/null; do sleep 0.2; done
  sleep "$FAULT_AT"
  READY=""
  case $CASE in
    pause)   kill -STOP $BROKER; sleep "$PAUSE"; kill -CONT $BROKER ;;
    restart) kill -9 $BROKER; wait $BROKER 2>/dev/null || true
             broker_java "$OUT/data-$CASE" --keep-data >> "$OUT/broker-$CASE.log" 2>&1 & BROKER=$!
             READY=$(wait_ready) ;;
    replace) kill -9 $BROKER; wait $BROKER 2>/dev/null || true
             rm -rf "$OUT/data-$CASE"
             broker_java "$OUT/data-$CASE" >> "$OUT/broker-$CASE.log" 2>&1 & BROKER=$!
             READY=$(wait_ready) ;;
  esac
  rc=0; wait $RUN || rc=$?
  END=$(date +%s)
  kill $BROKER 2>/dev/null || true; wait $BROKER 2>/dev/null || true
  echo "   exit $rc after $((END - START)) s (load ${SECS} s)"
  grep -E "iot-pulsar-load: (verification|outage|duplicates|run:|gates|the Pulsar client closed|producer of|verifying consumer)" "$LOG" \
    | sed 's/^/   /'
  if [ -n "$READY" ]; then
    python3 - "$OUT/results" "$READY" <<'PY'
import csv, glob, os, sys
run = max(glob.glob(os.path.join(sys.argv[1], "*", "injector-0")), key=os.path.getmtime)
ready = int(sys.argv[2])
first = next((int(r["epoch_ms"]) for r in csv.DictReader(open(os.path.join(run, "timeline.csv")))
              if int(r["epoch_ms"]) >= ready and int(r["acked"]) > 0), None)
print(f"   broker ready -> first ack: {'never' if first is None else f'{(first - ready) / 1000:.1f} s (1 s ticks)'}")
PY
  fi
done
