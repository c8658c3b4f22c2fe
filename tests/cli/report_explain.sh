#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `geosim explain`: the chronicle of one run is deterministic for a seed, tells every entry of the
# run's record (events in the scenario's own words), and --outcome finds a run with the outcomes asked for.
#
# Usage: bash report_explain.sh GEOSIM_BINARY SOURCE_DIR
set -u
RUN_LIMIT=120
SHOW_LINES=8
source "$(dirname "$0")/lib/harness.sh" "$@"

run_geosim explain "$SCENARIO" --run 3 --seed 9
cp "$tmp/stdout" "$tmp/first.txt"
[[ $rc == 0 ]] && grep -q 'Chronicle of run 3 with seed 9' "$tmp/first.txt" && grep -q '^How this run ended' "$tmp/first.txt"
check $? "explain prints a chronicle of the run asked for, ending with its outcomes"

run_geosim explain "$SCENARIO" --run 3 --seed 9
[[ $rc == 0 ]] && cmp -s "$tmp/stdout" "$tmp/first.txt"
check $? "the same seed and run give the same chronicle, byte for byte"

grep -Eq '^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [0-9]+ [A-Z][a-z]{2} 202[67] \(day [0-9]+\)$' "$tmp/first.txt"
check $? "days are headed by calendar dates from the scenario's start date"

run_geosim explain "$SRC/scenarios/bargaining-101.yaml" --run 0
[[ $rc == 0 ]] && grep -Eq '^Day [0-9]+$' "$tmp/stdout"
check $? "a scenario without a start date gets day numbers"

# The record: every log entry is in the JSON, events in the scenario's own words. The chronicle
# tells a decision's choice only when it differs from the previous one, so the count is checked
# with paris-2026's two decisions switched off (every other mechanism still logs).
for run in 0 1 2 3 4 5 6 7; do
  "$GEOSIM" explain "$SCENARIO" --run $run --seed 9 --set decisions.renew_war.when=false --set decisions.greenland.when=false \
    --json "$tmp/run$run.json" >/dev/null 2>&1 || echo "explain failed for run $run"
done >"$tmp/stdout" 2>"$tmp/stderr"
python3 - "$SCENARIO" "$tmp" >>"$tmp/stdout" 2>>"$tmp/stderr" <<'EOF'
import json, sys, yaml
scenario, tmp = sys.argv[1], sys.argv[2]
events = yaml.safe_load(open(scenario))["events"]
problems, told = [], 0
for run in range(8):
    doc = json.load(open(f"{tmp}/run{run}.json"))
    entries = [e for d in doc["days"] for e in d["entries"]]
    logged = [e for e in entries if e["kind"] != "outcome"]
    if len(logged) != doc["log_entries"]:
        problems.append(f"run {run}: {len(logged)} entries told, {doc['log_entries']} in the log")
    if doc["settings"] != {"seed": 9, "run": run}:
        problems.append(f"run {run}: settings {doc['settings']}")
    for e in entries:
        if e["kind"] == "event":
            told += 1
            describe = events[e["id"]].get("describe", "")
            if not e["text"].startswith(describe.rstrip(".")):
                problems.append(f"run {run}: event {e['id']} told as {e['text']!r}")
        if e["kind"] in ("honoured", "reneged") and "credibility" not in e["text"]:
            problems.append(f"run {run}: decision without its reasons: {e['text']!r}")
    for oid, o in doc["outcomes"].items():
        reached = [e for e in entries if e["kind"] == "outcome" and e["id"] == oid]
        if o["kind"] == "when" and bool(reached) != o["happened"]:
            problems.append(f"run {run}: outcome {oid} happened={o['happened']} but told {len(reached)} times")
if told == 0:
    problems.append("no event told in 8 runs")
print("\n".join(problems) if problems else f"ok: {told} events told")
sys.exit(1 if problems else 0)
EOF
r=$?
rc=$r
check $r "the chronicle tells every entry of the run's record, events with the scenario's describe text"

run_geosim explain "$SCENARIO" --outcome guarantee_invoked --outcome '!coalition_acts' --json "$tmp/failed.json"
[[ $rc == 0 ]] && grep -q '^Run [0-9]* is the first run from run 0 in which' "$tmp/stdout" && python3 - "$tmp/failed.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
o = d["outcomes"]
assert o["guarantee_invoked"]["happened"] and not o["coalition_acts"]["happened"], o
assert d["search"]["runs_tried"] == d["settings"]["run"] + 1, d["search"]
assert any(e["kind"] == "reneged" for day in d["days"] for e in day["entries"]), "no guarantor reneged"
EOF
check $? "--outcome A --outcome '!B' finds the first run where the guarantee was invoked and the coalition did not act"

run_geosim explain "$SCENARIO" --outcome ceasefire_signed --not --run 5 --json -
[[ $rc == 0 ]] && python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["command"] == "explain" and d["settings"]["run"] >= 5 and not d["outcomes"]["ceasefire_signed"]["happened"], d["settings"]
' <"$tmp/stdout"
check $? "--not finds a run (from --run) where the outcome did not happen; --json - prints only JSON"

