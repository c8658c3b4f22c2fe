// SPDX-License-Identifier: Apache-2.0
// The closed-form pieces of a step shared by the engine and the native code generated for a
// scenario (engine/native): the generated source embeds this file's text, so both compute them
// with the same operations in the same order. Standard headers only.
#pragma once

#include <cmath>

#include "geosim/detmath.hpp"

namespace geosim::sim {

/// @brief Chance that a hazard `rate` (per day) fires within `dt` days: 1 - exp(-rate * dt).
inline double step_probability(double rate, double dt) { return rate > 0 ? -det::expm1(-rate * dt) : 0.0; }

/// @brief True when a draw `u` in [0, 1) cannot fall below the chance 1 - exp(-y) of a step with
/// cumulative hazard `y`: 1 - exp(-y) < y for y > 0, and expm1 is accurate to a few units in the
/// last place, so a draw above y by a relative 1e-9 misses whatever the rounding. Lets the usual
/// case (a small chance per step) skip expm1 with the same outcome as computing it.
inline bool certainly_misses(double u, double y) { return u > y * (1 + 1e-9); }

/// @brief Exact Ornstein-Uhlenbeck transition over `dt` days at mean-reversion rate `theta` and
/// noise `sd` per sqrt(day): the decay exp(-theta dt) and the sd of the Gaussian shock (the exact
/// transition variance, so one week-long step matches seven daily ones; 0 when sd <= 0).
struct OuStep {
  double decay, noise_sd;
};
inline OuStep ou_step(double theta, double sd, double dt) {
  OuStep o{det::exp(-theta * dt), 0.0};
  if (sd > 0) {
    const double var = theta > 1e-12 ? sd * sd * (-det::expm1(-2 * theta * dt)) / (2 * theta) : sd * sd * dt;
    o.noise_sd = std::sqrt(var);
  }
  return o;
}

}  // namespace geosim::sim
