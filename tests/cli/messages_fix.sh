#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Every exit-2 message says how to fix the problem: each error line that `geosim check` prints
# for a file of the invalid-scenario corpus (tests/invalid/) reads `... error: WHAT; HOW TO FIX`
# (docs/errors.md). Fails with the list of files whose messages lack the fix part.
#
# Usage: bash messages_fix.sh GEOSIM_BINARY SOURCE_DIR
set -u

source "$(dirname "$0")/lib/harness.sh" "$@"

lacking=()
cases=0
for file in "$SRC"/tests/invalid/*.yaml "$SRC"/tests/invalid/extends/*.yaml; do
  [[ -e "$file" ]] || continue
  [[ $(head -n 1 "$file") == "# helper"* ]] && continue
  cases=$(( cases + 1 ))
  run_geosim check "$file"
  # Error lines only: the source line and caret below each are indented, the count line is not one.
  errors=$(grep -E '(^|: )error: ' "$tmp/stderr")
  bare=$(grep -Ev 'error: .*; .' <<<"$errors")
  if (( rc != 2 )) || [[ -z "$errors" ]]; then
    lacking+=("${file#"$SRC"/}: exit $rc, no error line")
  elif [[ -n "$bare" ]]; then
    while IFS= read -r line; do lacking+=("${file#"$SRC"/}: $line"); done <<<"$bare"
  fi
done

(( cases > 50 )) && (( ${#lacking[@]} == 0 ))
status=$?
if (( status != 0 )); then
  printf 'error lines without a "; HOW TO FIX" part:\n'
  printf '  %s\n' "${lacking[@]}"
fi
check $status "every error line for the $cases files of tests/invalid/ has a how-to-fix part"

finish
