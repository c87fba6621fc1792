#!/usr/bin/env python3
"""Figures of one bench/flink-pipeline.sh run from the tool's results/<runId>/injector-0/summary.json.

Prints: the watch's max lag (s) and, from the stage's per-second figures, the median of the per-second p50 and the
highest per-second p99 (ms) over the measured load only (from the first measured send to DURATION seconds later):
the stage's whole-run figures include the warm-up, the first seconds of a freshly started (cold) Flink job.

    run_figures.py SUMMARY_JSON DURATION_SECONDS
"""
import json
import statistics
import sys

d = json.load(open(sys.argv[1]))
duration = float(sys.argv[2])
sub = (d.get("subscriptions") or [{}])[0]
lag = sub.get("maxLagSeconds")
first = d["firstSendMillis"] / 1000.0
seconds = [s for s in (d.get("stage") or {}).get("seconds", []) if "epochSecond" in s
           and first <= s["epochSecond"] < first + duration and s.get("outputs", 0) > 0]
p50 = statistics.median(s["p50Ms"] for s in seconds) if seconds else None
p99 = max(s["p99Ms"] for s in seconds) if seconds else None
fmt = lambda v, f: "-" if v is None else f % v
print(fmt(lag, "%.1f"), fmt(p50, "%.0f"), fmt(p99, "%.0f"))
