#!/usr/bin/env python3
"""Summarises the CPU samples (jdk.ExecutionSample) of a JFR recording: by thread, by the library of the top
frame (self time), the top methods, and the share of samples with a given library anywhere on the stack.

    jfr_summary.py RECORDING.jfr                 the summary
    jfr_summary.py RECORDING.jfr METHOD-PART     the callers (4 frames) of top frames whose name contains it
"""
import collections
import json
import subprocess
import sys

LIBRARIES = [  # first match wins, on the frame's class name
    ("ours", ("io.iotpulsarload.", "com.iot.")),
    ("lz4", ("net.jpountz.", "io.airlift.compress.")),
    ("avro", ("org.apache.avro.",)),
    ("pulsar", ("org.apache.pulsar.",)),
    ("netty", ("io.netty.", "org.apache.pulsar.shade.io.netty.")),
    ("gatling", ("io.gatling.", "akka.", "scala.", "io.gatling.shared.")),
    ("hdr", ("org.HdrHistogram.",)),
    ("jdk", ("java.", "jdk.", "sun.")),
]


def library(class_name):
    for name, prefixes in LIBRARIES:
        if class_name.startswith(prefixes):
            return name
    return "other"


def callers(path, part):
    counter = collections.Counter()
    for e in samples(path):
        frames = (e["values"].get("stackTrace") or {}).get("frames") or []
        names = [f["method"]["type"]["name"].split("/")[-1] + "." + f["method"]["name"] for f in frames[:5]]
        if names and part in names[0]:
            counter[" < ".join(names)] += 1
    for key, count in counter.most_common(15):
        print(f"  {count:5d}  {key}")


def samples(path):
    raw = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", path],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(raw)["recording"]["events"]


def main(path):
    events = samples(path)
    by_thread, by_lib, by_method, anywhere = (collections.Counter() for _ in range(4))
    for e in events:
        v = e["values"]
        thread = (v.get("sampledThread") or {}).get("javaName") or "?"
        frames = (v.get("stackTrace") or {}).get("frames") or []
        if not frames:
            continue
        by_thread[thread.rstrip("0123456789-")] += 1
        top = frames[0]["method"]
        cls = top["type"]["name"].replace("/", ".")
        by_lib[library(cls)] += 1
        by_method[cls + "." + top["name"]] += 1
        for lib in {library(f["method"]["type"]["name"].replace("/", ".")) for f in frames}:
            anywhere[lib] += 1
    total = sum(by_lib.values())
    print(f"{total} CPU samples")
    for title, counter, n in (("by thread", by_thread, 12), ("self time by library", by_lib, 12),
                              ("on the stack (inclusive)", anywhere, 12), ("top methods (self)", by_method, 30)):
        print(f"-- {title}")
        for key, count in counter.most_common(n):
            print(f"  {100.0 * count / total:5.1f} %  {key}")


if __name__ == "__main__":
    if len(sys.argv) > 2:
        callers(sys.argv[1], sys.argv[2])
    else:
        main(sys.argv[1])
