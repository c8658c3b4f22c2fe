// SPDX-License-Identifier: Apache-2.0
// The parts of a step that live in the engine as plain functions over the Model: both execution
// paths call them (the interpreter through model_binding.hpp, native code through callbacks in
// native/abi.hpp). The rest of a step is the templates of step.hpp.
#pragma once

#include <cstddef>
#include <vector>

#include "geosim/model.hpp"
#include "geosim/run.hpp"
#include "sim/step_types.hpp"

namespace geosim::sim {

/// @brief Friedkin-Johnsen influence over a step (after the drifts).
void step_influence(const Model& m, RunState& rs, const Step& s);
/// @brief A commitment's invocation: its count, each guarantor's decision, the reputation records
/// and effects (credibility is refreshed by the caller). Returns true when a guarantor decided.
bool invoke_commitment(const Model& m, RunState& rs, std::size_t ci, const Step& s, std::vector<LogEntry>* log);
/// @brief Commitment ci's responses whose lag has run out by step `s` arrive: each one's
/// on_honour and reached rungs' effects apply (docs/model.md).
void deliver_responses(const Model& m, RunState& rs, std::size_t ci, const Step& s, std::vector<LogEntry>* log);
/// @brief Each commitment's credibility from its guarantors' reputation records (and each
/// guarantor's), and its perceived credibility (= credibility, or sim::perceive's when the model
/// has perception; commitment.hpp).
void refresh_credibility(const Model& m, RunState& rs);

}  // namespace geosim::sim
