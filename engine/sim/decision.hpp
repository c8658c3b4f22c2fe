// SPDX-License-Identifier: Apache-2.0
// Decisions: an actor chooses one of its actions by a random-utility rule. Logit (quantal
// response, McKelvey & Palfrey 1995): P(a) = exp(lambda U_a) / sum_b exp(lambda U_b); best
// response (lambda = infinity): the highest utility, tied best actions equally likely (the limit
// of the logit rule as lambda grows). A fixed policy (`policy:`) takes its action instead on the
// days it covers. Part of the one definition of a step (step.hpp).
#pragma once

#include <cmath>
#include <limits>

#include "geosim/detmath.hpp"

#include "sim/ceasefire.hpp"
#include "sim/effects.hpp"
#include "sim/step_types.hpp"

namespace geosim::sim {

/// @brief One decision `d` over a step: its schedule, each action's utility and choice
/// probability, one draw from the decision's own stream, the chosen action's effects.
template <class B, class D, class C>
inline void decide(B& b, const D& d, const C& cf, const Step& s) {
  double* const x = b.x;
  x[d.now()] = 0.0;
  // One draw per decision per step whatever happens, so variants stay aligned draw for draw.
  const double u = b.decision_uniform(d.index());
  bool due = due_every(d.every_days(), s);
  if (d.has_on()) {
    const bool on = d.on(x) != 0.0;
    std::uint8_t& prev = b.prev_on(d.index());
    due = due && on && prev == 0;
    prev = on ? 1 : 0;
  }
  if (!due || d.when(x) == 0.0) return;
  constexpr double kInf = std::numeric_limits<double>::infinity();
  double top = -kInf;
  b.actions_of(d, [&](const auto& a) {
    double v = a.utility(x);
    if (v != v) v = -kInf;  // NaN: the action is not available now
    x[a.utility_slot()] = v;
    top = std::max(top, v);
  });
  if (top == -kInf) return;  // nothing available: no choice is made
  const double lambda = x[d.precision()];
  const bool best = d.best() || top == kInf || lambda == kInf;
  double total = 0.0;
  b.actions_of(d, [&](const auto& a) {
    const double v = x[a.utility_slot()];
    const double w = best ? (v == top ? 1.0 : 0.0) : det::exp(lambda * (v - top));
    x[a.p()] = w;
    total += w;
  });
  // The draw picks the first action whose cumulative probability exceeds it; rounding that
  // leaves the sum just under the draw picks the last action that has a chance.
  double cumulative = 0.0;
  std::int64_t chosen = -1, last = -1;
  b.actions_of(d, [&](const auto& a) {
    x[a.p()] /= total;
    b.note(Note::Option, s, static_cast<int>(a.index()), d.actor(), x[a.p()], x[a.utility_slot()], 0, 0);
    if (x[a.p()] > 0.0) last = a.position();
    cumulative += x[a.p()];
    if (chosen < 0 && u < cumulative) chosen = a.position();
  });
  if (chosen < 0) chosen = last;
  // A fixed policy overrides the draw (already taken, so every stream stays aligned) on the days
  // it covers, when its action is available; the chances above stay the rule's.
  bool fixed = false;
  if (d.has_policy()) {
    const double f = d.policy(x);
    b.actions_of(d, [&](const auto& a) {
      if (static_cast<double>(a.position()) == f && x[a.utility_slot()] != -kInf) {
        chosen = a.position();
        fixed = true;
      }
    });
  }
  x[d.count()] += 1.0;
  x[d.now()] = 1.0;
  b.actions_of(d, [&](const auto& a) {
    const bool mine = a.position() == chosen;
    x[a.chosen()] = mine ? 1.0 : 0.0;
    if (!mine) return;
    x[a.count()] += 1.0;
    b.note(Note::Decision, s, static_cast<int>(a.index()), d.actor(), x[a.p()], x[a.utility_slot()], lambda, fixed ? 1.0 : 0.0);
    if (a.has_effects()) {
      b.discrete_change();
      apply_effects(b, [&](auto f) { a.effects(f); });
    }
    if (a.breaks_ceasefire() && cf.present() && x[cf.in_force()] != 0.0) break_ceasefire(b, cf, s, x[a.p()], x[cf.days()], 0.0, 1.0);
  });
}

/// @brief Every decision, in the order of the file.
template <class B>
inline void decisions(B& b, const Step& s) {
  const auto& cf = b.ceasefire();
  b.decisions([&](const auto& d) { decide(b, d, cf, s); });
}

}  // namespace geosim::sim
