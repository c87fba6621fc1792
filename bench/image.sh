#!/usr/bin/env bash
# The injector image built and run for real, with podman: base images made from Debian's packages (no registry
# needed), the image built from the Dockerfile, then the distributed run in miniature as containers: three
# injector containers (INJECTOR_COUNT=3, one RUN_ID, JOB_COMPLETION_INDEX 0-2 as an Indexed Job sets it, the
# third started 5 s after the others so the start barrier has something to hold) against an embedded broker on
# the host, then the merge container on the same results volume. Prints the image size, the build time, each
# container's time from start to its first message, and checks that the merged counts are the injectors' sums.
#
#   bench/image.sh [total rate=1500] [duration=30s]
#
# Needs root (podman, debootstrap) and Debian's packages; installs podman, runc and debootstrap when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${1:-1500}
DURATION=${2:-30s}
OUT=target/image-bench
IMAGE=localhost/iot-pulsar-load:bench
PODMAN=(podman --runtime /usr/sbin/runc --cgroup-manager=cgroupfs)
# podman would raise the open-files and processes limits past what this host allows (runc then fails with
# "error setting rlimit"): the host's open-files limit, and 32,768 processes (what runc may set here)
LIMITS=(--ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" --ulimit nproc=32768:32768)
mkdir -p "$OUT"

missing=()
for tool in podman runc debootstrap; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]} (Debian's packages)"
  apt-get update -qq && apt-get install -y -qq podman runc debootstrap >/dev/null
fi

echo "== base images from Debian's packages"
if ! "${PODMAN[@]}" image exists localhost/debian-bookworm:min; then
  rm -rf "$OUT/rootfs"
  debootstrap --variant=minbase bookworm "$OUT/rootfs" http://deb.debian.org/debian >"$OUT/debootstrap.log"
  tar -C "$OUT/rootfs" -c . | "${PODMAN[@]}" import - localhost/debian-bookworm:min >/dev/null 2>&1
  rm -rf "$OUT/rootfs"
fi
base() { # base NAME PACKAGES...: an image FROM the minimal Debian with these packages
  local name=$1; shift
  if ! "${PODMAN[@]}" image exists "$name"; then
    printf 'FROM localhost/debian-bookworm:min\nRUN apt-get update && apt-get install -y --no-install-recommends %s && rm -rf /var/lib/apt/lists/*\n' \
      "$*" > "$OUT/Containerfile.base"
    "${PODMAN[@]}" build -q --network=host --isolation=chroot -t "$name" -f "$OUT/Containerfile.base" "$OUT" \
      >"$OUT/base.log" 2>&1 || { tail -20 "$OUT/base.log"; exit 1; }
  fi
}
base localhost/iot-build-base:bookworm ca-certificates openjdk-17-jdk-headless maven
base localhost/iot-runtime-base:bookworm ca-certificates openjdk-17-jre-headless

echo "== building $IMAGE from the Dockerfile (Maven's local repository mounted: downloads once)"
build_start=$(date +%s)
"${PODMAN[@]}" build --network=host --isolation=chroot -v "$HOME/.m2:/root/.m2" \
  --build-arg BUILD_IMAGE=localhost/iot-build-base:bookworm \
  --build-arg RUNTIME_IMAGE=localhost/iot-runtime-base:bookworm \
  -t "$IMAGE" -f Dockerfile . >"$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log"; exit 1; }
build_seconds=$(( $(date +%s) - build_start ))
size=$("${PODMAN[@]}" image inspect --format '{{.Size}}' "$IMAGE")
echo "   built in ${build_seconds} s; image size $((size / 1024 / 1024)) MiB"

echo "== the broker on the host"
# shellcheck source=bench/lib.sh
source bench/lib.sh
build_classpaths "$OUT"
start_broker "$OUT" 26650 28080

