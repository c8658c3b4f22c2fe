#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Is the NumPy peer (bench/numpy_paris.py) the same model as the scenario file? Runs
`geosim run bench/paris-2026-first-edition.yaml --runs N --seed 1 --json -` and the peer at N
runs, and compares every outcome within sampling error (the ctest bench.numpy_agreement).

The two draw different random numbers (xoshiro256++ per run and element in geosim, one PCG64
stream in NumPy), so they are independent samples of the same model: for each of the 25
outcomes a two-sample z (pooled proportions for `when` outcomes over the runs that count for
them; means with each side's standard deviation for counts and values). All must have
|z| < 4.5: with 25 outcomes the chance that a correct peer fails is below 25 * P(|Z| > 4.5)
= 1.7e-4 (Bonferroni), while a mechanism the peer got wrong shows as |z| of 5 to 20 at 20,000
runs. The time-series bands are compared for information (the mean over days of each quantile's
difference, in units of the variable's 5-95% band at its widest; the largest of the 30), not asserted.

    /usr/bin/python3 bench/numpy_check.py GEOSIM [--runs N] [--scenario FILE] [--engine E]

Exit status 0 when all agree, 1 when one does not, 2 on bad arguments.
"""
import argparse
import json
import math
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LIMIT = 4.5


def run_json(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.exit(f"numpy_check: '{' '.join(cmd)}' failed (exit {p.returncode}):\n{p.stderr.strip()}")
    return json.loads(p.stdout)


def z_score(a, b):
    """Two-sample z of outcome summaries a and b (geosim's JSON form)."""
    if a.get("kind") == "when" or ("probability" in a and "mean" not in a):
        na, nb = a["runs"], b["runs"]
        if na == 0 or nb == 0:
            return 0.0, a.get("probability", 0.0), b.get("probability", 0.0)
        pa, pb = a["happened"] / na, b["happened"] / nb
        pool = (a["happened"] + b["happened"]) / (na + nb)
        se = math.sqrt(pool * (1 - pool) * (1 / na + 1 / nb))
        return (0.0 if se == 0 else (pa - pb) / se), pa, pb
    se = math.sqrt(a["sd"] ** 2 / a["runs"] + b["sd"] ** 2 / b["runs"])
    return (0.0 if se == 0 else (a["mean"] - b["mean"]) / se), a["mean"], b["mean"]


def main():
    ap = argparse.ArgumentParser(description="Compare the NumPy peer's outcomes with geosim's within sampling error.")
    ap.add_argument("geosim", help="the geosim binary")
    ap.add_argument("--runs", type=int, default=20000, help="runs on each side (default 20000)")
    ap.add_argument("--scenario", default=os.path.join(HERE, "paris-2026-first-edition.yaml"))
    ap.add_argument("--engine", default="interpreter", choices=["auto", "native", "interpreter"],
                    help="geosim's --engine (default interpreter: no compiler run, no cache written)")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if a.runs < 100:
        ap.error("--runs must be at least 100")
    try:
        import numpy  # noqa: F401  (the peer's one dependency)
    except ImportError:
        sys.exit(f"numpy_check: {sys.executable} has no NumPy: install Debian's python3-numpy "
                 "(bash scripts/install-deps.sh test) and run this with /usr/bin/python3")

    g = run_json([a.geosim, "run", a.scenario, "--runs", str(a.runs), "--seed", str(a.seed), "--json", "-", "-q",
                  "--threads", "1", "--engine", a.engine])
    n = run_json([sys.executable, os.path.join(HERE, "numpy_paris.py"), "--runs", str(a.runs), "--seed", str(a.seed), "--json"])

    go, no = g["outcomes"], n["outcomes"]
    missing = sorted(set(go) ^ set(no))
    if missing:
        print(f"numpy_check: outcomes on one side only: {', '.join(missing)}")
        return 1
    print(f"geosim ({a.engine}) against the NumPy peer, {a.runs} runs each, seed {a.seed} (independent streams)")
    print(f"{'outcome':<26} {'geosim':>10} {'numpy':>10} {'z':>7}")
    worst, worst_id = 0.0, ""
    for oid in go:
        z, x, y = z_score(go[oid], no[oid])
        print(f"{oid:<26} {x:>10.4f} {y:>10.4f} {z:>7.2f}")
        if abs(z) > abs(worst):
            worst, worst_id = z, oid
    band = 0.0
    for var, s in g.get("series", {}).items():
        t = n["series"].get(var)
        if t is None:
            print(f"numpy_check: the peer has no band for {var}")
            return 1
        # The peer records every day; geosim the days it lists (all of them for this horizon).
        at = {d: i for i, d in enumerate(t["day"])}
        days = [(i, at[d]) for i, d in enumerate(s["day"]) if d in at]
        if len(days) != len(s["day"]):
            print(f"numpy_check: geosim records {var} on days the peer does not")
            return 1
        width = max(hi - lo for hi, lo in zip(s["p95"], s["p05"]))  # the band at its widest
        for q in ("p05", "p25", "p50", "p75", "p95"):
            if width > 0:  # the mean over days: a quantile at a jump (an event's step) is noisy on any one day
                band = max(band, sum(abs(s[q][i] - t[q][j]) for i, j in days) / len(days) / width)
    print(f"time-series bands ({len(g.get('series', {}))} variables, 5 quantiles): mean difference "
          f"at most {band:.3f} of the 5-95% band at its widest (for information)")
    ok = abs(worst) < LIMIT
    print(f"{len(go)} outcomes compared; largest |z| {abs(worst):.2f} ({worst_id}); limit {LIMIT} "
          f"(family-wise false alarm < {len(go) * math.erfc(LIMIT / math.sqrt(2)):.1e}): {'agree' if ok else 'DISAGREE'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
