#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Instruction counts of the engine and of the hand-written loop under valgrind's callgrind: unlike
# wall-clock and CPU time, they do not depend on what else the machine is running.
# The marginal cost per run is taken between two run counts, so one-off costs (thread start,
# final sorting of samples) drop out. Only run_monte_carlo and its worker blocks are counted for
# the engine (not loading the scenario), only run_handwritten_paris for the hand-written loop and
# run_tuned_paris for its tuned variant (the scalar floor).
# The end-of-job statistics (Accumulator::finish: quantiles, survival curves, time-series bands) are
# counted apart: their cost grows with the trajectories kept for the bands until 2,048 are kept,
# then stays fixed, so between 64 and 192 runs it would pass for a per-run cost it is not in a
# real job (about 0.1 s once per job; see docs/performance.md).
#
#   bash bench/callgrind.sh [GEOSIM_BENCH] [RUNS_LOW] [RUNS_HIGH]      (defaults: build/bench/geosim_bench 64 192)
#
# Prints instructions per run with native code and interpreted, the hand-written loop and the
# tuned floor, their ratios, and the interpreter's most expensive functions.
set -u
bin=${1:-build/bench/geosim_bench}
lo=${2:-64}
hi=${3:-192}
if ! command -v valgrind >/dev/null 2>&1; then
  echo "callgrind.sh: valgrind is not installed; instruction counts skipped (apt-get install valgrind)"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# count WHAT RUNS [THREADS]: instructions collected inside the measured functions. Callgrind runs
# threads one at a time and counts each thread's own calls: the engine's main thread inside
# run_monte_carlo (merging, final statistics), its workers inside mc::run_block (one block of runs).
count() {
  local what=$1 runs=$2 threads=${3:-1} toggles
  if [[ $what == engine || $what == native ]]; then
    toggles=(--toggle-collect='geosim::run_monte_carlo*' --toggle-collect='geosim::mc::run_block*'
             --toggle-collect='geosim::mc::Accumulator::finish*')  # nested toggle: finish not counted
  elif [[ $what == finish ]]; then
    toggles=(--toggle-collect='geosim::mc::Accumulator::finish*')
  elif [[ $what == floor ]]; then
    toggles=(--toggle-collect='geosim::bench::run_tuned_paris*')
  else
    toggles=(--toggle-collect='geosim::bench::run_handwritten_paris*')
  fi
  local out="$tmp/$what.$runs.$threads" mode=$what
  [[ $what == finish ]] && mode=engine
  valgrind --tool=callgrind --callgrind-out-file="$out.out" "${toggles[@]}" \
    "$bin" --one "$mode" --runs "$runs" --threads "$threads" >/dev/null 2>"$out.log" || {
    echo "callgrind.sh: valgrind failed on '$what' (log: $(tail -3 "$out.log"))" >&2
    exit 1
  }
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out.log"
}

# Native code is built (or found in the cache) outside valgrind first; under valgrind it is loaded.
"$bin" --one native --runs 1 >/dev/null || { echo "callgrind.sh: native code could not be built" >&2; exit 1; }
n_lo=$(count native "$lo") && n_hi=$(count native "$hi") &&
  e_lo=$(count engine "$lo") && e_hi=$(count engine "$hi") && e2_hi=$(count engine "$hi" 2) &&
  f_lo=$(count finish "$lo") && f_hi=$(count finish "$hi") &&
  h_lo=$(count hand "$lo") && h_hi=$(count hand "$hi") &&
  t_lo=$(count floor "$lo") && t_hi=$(count floor "$hi") || exit 1
python3 - "$lo" "$hi" "$e_lo" "$e_hi" "$h_lo" "$h_hi" "$e2_hi" "$f_lo" "$f_hi" "$n_lo" "$n_hi" "$t_lo" "$t_hi" <<'PY'
import sys
lo, hi, e_lo, e_hi, h_lo, h_hi, e2_hi, f_lo, f_hi, n_lo, n_hi, t_lo, t_hi = map(int, sys.argv[1:])
e = (e_hi - e_lo) / (hi - lo)
h = (h_hi - h_lo) / (hi - lo)
n = (n_hi - n_lo) / (hi - lo)
t = (t_hi - t_lo) / (hi - lo)
print(f"\ncallgrind: instructions per run (marginal, between {lo} and {hi} runs; 1 thread)")
print(f"  engine, native   {n:>12,.0f}   ({n / 365:,.0f} per daily step)")
print(f"  engine, interp.  {e:>12,.0f}   ({e / 365:,.0f} per daily step)")
print(f"  hand-written     {h:>12,.0f}   ({h / 365:,.0f} per daily step)")
print(f"  tuned floor      {t:>12,.0f}   ({t / 365:,.0f} per daily step)")
print(f"  engine (native) / hand-written: {n / h:.2f}x   (target for time per run: <= 1.5x)")
print(f"  engine (interpreted) / hand-written: {e / h:.2f}x")
print(f"  engine (native) / tuned floor: {n / t:.2f}x   (the floor records no time series)")
print(f"engine, {hi} runs: {e_hi:,} instructions with 1 thread, {e2_hi:,} with 2 "
      f"({100 * (e2_hi / e_hi - 1):+.1f}%: the work added by a second thread)")
print(f"end-of-job statistics (not in the figures above): {f_lo:,} instructions at {lo} runs, {f_hi:,} at {hi}; "
      f"fixed once 2,048 trajectories are kept (about {f_hi / hi * 2048 / 1e6:,.0f} M per job)")
PY

# Where the engine's instructions go: self cost by function, and Program::eval by caller. (The
# step's mechanisms are templates inlined into sim::step, so there is no per-phase breakdown.)
short() { sed -E 's/\[[^]]*\]$//; s/\(([^()]|\([^()]*\))*\)//g; s/<[^<>]*(<[^<>]*>[^<>]*)*>//g; s/ +$//'; }
echo
echo "engine, self cost by function ($hi runs):"
callgrind_annotate --inclusive=no "$tmp/engine.$hi.1.out" 2>/dev/null |
  grep -E '^ *[0-9,]+ \( *[0-9.]+%\)  ' | grep -v 'PROGRAM TOTALS' | head -14 |
  sed -E 's/^ *[0-9,]+ \( *([0-9.]+%)\) +(\?\?\?:|[^:]*:)?/\1 /' | short | awk '{ p = $1; $1 = ""; printf "  %7s %s\n", p, $0 }'
echo
echo "engine, geosim::expr::Program::eval by caller (share of all instructions):"
callgrind_annotate --tree=caller "$tmp/engine.$hi.1.out" 2>/dev/null |
  awk '/^ *[0-9,]+ \( *[0-9.]+%\)  </ { buf[n++] = $0; next }
       /\* .*geosim::expr::Program::eval/ { for (i = 0; i < n; i++) print buf[i]; exit }
       { n = 0 }' |
  sed -E 's/^ *[0-9,]+ \( *([0-9.]+%)\) +< +(\?\?\?:|[^:]*:)?/\1 /' | short | awk '{ p = $1; $1 = ""; printf "  %7s %s\n", p, $0 }'
echo "  (called from geosim::run_one: the outcomes' 'when' conditions, checked at the end of every step)"
