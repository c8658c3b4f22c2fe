// SPDX-License-Identifier: Apache-2.0
// The step loop of a run, and the order of the mechanisms within a step: the one definition that
// the interpreter (engine/sim/run.cpp, bound to the Model by model_binding.hpp) and native code
// (engine/native, which generates only a binding of constant slots and straight-line programs)
// both instantiate. The native generator embeds this text and the headers it includes.
//
// A binding `B` (see model_binding.hpp for the interpreter's, docs/architecture.md for the list)
// has a state vector `x`, the model's shape (steps, step_days, horizon_days, t_slot, step_slot),
// bounds, the rule visitors (drifts, events, commitments, decisions, actions_of, guarantors_of, active_pass,
// trigger_pass, outcome_pass; negotiation(), ceasefire(), war()), each rule's per-run scratch and random
// draws, the engine calls (influence, invoke, refresh_credibility) and the chronicle
// (`note`). Both bindings skip by epochs (sim/epochs.hpp: `unchanged_*`, `discrete_change`) the
// programs whose inputs cannot have changed, and take repeated values from memos (sim/memo.hpp):
// results are the bits of computing them.
#pragma once

#include <algorithm>

#include "sim/ceasefire.hpp"
#include "sim/commitment.hpp"
#include "sim/decision.hpp"
#include "sim/drift.hpp"
#include "sim/event.hpp"
#include "sim/negotiation.hpp"
#include "sim/outcome.hpp"
#include "sim/step_types.hpp"
#include "sim/war.hpp"

namespace geosim::sim {

/// @brief One step: commitments' active flags, dynamics (drifts, then influence), events,
/// perceived credibility, decisions, battles (war.hpp), negotiation and the deal's line, ceasefire breach, commitment triggers and
/// guarantors' decisions, outcomes (docs/model.md).
template <class B>
inline void step(B& b, const Step& s) {
  double* const x = b.x;
  x[b.t_slot()] = s.day;
  x[b.step_slot()] = s.index;
  const auto& cf = b.ceasefire();
  if (cf.present() && (x[cf.signed_now()] != 0.0 || x[cf.breach_now()] != 0.0)) {
    x[cf.signed_now()] = x[cf.breach_now()] = 0.0;
    b.discrete_change();
  }
  if (s.index == 0) start_war(b, b.war());
  begin_commitments(b);
  b.drifts([&](const auto& r) { drift(b, r, s); });
  b.influence(s);
  b.events([&](const auto& e) { event(b, e, s); });
  perceive(b, &s);
  decisions(b, s);
  war(b, b.war(), cf, s);
  negotiation(b, b.negotiation(), cf, s);
  rebase_war(b, b.war(), b.negotiation(), cf);
  ceasefire(b, cf, s);
  step_commitments(b, s);
  x[b.t_slot()] = s.day + s.dt;
  check_outcomes(b, s);
  b.record(s.index);
}

/// @brief Every step of a run, sampling and seeding done.
template <class B>
inline void run_steps(B& b) {
  const double step_days = static_cast<double>(b.step_days());
  for (int i = 0; i < b.steps(); ++i) {
    const double day = static_cast<double>(i) * b.step_days();
    const double dt = std::min(step_days, b.horizon_days() - day);
    step(b, Step{i, day, dt, dt == step_days});
  }
}

}  // namespace geosim::sim
