#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The invalid-scenario corpus: every file under tests/invalid/ has one defect, and `geosim check`
# must refuse it with exit code 2, quickly, without crashing, and with its FIRST error pointing
# at the right place.
#
# Each case's first line says what to expect:
#     # expect: LINE:COL: FRAGMENT
# LINE:COL is where the first error line (the first line of stderr) must point, and FRAGMENT
# must appear in that line. When the error lies in another file of an `extends` chain, the
# location names that file, relative to the case's directory:
#     # expect: base.yaml:LINE:COL: FRAGMENT
# A file whose first line starts with "# helper" is only used by another case (an extends base).
#
# Hostile inputs too large or too odd to commit (NUL bytes, 10,000-deep nesting, a 20 MB file,
# a file of zero bytes) are generated here into a temporary directory.
#
# Usage: bash invalid_corpus.sh GEOSIM_BINARY SOURCE_DIR
set -u

GEOSIM=${1:?usage: invalid_corpus.sh GEOSIM_BINARY SOURCE_DIR}
SRC=${2:?usage: invalid_corpus.sh GEOSIM_BINARY SOURCE_DIR}
CORPUS="$SRC/tests/invalid"
LIMIT_MS=5000   # "quickly": every case, hostile ones included, well under timeout's 20 s

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0

now_ms() { date +%s%3N; }

# check_case NAME FILE EXPECTED_PATH EXPECTED_LINE:COL FRAGMENT
check_case() {
  local name=$1 file=$2 want_path=$3 want_loc=$4 fragment=$5
  local start elapsed rc first problem=""
  start=$(now_ms)
  timeout 20 "$GEOSIM" check "$file" >"$tmp/stdout" 2>"$tmp/stderr"
  rc=$?
  elapsed=$(( $(now_ms) - start ))
  first=$(head -n 1 "$tmp/stderr")
  local prefix="$want_path:$want_loc: error: "
  if (( rc == 124 )); then
    problem="timed out after 20 s"
  elif (( rc >= 128 )); then
    problem="crashed (exit $rc, signal $(( rc - 128 )))"
  elif (( rc != 2 )); then
    problem="exit code $rc, expected 2"
  elif (( elapsed > LIMIT_MS )); then
    problem="took ${elapsed} ms, limit ${LIMIT_MS} ms"
  elif [[ "$first" != "$prefix"* ]]; then
    problem="first error line should start with '$prefix'"
  elif [[ "$first" != *"$fragment"* ]]; then
    problem="first error line lacks '$fragment'"
  fi
  if [[ -z "$problem" ]]; then
    passed=$(( passed + 1 ))
    printf 'ok   %-40s %s (%d ms)\n' "$name" "$want_loc" "$elapsed"
  else
    failed=$(( failed + 1 ))
    printf 'FAIL %-40s %s\n' "$name" "$problem"
    printf '       got: %s\n' "${first:-<no stderr>}"
  fi
}

# Committed cases: tests/invalid/*.yaml and the extends chains under tests/invalid/extends/.
header_re='^# expect: (([^:]*[^:0-9][^:]*):)?([0-9]+):([0-9]+): (.+)$'
for file in "$CORPUS"/*.yaml "$CORPUS"/extends/*.yaml; do
  [[ -e "$file" ]] || continue
  name=${file#"$CORPUS"/}
  header=$(head -n 1 "$file")
  [[ "$header" == "# helper"* ]] && continue
  if [[ ! "$header" =~ $header_re ]]; then
    failed=$(( failed + 1 ))
    printf 'FAIL %-40s first line is not "# expect: LINE:COL: FRAGMENT"\n' "$name"
    continue
  fi
  dir=$(dirname "$file")
  want_path=$file
  [[ -n "${BASH_REMATCH[2]}" ]] && want_path="$dir/${BASH_REMATCH[2]}"
  check_case "$name" "$file" "$want_path" "${BASH_REMATCH[3]}:${BASH_REMATCH[4]}" "${BASH_REMATCH[5]}"
done

# Generated cases.

# A binary file: NUL bytes in the middle of otherwise plausible text (line 3, column 5).
printf 'geosim: 1\nscenario:\n  na\0me: binary\n  horizon_days: 30\n' >"$tmp/nul_bytes.yaml"
check_case "(generated) nul_bytes.yaml" "$tmp/nul_bytes.yaml" "$tmp/nul_bytes.yaml" "3:5" "NUL byte"

# 10,000-deep nesting of flow brackets; refused at the 129th '[' (column 3 + 129).
{ printf 'a: '; printf '%.0s[' {1..10000}; printf '%.0s]' {1..10000}; printf '\n'; } >"$tmp/deep_flow_seq.yaml"
check_case "(generated) deep_flow_seq.yaml" "$tmp/deep_flow_seq.yaml" "$tmp/deep_flow_seq.yaml" "1:132" "nesting deeper than 128 levels"

# The same with flow maps {a: {a: ...}}: the 129th '{' is at column 3 + 128 * 4 + 1.
{ printf 'a: '; printf '%.0s{a: ' {1..10000}; printf '1'; printf '%.0s}' {1..10000}; printf '\n'; } >"$tmp/deep_flow_map.yaml"
check_case "(generated) deep_flow_map.yaml" "$tmp/deep_flow_map.yaml" "$tmp/deep_flow_map.yaml" "1:516" "nesting deeper than 128 levels"

# A 20 MB file: refused for its size before it is read or parsed.
yes '# a comment line repeated until the file is far larger than any scenario' | head -c 20971520 >"$tmp/twenty_mb.yaml"
check_case "(generated) twenty_mb.yaml" "$tmp/twenty_mb.yaml" "$tmp/twenty_mb.yaml" "1:1" "bytes, over the limit of"

# A file of zero bytes (tests/invalid/empty_file.yaml holds only its comment).
: >"$tmp/zero_bytes.yaml"
check_case "(generated) zero_bytes.yaml" "$tmp/zero_bytes.yaml" "$tmp/zero_bytes.yaml" "1:1" "the file is empty"

# A billion-laughs bomb one level deeper than the committed one (10^10 nodes if expanded).
{
  printf 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
  prev=a
  for level in b c d e f g h i j; do
    printf '%s: &%s [%s]\n' "$level" "$level" "$(printf "*$prev,%.0s" {1..9})*$prev"
    prev=$level
  done
} >"$tmp/anchor_bomb_deeper.yaml"
check_case "(generated) anchor_bomb_deeper.yaml" "$tmp/anchor_bomb_deeper.yaml" "$tmp/anchor_bomb_deeper.yaml" "1:62" \
  "document expands to more than 1000000 nodes"

echo "$passed passed, $failed failed"
(( failed == 0 ))
