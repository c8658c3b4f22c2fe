// SPDX-License-Identifier: Apache-2.0
// Ceasefire: a baseline breach hazard in days since signing (Weibull or constant), scaled by
// proportional hazard ratios from guarantees, monitoring, forces, a DMZ, imposition and pressure.
#pragma once

#include <cmath>

#include "sim/effects.hpp"
#include "sim/formulas.hpp"
#include "sim/step_types.hpp"

namespace geosim::sim {

/// @brief Baseline cumulative breach hazard at `days` since signing.
template <class C>
inline double cumulative_hazard(const C& c, const double* x, double days) {
  if (!c.weibull()) return x[c.constant_rate()] * days;
  return std::pow(days / x[c.scale_days()], x[c.shape()]);
}

/// @brief Breach hazard multiplier from active guarantees, DMZ, imposition and pressure.
template <class B, class C>
inline double ceasefire_multiplier(B& b, const C& c) {
  const double* const x = b.x;
  double mult = 1.0;
  b.commitments([&](const auto& k) {
    if (k.covers_ceasefire() && x[k.active()] != 0.0) mult *= 1.0 + (x[k.ceasefire_effect()] - 1.0) * x[k.perceived()];
  });
  if (c.dmz()) mult *= x[c.dmz_effect()];
  if (c.imposed()) mult *= x[c.imposed_effect()];
  return mult * std::exp(c.pressure(x));
}

/// @brief A breach: the ceasefire ends, its counters move and its on_breach effects apply. By the
/// breach hazard (`deliberate` 0: chance p, `days` since signing, hazard ratio `mult`) or by a
/// decision's action (`deliberate` 1: p the action's probability).
template <class B, class C>
inline void break_ceasefire(B& b, const C& c, const Step& s, double p, double days, double mult, double deliberate) {
  double* const x = b.x;
  b.discrete_change();
  x[c.in_force()] = 0.0;
  x[c.breached()] += 1.0;
  x[c.breach_now()] = 1.0;
  apply_effects(b, [&](auto f) { c.on_breach(f); });
  b.note(Note::Breach, s, -1, -1, p, days, mult, deliberate);
}

/// @brief The ceasefire over a step: one draw, then a breach with the step's hazard.
template <class B, class C>
inline void ceasefire(B& b, const C& c, const Step& s) {
  if (!c.present()) return;
  double* const x = b.x;
  const double u = b.ceasefire_uniform();  // one draw per step: variants stay aligned
  if (x[c.in_force()] == 0.0 || x[c.signed_now()] != 0.0) return;
  const double tau = x[c.days()];
  const double dh = cumulative_hazard(c, x, tau + s.dt) - cumulative_hazard(c, x, tau);
  const double mult = ceasefire_multiplier(b, c);
  const double y = dh * mult;
  const double p = certainly_misses(u, y) ? 0.0 : -std::expm1(-y);
  if (u < p) {
    break_ceasefire(b, c, s, p, tau + s.dt, mult, 0.0);
  } else {
    x[c.days()] = tau + s.dt;
  }
}

}  // namespace geosim::sim