run_geosim explain "$SCENARIO" --outcome no_such_outcome
[[ $rc == 2 ]] && grep -q "not an outcome of this scenario; known: ceasefire_signed" "$tmp/stderr"
check $? "an unknown --outcome exits 2 and lists the outcomes"

run_geosim explain "$SCENARIO" --outcome donbas_ceded
[[ $rc == 2 ]] && grep -q "value outcome" "$tmp/stderr"
check $? "a value outcome cannot be searched for (exit 2)"

# explain and run agree on every first-passage day: the per-run CSV of `geosim run` (its _day
# columns, the days its survival curves count) against the chronicle of each of those runs.
"$GEOSIM" run "$SCENARIO" --runs 12 --seed 4 --csv "$tmp/runs.csv" -q >/dev/null 2>&1
for run in $(seq 0 11); do
  "$GEOSIM" explain "$SCENARIO" --run "$run" --seed 4 --json "$tmp/day$run.json" >/dev/null 2>&1
done
python3 - "$tmp" >"$tmp/stdout" 2>"$tmp/stderr" <<'EOF'
import csv, json, sys
tmp = sys.argv[1]
problems, compared = [], 0
for row in csv.DictReader(open(f"{tmp}/runs.csv")):
    run = int(row["run"])
    doc = json.load(open(f"{tmp}/day{run}.json"))
    for oid, o in doc["outcomes"].items():
        if o["kind"] != "when" or not o["counted"]:
            continue
        day = row.get(oid + "_day", "")
        if bool(day) != o["happened"] or (day and float(day) != o["day"]):
            problems.append(f"run {run} {oid}: run says {day!r}, explain says {o['day']}")
        compared += bool(day)
        told = [d["day"] for d in doc["days"] for e in d["entries"] if e["kind"] == "outcome" and e["id"] == oid]
        if day and told != [float(day)]:
            problems.append(f"run {run} {oid}: 'Outcome reached' told on {told}, run says {day}")
if compared < 5:
    problems.append(f"only {compared} first days compared")
print("\n".join(problems) if problems else f"ok: {compared} first days agree")
sys.exit(1 if problems else 0)
EOF
check $? "explain and run agree on every first-passage day of 12 runs ($(cat "$tmp/stdout"))"

run_geosim explain "$SCENARIO" --where 'donbas_ceded > 0.8' --count 2 --json "$tmp/where.json"
[[ $rc == 0 ]] && grep -q "^Runs [0-9]* and [0-9]* are the first 2 runs from run 0 in which 'Share of held Donbas ceded" "$tmp/stdout" \
  && python3 - "$tmp/where.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d["chronicles"]) == 2, d.keys()
for c in d["chronicles"]:
    assert c["outcomes"]["donbas_ceded"]["value"] > 0.8, c["outcomes"]["donbas_ceded"]
runs = [c["settings"]["run"] for c in d["chronicles"]]
assert runs == d["search"]["runs_found"] and runs[0] < runs[1], runs
EOF
check $? "--where on a value outcome and --count 2 tell the first two runs in which it holds"

# A commitment's trigger is told with the values it read when it fired: the printed value
# satisfies the trigger (the 1951 agreement's pressure above 0.8, not the day's start or end).
"$GEOSIM" explain "$SCENARIO" --outcome greenland_crisis --count 2 >"$tmp/triggers.txt" 2>"$tmp/stderr" \
  && "$GEOSIM" explain "$SRC/scenarios/calibration.yaml" --run 0 >>"$tmp/triggers.txt" 2>>"$tmp/stderr"
rc=$?
[[ $rc == 0 ]] && python3 - "$tmp/triggers.txt" >"$tmp/stdout" 2>>"$tmp/stderr" <<'EOF'
import operator, re, sys
text = re.sub(r"\n +", " ", open(sys.argv[1]).read())  # the prose is wrapped
ops = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}
told = re.findall(r"Its trigger, ([A-Za-z_.]+) (>=|<=|>|<) ([-0-9.]+), held: ([A-Za-z_.]+) was ([-0-9.]+) at that moment", text)
assert len(told) >= 2, told
for name, op, bound, shown, value in told:
    assert name == shown and ops[op](float(value), float(bound)), (name, op, bound, value)
print(len(told), "triggers told")
EOF
check $? "a trigger is told with the value that crossed it ($(cat "$tmp/stdout"))"

run_geosim explain "$SCENARIO" --where 'donbas_ceded >> 1'
[[ $rc == 2 ]] && grep -q "is not OUTCOME OP NUMBER" "$tmp/stderr"
check $? "a malformed --where exits 2 with the form it needs"

run_geosim explain "$SCENARIO" --count 3
[[ $rc == 2 ]] && grep -q -- "--count K needs --outcome or --where" "$tmp/stderr"
check $? "--count without a condition exits 2"

run_geosim explain "$SCENARIO" --not
[[ $rc == 2 ]] && grep -q -- "--not needs --outcome" "$tmp/stderr"
check $? "--not without --outcome exits 2"

run_geosim explain "$SCENARIO" --outcome held_12m --max-search 300
[[ $rc == 1 ]] && grep -q "no run in which .* searched runs 0 to 299 with seed 1" "$tmp/stderr"
check $? "an outcome that never happens: exit 1 with the runs searched"

finish
