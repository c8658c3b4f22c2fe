// The mechanisms of one step, each a free function over the model and a run's state.
// Order within a step (docs/model.md): commitments' active flags, dynamics, influence, events,
// negotiation, ceasefire breach, commitment triggers and decisions, outcomes.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

#include "geosim/model.hpp"
#include "geosim/run.hpp"
#include "sim/formulas.hpp"

namespace geosim::sim {

/// @brief The state of one step: its index, start day and length in days.
struct Step {
  int index;
  double day;
  double dt;
};

/// @brief Uniform draw in [0, 1) for a Bernoulli trial.
inline bool bernoulli(random::Xoshiro256pp& g, double p) { return g.uniform01() < p; }

/// @brief Applies effects, clamping each target to its bounds.
inline void apply_effects(const Model& m, const std::vector<expr::Effect>& effects, double* state) {
  for (const auto& e : effects) {
    e.apply(state);
    state[e.target] = std::clamp(state[e.target], m.lower[e.target], m.upper[e.target]);
  }
}

void step_dynamics(const Model& m, RunState& rs, const Step& s);
/// @brief Friedkin-Johnsen influence over a step (step_dynamics calls it after the drifts).
void step_influence(const Model& m, RunState& rs, const Step& s);
void step_events(const Model& m, RunState& rs, const Step& s, std::vector<LogEntry>* log);
void begin_commitments(const Model& m, RunState& rs);
void step_commitments(const Model& m, RunState& rs, const Step& s, std::vector<LogEntry>* log);
/// @brief A commitment's invocation: its count, each guarantor's decision, the reputation records
/// and effects (credibility is refreshed by the caller). Returns true when a guarantor decided.
bool invoke_commitment(const Model& m, RunState& rs, std::size_t ci, const Step& s, std::vector<LogEntry>* log);
void refresh_credibility(const Model& m, RunState& rs);
void step_negotiation(const Model& m, RunState& rs, const Step& s, std::vector<LogEntry>* log);
void step_ceasefire(const Model& m, RunState& rs, const Step& s, std::vector<LogEntry>* log);
/// @brief Breach hazard multiplier from guarantees, DMZ, imposition and pressure.
double ceasefire_multiplier(const Model& m, const RunState& rs);

}  // namespace geosim::sim
