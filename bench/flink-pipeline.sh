#!/usr/bin/env bash
# The seed's pipeline shape, for real: a Flink 1.18 job (bench/flink, its own JVM and class path: the Flink Pulsar
# connector bundles a Pulsar 3.0 client) reads the run's topic on the subscription flink-iot, counts readings per
# site in 1 s processing-time windows and writes {"site","count","newestEventTime"} to an output topic. SteadyIoT
# (JSON readings) drives it twice, once at a rate the job holds and once at one it does not, watching flink-iot and
# timing the stage by its output topic. Each run gets fresh topics and a freshly started job.
#
#   [JOB_COST_US=25] [MESSAGES_PER_USER=50] bench/flink-pipeline.sh [holdRate=10000] [failRate=30000] [duration=30s]
#
# JOB_COST_US: CPU the job spends per reading on top of parsing and counting (a busy wait on its source thread,
# standing in for enrichment or validation work). With 0 the plain aggregate keeps up, on this 2-core machine, with
# every rate the injector can hold beside it (~66,000 msg/s achieved), so it cannot be made to fall behind here;
# with 25 us it holds 10,000 msg/s and falls behind at 25,000-30,000 msg/s (how far depends on what else runs).
#
# Needs the main project built (target/classes, target/test-classes, target/classpath.txt,
# broker/target/classpath.txt): it does not run Maven on the main project, only on bench/flink. Everything it
# writes (broker data, logs, the tool's results and reports) goes to bench/flink/target/run.
set -euo pipefail
cd "$(dirname "$0")/.."
HOLD_RATE=${1:-10000}
FAIL_RATE=${2:-30000}
DURATION=${3:-30s}
# readings per virtual user (the tool's messagesPerUser): fewer Gatling users per message, so the injector leaves
# more of the 2 cores to the broker and the job
MESSAGES_PER_USER=${MESSAGES_PER_USER:-50}
# extra CPU per reading in the job (busy wait, on its source thread), standing in for real per-reading work; 0 is
# the plain aggregate, which on this machine keeps up with every rate the injector can hold beside it
JOB_COST_US=${JOB_COST_US:-25}
OUT=bench/flink/target/run
BROKER_PORT=26650
WEB_PORT=28080
ADMIN=http://127.0.0.1:$WEB_PORT

for f in target/classes target/test-classes/simulations/SteadyIoT.class target/classpath.txt \
    broker/target/classes broker/target/classpath.txt; do
  [ -e "$f" ] || { echo "missing $f: build the project first (mvn test-compile)" >&2; exit 1; }
done
mkdir -p "$OUT"

# the job: its own project, its own class path
mvn -q -B -f bench/flink/pom.xml package
mvn -q -B -f bench/flink/pom.xml dependency:build-classpath -Dmdep.outputFile="$PWD/bench/flink/target/classpath.txt"
FLINK_CP="$PWD/bench/flink/target/classes:$(cat bench/flink/target/classpath.txt)"
# the tool: a snapshot of its classes, so a rebuild of the main project during the bench does not pull them away
TOOL="$OUT/tool"
rm -rf "$TOOL" && mkdir -p "$TOOL"
cp -r target/classes "$TOOL/classes" && cp -r target/test-classes "$TOOL/test-classes"
TOOL_CP="$TOOL/classes:$TOOL/test-classes:$(cat target/classpath.txt)"

# shellcheck source=bench/lib.sh
source bench/lib.sh
start_broker "$OUT" "$BROKER_PORT" "$WEB_PORT"
FLINK_PID=
cleanup() {
  [ -n "$FLINK_PID" ] && kill "$FLINK_PID" 2>/dev/null && wait "$FLINK_PID" 2>/dev/null
  kill "$BROKER_PID" 2>/dev/null; wait "$BROKER_PID" 2>/dev/null || true
  rm -rf "$OUT/broker" # ~1 GB of bookie data per run; the logs, results and reports stay
}
trap cleanup EXIT

