// SPDX-License-Identifier: Apache-2.0
// A scenario tree as JSON and back, marks included: the form in which the native geosim hands a
// validated scenario to the browser's engine (the classroom page, web/), which reads no YAML.
// Read back, the tree is the same tree (texts, quoting, key order, marks), so the browser's
// scenario_from_tree() builds the same Scenario and its messages name the same FILE:LINE:COL.
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "geosim/diagnostics.hpp"
#include "scenario/tree.hpp"

namespace geosim::scenario {

/// @brief The tree as JSON: a node is {"k": "null"|"text"|"map"|"list", "at": [file, line, col],
/// "t": text, "q": quoted, "keys": [...], "key_at": [[file, line, col]...], "items": [...]}.
nlohmann::json tree_to_json(const Node& n);

/// @brief The sources (names and texts) the tree's marks point into, in index order.
nlohmann::json sources_to_json(const Sources& sources);

/// @brief Reads back a tree written by tree_to_json(); nullopt (with one diagnostic) when `j` is
/// not one, or is deeper than `limits.max_depth` or larger than `limits.max_nodes`.
std::optional<Node> tree_from_json(const nlohmann::json& j, Diagnostics& d, const Limits& limits = {});

/// @brief Adds the sources of sources_to_json() to `out`; false (with a diagnostic) when malformed.
bool sources_from_json(const nlohmann::json& j, Sources& out, Diagnostics& d);

}  // namespace geosim::scenario
