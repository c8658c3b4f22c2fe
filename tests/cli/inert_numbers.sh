#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `geosim check` and `geosim sensitivity` warn about an uncertain number with no path to any
# outcome (a static dependency walk, engine/analysis/inert.cpp); the file stays valid (exit 0).
#
# Usage: bash inert_numbers.sh GEOSIM_BINARY SOURCE_DIR
set -u

source "$(dirname "$0")/lib/harness.sh" "$@"

has() { grep -q -- "$1" "$2"; }

# war_cost_b feeds the negotiation, which the outcome reads; forgotten is declared and read by
# an event whose count no outcome asks for.
cat >"$tmp/inert.yaml" <<'YAML'
geosim: 1
scenario: {name: inert numbers, horizon_days: 60}
parameters:
  war_cost_b: {value: {uniform: [0.1, 0.4]}}
  forgotten: {value: {uniform: [0.01, 0.05]}}
actors:
  A: {name: holder}
  B: {name: claimant, variables: {strain: 0}}
events:
  strikes: {rate: params.forgotten, effects: ["B.strain += 0.1"]}
negotiation:
  parties: [A, B]
  p_win: 0.5
  costs: [0.3, params.war_cost_b]
  rate: 0.01
ceasefire:
  breach: {constant: 0}
outcomes:
  deal: {when: "ceasefire.signed > 0"}
YAML

run_geosim check "$tmp/inert.yaml"
[[ $rc == 0 ]] && has "ok" "$tmp/stdout" && [[ $(wc -l <"$tmp/stderr") == 1 ]] &&
  has "inert.yaml:5:22: warning: uncertain number 'parameters.forgotten.value' has no path to any outcome" "$tmp/stderr" &&
  ! has "war_cost_b" "$tmp/stderr"
check $? "check warns on the inert number at its line, and only on it; exit 0"

# Counting the event's firings gives `forgotten` a path: no warning.
sed 's/^  deal: .*/&\n  strikes: {count: strikes}/' "$tmp/inert.yaml" >"$tmp/used.yaml"
run_geosim check "$tmp/used.yaml"
[[ $rc == 0 ]] && [[ ! -s "$tmp/stderr" ]]
check $? "no warning once an outcome depends on it"

run_geosim sensitivity "$tmp/inert.yaml" --runs 50 --trajectories 2 --threads 1 --json "$tmp/s.json"
[[ $rc == 0 ]] && has "warning: uncertain number 'parameters.forgotten.value'.*inert by construction" "$tmp/stderr"
check $? "sensitivity says the number is inert by construction"

# War: an uncertain balance of battles reaches the outcome through the front line (war.control),
# an uncertain prior through the beliefs an outcome reads; neither is inert.
cat >"$tmp/war.yaml" <<'YAML'
geosim: 1
scenario: {name: war inputs, horizon_days: 120}
parameters:
  balance: {value: {uniform: [0.4, 0.7]}}
actors:
  A: {name: holder}
  B: {name: claimant}
war:
  parties: [A, B]
  p_battle: params.balance
  every_days: 7
  control: 0.2
  gain: 0.02
  belief_a: {alpha: {uniform: [1, 4]}, beta: 4}
  belief_b: {alpha: 4, beta: 2}
ceasefire:
  breach: {constant: 0}
outcomes:
  gained: {when: "war.control > 0.3"}
  believes: {value: "war.belief_a.mean"}
YAML
run_geosim check "$tmp/war.yaml"
[[ $rc == 0 ]] && has "ok" "$tmp/stdout" && [[ ! -s "$tmp/stderr" ]]
check $? "war: numbers read by the battles or the beliefs are not called inert"

# A response ladder: a rung's uncertain attacker_cost reaches the outcome through
# commitments.ID.deters, which the attacker's decision reads; a rung's uncertain cost through
# the guarantor's decision, whose level an outcome reads. Neither is inert.
cat >"$tmp/ladder.yaml" <<'YAML'
geosim: 1
scenario: {name: ladder, horizon_days: 60}
actors:
  A: {variables: {resolve: 0.6}}
  B: {}
  G: {variables: {resolve: 0.7}}
perception: {record_weight: 0.5}
commitments:
  guard:
    type: security_guarantee
    guarantors: [G]
    beneficiary: A
    trigger: "ceasefire.breach_now"
    honour: "clamp(self.resolve - cost + 0.2, 0, 1)"
    responses:
      statements: {cost: 0.05, attacker_cost: {uniform: [0.01, 0.05]}}
      troops: {cost: {uniform: [0.4, 0.6]}, attacker_cost: 0.3}
ceasefire:
  in_force_at_start: true
  breach: {constant: 0}
decisions:
  renew:
    actor: B
    when: "ceasefire.in_force"
    actions:
      hold: {utility: 0}
      attack: {utility: "0.2 - commitments.guard.deters", breaks_ceasefire: true}
outcomes:
  attacked: {when: "ceasefire.breached > 0"}
  level: {value: "commitments.guard.level"}
YAML
run_geosim check "$tmp/ladder.yaml"
[[ $rc == 0 ]] && [[ ! -s "$tmp/stderr" ]]
check $? "a rung's uncertain attacker_cost and cost are not inert (deters, level)"

finish
