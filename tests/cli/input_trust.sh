#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# What a scenario file may read and print (docs/errors.md, "Threat model"): only regular files
# are read, with the size limit applied while reading (a device, a FIFO: refused at once); an
# `extends:` base must be a .yaml file inside the scenario's folder (or a folder allowed with
# --allow-extends); a file that is not a scenario is refused without showing any of its lines;
# scenario text reaches the terminal with its control characters shown as '?'; a value outcome
# that is NaN in some runs is counted (a warning, nan_runs, "nan" in the CSV) and left out of the
# statistics; seeds out of range are refused; every exit-2 message says how to fix it.
#
# Usage: bash input_trust.sh GEOSIM_BINARY SOURCE_DIR
set -u
source "$(dirname "$0")/lib/harness.sh" "$@"
small="$SRC/scenarios/bargaining-101.yaml"
export GEOSIM_CACHE_DIR="$tmp/cache"
has() { grep -q -- "$1" "$tmp/stderr"; }
quick() {  # quick SECONDS ARGS...: geosim under a short time limit
  local limit=$1
  shift
  timeout $(( limit * SCALE )) "$GEOSIM" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
  rc=$?
}

# --- Special files as input ---
quick 5 check /dev/zero
[[ $rc == 2 ]] && has "is a device, not a scenario file"
check $? "check /dev/zero: exit 2 at once (was: read without limit)"
mkfifo "$tmp/fifo.yaml"
quick 5 check "$tmp/fifo.yaml"
[[ $rc == 2 ]] && has "is a FIFO"
check $? "check FIFO: exit 2 at once (was: hung for ever)"
printf 'geosim: 1\nextends: /dev/zero\nscenario: {name: x}\n' >"$tmp/zero.yaml"
quick 5 check "$tmp/zero.yaml"
[[ $rc == 2 ]] && ! has "Name:"
check $? "extends: /dev/zero: exit 2 at once"
ln -s /dev/zero "$tmp/zero-link.yaml"
printf 'geosim: 1\nextends: zero-link.yaml\nscenario: {name: x}\n' >"$tmp/zl.yaml"
quick 5 check "$tmp/zl.yaml"
[[ $rc == 2 ]] && { has "is a device" || has "outside the scenario's folder"; }
check $? "extends: a .yaml link to /dev/zero in the scenario's folder: exit 2 at once"
quick 10 check /proc/self/status
[[ $rc == 2 ]] && has "is not a scenario file" && ! has "Name:" && ! has "Uid:" && [[ $(wc -l <"$tmp/stderr") == 1 ]]
check $? "check /proc/self/status (KEY: value lines): one message, none of its lines shown"

# --- extends: only scenario files under the scenario's own folder ---
mkdir -p "$tmp/student" "$tmp/grader"
printf 'answer_key: 42\nsecret: hunter2\n' >"$tmp/grader/secrets.yaml"
cp "$small" "$tmp/grader/base.yaml"
printf 'geosim: 1\nextends: ../grader/secrets.yaml\nscenario: {name: x}\n' >"$tmp/student/up.yaml"
quick 10 check "$tmp/student/up.yaml"
[[ $rc == 2 ]] && has "outside the scenario's folder" && has "allow-extends" && ! has hunter2 && ! has answer_key
check $? "extends: ../grader/FILE.yaml: refused (outside the scenario's folder), nothing of it shown"
printf 'geosim: 1\nextends: /etc/shadow\nscenario: {name: x}\n' >"$tmp/student/shadow.yaml"
quick 10 check "$tmp/student/shadow.yaml"
[[ $rc == 2 ]] && has "not a scenario file (.yaml or .yml)" && ! grep -q '^root:' "$tmp/stderr"
check $? "extends: /etc/shadow: refused before reading, no line of it shown"
ln -s "$tmp/grader/secrets.yaml" "$tmp/student/innocent.yaml"
printf 'geosim: 1\nextends: innocent.yaml\nscenario: {name: x}\n' >"$tmp/student/via-link.yaml"
quick 10 check "$tmp/student/via-link.yaml"
[[ $rc == 2 ]] && has "outside the scenario's folder" && ! has hunter2
check $? "extends: a link in the folder pointing outside: refused"
cp "$tmp/grader/secrets.yaml" "$tmp/student/secrets.yaml"
printf 'geosim: 1\nextends: secrets.yaml\nscenario: {name: x}\n' >"$tmp/student/local.yaml"
quick 10 check "$tmp/student/local.yaml"
[[ $rc == 2 ]] && has "is not a scenario file" && ! has hunter2 && ! has answer_key && [[ $(wc -l <"$tmp/stderr") == 1 ]]
check $? "extends: a KEY: value file in the folder: one message, none of its lines or keys shown"
printf 'extends: ../grader/base.yaml\nscenario: {name: allowed}\n' >"$tmp/student/allowed.yaml"
quick 10 check "$tmp/student/allowed.yaml" --allow-extends "$tmp/grader"
[[ $rc == 0 ]]
check $? "--allow-extends DIR lets a base in DIR be read"
mkdir -p "$tmp/student/bases"
cp "$small" "$tmp/student/bases/base.yaml"
printf 'extends: bases/base.yaml\nscenario: {name: below}\n' >"$tmp/student/below.yaml"
quick 10 check "$tmp/student/below.yaml"
[[ $rc == 0 ]]
check $? "a base in a folder below the scenario's: read"

