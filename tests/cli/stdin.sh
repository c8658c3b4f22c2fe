#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# '-' reads the scenario from standard input for every command that takes a scenario file;
# messages name it <stdin>, and its 'extends' resolves from the current directory. '--json -'
# and '--csv -' write to standard output.
#
# Usage: bash stdin.sh GEOSIM_BINARY SOURCE_DIR
set -u

source "$(dirname "$0")/lib/harness.sh" "$@"

# run_stdin FILE ARGS...: geosim ARGS with FILE on standard input (from the scratch folder).
run_stdin() {
  local input=$1
  shift
  (cd "$tmp" && timeout $(( RUN_LIMIT * SCALE )) "$GEOSIM" "$@" <"$input" >"$tmp/stdout" 2>"$tmp/stderr")
  rc=$?
}
SMALL="$SRC/scenarios/bargaining-101.yaml"

run_stdin "$SCENARIO" check -
[[ $rc == 0 ]] && grep -q '^<stdin>: ok' "$tmp/stdout"
check $? "check - reads the scenario (and every variant) from standard input"

run_stdin "$SRC/tests/invalid/unknown_function.yaml" check -
[[ $rc == 2 ]] && head -n 1 "$tmp/stderr" | grep -q "^<stdin>:12:18: error: .*unknown function 'sigmoid'"
check $? "an invalid scenario on standard input is reported as <stdin>:LINE:COL, exit 2"

run_stdin "$SMALL" run - --runs 300 --seed 3 --threads 1 -q --json -
[[ $rc == 0 ]] && grep -q '"path": "<stdin>"' "$tmp/stdout" && grep -Eq '"sha256": "[0-9a-f]{64}"' "$tmp/stdout"
check $? "run - --json - writes the summary to stdout, the input recorded as <stdin> with its hash"

run_stdin "$SMALL" run - --runs 300 --seed 3 --threads 1 -q --csv -
[[ $rc == 0 ]] && [[ $(wc -l <"$tmp/stdout") == 301 ]] && [[ -z $(ls "$tmp" | grep -v '^std') ]]
check $? "run --csv - writes the header and one row per run to stdout, and no file"

"$GEOSIM" run "$SMALL" --runs 300 --seed 3 --threads 1 -q --json - >"$tmp/from_file.json" 2>/dev/null
run_stdin "$SMALL" run - --runs 300 --seed 3 --threads 1 -q --json -
# Everything after the provenance (which names the input and the time) is the same.
diff <(sed '1,/^  "command"/d' "$tmp/from_file.json") <(sed '1,/^  "command"/d' "$tmp/stdout") >/dev/null \
  && [[ $(wc -l <"$tmp/stdout") -gt 100 ]]
check $? "the same scenario from a file and from standard input gives the same summary"

run_stdin "$SMALL" compare - --runs 200 --threads 1 -q --json -
[[ $rc == 0 ]] && grep -q '"path": "<stdin>"' "$tmp/stdout"
check $? "compare - reads standard input"

run_stdin "$SMALL" sweep - --param negotiation.progress=0.1:0.5:2 --runs 100 --threads 1 -q --json -
[[ $rc == 0 ]] && grep -q '"path": "<stdin>"' "$tmp/stdout"
check $? "sweep - reads standard input (the scenario loaded once per point)"

run_stdin "$SMALL" sensitivity - --runs 20 --threads 1 -q --json -
[[ $rc == 0 ]] && grep -q '"path": "<stdin>"' "$tmp/stdout"
check $? "sensitivity - reads standard input"

run_stdin "$SMALL" explain -
[[ $rc == 0 ]] && [[ -s "$tmp/stdout" ]]
check $? "explain - reads standard input"

# extends: from standard input, the base is found from the current directory.
mkdir -p "$tmp/bases"
cp "$SCENARIO" "$tmp/bases/base.yaml"
printf 'extends: bases/base.yaml\nscenario:\n  name: from stdin\n' >"$tmp/child.yaml"
run_stdin "$tmp/child.yaml" check -
[[ $rc == 0 ]]
check $? "'extends' in a scenario on standard input resolves from the current directory"

printf 'extends: no-such-base.yaml\n' >"$tmp/orphan.yaml"
run_stdin "$tmp/orphan.yaml" check -
[[ $rc == 2 ]] && head -n 1 "$tmp/stderr" | grep -q "^<stdin>:1:10: error: cannot open 'no-such-base.yaml'"
check $? "a missing base named on standard input is reported at <stdin>:LINE:COL"

: >"$tmp/nothing.yaml"
run_stdin "$tmp/nothing.yaml" run -
[[ $rc == 2 ]] && head -n 1 "$tmp/stderr" | grep -q "^<stdin>:1:1: error: the file is empty; "
check $? "empty standard input is refused with exit 2"

run_stdin "$SMALL" run - --runs 100 -q --json "$tmp/nosuchdir/out.json"
[[ $rc == 2 ]] && grep -q "folder .* does not exist" "$tmp/stderr"
check $? "output paths are still checked before the run"

finish
