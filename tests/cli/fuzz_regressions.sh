#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Every input the fuzzers found a problem with (tests/fuzz-regressions/, see its README.md) is
# checked with the normal geosim binary: `geosim check` must answer 0 (valid) or 2 (invalid)
# within the time limit -- never crash, hang or run out of memory.
#
# Usage: bash fuzz_regressions.sh GEOSIM_BINARY SOURCE_DIR
set -u

GEOSIM=${1:?usage: fuzz_regressions.sh GEOSIM_BINARY SOURCE_DIR}
SRC=${2:?usage: fuzz_regressions.sh GEOSIM_BINARY SOURCE_DIR}
LIMIT_S=${FUZZ_REGRESSION_TIMEOUT:-20}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0
shopt -s nullglob
for file in "$SRC"/tests/fuzz-regressions/*.yaml; do
  name=$(basename "$file")
  start=$(date +%s%3N)
  timeout "$LIMIT_S" "$GEOSIM" check "$file" >"$tmp/stdout" 2>"$tmp/stderr"
  rc=$?
  elapsed=$(( $(date +%s%3N) - start ))
  if (( rc == 0 || rc == 2 )); then
    passed=$(( passed + 1 ))
    printf 'ok   %-50s exit %d (%d ms)\n' "$name" "$rc" "$elapsed"
  else
    failed=$(( failed + 1 ))
    case $rc in
      124) why="timed out after ${LIMIT_S} s" ;;
      1) why="exit 1 (internal error)" ;;
      *) why="exit $rc$( (( rc >= 128 )) && echo ", signal $(( rc - 128 ))")" ;;
    esac
    printf 'FAIL %-50s %s\n' "$name" "$why"
    head -n 3 "$tmp/stderr" | sed 's/^/       stderr: /'
  fi
done
echo "$passed passed, $failed failed"
(( failed == 0 ))
