// SPDX-License-Identifier: Apache-2.0
// Events: a state-dependent hazard converted exactly to a per-step chance, 1 - exp(-rate * dt).
#pragma once

#include "sim/effects.hpp"
#include "sim/formulas.hpp"
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
  double p;
  if (e.fixed_rate_in_run() && s.standard) {
    p = b.event_p(e.index());
  } else {
    const double rate = e.rate(x);
    if (certainly_misses(u, rate * s.dt)) return;
    p = step_probability(rate, s.dt);
  }
  if (!(u < p)) return;
  x[e.count()] += 1.0;
  b.discrete_change();
  x[e.now()] = 1.0;
  apply_effects(b, [&](auto f) { e.effects(f); });
  b.note(Note::Event, s, static_cast<int>(e.index()), e.actor(), p, 0, 0, 0);
}

}  // namespace geosim::sim