# Flink 1.18's own JVM options for Java 17 (flink-conf.yaml env.java.opts.all)
FLINK_JVM=(-Xms256m -Xmx768m -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError
  --add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED --add-exports=java.base/sun.net=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
  -Dio.netty.tryReflectionSetAccessible=true -Djava.net.preferIPv4Stack=true)

cpu_seconds() { # ps cumulative CPU time of a pid, in seconds
  ps -o times= -p "$1" 2>/dev/null | tr -d ' ' || echo 0
}

run() { # run LABEL RATE
  local label=$1 rate=$2 name in out t0 b0 b1 f0 f1 rc
  name=flink-$label-$$
  in=persistent://public/default/$name-in
  out=persistent://public/default/$name-out
  curl -fsS -X PUT "$ADMIN/admin/v2/persistent/public/default/$name-in" >/dev/null
  curl -fsS -X PUT "$ADMIN/admin/v2/persistent/public/default/$name-out" >/dev/null
  t0=$(date +%s.%N)
  java "${FLINK_JVM[@]}" -cp "$FLINK_CP" io.iotpulsarload.bench.flink.PerSiteJob \
    --service-url "pulsar://127.0.0.1:$BROKER_PORT" --admin-url "$ADMIN" --input "$in" --output "$out" \
    --subscription flink-iot --parallelism 1 --cost-us "$JOB_COST_US" > "$OUT/$name-flink.log" 2>&1 &
  FLINK_PID=$!
  local subscribed=no
  for _ in $(seq 1 600); do
    if curl -fs "$ADMIN/admin/v2/persistent/public/default/$name-in/subscriptions" 2>/dev/null | grep -q '"flink-iot"'; then
      subscribed=yes
      break
    fi
    kill -0 "$FLINK_PID" 2>/dev/null || { echo "the Flink job died, see $OUT/$name-flink.log" >&2; return 1; }
    sleep 0.2
  done
  [ "$subscribed" = yes ] || { echo "no flink-iot subscription after 120 s, see $OUT/$name-flink.log" >&2; return 1; }
  printf '\n== %s: %s msg/s for %s, job cost +%s us/reading (Flink job subscribed %.1f s after its JVM started)\n' \
    "$label" "$rate" "$DURATION" "$JOB_COST_US" "$(echo "$(date +%s.%N) - $t0" | bc)"
  b0=$(cpu_seconds "$BROKER_PID"); f0=$(cpu_seconds "$FLINK_PID")
  rc=0
  /usr/bin/time -f '%U %S' -o "$OUT/$name-tool.time" \
    java "${GATLING_JVM[@]}" -Dpulsar.url="pulsar://127.0.0.1:$BROKER_PORT" -Dpulsar.adminUrl="$ADMIN" \
    -Dtopic="$in" -Drate="$rate" -Dduration="$DURATION" -Dwarmup=5s -DmessagesPerUser="$MESSAGES_PER_USER" \
    -Dformat=json -Dverify=false -DgatlingLog=false -Dgatling.conf.file=gatling-log-false.conf \
    -Dwatch.subscriptions=flink-iot -Dwatch.interval=1s -Dwatch.drainTimeout=30s \
    -Dstage.topic="$out" -Dstage.match=eventTime -Dstage.eventTime=field:newestEventTime \
    -Dresults.dir="$OUT/results" -Dreports.dir="$OUT/reports" \
    -cp "$TOOL_CP" io.gatling.app.Gatling -s simulations.SteadyIoT -rf "$PWD/$OUT/gatling" \
    > "$OUT/$name.log" 2>&1 || rc=$?
  b1=$(cpu_seconds "$BROKER_PID"); f1=$(cpu_seconds "$FLINK_PID")
  kill "$FLINK_PID" 2>/dev/null; wait "$FLINK_PID" 2>/dev/null || true
  FLINK_PID=
  echo "tool exit code $rc (gates), log $OUT/$name.log, job log $OUT/$name-flink.log"
  grep -m1 'iot-pulsar-load: run: sent=' "$OUT/$name.log" || echo "(no run line)"
  grep 'iot-pulsar-load: watched flink-iot' "$OUT/$name.log" || echo "(no watch line)"
  grep 'iot-pulsar-load: stage out of' "$OUT/$name.log" || echo "(no stage line)"
  grep -i -E 'gate.*(FAIL|failed)|KO ' "$OUT/$name.log" | head -5 || true
  printf 'CPU seconds over the run (warm-up, load, drain): injector %s, broker %s, Flink job %s (its JVM start not counted)\n' \
    "$(tail -1 "$OUT/$name-tool.time" | awk '{print $1 + $2}')" "$((b1 - b0))" "$((f1 - f0))"
  # the output topic, as the broker counted it
  curl -fs "$ADMIN/admin/v2/persistent/public/default/$name-out/stats" 2>/dev/null \
    | grep -o '"msgInCounter":[0-9]*' | head -1 | sed 's/^/output topic /' || true
  summarize "$label" "$rate" "$OUT/$name.log" "$OUT/$name-tool.time" "$((b1 - b0))" "$((f1 - f0))"
}

