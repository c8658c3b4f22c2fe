#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Large scenarios (docs/performance.md, "Large scenarios"): synthetic scenarios of N actors
# (bench/synthetic/make_scenario.py: two drifting variables and one event per actor, influence over
# a ring of ties), run with native code and interpreted. Prints, per N: the generated source's
# size, the time to generate and compile it (an empty cache), and CPU seconds per run both ways;
# then the influence step's cost against the number of non-zero ties (the interpreter, with and
# without a relation that ties every pair, which is stored densely).
#
#   bash bench/scaling.sh [GEOSIM] [RUNS]      (defaults: build/geosim 100)
set -euo pipefail
bin=${1:-build/geosim}
runs=${2:-100}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export GEOSIM_CACHE_DIR="$tmp/cache"

# cpu CMD...: user + system CPU seconds of the command and its children (the compiler included).
cpu() { /usr/bin/time -f "%U %S" -o "$tmp/time" "$@" >/dev/null 2>&1; awk '{ printf "%.3f", $1 + $2 }' "$tmp/time"; }

echo "large scenarios: $runs runs, 1 thread, seed 1"
printf "  %6s  %10s  %12s  %14s  %14s  %8s\n" actors "source KB" "compile s" "native ms/run" "interp. ms/run" ratio
for n in 100 300 1000; do
  f="$tmp/syn$n.yaml"
  python3 "$here/synthetic/make_scenario.py" "$n" > "$f"
  build=$(cpu "$bin" run "$f" --runs 1 --engine native --threads 1 -q)   # generate + compile + 1 run
  base=$(cpu "$bin" run "$f" --runs 1 --engine interpreter --threads 1 -q)
  native=$(cpu "$bin" run "$f" --runs "$runs" --engine native --threads 1 -q)
  interp=$(cpu "$bin" run "$f" --runs "$runs" --engine interpreter --threads 1 -q)
  kb=$(du -k "$GEOSIM_CACHE_DIR"/*.cpp | sort -n | tail -1 | cut -f1)
  rm -f "$GEOSIM_CACHE_DIR"/*
  python3 - "$n" "$kb" "$build" "$base" "$native" "$interp" "$runs" <<'PY'
import sys
n, kb, build, base, native, interp, runs = sys.argv[1:]
build, base, native, interp, runs = float(build), float(base), float(native), float(interp), int(runs)
nat = (native - base) / (runs - 1) * 1e3
itp = (interp - base) / (runs - 1) * 1e3
print(f"  {n:>6}  {kb:>10}  {build - base:>12.2f}  {nat:>14.2f}  {itp:>14.2f}  {itp / nat:>7.2f}x")
PY
done

echo "influence against its non-zero ties: interpreted, $runs runs, 1 thread; the cost of the"
echo "influence step is the time per run less that of the same scenario without influence"
printf "  %6s  %8s  %12s  %18s  %16s\n" actors ties "non-zero" "influence ms/run" "ns per tie-day"
for spec in "500 4" "1000 4" "2000 4" "1000 16" "1000 64" "300 300"; do
  set -- $spec
  with="$tmp/inf$1-$2.yaml" without="$tmp/inf$1-0.yaml"
  python3 "$here/synthetic/make_scenario.py" "$1" "$2" > "$with"
  python3 "$here/synthetic/make_scenario.py" "$1" 0 > "$without"
  a=$(cpu "$bin" run "$with" --runs "$runs" --engine interpreter --threads 1 -q --max-actors 100000)
  b=$(cpu "$bin" run "$without" --runs "$runs" --engine interpreter --threads 1 -q --max-actors 100000)
  python3 - "$1" "$2" "$a" "$b" "$runs" <<'PY'
import sys
n, k, a, b, runs = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
nz = min(n * n, n * (1 + 2 * (k // 2)))   # the diagonal and k // 2 ties each way
ms = (a - b) / runs * 1e3
dense = "  (stored densely)" if 4 * nz > n * n else ""
print(f"  {n:>6}  {k:>8}  {nz:>12,}  {ms:>18.2f}  {ms * 1e6 / (nz * 365):>16.2f}{dense}")
PY
done
