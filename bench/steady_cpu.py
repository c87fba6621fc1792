#!/usr/bin/env python3
"""Steady-state injector CPU per message, in microseconds (= CPU seconds per million messages).

    steady_cpu.py perf LOG SAMPLES   pulsar-perf: the JVM's CPU (SAMPLES: "epoch-ms ticks" read from /proc every
                                     0.2 s) between its first and last 10 s "Throughput produced" lines, per
                                     message counted between them
    steady_cpu.py ours LOG SAMPLES   iot-pulsar-load: its own progress lines ("injector cpu=X cores", the same
                                     /proc counter read in-process) after the first one, per outcome in them

Both skip the first 10 s (JIT warm-up, connection set-up) and everything after the load (our gate evaluation);
ours also skips its warm-up phase's lines ("warm-up +Ns"): its windows start with the measured load.
Prints "-" when the run was too short to have a steady window.

    steady_cpu.py first-perf LOG SAMPLES / first-ours LOG SAMPLES
                                     the FIRST 10 s window instead: "p99-ms cores us-per-msg", what a gate on the
                                     whole run sees of the JIT's warm-up
"""
import os
import re
import sys
from datetime import datetime


def perf(log, samples):
    points = []
    for line in open(log, errors="replace"):
        m = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d),(\d{3}).*Throughput produced: +(\d+) msg", line)
        if m:
            t = datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S").timestamp() * 1000 + int(m.group(2))
            points.append((t, int(m.group(3))))
    cpu = [tuple(map(int, l.split())) for l in open(samples) if len(l.split()) == 2]
    if len(points) < 2 or len(cpu) < 2:
        return None
    (t1, c1), (t2, c2) = points[0], points[-1]
    start, end = interpolate(cpu, t1), interpolate(cpu, t2)
    if start is None or end is None:
        return None  # the sampler missed the window
    ticks = end - start
    return ticks / os.sysconf("SC_CLK_TCK") / (c2 - c1) * 1e6


def interpolate(samples, t):
    """CPU ticks at epoch-ms t, linear between the two samples around it."""
    for (ta, ca), (tb, cb) in zip(samples, samples[1:]):
        if ta <= t <= tb:
            return ca + (cb - ca) * (t - ta) / max(tb - ta, 1)
    return None


def ours(log, _samples):
    lines = []
    for line in measured(log):
        m = re.search(r"acked=(\d+) failed=(\d+) rate=.* injector cpu=([0-9.]+) cores .*\(last ([0-9.]+) s\)", line)
        if m:
            lines.append((int(m.group(1)) + int(m.group(2)), float(m.group(3)) * float(m.group(4))))
    if len(lines) < 2:
        return None
    messages = lines[-1][0] - lines[0][0]
    cpu_seconds = sum(cpu for _, cpu in lines[1:])
    return cpu_seconds / messages * 1e6


def first_perf(log, samples):
    for line in open(log, errors="replace"):
        m = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d),(\d{3}).*Throughput produced: +(\d+) msg.*? - 99pct: +([0-9.]+)",
                     line)
        if m:
            t = datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S").timestamp() * 1000 + int(m.group(2))
            cpu = [tuple(map(int, l.split())) for l in open(samples) if len(l.split()) == 2]
            start = interpolate(cpu, t - 10_000) if cpu and cpu[0][0] <= t - 10_000 else (cpu[0][1] if cpu else None)
            end = interpolate(cpu, t)
            if start is None or end is None:
                return None
            seconds = (end - start) / os.sysconf("SC_CLK_TCK")
            return f"{float(m.group(4)):.1f} {seconds / 10:.2f} {seconds / int(m.group(3)) * 1e6:.1f}"
    return None


def measured(log):
    """Our log's lines after the warm-up (all of them when there was none)."""
    lines = list(open(log, errors="replace"))
    done = [i for i, line in enumerate(lines) if "warm-up done" in line]
    return lines[done[0] + 1:] if done else lines


def first_ours(log, _samples):
    for line in measured(log):
        m = re.search(r"p99=([0-9.]+) ms injector cpu=([0-9.]+) cores \(([0-9.]+) us/msg\)", line)
        if m:
            return f"{float(m.group(1)):.1f} {m.group(2)} {m.group(3)}"
    return None


if __name__ == "__main__":
    tool, log, samples = sys.argv[1:4]
    if tool.startswith("first-"):
        value = {"first-perf": first_perf, "first-ours": first_ours}[tool](log, samples)
        print(value or "- - -")
        sys.exit(0)
    tool, log, samples = sys.argv[1:4]
    value = {"perf": perf, "ours": ours}[tool](log, samples)
    print("-" if value is None else f"{value:.1f}")
