#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A decision's policy from the command line, as the classroom page saves it (docs/classroom.md):
# a variant file that extends the scenario runs with --variant, the same policy given with --set
# gives the same runs, `explain` marks every choice the policy fixed, and the policy that forces
# a blockade from day 21 gives one in every run (a known answer), natively and interpreted alike.
set -u
geosim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { echo "ok   $1"; pass=$((pass+1)); }
bad() { echo "FAIL $1"; [[ -n "${2:-}" ]] && sed 's/^/       /' <<<"$2" | head -n 8; fail=$((fail+1)); }

cp "$src/scenarios/taiwan-strait-quarantine.yaml" "$tmp/strait.yaml"
cat >"$tmp/team-policy.yaml" <<'YAML'
# As the classroom page saves a team's choices.
geosim: 1
extends: strait.yaml
variants:
  team_policy:
    description: "Team Beijing plays China (role-play)"
    set:
      actors.USA.variables.resolve: 0.8
      decisions.escalate.policy:
        - {from_day: 0, action: hold}
        - {from_day: 7, action: hold}
        - {from_day: 14, action: hold}
        - {from_day: 21, action: blockade}
YAML
policy='[{from_day: 0, action: hold}, {from_day: 7, action: hold}, {from_day: 14, action: hold}, {from_day: 21, action: blockade}]'
prob() { sed -n "s/.*\"$1\": {[^}]*\"probability\": \([0-9.e-]*\).*/\1/p" | head -n 1; }

out_file=$("$geosim" run "$tmp/team-policy.yaml" --variant team_policy --runs 1000 --seed 1 --json - -q 2>&1); s1=$?
out_set=$("$geosim" run "$tmp/strait.yaml" --set actors.USA.variables.resolve=0.8 --set "decisions.escalate.policy=$policy" \
          --runs 1000 --seed 1 --json - -q 2>&1); s2=$?
[[ $s1 -eq 0 && $s2 -eq 0 ]] && ok "the saved policy runs 1,000 times, as a variant file and as --set" || bad "policy runs (exit $s1, $s2)" "$out_file$out_set"
b1=$(printf '%s' "$out_file" | tr -d '\n' | prob blockade); b2=$(printf '%s' "$out_set" | tr -d '\n' | prob blockade)
[[ -n "$b1" && "$b1" == "$b2" ]] && ok "the variant file and --set give the same runs (blockade $b1)" || bad "file and --set differ" "$b1 / $b2"
[[ "$b1" == "1" || "$b1" == "1.0" ]] && ok "a policy that blockades from day 21 blockades in every run" || bad "blockade in every run" "$b1"

outcomes() { /usr/bin/python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin)["outcomes"], sort_keys=True))'; }
interp=$("$geosim" run "$tmp/team-policy.yaml" --variant team_policy --runs 300 --seed 3 --engine interpreter --json - -q 2>&1 | outcomes)
native=$("$geosim" run "$tmp/team-policy.yaml" --variant team_policy --runs 300 --seed 3 --engine native --json - -q 2>&1)
if [[ "$native" == *'"execution": "native"'* ]]; then
  native=$(outcomes <<<"$native")
  [[ -n "$interp" && "$interp" == "$native" ]] && ok "native code and the interpreter give the same figures for the policy" \
    || bad "native and interpreted differ" "$(diff <(echo "$interp") <(echo "$native") | head -n 8)"
else
  echo "ok   (native code not available here: $(head -c 200 <<<"$native"))"
fi

told=$("$geosim" explain "$tmp/team-policy.yaml" --variant team_policy --seed 1 2>&1); s=$?
fixed=$(grep -c "Fixed by the policy" <<<"$told")
[[ $s -eq 0 && $fixed -eq 4 && "$told" == *"China chooses: blockade"* ]] \
  && ok "explain tells the four choices the policy fixed" || bad "explain of the policy (exit $s, $fixed fixed)" "$told"

# A wrong action in the saved text: one message at FILE:LINE:COL, exit 2.
sed 's/action: blockade/action: blokade/' "$tmp/team-policy.yaml" >"$tmp/typo.yaml"
err=$("$geosim" run "$tmp/typo.yaml" --variant team_policy --runs 10 2>&1); s=$?
[[ $s -eq 2 && "$err" == *"typo.yaml:13:"*"'blokade' is not an action of this decision"*"did you mean 'blockade'?"* ]] \
  && ok "a misspelt action in a saved policy: FILE:LINE:COL, a suggestion, exit 2" || bad "misspelt action (exit $s)" "$err"

echo "$pass passed, $fail failed"
[[ $fail -eq 0 && $pass -gt 0 ]]
