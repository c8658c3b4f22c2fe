// SPDX-License-Identifier: Apache-2.0
// Outcomes checked at the end of each step: a `when` condition's first passage.
#pragma once

#include "sim/step_types.hpp"

namespace geosim::sim {

/// @brief Each `when` outcome not yet reached whose condition holds now is reached at the end of
/// the step.
template <class B>
inline void check_outcomes(B& b, const Step& s) {
  const double* const x = b.x;
  b.outcome_pass([&](const auto& o) {
    if (!o.is_when() || b.outcome_reached(o.index())) return;
    if (b.unchanged_outcome(o)) return;  // nothing it reads has changed
    if (o.condition(x) != 0.0) b.reach_outcome(o.index(), s.day + s.dt);
  });
}

}  // namespace geosim::sim