# --- Terminal output: escape sequences shown as '?' ---
cat >"$tmp/escapes.yaml" <<'EOF'
geosim: 1
scenario: {name: "Escapes \e[2J\e[H", horizon_days: 10}
actors:
  A: {name: "A\e]0;title\a", variables: {x: 0.5}}
events:
  tick: {rate: 0.5, describe: "A tick \e[8mhidden\e[0m", effects: ["A.x = A.x + 0.01"]}
outcomes:
  high: {label: "High \e[31mred\e[0m\r\u202eesrever", when: "A.x > 0.52"}
EOF
for cmd in run explain; do
  quick 20 $cmd "$tmp/escapes.yaml" --runs 50
  [[ $cmd == explain ]] && quick 20 explain "$tmp/escapes.yaml"
  [[ $rc == 0 ]] && ! grep -q $'\e' "$tmp/stdout" && ! grep -q $'\r' "$tmp/stdout" && ! grep -q $'\u202e' "$tmp/stdout" &&
    grep -q '?\[31mred' "$tmp/stdout"
  check $? "$cmd: escape sequences, carriage returns and bidi overrides from the scenario reach the terminal as '?'"
done

# --- NaN outcomes ---
cat >"$tmp/nan.yaml" <<'EOF'
geosim: 1
scenario: {name: NaN sometimes, horizon_days: 10}
parameters:
  p: {uniform: [0, 1]}
actors:
  A: {name: A, variables: {x: 0.5}}
outcomes:
  root: {label: "Root of p - 0.5", value: "sqrt(params.p - 0.5)"}
  ok: {label: "Always", when: "A.x > 0"}
EOF
quick 60 run "$tmp/nan.yaml" --runs 1000 --json "$tmp/nan.json" --csv "$tmp/nan.csv"
[[ $rc == 0 ]] && has "warning: outcome 'root' was not a number" && python3 - "$tmp/nan.json" "$tmp/nan.csv" <<'PY'
import csv, json, math, statistics, sys
o = json.load(open(sys.argv[1]))["outcomes"]["root"]
rows = list(csv.DictReader(open(sys.argv[2])))
cells = [r["root"] for r in rows]
nan = sum(c == "nan" for c in cells)
vals = [float(c) for c in cells if c not in ("nan", "")]
assert "" not in cells, "an empty cell means 'left out by given', not NaN"
assert o["nan_runs"] == nan and 300 < nan < 700, (o["nan_runs"], nan)
assert o["runs"] == 1000
assert o["mean"] is not None and abs(o["mean"] - statistics.fmean(vals)) < 1e-9, (o["mean"], statistics.fmean(vals))
assert o["min"] == min(vals) and o["max"] == max(vals)
q = sorted(vals)
assert abs(o["quantiles"]["p50"] - statistics.quantiles(q, n=2, method="inclusive")[0]) < 1e-9
PY
check $? "a value outcome NaN in some runs: a warning, nan_runs in the JSON, 'nan' in the CSV, statistics over the rest"
grep -q "not a number in" "$tmp/stdout"
check $? "... and the table says how many runs were left out"
printf 'variants:\n  same: {description: Unchanged, set: {}}\n' >>"$tmp/nan.yaml"
quick 60 compare "$tmp/nan.yaml" --runs 400 --json "$tmp/nanc.json"
[[ $rc == 0 ]] && has "warning: outcome 'root' was not a number (NaN) or infinite in" && python3 - "$tmp/nanc.json" <<'PY'
import json, math, sys
d = json.load(open(sys.argv[1]))
base = d["base"]["outcomes"]["root"]
assert 100 < base["nan_runs"] < 300, base["nan_runs"]
assert base["mean"] is not None and math.isfinite(base["mean"])
PY
check $? "compare: a warning and nan_runs per model; the estimates are over the finite runs"
grep -Eq "^  same +0\.[0-9]+ .* \+0\.000 " "$tmp/stdout"
check $? "... and the paired difference (identical models) is 0, not left blank"
quick 60 sweep "$tmp/nan.yaml" --param actors.A.variables.x=0.4:0.6:2 --runs 200 --json "$tmp/nans.json"
[[ $rc == 0 ]] && has "over the 2 points" && python3 - "$tmp/nans.json" <<'PY'
import json, math, sys
for p in json.load(open(sys.argv[1]))["points"]:
    o = p["outcomes"]["root"]
    assert o["runs"] == 200 and 50 < o["nan_runs"] < 150 and math.isfinite(o["estimate"]), o