RUN_ID=image-$(date +%Y%m%d-%H%M%S)
RESULTS=$PWD/$OUT/results
mkdir -p "$RESULTS"
trap 'for i in 0 1 2; do "${PODMAN[@]}" rm -f "iot-injector-$i" >/dev/null 2>&1 || true; done; kill $BROKER_PID 2>/dev/null || true' EXIT
for i in 0 1 2; do "${PODMAN[@]}" rm -f "iot-injector-$i" >/dev/null 2>&1 || true; done # an earlier run's
echo "== 3 injector containers, run $RUN_ID, $RATE msg/s in total for $DURATION"
for i in 0 1 2; do
  if [ "$i" = 2 ]; then sleep 5; fi # a late pod: the barrier holds the others until it is ready
  "${PODMAN[@]}" run -d --name "iot-injector-$i" --network=host "${LIMITS[@]}" -v "$RESULTS:/results" \
    -e PULSAR_URL=pulsar://127.0.0.1:26650 -e PULSAR_ADMIN_URL=http://127.0.0.1:28080 \
    -e PULSAR_TOPIC="persistent://public/default/iot-image-$RUN_ID" -e RUN_ID="$RUN_ID" -e INJECTOR_COUNT=3 \
    -e JOB_COMPLETION_INDEX="$i" -e MESSAGES_PER_SECOND="$RATE" -e DURATION="$DURATION" -e VERIFY=true \
    -e REPORTS_DIR=/results/reports "$IMAGE" >/dev/null
done
failed=0
for i in 0 1 2; do
  code=$("${PODMAN[@]}" wait "iot-injector-$i")
  "${PODMAN[@]}" logs "iot-injector-$i" > "$OUT/injector-$i.log" 2>&1
  "${PODMAN[@]}" inspect --format '{{.State.StartedAt}}' "iot-injector-$i" > "$OUT/injector-$i.started"
  echo "   injector $i: exit $code, $(grep -m1 -o 'published sent=.*' "$OUT/injector-$i.log" || echo 'no summary')"
  # 2 is a gate failed (on 2 cores the broker and three JVMs warming up together can miss the latency gates): a
  # result, reported by the merge; anything else is the image or the entrypoint failing
  [ "$code" = 0 ] || [ "$code" = 2 ] || failed=1
done
"${PODMAN[@]}" rm iot-injector-0 iot-injector-1 iot-injector-2 >/dev/null

echo "== the merge container on the same volume"
"${PODMAN[@]}" run --rm --network=host "${LIMITS[@]}" -v "$RESULTS:/results" -e RESULTS_DIR=/results \
  -e REPORTS_DIR=/results/reports "$IMAGE" merge "$RUN_ID" > "$OUT/merge.log" 2>&1 || true
grep -E "^merge: (run |gate .*FAILED|report)" "$OUT/merge.log"

python3 - "$RESULTS" "$RUN_ID" "$OUT" <<'PY' || failed=1
import json, sys, datetime, re
results, run_id, out = sys.argv[1:]
injectors = [json.load(open(f"{results}/{run_id}/injector-{i}/summary.json")) for i in range(3)]
merged = json.load(open(f"{results}/reports/{run_id}/summary.json"))
for i, s in enumerate(injectors):
    started = open(f"{out}/injector-{i}.started").read().strip()
    # podman: 2026-12-03 12:00:00.123456789 +0000 UTC
    m = re.match(r"(\S+ \d+:\d+:\d+)(\.\d+)? ([+-]\d{4})", started)
    t0 = datetime.datetime.strptime(m.group(1) + (m.group(2) or ".0")[:7] + " " + m.group(3), "%Y-%m-%d %H:%M:%S.%f %z")
    measured = s['firstSendMillis'] / 1000 - t0.timestamp()
    warm = (s.get('warmup') or {}).get('seconds', 0)
    print(f"   injector {i}: container start to first message {measured - warm:.1f} s (its warm-up's), to the "
          f"measured load {measured:.1f} s; sent={s['sent']} acked={s['acked']} failed={s['failed']}")
first = [s["firstSendMillis"] for s in injectors]
print(f"   start barrier: first messages {max(first) - min(first)} ms apart (the third container started 5 s late)")
ok = True
for key in ("sent", "acked", "failed"):
    total = sum(s[key] for s in injectors)
    print(f"   merged {key}={merged[key]} (injectors' sum {total})")
    ok &= merged[key] == total
v = merged.get("verification") or {}
print(f"   merged: {merged['injectors']} injectors, lost={v.get('lost')} duplicates={v.get('duplicates')}, "
      f"publish p99 {merged['publishLatencyMs']['p99']:.2f} ms, gates {'PASSED' if merged['passed'] else 'FAILED'}")
ok &= merged["injectors"] == 3 and max(first) - min(first) < 2000
sys.exit(0 if ok else 1)
PY
echo "== report: $RESULTS/reports/$RUN_ID/index.html"
exit $failed
