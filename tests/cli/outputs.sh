#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Outputs of `geosim run`: identical JSON (provenance aside) for 1, 2 and 7 threads; precision mode
# stops at the same run count for any thread count; CSV has one row per run; existing files are
# not overwritten without --force; a failed run leaves no file behind.
set -u
geosim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
scenario="$src/scenarios/paris-2026.yaml"
pass=0; fail=0
ok() { echo "ok   $1"; pass=$((pass+1)); }
bad() { echo "FAIL $1"; fail=$((fail+1)); }
strip() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("provenance"); print(json.dumps(d, sort_keys=True))' "$1"; }

for t in 1 2 7; do
  "$geosim" run "$scenario" --runs 2000 --seed 3 --threads $t --json "$tmp/t$t.json" -q || bad "run with $t threads"
done
[[ "$(strip "$tmp/t1.json")" == "$(strip "$tmp/t2.json")" ]] && ok "1 and 2 threads: identical JSON" || bad "1 vs 2 threads differ"
[[ "$(strip "$tmp/t1.json")" == "$(strip "$tmp/t7.json")" ]] && ok "1 and 7 threads: identical JSON" || bad "1 vs 7 threads differ"

# The JSON has the documented shape: provenance first, outcomes keyed by id with probability and ci95.
python3 - "$tmp/t1.json" <<'PY' && ok "JSON shape" || bad "JSON shape"
import json, sys
d = json.load(open(sys.argv[1]))
assert list(d)[0] == "provenance", list(d)
p = d["provenance"]
for k in ("version", "commit", "command_line", "files", "host", "seconds"):
    assert k in p, k
assert len(p["files"][0]["sha256"]) == 64
assert d["settings"]["seed"] == 3 and d["settings"]["runs"] == 2000
o = d["outcomes"]["ceasefire_signed"]
assert 0 <= o["ci95"][0] <= o["probability"] <= o["ci95"][1] <= 1
assert d["series"], "tracked variables have bands"
s = next(iter(d["series"].values()))
assert len(s["day"]) == len(s["p50"]) and all(a <= b for a, b in zip(s["p05"], s["p95"]))
PY

for t in 1 2; do
  "$geosim" run "$scenario" --runs 256 --precision 0.015 --seed 9 --threads $t --json "$tmp/p$t.json" -q || bad "precision run"
done
runs1=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["settings"]["runs"])' "$tmp/p1.json")
[[ "$(strip "$tmp/p1.json")" == "$(strip "$tmp/p2.json")" ]] && ok "precision mode stops at the same count ($runs1 runs) for 1 and 2 threads" || bad "precision mode differs by threads"
python3 - "$tmp/p1.json" <<'PY' && ok "precision target met" || bad "precision target not met"
import json, sys
d = json.load(open(sys.argv[1]))
for k, o in d["outcomes"].items():
    if o["kind"] != "value":
        lo, hi = o["ci95"] if o["kind"] == "when" else o["probability_ci95"]
        assert (hi - lo) / 2 <= 0.015 + 1e-12, (k, lo, hi)
PY

"$geosim" run "$scenario" --runs 300 --seed 2 --csv "$tmp/runs.csv" -q || bad "csv run"
rows=$(($(wc -l < "$tmp/runs.csv") - 1))
[[ $rows -eq 300 ]] && ok "CSV: one row per run" || bad "CSV has $rows rows"
[[ "$(sed -n 2p "$tmp/runs.csv" | cut -d, -f1)" == "0" && "$(tail -1 "$tmp/runs.csv" | cut -d, -f1)" == "299" ]] && ok "CSV rows in run order" || bad "CSV order"

echo original > "$tmp/keep.json"
"$geosim" run "$scenario" --runs 100 --json "$tmp/keep.json" -q 2>"$tmp/err"; rc=$?
[[ $rc -eq 2 && "$(cat "$tmp/keep.json")" == original ]] && grep -q -- "--force" "$tmp/err" && ok "existing file kept without --force (exit 2)" || bad "existing file: rc=$rc"
"$geosim" run "$scenario" --runs 100 --json "$tmp/keep.json" --force -q && python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/keep.json" && ok "--force overwrites" || bad "--force"

"$geosim" run "$scenario" --runs 100 --set negotiation.nope=1 --json "$tmp/never.json" -q 2>/dev/null
[[ ! -e "$tmp/never.json" ]] && ok "invalid input writes no file" || bad "file written on invalid input"
leftovers=$(ls "$tmp" | grep -c 'tmp-' || true)
[[ $leftovers -eq 0 ]] && ok "no temporary files left" || bad "temporary files left: $leftovers"

echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
