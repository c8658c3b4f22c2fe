// The mechanisms of one step, each a free function over the model and a run's state.
// Order within a step (docs/model.md): commitments' active flags, dynamics, influence, events,
// negotiation, ceasefire breach, commitment triggers and decisions, outcomes.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

#include "geosim/model.hpp"
#include "geosim/run.hpp"

namespace geosim::sim {

/// @brief The state of one step: its index, start day and length in days.
struct Step {
  int index;
  double day;
  double dt;
};

/// @brief Uniform draw in [0, 1) for a Bernoulli trial.
inline bool bernoulli(random::Xoshiro256pp& g, double p) { return g.uniform01() < p; }

/// @brief Chance that a hazard `rate` (per day) fires within `dt` days: 1 - exp(-rate * dt).
inline double step_probability(double rate, double dt) { return rate > 0 ? -std::expm1(-rate * dt) : 0.0; }

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
  OuStep o{std::exp(-theta * dt), 0.0};
  if (sd > 0) {
    const double var = theta > 1e-12 ? sd * sd * (-std::expm1(-2 * theta * dt)) / (2 * theta) : sd * sd * dt;
    o.noise_sd = std::sqrt(var);
  }
  return o;
}

/// @brief Applies effects, clamping each target to its bounds.
inline void apply_effects(const Model& m, const std::vector<expr::Effect>& effects, double* state) {
  for (const auto& e : effects) {
    e.apply(state);
    state[e.target] = std::clamp(state[e.target], m.lower[e.target], m.upper[e.target]);
  }
}

void step_dynamics(const Model& m, RunState& rs, const Step& s);
void step_events(const Model& m, RunState& rs, const Step& s, std::vector<LogEntry>* log);
void begin_commitments(const Model& m, RunState& rs);
void step_commitments(const Model& m, RunState& rs, const Step& s, std::vector<LogEntry>* log);
void refresh_credibility(const Model& m, RunState& rs);
void step_negotiation(const Model& m, RunState& rs, const Step& s, std::vector<LogEntry>* log);
void step_ceasefire(const Model& m, RunState& rs, const Step& s, std::vector<LogEntry>* log);
/// @brief Breach hazard multiplier from guarantees, DMZ, imposition and pressure.
double ceasefire_multiplier(const Model& m, const RunState& rs);

}  // namespace geosim::sim
