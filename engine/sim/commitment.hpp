// SPDX-License-Identifier: Apache-2.0
// Commitments over a step: each one's active flag at the step's start, and invocation on a
// trigger's rising edge at its end. What an invocation does (each guarantor's decision, the
// reputation records, effects) is engine/sim/commitments.cpp, which both execution paths call.
#pragma once

#include <algorithm>

#include "sim/step_types.hpp"

namespace geosim::sim {

/// @brief A commitment's active flag from active_when; a flip is a discrete change.
template <class B, class R>
inline void update_active(B& b, const R& c) {
  double* const x = b.x;
  if (b.unchanged_active(c)) return;
  const double active = c.active_when(x) != 0.0 ? 1.0 : 0.0;
  if (active != x[c.active()]) {
    x[c.active()] = active;
    b.discrete_change();
  }
}

/// @brief Every commitment's active flag, in order.
template <class B>
inline void begin_commitments(B& b) {
  b.active_pass([&](const auto& c) { update_active(b, c); });
}

/// @brief Responses decided earlier whose lag has run out arrive (their effects apply), then
/// triggers in order: an active commitment whose trigger rises is invoked. Credibility is
/// refreshed once after the pass when any guarantor decided.
template <class B>
inline void step_commitments(B& b, const Step& s) {
  double* const x = b.x;
  b.commitments([&](const auto& c) {
    if (c.has_lag() && x[c.pending()] > 0) b.deliver(c.index(), s);
  });
  bool changed = false;
  b.trigger_pass([&](const auto& c) {
    if (b.unchanged_trigger(c)) return;  // unchanged inputs: no rising edge
    const bool trig = c.trigger(x) != 0.0;
    std::uint8_t& prev = b.prev_trigger(c.index());
    const bool rising = trig && prev == 0;
    prev = trig ? 1 : 0;
    if (!rising || x[c.active()] == 0.0) return;
    if (b.invoke(c.index(), s)) changed = true;
  });
  if (changed) b.refresh_credibility();
}

/// @brief What observers see (a `perception:` section): each guarantor's chance of responding if
/// invoked now, the coalition's chance of acting times clamp(honour, 0, 1) at the commitment's
/// cost (with a response ladder: at its first rung's cost), with `credibility` its own record
/// (commitments.ID.members.A.expected; guarantors in order, so a later one's honour can read an
/// earlier one's new value); the commitment's expected behaviour, their mean; its perceived
/// credibility, clamp(w * record + (1 - w) * expected + bias, 0, 1); and what it takes from the
/// attacker's value of war at that credibility (`deters`): perceived * (attacker_cost -
/// attacker_p_win), or with a ladder perceived * sum over rungs k of (S_k / S_1) * (its
/// attacker_cost - attacker_p_win increments), S_k the mean chance of a response reaching rung k.
/// Observers reassess on the steps holding a multiple of `every_days` (`s` null: now, as after an
/// invocation). Without the section the perceived credibility is the record (refresh_credibility).
template <class B>
inline void perceive(B& b, const Step* s) {
  if (!b.perception() || (s != nullptr && !due_every(b.perception_every(), *s))) return;
  double* const x = b.x;
  const double w = x[b.record_weight()], bias = x[b.perception_bias()];
  b.commitments([&](const auto& c) {
    if (!c.observed()) return;  // nothing reads it
    const double acts = c.has_coalition() ? std::clamp(c.coalition_acts(x), 0.0, 1.0) : 1.0;
    double sum = 0.0, n = 0.0, reach_effect = 0.0, first_effect = 0.0;
    b.guarantors_of(c, [&](const auto& g) {
      x[b.scratch_credibility()] = x[g.credibility()];
      x[b.scratch_binding()] = c.binding() ? 1.0 : 0.0;
      double p = 0.0;
      if (c.graded()) {
        // Reaching rung k takes a draw below every rung's chance up to k: their minimum.
        double reach = 1.0;
        bool first = true;
        b.responses_of(c, [&](const auto& r) {
          x[b.scratch_cost()] = x[r.cost()];
          reach = std::min(reach, std::clamp(g.honour(x), 0.0, 1.0));
          const double effect = x[r.attacker_cost()] - x[r.attacker_p_win()];
          if (first) {
            p = reach;
            first_effect = effect;
            first = false;
          }
          reach_effect += reach * effect;
        });
      } else {
        x[b.scratch_cost()] = x[c.cost()];
        p = std::clamp(g.honour(x), 0.0, 1.0);
      }
      x[g.expected()] = acts * p;
      sum += p;
      n += 1.0;
    });
    const double expected = n == 0.0 ? 0.0 : acts * (sum / n);
    x[c.expected()] = expected;
    x[c.perceived()] = std::clamp(w * x[c.credibility()] + (1.0 - w) * expected + bias, 0.0, 1.0);
    const double effect = !c.graded() ? x[c.attacker_cost()] - x[c.attacker_p_win()]
                          : sum > 0.0 ? reach_effect / sum
                                      : first_effect;
    x[c.deters()] = x[c.perceived()] * effect;
  });
}

}  // namespace geosim::sim
