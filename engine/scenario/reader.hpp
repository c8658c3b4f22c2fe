// SPDX-License-Identifier: Apache-2.0
// Converts a merged, overridden YAML tree into a validated Scenario (structure, values and
// cross-references; expressions are name-checked when the model is compiled).
#pragma once

#include "geosim/scenario.hpp"
#include "scenario/tree.hpp"

namespace geosim::scenario {

/// @brief Reads every section of `root` into `out`, reporting all problems to `d`.
void read_scenario(const Node& root, Scenario& out, Diagnostics& d);

}  // namespace geosim::scenario

#include <set>
#include <string>

namespace geosim::scenario {
/// @brief Reads relations, dynamics, events, commitments, negotiation, ceasefire, outcomes and
/// variant names, checking references against the declared actors and blocs.
void read_sections(const Node& root, Scenario& s, Diagnostics& d, const std::set<std::string>& actors,
                   const std::set<std::string>& blocs);
}  // namespace geosim::scenario

namespace geosim::scenario {
/// @brief Reads the `classroom:` section (engine/scenario/classroom.cpp): levers must name numbers
/// present in `root`, outcomes must be declared.
void read_classroom(const Node& root, Scenario& s, Diagnostics& d);
}  // namespace geosim::scenario
