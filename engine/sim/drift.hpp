// SPDX-License-Identifier: Apache-2.0
// Drift: an exact Ornstein-Uhlenbeck step toward a target (docs/model.md, "Dynamics"), one rule.
#pragma once

#include <algorithm>

#include "sim/formulas.hpp"
#include "sim/step_types.hpp"

namespace geosim::sim {

/// @brief One drift rule `r` over a step: reads toward(x), rate(x), noise(), var(); a rule fixed
/// in the run takes the decay and noise scale computed once per run in a standard step.
template <class B, class R>
inline void drift(B& b, const R& r, const Step& s) {
  double* const x = b.x;
  const double target = r.toward(x);
  const OuStep ou = r.fixed_in_run() && s.standard ? OuStep{b.drift_decay(r.index()), b.drift_sd(r.index())}
                                                   : ou_step(std::max(0.0, r.rate(x)), x[r.noise()], s.dt);
  double v = target + (x[r.var()] - target) * ou.decay;
  if (x[r.noise()] > 0) v += ou.noise_sd * b.drift_normal(r.index());
  x[r.var()] = std::clamp(v, b.lower(r.var()), b.upper(r.var()));
}

}  // namespace geosim::sim
