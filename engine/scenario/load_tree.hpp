// SPDX-License-Identifier: Apache-2.0
// The two halves of load_scenario(), for front ends that hold the tree in another form (the
// classroom page's JSON, engine/scenario/tree_json.hpp): files to a merged tree, and a merged
// tree to a validated Scenario.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "geosim/scenario.hpp"
#include "scenario/tree.hpp"

namespace geosim::scenario {

/// @brief Reads `path` and its `extends` chain and merges them (each base's `set` applied), before
/// variants and `--set`. `files` receives the files read, base first. Nullopt after a diagnostic.
/// A base must lie in the scenario's own folder (or below it) or in one of `extends_from`.
std::optional<Node> load_merged_tree(const std::string& path, Sources& sources, Diagnostics& diags,
                                     std::vector<std::string>& files, const std::vector<std::string>& extends_from = {});

/// @brief What load_scenario() does with the merged tree: the variant, `--set` overrides, the
/// resource limits, then reading and validating every section.
std::optional<Scenario> scenario_from_tree(Node root, const LoadOptions& options, Diagnostics& diags,
                                           std::shared_ptr<Sources> sources, std::vector<std::string> files);

}  // namespace geosim::scenario
