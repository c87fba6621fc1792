"""bench/regression-noise.sh's comparisons: every identical run against 1 and against 3 of the other identical runs
(false alarms), every slowed-down run likewise (detections), through the real `bin/iot-pulsar-load compare`."""
import itertools
import re
import subprocess
import sys
from collections import defaultdict

GATE = re.compile(r"^compare: gate (gate\.regression\.\w+): .*?: (passed|FAILED) \((.*)\)$")
MEDIAN = re.compile(r"(?:rose|fell) from [\d.]+ to [\d.]+ \S+ \(([+-][\d.]+) %\) in the median window")
P = re.compile(r"Mann-Whitney p=([\d.e+-]+) ")
LIMITS = (25, 50, 75, 100)


def compare(out, baselines, current):
    args = ["bin/iot-pulsar-load", "compare"] + [f"{out}/reports/{b}" for b in baselines] + [
        f"{out}/reports/{current}", "--html", f"{out}/compare/{current}-vs-{'-'.join(baselines)}.html"]
    text = subprocess.run(args, capture_output=True, text=True).stdout
    gates = {}
    for line in text.splitlines():
        m = GATE.match(line.strip())
        if m:
            median = MEDIAN.search(m.group(3))
            p = P.search(m.group(3))
            gates[m.group(1)] = (m.group(2) == "FAILED", float(median.group(1)) if median else 0.0,
                                 float(p.group(1)) if p else float("nan"))
    return gates


def tally(title, results):
    print(title)
    for gate in sorted({g for r in results for g in r}):
        vals = [r[gate] for r in results if gate in r]
        changes = [v[1] for v in vals]
        # what the gate would say at other limits: beyond the noise (p < 0.01) and worse by more than the limit
        at = "  ".join(f"{lim}%: {sum(1 for v in vals if v[2] < 0.01 and v[1] > lim):>2}" for lim in LIMITS)
        print(f"  {gate:32} FAILED {sum(1 for v in vals if v[0]):>3} of {len(vals):<3} median-window change "
              f"{min(changes):+7.1f} .. {max(changes):+7.1f} %   failed at a limit of {at}")
    print(f"  comparisons with any gate FAILED: {sum(1 for r in results if any(v[0] for v in r.values()))} "
          f"of {len(results)}")


def main(out, runs, pauses):
    same = [f"same-{i}" for i in range(1, runs + 1)]
    for k in (1, 3):
        identical, slowed = [], defaultdict(list)
        for current in same:
            others = [s for s in same if s != current]
            for baselines in itertools.combinations(others, k):
                identical.append(compare(out, list(baselines), current))
        for p in pauses:
            for baselines in itertools.combinations(same, k):
                slowed[p].append(compare(out, list(baselines), f"pause-{p}ms"))
        tally(f"against {k} baseline run(s): identical runs (false alarms)", identical)
        for p in pauses:
            tally(f"against {k} baseline run(s): broker paused {p} ms every second (detections)", slowed[p])


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3:])
