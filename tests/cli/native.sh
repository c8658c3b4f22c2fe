#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `--engine`: native code and the interpreter give the same JSON (provenance aside) for `run` on
# every shipped scenario and for 1 and 2 threads, and for compare, sensitivity and both kinds of
# sweep; provenance says which ran; a missing compiler is
# an error with --engine native and a note (results unchanged) with auto; usage errors exit 2.
#
# Usage: bash native.sh GEOSIM_BINARY SOURCE_DIR
set -u
RUN_LIMIT=120
source "$(dirname "$0")/lib/harness.sh" "$@"
export GEOSIM_CACHE_DIR="$tmp/cache"

# same_json A B: identical apart from the provenance blocks.
same_json() {
  python3 -c '
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
a.pop("provenance"); b.pop("provenance")
sys.exit(0 if a == b else 1)' "$1" "$2"
}
execution() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["provenance"]["execution"])' "$1"; }

for f in "$SRC"/scenarios/*.yaml; do
  name=$(basename "$f" .yaml)
  run_geosim run "$f" --runs 600 --seed 4 --engine interpreter --json "$tmp/$name.i.json" -q
  check $rc "$name: interpreted run"
  run_geosim run "$f" --runs 600 --seed 4 --threads 2 --engine native --json "$tmp/$name.n.json" -q
  check $rc "$name: native run"
  same_json "$tmp/$name.i.json" "$tmp/$name.n.json"
  check $? "$name: native and interpreted JSON identical"
  [[ $(execution "$tmp/$name.i.json") == interpreted && $(execution "$tmp/$name.n.json") == native ]]
  check $? "$name: provenance names how the steps ran"
done

# The analysis commands: the same figures either way.
analysis_case() {
  local name=$1
  shift
  run_geosim "$@" --engine interpreter --json "$tmp/$name.i.json" -q
  check $rc "$name: interpreted"
  run_geosim "$@" --engine native --json "$tmp/$name.n.json" -q
  check $rc "$name: native"
  same_json "$tmp/$name.i.json" "$tmp/$name.n.json" && [[ $(execution "$tmp/$name.n.json") == native ]]
  check $? "$name: native and interpreted JSON identical"
}
analysis_case compare compare "$SCENARIO" --runs 300 --threads 2
analysis_case sensitivity sensitivity "$SCENARIO" --runs 20 --trajectories 2
analysis_case sweep-lhs sweep "$SCENARIO" --lhs 4 --runs 50
analysis_case sweep-grid sweep "$SCENARIO" --param negotiation.progress=0.1:0.5:3 --runs 50 --threads 2

# auto: the library is now cached, so even a small job runs native code.
run_geosim run "$SCENARIO" --runs 300 --json "$tmp/auto.json" -q
[[ $rc == 0 && $(execution "$tmp/auto.json") == native ]]
check $? "--engine auto uses a cached library"
ls "$GEOSIM_CACHE_DIR"/*.so >/dev/null 2>&1 && ! ls "$GEOSIM_CACHE_DIR"/*.tmp >/dev/null 2>&1
check $? "the cache holds libraries and no temporary files"

# No compiler: --engine native fails with a reason; auto notes it and runs interpreted.
GEOSIM_CACHE_DIR="$tmp/empty" GEOSIM_CXX=/nonexistent/c++ run_geosim run "$SCENARIO" --runs 100 --engine native -q
[[ $rc == 1 ]] && grep -q "cannot run the C++ compiler '/nonexistent/c++'" "$tmp/stderr"
check $? "--engine native without a compiler: exit 1 and the reason"
GEOSIM_CACHE_DIR="$tmp/empty" GEOSIM_CXX=/nonexistent/c++ run_geosim run "$SCENARIO" --runs 50000 --threads 2 --json "$tmp/fallback.json"
[[ $rc == 0 && $(execution "$tmp/fallback.json") == interpreted ]] && grep -q "note: running interpreted" "$tmp/stderr"
check $? "--engine auto without a compiler: a note, and the run completes interpreted"

run_geosim run "$SCENARIO" --runs 10 --engine fast
[[ $rc == 2 ]] && grep -q "fast not in {auto,native,interpreter}" "$tmp/stderr"
check $? "--engine with an unknown value: exit 2 and the choices"

finish
