#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Data for scenario discovery: the per-run CSV (run, seed, variant, every number a run drew, its
# outcomes; --csv-format long) and sweeps over a design table (sweep --design FILE.csv), with the
# places of bad cells and unknown columns in their messages.
#
# Usage: bash scenario_discovery.sh GEOSIM_BINARY SOURCE_DIR
set -u

source "$(dirname "$0")/lib/harness.sh" "$@"

# Each outcome reads back one uncertain number: the CSV's inputs must be the ones the run used.
cat >"$tmp/inputs.yaml" <<'EOF'
geosim: 1
scenario: {name: inputs, horizon_days: 60}
parameters:
  a: {value: {uniform: [0, 1]}}
  b: {value: {normal: {mean: 2, sd: 0.5}}}
actors:
  X:
    variables:
      v: {value: {uniform: [0.2, 0.8]}, min: 0, max: 1}
events:
  shock: {rate: "0.02 * params.a"}
outcomes:
  a_out: {value: "params.a"}
  b_out: {value: "params.b"}
  v_out: {value: "X.v"}
  fired: {when: "events.shock.count > 0"}
variants:
  high: {description: "a drawn from the top half", set: {parameters.a.value: {uniform: [0.5, 1]}}}
EOF
IN=$tmp/inputs.yaml
# pycsv CODE FILE...: a Python check with the CSV files read as lists of dicts r[0], r[1], ...
pycsv() {
  local code=$1
  shift
  python3 -c "
import csv, sys
r = [list(csv.DictReader(open(f, newline=''))) for f in sys.argv[1:]]
$code" "$@"
}

# usage_at PATTERN: exit 2, and the first line of stderr matches PATTERN and says how to fix it.
usage_at() { [[ $rc == 2 ]] && grep -Eq -- "$1" "$tmp/stderr" && grep -q '; ' "$tmp/stderr"; }

# ---- per-run CSV -----------------------------------------------------------------------------

run_geosim run "$IN" --runs 600 --seed 7 --threads 2 -q --csv "$tmp/runs.csv"
[[ $rc == 0 ]] && [[ $(head -n 1 "$tmp/runs.csv") == \
  "run,seed,variant,parameters.a.value,parameters.b.value,actors.X.variables.v.value,a_out,b_out,v_out,fired,fired_day" ]]
check $? "per-run CSV header: run, seed, variant, one column per uncertain number, then the outcomes"

pycsv '
rows = r[0]
assert len(rows) == 600, len(rows)
for i, x in enumerate(rows):
    assert x["run"] == str(i) and x["seed"] == "7" and x["variant"] == "", x
    # the same text: the numbers the run drew, exactly
    assert x["parameters.a.value"] == x["a_out"] and x["parameters.b.value"] == x["b_out"], x
    assert x["actors.X.variables.v.value"] == x["v_out"], x
assert len({x["parameters.a.value"] for x in rows}) == 600
' "$tmp/runs.csv"
check $? "every row carries its run index and seed, and the inputs the run used (each outcome reads one back)"

run_geosim run "$IN" --runs 600 --seed 7 --threads 1 -q --csv "$tmp/runs1.csv"
cmp -s "$tmp/runs.csv" "$tmp/runs1.csv"
check $? "the per-run CSV is the same, byte for byte, for 1 and 2 threads"

run_geosim explain "$IN" --run 417 --seed 7 --json "$tmp/explain.json"
python3 - "$tmp/explain.json" "$tmp/runs.csv" <<'PY'
import csv, json, sys
drawn = {d["path"]: d["value"] for d in json.load(open(sys.argv[1]))["drawn"]}
row = list(csv.DictReader(open(sys.argv[2])))[417]
assert drawn and all(float(row[p]) == v for p, v in drawn.items()), (drawn, row)
PY
check $? "run K's inputs are those geosim explain --run K --seed S tells"

run_geosim run "$IN" --runs 300 --seed 7 -q --variant high --csv "$tmp/high.csv"
pycsv '
assert all(x["variant"] == "high" and 0.5 <= float(x["parameters.a.value"]) <= 1 for x in r[0])
# common random numbers: b and v are drawn from the same streams as without the variant
assert [x["parameters.b.value"] for x in r[0]] == [x["parameters.b.value"] for x in r[1][:300]]
' "$tmp/high.csv" "$tmp/runs.csv"
check $? "the variant column names the variant; numbers it does not change are drawn as in the base"

