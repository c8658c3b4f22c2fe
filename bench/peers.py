#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""geosim against its peers on one thread (issue 21; docs/performance.md, "Against NumPy"): the
first edition of paris-2026 (bench/paris-2026-first-edition.yaml) with native code and
interpreted, the hand-written loop, the tuned scalar floor and the NumPy peer, at each run
count, with the ratios NumPy / native and floor / native.

    /usr/bin/python3 bench/peers.py [--bench GEOSIM_BENCH] [--runs 2000,20000,200000] [--repeat 3]

Every measurement is a fresh child process: `geosim_bench --one native|engine|hand|floor --threads 1`
(CPU time of run_monte_carlo, or of the loop, alone; native code is built or loaded before the
clock starts) and `bench/numpy_paris.py --json` (time.process_time around the simulation and its
statistics). geosim and NumPy compute the time-series bands of the six tracked variables; the
hand-written loops record none. The configurations run interleaved, in reverse order every other
repeat, and the table shows the median CPU time of the repeats. Peak RSS is each child's own
(VmHWM, which each reports; ru_maxrss from wait4 would include this Python process's memory). About 5 minutes with the defaults on an idle machine (13 under a load of 6 on 2 CPUs);
`--runs 2000,20000 --repeat 1` takes about 20 s.
"""
import argparse
import datetime
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIGS = [  # (key, column title)
    ("native", "geosim native"),
    ("engine", "geosim interpreter"),
    ("hand", "hand-written"),
    ("floor", "tuned floor"),
    ("numpy", "NumPy"),
]


def child(cmd):
    """Runs cmd; returns its stdout."""
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.exit(f"peers: '{' '.join(cmd)}' failed (exit {p.returncode}): {p.stderr.strip()}")
    return p.stdout


def measure(bench, key, runs, seed):
    """CPU seconds and peak RSS (MB) of one configuration at `runs` runs."""
    if key == "numpy":
        import json

        r = json.loads(child([sys.executable, os.path.join(HERE, "numpy_paris.py"), "--runs", str(runs), "--seed", str(seed), "--json"]))
        return r["cpu_seconds"], r["peak_rss_mb"]
    cpu = rss = None
    for line in child([bench, "--one", key, "--runs", str(runs), "--threads", "1", "--seed", str(seed)]).splitlines():
        if line.startswith("time "):
            cpu = float(line.split()[2])
        elif line.startswith("peak_rss_kb "):
            rss = int(line.split()[1]) / 1024.0
    if cpu is None or rss is None:
        sys.exit(f"peers: no time or peak_rss_kb line from geosim_bench --one {key}")
    return cpu, rss


def run_counts(text):
    try:
        counts = [int(float(x)) for x in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a comma-separated list of run counts, e.g. 2000,20000")
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError(f"'{text}': run counts must be positive")
    return counts


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main():
    ap = argparse.ArgumentParser(description="geosim against the hand-written loops and the NumPy peer, one thread.")
    ap.add_argument("--bench", default="build/bench/geosim_bench", help="the geosim_bench binary (default build/bench/geosim_bench)")
    ap.add_argument("--runs", type=run_counts, default=[2000, 20000, 200000], help="run counts (default 2000,20000,200000)")
    ap.add_argument("--repeat", type=int, default=3, help="interleaved repeats per run count (default 3)")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if a.repeat < 1:
        ap.error("--repeat must be at least 1")
    if not os.access(a.bench, os.X_OK):
        ap.error(f"{a.bench} is not an executable geosim_bench (build it: make build; or pass --bench)")
    try:
        import numpy  # noqa: F401
    except ImportError:
        sys.exit(f"peers: {sys.executable} has no NumPy: install python3-numpy (bash scripts/install-deps.sh test); "
                 "run this with /usr/bin/python3")

    before = loadavg()
    print(f"geosim against its peers: {datetime.datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} CPUs, load average {before}")
    print(f"bench/paris-2026-first-edition.yaml, seed {a.seed}, one thread; geosim and NumPy with the six tracked bands;")
    print(f"CPU seconds, median of {a.repeat} interleaved repeat(s)\n")
    measure(a.bench, "native", 1, a.seed)  # build (or load) the native code before any timing

    results = {}  # (runs, key) -> list of (cpu, rss)
    for runs in a.runs:
        order = [k for k, _ in CONFIGS]
        for r in range(a.repeat):
            for key in (order if r % 2 == 0 else order[::-1]):
                results.setdefault((runs, key), []).append(measure(a.bench, key, runs, a.seed))

    def cpu(runs, key):
        return statistics.median(c for c, _ in results[(runs, key)])

    titles = [t for _, t in CONFIGS] + ["NumPy / native", "floor / native"]
    print("| runs | " + " | ".join(titles) + " |")
    print("|---:|" + "---:|" * len(titles))
    for runs in a.runs:
        cells = [f"{cpu(runs, k):.3f} s" for k, _ in CONFIGS]
        cells += [f"{cpu(runs, 'numpy') / cpu(runs, 'native'):.2f}", f"{cpu(runs, 'floor') / cpu(runs, 'native'):.2f}"]
        print(f"| {runs:,} | " + " | ".join(cells) + " |")
    top = max(a.runs)
    print(f"\npeak RSS at {top:,} runs: " + ", ".join(
        f"{t} {max(m for _, m in results[(top, k)]):.1f} MB" for k, t in CONFIGS))
    print(f"CPU microseconds per run at {top:,} runs: " + ", ".join(
        f"{t} {1e6 * cpu(top, k) / top:.1f}" for k, t in CONFIGS))
    print(f"load average before {before}, after {loadavg()}")

    big = [n for n in a.runs if n >= 20000]
    if big:
        ratios = ", ".join(f"{cpu(n, 'numpy') / cpu(n, 'native'):.2f}x at {n:,}" for n in big)
        met = all(cpu(n, "numpy") >= 10 * cpu(n, "native") for n in big)
        print(f"\ntarget (issue 21): native at least 10x faster than NumPy from 20,000 runs: {ratios}: {'met' if met else 'NOT met'}")
        floor = ", ".join(f"{cpu(n, 'floor') / cpu(n, 'native'):.2f} at {n:,}" for n in big)
        met = all(cpu(n, "native") < cpu(n, "floor") for n in big)
        print(f"target (issue 21): native faster than the tuned floor: floor / native {floor}: {'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
