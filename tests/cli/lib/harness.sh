# SPDX-License-Identifier: Apache-2.0
# The shared harness of the command-line tests in tests/cli/ (ctest runs each as
# `bash SCRIPT GEOSIM_BINARY SOURCE_DIR`). Source it first, with the script's arguments:
#
#   RUN_LIMIT=120 SHOW_LINES=8   # optional, before sourcing
#   source "$(dirname "$0")/lib/harness.sh" "$@"
#
# It sets GEOSIM, SRC, SCENARIO (scenarios/paris-2026.yaml), SCALE (GEOSIM_TEST_TIME_SCALE: the
# sanitizer build is several times slower and `make test-sanitize` sets it), tmp (a scratch
# folder removed at exit) and the counters passed, failed, rc; and defines
#   run_geosim ARGS...  geosim with a time limit of RUN_LIMIT (default 60) x SCALE seconds (a guard
#                       against a hang, not a speed check); sets rc and cpu_ms (the CPU time it
#                       used, user + system, in milliseconds: what a speed check may bound, since
#                       unlike wall-clock time it hardly depends on the machine's load), output in
#                       $tmp/stdout and $tmp/stderr
#   check STATUS NAME   records a result (STATUS 0 = pass); a failure shows the first SHOW_LINES
#                       (default 5) lines of each output
#   finish              prints "N passed, M failed" and returns non-zero if any failed
set -u

GEOSIM=${1:?usage: bash SCRIPT GEOSIM_BINARY SOURCE_DIR}
SRC=${2:?usage: bash SCRIPT GEOSIM_BINARY SOURCE_DIR}
SCENARIO="$SRC/scenarios/paris-2026.yaml"
SCALE=${GEOSIM_TEST_TIME_SCALE:-1}
RUN_LIMIT=${RUN_LIMIT:-60}
SHOW_LINES=${SHOW_LINES:-5}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0
rc=0
cpu_ms=0

run_geosim() {
  local TIMEFORMAT='%3U %3S'
  { time timeout $(( RUN_LIMIT * SCALE )) "$GEOSIM" "$@" >"$tmp/stdout" 2>"$tmp/stderr"; } 2>"$tmp/cputime"
  rc=$?
  cpu_ms=$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$tmp/cputime")
}

check() {
  local ok=$1 name=$2
  if (( ok == 0 )); then
    passed=$(( passed + 1 ))
    printf 'ok   %s\n' "$name"
  else
    failed=$(( failed + 1 ))
    printf 'FAIL %s (exit %s)\n' "$name" "$rc"
    sed 's/^/       stdout: /' "$tmp/stdout" | head -n "$SHOW_LINES"
    sed 's/^/       stderr: /' "$tmp/stderr" | head -n "$SHOW_LINES"
  fi
}

finish() {
  echo "$passed passed, $failed failed"
  (( failed == 0 ))
}