# A condition that never held leaves the day empty; a conditional outcome not measured leaves both empty.
run_geosim run "$IN" --runs 600 --seed 7 -q --csv "$tmp/long.csv" --csv-format long
pycsv '
wide, long = r
assert list(long[0].keys()) == ["run", "outcome", "value"]
cols = ["a_out", "b_out", "v_out", "fired", "fired_day"]
assert len(long) == len(wide) * len(cols)
for i, x in enumerate(long):
    w = wide[i // len(cols)]
    assert x["run"] == w["run"] and x["outcome"] == cols[i % len(cols)] and x["value"] == w[x["outcome"]], (x, w)
' "$tmp/runs.csv" "$tmp/long.csv"
check $? "--csv-format long: run, outcome, value; the same cells as the wide form, one per row"

run_geosim run "$IN" --runs 10 -q --csv - --csv-format tall
[[ $rc == 2 ]] && grep -q "csv-format" "$tmp/stderr"
check $? "--csv-format tall: exit 2 naming the option"

run_geosim run "$SCENARIO" --runs 300 --seed 3 -q --csv "$tmp/paris.csv"
pycsv '
h = list(r[0][0].keys())
assert h[:3] == ["run", "seed", "variant"], h
inputs = [c for c in h[3:] if "." in c]
assert inputs[:4] == ["parameters.war_cost_ukr.value", "parameters.war_cost_rus.value", "parameters.kyiv_fear.value",
                      "parameters.russia_fear.value"], inputs
assert "commitments.coalition_guarantee.ceasefire_effect" in inputs and "decisions.renew_war.precision" in inputs, inputs
assert len(inputs) == 24, len(inputs)
assert len({x["parameters.kyiv_fear.value"] for x in r[0]}) == 300
' "$tmp/paris.csv"
check $? "paris-2026: its 24 uncertain numbers are columns of the per-run CSV"

run_geosim check "$SCENARIO"
[[ $rc == 0 ]] && grep -q ", 24 uncertain numbers" "$tmp/stdout"
check $? "geosim check counts paris-2026's uncertain numbers as the per-run CSV does (24)"

# ---- sweep --design --------------------------------------------------------------------------

printf 'parameters.a.value\n0.1\n0.4\n0.9\n' >"$tmp/a.csv"
run_geosim sweep "$IN" --design "$tmp/a.csv" --runs 400 -q --csv "$tmp/design.csv" --json "$tmp/design.json"
[[ $rc == 0 ]] && [[ $(wc -l <"$tmp/design.csv") == 4 ]] &&
  head -n 1 "$tmp/design.csv" | grep -q '^point,parameters.a.value,a_out,a_out_lo,a_out_hi,'
check $? "sweep --design: one row per point, the table's columns first"

pycsv '
assert [x["a_out"] for x in r[0]] == ["0.1", "0.4", "0.9"], [x["a_out"] for x in r[0]]
' "$tmp/design.csv"
check $? "each point fixes the column's number (the outcome that reads it back is exactly the table's value)"

run_geosim sweep "$IN" --param parameters.a.value=0.1:0.4:2 --runs 400 -q --csv "$tmp/grid.csv"
printf 'parameters.a.value\n0.1\n0.4\n' >"$tmp/a2.csv"
run_geosim sweep "$IN" --design "$tmp/a2.csv" --runs 400 -q --csv "$tmp/design2.csv"
cmp -s "$tmp/grid.csv" "$tmp/design2.csv"
check $? "a table of an uncertain number gives the grid's figures, byte for byte"

printf 'events.shock.rate,parameters.a.value\n0.01,0.1\n0.01,0.4\n0.03,0.1\n0.03,0.4\n' >"$tmp/mixed.csv"
run_geosim sweep "$IN" --design "$tmp/mixed.csv" --runs 400 -q --csv "$tmp/mixed_out.csv"
run_geosim sweep "$IN" --param events.shock.rate=0.01:0.03:2 --param parameters.a.value=0.1:0.4:2 --runs 400 -q --csv "$tmp/mixed_grid.csv"
cmp -s "$tmp/mixed_out.csv" "$tmp/mixed_grid.csv"
check $? "a table with a --set path (a model per point) gives the grid's figures, byte for byte"

printf 'events.shock.rate\n0.02\n0.05\n0.02\n' >"$tmp/crn.csv"
run_geosim sweep "$IN" --design "$tmp/crn.csv" --runs 300 -q --csv "$tmp/crn_out.csv" --threads 2
pycsv '
a, b, c = r[0]
a.pop("point"); c.pop("point")
assert a == c, (a, c)
' "$tmp/crn_out.csv"
check $? "common random numbers: two equal rows of a table give identical estimates"

run_geosim sweep "$IN" --design "$tmp/crn.csv" --runs 300 -q --csv "$tmp/crn_out1.csv" --threads 1
cmp -s "$tmp/crn_out.csv" "$tmp/crn_out1.csv"
check $? "sweep --design: the same figures for 1 and 2 threads"

python3 - "$tmp/design.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s, p = d["settings"], d["parameters"][0]
assert s["design"] == "table" and s["design_file"].endswith("a.csv") and s["points"] == 3, s
assert p["path"] == "parameters.a.value" and p["lo"] == 0.1 and p["hi"] == 0.9 and p["distribution"] == {"uniform": [0, 1]}, p
assert [pt["parameters"]["parameters.a.value"] for pt in d["points"]] == [0.1, 0.4, 0.9]
PY
check $? "sweep --design --json: design 'table', its file, each column's range and the distribution it replaces"

run_geosim sweep "$IN" --design "$tmp/mixed.csv" --runs 100 -q --report "$tmp/design.html"
[[ $rc == 0 ]] && grep -q 'design table' "$tmp/design.html"
check $? "sweep --design --report: an HTML report"

timeout 60 "$GEOSIM" sweep "$IN" --design - --runs 400 -q --csv "$tmp/design_stdin.csv" <"$tmp/a.csv" >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
[[ $rc == 0 ]] && cmp -s "$tmp/design.csv" "$tmp/design_stdin.csv"
check $? "--design - reads the table from standard input"

timeout 60 "$GEOSIM" sweep - --design - -q <"$IN" >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
usage_at "^geosim: error: --design -: standard input already holds the scenario"
check $? "--design - with the scenario on standard input too: exit 2"

# A point file written from the per-run CSV's columns runs as it is.
python3 - "$tmp/paris.csv" "$tmp/from_runs.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))[:3]
cols = [c for c in rows[0] if c.startswith(("parameters.", "actors."))]
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(cols)
    for x in rows: w.writerow([x[c] for c in cols])
PY
run_geosim sweep "$SCENARIO" --design "$tmp/from_runs.csv" --runs 100 -q --csv -
[[ $rc == 0 ]] && [[ $(wc -l <"$tmp/stdout") == 4 ]]
check $? "the inputs of the per-run CSV, as a design table, run as points"

# ---- bad tables: exit 2, FILE:LINE:COL and how to fix it -------------------------------------


printf 'events.shock.rate,parameters.a.value\n0.01,0.1\n0.02, abc\n' >"$tmp/bad_cell.csv"
run_geosim sweep "$IN" --design "$tmp/bad_cell.csv" -q
usage_at "^$tmp/bad_cell.csv:3:7: error: 'abc' in column 'parameters.a.value' is not a number; write a finite number"
check $? "a cell that is not a number: FILE:LINE:COL of the cell"

printf 'events.shock.rate\n0.01\n\n0.02,0.3\n' >"$tmp/bad_row.csv"
run_geosim sweep "$IN" --design "$tmp/bad_row.csv" -q
usage_at "^$tmp/bad_row.csv:4:6: error: this row has 2 cells, the header 1 columns"
check $? "a row of the wrong length: its line, blank lines counted"

printf 'events.shock.rat,parameters.aa.value\n0.01,0.1\n' >"$tmp/bad_col.csv"
run_geosim sweep "$IN" --design "$tmp/bad_col.csv" -q
usage_at "^$tmp/bad_col.csv:1:1: error: column 'events.shock.rat' is not a path of the scenario .*did you mean 'rate'\\?" &&
  grep -Eq "^$tmp/bad_col.csv:1:18: error: column 'parameters.aa.value' is not a path of the scenario .*did you mean 'parameters.a.value'\\?" "$tmp/stderr"
check $? "unknown columns: the header cell, with the closest path"

printf 'events.shock.rate\n0.01\n-0.5\n' >"$tmp/bad_value.csv"
run_geosim sweep "$IN" --design "$tmp/bad_value.csv" -q
usage_at "^$tmp/bad_value.csv:3:1: error: column 'events.shock.rate': "
check $? "a value the scenario refuses (a negative rate): the cell"

printf 'actors.X.variables.v.value\n0.5\n1.5\n' >"$tmp/bad_bound.csv"
run_geosim sweep "$IN" --design "$tmp/bad_bound.csv" -q
usage_at "^$tmp/bad_bound.csv:3:1: error: 1.5 is outside the range of 'actors.X.variables.v.value' \\(0 to 1\\)"
check $? "an uncertain number outside its variable's bounds: the cell"

printf ',events.shock.rate\n0,0.01\n' >"$tmp/index.csv"
run_geosim sweep "$IN" --design "$tmp/index.csv" -q
usage_at "^$tmp/index.csv:1:1: error: column 1 of the header has no name; .*index=False"
check $? "an unnamed first column (a pandas index): says to write without the index"

printf 'events.shock.rate\n' >"$tmp/no_rows.csv"
run_geosim sweep "$IN" --design "$tmp/no_rows.csv" -q
usage_at "^$tmp/no_rows.csv:1:1: error: the design has a header but no points"
check $? "a header without rows"

run_geosim sweep "$IN" --design "$tmp/missing.csv" -q
usage_at "^geosim: error: --design '$tmp/missing.csv': cannot read it"
check $? "a missing design file: exit 2"

run_geosim sweep "$IN" --design "$tmp/a.csv" --lhs 4 -q
[[ $rc == 2 ]] && grep -q "excludes" "$tmp/stderr"
check $? "--design with --lhs: exit 2"

run_geosim sweep "$IN" --design "$tmp/a.csv" --set parameters.a.value=0.3 -q
usage_at "^geosim: error: --design: column 'parameters.a.value' is also given with --set"
check $? "a column also given with --set: exit 2"

finish
