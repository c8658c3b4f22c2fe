#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Every exit-2 message says how to fix the problem: each error line that `geosim check` prints
# for a file of the invalid-scenario corpus (tests/invalid/) reads `... error: WHAT; HOW TO FIX`
# (docs/errors.md); so does every error line for a few hundred mutations of the shipped scenarios
# (values replaced by odd tokens, lines dropped or shifted; a fixed seed) and for command-line
# mistakes of every command. Fails with the list of messages that lack the fix part.
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

# Mutations of the shipped scenarios and of the corpus.
mkdir -p "$tmp/mutants"
python3 - "$SRC" "$tmp/mutants" 400 <<'PY'
import glob, random, sys
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
files = sorted(glob.glob(src + "/scenarios/*.yaml")) + sorted(glob.glob(src + "/tests/invalid/*.yaml"))
texts = [open(f).read() for f in files]
tokens = ["1e309", "-1", "abc", '"x +"', "[1, 2]", "{a: 1}", "null", "~", '"!x"', "0x10", ".nan", ".inf", '"A.zz"',
          "true", '""', '"(("', '"1 $ 2"', '"min(1)"', '"clamp(1)"', '"pow(2)"', "2026-13-01", "{uniform: [1]}",
          "{normal: [0, -1]}", "{beta: [0, 0]}", "{triangular: [3, 1, 2]}", "month", "[A]", '"log(1, 2)"', '"1 2"',
          '"a.b.c.d"', "1e-400", "36501", "0", "{weibull: {shape: -1}}"]
rng = random.Random(22)
for i in range(n):
    lines = rng.choice(texts).split("\n")
    for _ in range(rng.randint(1, 3)):
        if not lines:
            break
        k = rng.randrange(len(lines))
        line, r = lines[k], rng.random()
        if r < 0.55 and ":" in line:
            lines[k] = line.partition(":")[0] + ": " + rng.choice(tokens)
        elif r < 0.75:
            del lines[k]
        elif r < 0.9:
            lines.insert(k, line.replace("  ", "", 1))
        else:
            lines[k] = line + " " + rng.choice(tokens)
    open(f"{out}/m{i:03}.yaml", "w").write("\n".join(lines))
PY
lacking=()
for file in "$tmp"/mutants/*.yaml; do
  run_geosim check "$file"
  (( rc == 2 )) || continue
  bare=$(grep -E '(^|: )error: ' "$tmp/stderr" | grep -Ev 'error: .*; .')
  [[ -n $bare ]] && while IFS= read -r line; do lacking+=("$line"); done <<<"$bare"
done
(( ${#lacking[@]} == 0 ))
status=$?
(( status != 0 )) && printf '  %s\n' "${lacking[@]}" | sort | uniq -c | sort -rn | head -n 20
check $status "every error line for 400 mutated scenarios has a how-to-fix part"

# Command-line mistakes, command by command.
small="$SRC/scenarios/bargaining-101.yaml"
lacking=()
while IFS= read -r line; do
  [[ -z $line ]] && continue
  eval "args=($line)"
  run_geosim "${args[@]}"
  (( rc == 2 )) || { lacking+=("exit $rc: $line"); continue; }
  bare=$(grep -E '(^|: )error: ' "$tmp/stderr" | grep -Ev 'error: .*; .')
  [[ -n $bare ]] && lacking+=("$line -> $bare")
done <<EOF
run "$small" --runs 0
run "$small" --seed -1
run "$small" --threads many
run "$small" --set x
run "$small" --variant nope
run "$small" --json "$tmp/no/such/dir/x.json"
run "$small" --json "$tmp" --runs 5
run "$small" --json "$tmp/same" --csv "$tmp/same"
run "$small" --precision 2
run "$small" --max-memory 0
run
run "$tmp/nothing.yaml"
check "$tmp"
compare "$small" --variants nope
compare "$small" --outcome nope
compare "$small" --variants ,
compare "$small" --runs 1
sweep "$small"
sweep "$small" --param x
sweep "$small" --param negotiation.progress=a:b:3
sweep "$small" --param negotiation.progress=0.1:0.5:0
sweep "$small" --param negotiation.progress=0.1:0.5:2 --param negotiation.progress=0.1:0.5:2
sweep "$small" --param negotiation.progress=0.1:0.5:2 --outcome nope
sensitivity "$small" --levels 3
sensitivity "$small" --outcome nope
explain "$small" --not
explain "$small" --outcome nope
explain "$small" --outcome share
explain "$small" --run -1
frobnicate
schema --bogus
EOF
(( ${#lacking[@]} == 0 ))
status=$?
(( status != 0 )) && printf '  %s\n' "${lacking[@]}"
check $status "every command-line mistake's message has a how-to-fix part"

finish
