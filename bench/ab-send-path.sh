#!/usr/bin/env bash
# A/B of the send path's cost: SteadyIoT from two revisions, alternately (A B A B ...), against ONE embedded
# broker, at a fixed rate; prints each run's steady CPU per message and whole-run p99, then the means.
#
#   bench/ab-send-path.sh REV_A REV_B [rounds, default 2] [seconds, default 40] [rate, default 50000] [-D...]
#   bench/ab-send-path.sh HEAD . 3 40 50000            # '.' = the working tree as it is
#   bench/ab-send-path.sh HEAD~1 HEAD 2 40 50000 -DmessagesPerUser=10
#
# A change is kept when B beats A beyond the spread of its own runs (alternating cancels slow drifts of this
# shared machine). Raw logs: target/bench/ab/.
set -euo pipefail
cd "$(dirname "$0")/.."
REV_A=$1
REV_B=$2
ROUNDS=${3:-2}
RUN_SECONDS=${4:-40}
RATE=${5:-50000}
shift $(( $# > 5 ? 5 : $# ))
OUT=target/bench/ab
mkdir -p "$OUT"
BROKER_PORT=16670
WEB_PORT=18100

# shellcheck source=bench/lib.sh
source bench/lib.sh

# tree REV: a directory with REV's sources built ('.' = this working tree)
tree() {
  local rev=$1 dir
  if [ "$rev" = . ]; then # a snapshot: edits made while the A/B runs do not leak into it
    dir="$PWD/$OUT/tree-working"
    rm -rf "$dir" && mkdir -p "$dir"
    git ls-files -co --exclude-standard -z | xargs -0 -I{} cp --parents {} "$dir/"
    echo "$dir"
    return
  fi
  dir="$PWD/$OUT/tree-$(git rev-parse --short "$rev")"
  if [ ! -d "$dir" ]; then
    git worktree add --detach "$dir" "$rev" > /dev/null 2>&1
  fi
  echo "$dir"
}

# the revisions' worktrees are removed again when the script ends (their logs stay in $OUT)
remove_worktrees() {
  git worktree list --porcelain | sed -n "s|^worktree \($PWD/$OUT/tree-.*\)|\1|p" \
    | xargs -r -n1 git worktree remove --force
}
echo "== building $REV_A and $REV_B"
TREE_A=$(tree "$REV_A")
TREE_B=$(tree "$REV_B")
for t in "$TREE_A" "$TREE_B"; do
  (cd "$t" && mvn -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$t/target/test.classpath")
done
echo "== starting the embedded broker on port $BROKER_PORT"
start_broker "$OUT" $BROKER_PORT $WEB_PORT
trap 'stop_broker; remove_worktrees' EXIT

run() { # label tree round
  local label=$1 t=$2 log="$OUT/$1-$3.log" line
  (cd "$t" && java "${GATLING_JVM[@]}" -Dpulsar.url=pulsar://127.0.0.1:$BROKER_PORT \
    -Dpulsar.adminUrl=http://127.0.0.1:$WEB_PORT -Drate="$RATE" -Dduration="${RUN_SECONDS}s" -Dverify=false \
    -Dgate.p99Ms=100000 -Dgate.minRatePercent=0 -Dtopic="persistent://public/default/ab-$label-$3-$(date +%s)" \
    "${EXTRA[@]}" -cp "target/classes:target/test-classes:$(cat target/test.classpath)" io.gatling.app.Gatling \
    -s simulations.SteadyIoT -rf "$PWD/target/bench-ab-gatling" -nr) > "$log" 2>&1 || true
  line=$(grep "iot-pulsar-load: run:" "$log" || echo "no run line")
  printf "%s\t%s\t%s\t%s\n" "$label" "$3" "$(python3 bench/steady_cpu.py ours "$log" /dev/null)" \
    "$(echo "$line" | sed -E 's/.*mean rate=([0-9]+).* p99=([0-9.]+) .*/\1 \2/')" | tee -a "$OUT/ab.tsv"
}

EXTRA=("$@")
: > "$OUT/ab.tsv"
echo "label round steady-us/msg rate p99-ms"
for round in $(seq 1 "$ROUNDS"); do
  run A "$TREE_A" "$round"
  run B "$TREE_B" "$round"
done
python3 - "$OUT/ab.tsv" <<'PY'
import sys, statistics
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
for label in ("A", "B"):
    us = [float(r[2]) for r in rows if r[0] == label and r[2] != "-"]
    p99 = [float(r[3].split()[1]) for r in rows if r[0] == label and len(r[3].split()) == 2]
    print(f"{label}: steady CPU {statistics.mean(us):.2f} us/msg (runs {', '.join(f'{u:.1f}' for u in us)}); "
          f"whole-run p99 {', '.join(f'{p:.1f}' for p in p99)} ms")
PY
