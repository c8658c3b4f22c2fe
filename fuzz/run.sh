#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs the fuzz targets for a bounded time each (`make fuzz`).
#
#   fuzz/run.sh BUILD_DIR [TARGET...]      (default: fuzz_scenario fuzz_expr fuzz_native fuzz_outputs)
#
# FUZZ_SECONDS (default 60) per target; FUZZ_JOBS parallel targets (default: one per core).
# Corpora grow in BUILD_DIR/corpus/TARGET (kept between runs), seeded from the repository
# (fuzz/seeds.py). A crash, a hang (FUZZ_TIMEOUT s per input, default 10) or an allocation over
# FUZZ_RSS_MB (default 2048) stops the target with its input saved in BUILD_DIR/artifacts/: keep
# it as tests/fuzz-regressions/NAME.yaml (see the README there) and fix the code.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:?usage: fuzz/run.sh BUILD_DIR [TARGET...]}
shift
targets=("$@")
(( ${#targets[@]} )) || targets=(fuzz_scenario fuzz_expr fuzz_native fuzz_outputs)
SECONDS_EACH=${FUZZ_SECONDS:-60}
TIMEOUT=${FUZZ_TIMEOUT:-10}
RSS_MB=${FUZZ_RSS_MB:-2048}
JOBS=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}

python3 fuzz/seeds.py . "$BUILD/seeds" || exit 1
mkdir -p "$BUILD/artifacts" "$BUILD/logs"

fuzz_one() {
  local t=$1 kind=${1#fuzz_}
  local dict=() seeds=()
  [[ -f fuzz/$kind.dict ]] && dict=(-dict="fuzz/$kind.dict")  # fuzz_native, fuzz_outputs read bytes as choices: no dictionary
  [[ -d $BUILD/seeds/$kind ]] && seeds=("$BUILD/seeds/$kind")
  mkdir -p "$BUILD/corpus/$t"
  # Only new crashes count: stale artifacts from an earlier run are kept under their names.
  "$BUILD/fuzz/$t" "$BUILD/corpus/$t" "${seeds[@]}" \
    "${dict[@]}" -max_total_time="$SECONDS_EACH" -timeout="$TIMEOUT" -rss_limit_mb="$RSS_MB" \
    -malloc_limit_mb="$RSS_MB" -max_len=65536 -print_final_stats=1 -artifact_prefix="$BUILD/artifacts/$t-" \
    >"$BUILD/logs/$t.log" 2>&1
  local rc=$?
  if (( rc == 0 )); then
    echo "fuzz: $t: ${SECONDS_EACH} s, no findings ($(grep -o 'stat::number_of_executed_units: *[0-9]*' "$BUILD/logs/$t.log" | grep -o '[0-9]*$') inputs run)"
  else
    echo "fuzz: $t: FINDING (exit $rc); log: $BUILD/logs/$t.log"
    grep -E '^(==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written|.*runtime error)' "$BUILD/logs/$t.log" | head -n 8 | sed 's/^/    /'
  fi
  return $rc
}

failed=0
pids=()
for t in "${targets[@]}"; do
  if [[ ! -x "$BUILD/fuzz/$t" ]]; then
    echo "fuzz: $BUILD/fuzz/$t is not built" >&2
    failed=1
    continue
  fi
  fuzz_one "$t" &
  pids+=($!)
  if (( ${#pids[@]} >= JOBS )); then
    wait "${pids[0]}" || failed=1
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p" || failed=1; done
exit $failed
