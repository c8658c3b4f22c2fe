#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# README.md's "A short tour" passes as written: each command of its indented block runs, with
# `build/geosim` replaced by the binary under test, in a scratch directory that holds only a link
# to the shipped scenarios, and must exit 0. Output files land in that directory, never in the
# repository. `mpirun` lines need an MPI launcher (skipped without one); as root the test adds
# --allow-run-as-root, as the README says.
#
# Usage: bash readme_tour.sh GEOSIM_BINARY SOURCE_DIR
set -u

RUN_LIMIT=600  # a guard against a hang (a command of the tour takes seconds), generous for a loaded machine
source "$(dirname "$0")/lib/harness.sh" "$@"

# The tour: the indented lines between "## A short tour" and the next heading.
mapfile -t commands < <(awk '/^## A short tour/ {on = 1; next} /^## / {on = 0} on && /^    [^ ]/ {sub(/^    /, ""); print}' "$SRC/README.md")
(( ${#commands[@]} >= 5 ))
check $? "README.md's tour has its commands (found ${#commands[@]})"

work="$tmp/tour"
mkdir -p "$work"
ln -s "$SRC/scenarios" "$work/scenarios"
before=$(git -C "$SRC" status --porcelain 2>/dev/null)

for line in "${commands[@]}"; do
  cmd=${line//build\/geosim/\"\$GEOSIM\"}
  if [[ $cmd == mpirun* ]]; then
    if ! command -v mpirun >/dev/null; then
      printf 'skip %s (no mpirun)\n' "$line"
      continue
    fi
    (( $(id -u) == 0 )) && cmd="mpirun --allow-run-as-root${cmd#mpirun}"
    # Under the sanitizers (make test-sanitize), without leak detection, as for the MPI tests
    # (Makefile): Open MPI's plugins leave leaks at exit that no suppression can name.
    [[ -n ${ASAN_OPTIONS:-} ]] && cmd="ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=0 $cmd"
  fi
  (cd "$work" && GEOSIM=$GEOSIM timeout $(( RUN_LIMIT * SCALE )) bash -c "$cmd" </dev/null >"$tmp/stdout" 2>"$tmp/stderr")
  rc=$?
  [[ $rc == 0 ]]
  check $? "$line"
done

# What the tour writes is in the scratch directory, and nothing new is in the repository.
[[ -s "$work/out.json" && -s "$work/runs.csv" && -s "$work/geosim-schema.json" ]]
check $? "the tour's output files are written in the current directory"
after=$(git -C "$SRC" status --porcelain 2>/dev/null)
[[ "$before" == "$after" ]]
check $? "the tour leaves the repository unchanged"

finish