PY
check $? "sweep: a warning, nan_runs per point, finite estimates"
quick 60 sensitivity "$tmp/nan.yaml" --runs 100 --json "$tmp/nanse.json"
[[ $rc == 0 ]] && has "over the 40 points" && python3 - "$tmp/nanse.json" <<'PY'
import json, sys
o = json.load(open(sys.argv[1]))["outcomes"]["root"]
assert 1000 < o["nan_runs"] < 3000 and o["mean"] is not None, o
PY
check $? "sensitivity: a warning and nan_runs; the expected values are over the finite runs"

# --- Seeds ---
for seed in -1 18446744073709551616 99999999999999999999999 1e3 0x10; do
  quick 10 run "$small" --runs 10 --seed "$seed" -q
  [[ $rc == 2 ]] && has "--seed '$seed': expected a whole number from 0 to 18446744073709551615"
  check $? "--seed $seed: exit 2, the range given (was: ran as 2^64 - 1)"
done
quick 10 run "$small" --runs 10 --seed 18446744073709551615 -q
[[ $rc == 0 ]]
check $? "--seed 18446744073709551615 (2^64 - 1) runs"
quick 10 explain "$small" --run -3
[[ $rc == 2 ]] && has "--run '-3'"
check $? "explain --run -3: exit 2"

# --- Every exit-2 message says how to fix the problem ---
printf 'geosim: 1\nscenario: {name: x, horizon_days: 10}\noutcomes: {a: {value: "1e309 * t"}}\n' >"$tmp/big.yaml"
quick 10 check "$tmp/big.yaml"
[[ $rc == 2 ]] && has "number '1e309' is out of range" && ! grep "error:" "$tmp/stderr" | grep -qv '; '
check $? "a number out of range (1e309): the message has its '; how to fix' part"

# --- A disabled commitment's names read 0, as docs/scenario-format.md says ---
cat >"$tmp/disabled.yaml" <<'EOF'
geosim: 1
scenario: {name: disabled, horizon_days: 30}
actors:
  A: {name: A, variables: {x: {value: 0.5, min: 0, max: 1}}}
  B: {name: B, variables: {x: 0.5}}
dynamics:
  - {variable: A.x, toward: 1, rate: 0.5}
commitments:
  g: {type: security_guarantee, beneficiary: A, guarantors: [B], trigger: "A.x > 0.6", enabled: false}
outcomes:
  reads: {value: "commitments.g.invoked + commitments.g.active + commitments.g.honoured"}
EOF
quick 20 run "$tmp/disabled.yaml" --runs 20 --json "$tmp/disabled.json" -q
[[ $rc == 0 ]] && python3 -c 'import json, sys; o = json.load(open(sys.argv[1]))["outcomes"]["reads"]; sys.exit(not (o["min"] == o["max"] == 0))' "$tmp/disabled.json" &&
  grep -q "stay defined and read 0" "$SRC/docs/scenario-format.md" && ! grep -q "an expression that reads them is then an error" "$SRC/docs/scenario-format.md"
check $? "a disabled commitment's names read 0, and docs/scenario-format.md says so"

finish
