// SPDX-License-Identifier: Apache-2.0
// Events: a state-dependent hazard converted exactly to a per-step chance, 1 - exp(-rate * dt);
// a repeating event fires a Poisson(rate * dt) number of times in the step (one draw decides
// whether and how often), so its count has mean rate * T whatever the step length.
#pragma once

#include "sim/effects.hpp"
#include "sim/formulas.hpp"
#include "sim/poisson.hpp"
#include "sim/step_types.hpp"

namespace geosim::sim {

/// @brief One event rule `e` over a step: its `now` flag reset, one draw, then the hazard.
template <class B, class R>
inline void event(B& b, const R& e, const Step& s) {
  double* const x = b.x;
  if (x[e.now()] != 0.0) {
    x[e.now()] = 0.0;
    b.discrete_change();
  }
  // One draw per event per step whatever happens, so variants stay aligned draw for draw.
  const double u = b.event_uniform(e.index());
  if (!e.repeat() && x[e.count()] > 0) return;
  if (e.when(x) == 0.0) return;
  double p, rate = 0.0;
  const bool fixed = e.fixed_rate_in_run() && s.standard;
  if (fixed) {
    p = b.event_p(e.index());
  } else {
    rate = e.rate(x);
    if (certainly_misses(u, rate * s.dt)) return;
    p = step_probability(rate, s.dt);
  }
  if (!(u < p)) return;
  // The rate and `when` hold for the whole step; each firing applies the effects once.
  const int n = e.repeat() ? poisson_count_given_one(u, p, (fixed ? e.rate(x) : rate) * s.dt) : 1;
  x[e.count()] += n;
  b.discrete_change();
  x[e.now()] = 1.0;
  for (int k = 0; k < n; ++k) apply_effects(b, [&](auto f) { e.effects(f); });
  b.note(Note::Event, s, static_cast<int>(e.index()), e.actor(), p, n, 0, 0);
}

}  // namespace geosim::sim