SUMMARY=()
summarize() { # one row of the table printed at the end
  local label=$1 rate=$2 log=$3 run watched stage json figures secs
  pick() { grep -o -E "$1" <<<"$2" | head -1 | grep -o -E '[-0-9.]+' | tail -1 || echo -; }
  run=$(grep -m1 'iot-pulsar-load: run: sent=' "$log" || true)
  watched=$(grep -m1 'iot-pulsar-load: watched flink-iot' "$log" || true)
  stage=$(grep -m1 'iot-pulsar-load: stage out of' "$log" || true)
  json=$(grep -o -m1 -E "$OUT/results/[^ /]+/injector-0" "$log" || true)/summary.json
  case $DURATION in *m) secs=$((${DURATION%m} * 60)) ;; *s) secs=${DURATION%s} ;; *) secs=$DURATION ;; esac
  figures=$(python3 bench/flink/run_figures.py "$json" "$secs" 2>/dev/null || echo - - -)
  read -r lag loadp50 loadp99 <<<"$figures"
  SUMMARY+=("$(printf '%-5s %7s %9s %-13s %7s %6s %6s %8s %8s %8s %8s %6s %7s %6s %6s %6s' "$label" "$rate" \
    "$(pick 'mean rate=[0-9.]+' "$run")" \
    "$(sed -E 's/.*watched flink-iot: ([a-z ]+) \(.*/\1/' <<<"$watched")" \
    "$(pick '[-0-9.]+ % of the input' "$watched")" "$lag" \
    "$(grep -q 'NOT drained' <<<"$watched" && echo '>30' || pick '(empty at the first look after the load, |drained )[0-9.]+ s' "$watched")" \
    "$(pick 'latency p50 [0-9.]+' "$stage")" "$(pick ', p99 [0-9.]+' "$stage")" "$loadp50" "$loadp99" \
    "$(pick 'outputs \([0-9.]+' "$stage")" "$(pick ' p99=[0-9.]+' "$run")" \
    "$(tail -1 "$4" | awk '{printf "%.0f", $1 + $2}')" "$5" "$6")")
}

run hold "$HOLD_RATE"
run fail "$FAIL_RATE"

echo
echo "asked/achieved msg/s; growth: the undelivered messages' trend, % of the input; lag: the watch's max (s);"
echo "drain: s after the load; stage latency (output publish time - newestEventTime, ms) over the whole run (p50, p99,"
echo "warm-up included) and over the measured load (median of the per-second p50, highest per-second p99);"
echo "out/s: outputs per second; pub-p99: publish p99 (ms); CPU seconds over the run (ps, JVM start of the job excluded)"
printf '%-5s %7s %9s %-13s %7s %6s %6s %8s %8s %8s %8s %6s %7s %6s %6s %6s\n' run asked achieved verdict growth% \
  lag drain run-p50 run-p99 load-p50 load-p99 out/s pub-p99 injCPU brkCPU flkCPU
printf '%s\n' "${SUMMARY[@]}"
