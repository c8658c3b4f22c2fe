// SPDX-License-Identifier: Apache-2.0
// Editing a scenario tree: deep merge for `extends`, and PATH = value overrides for variants,
// `--set` and sweeps (one path syntax everywhere: dot-separated keys, list indices as numbers).
#pragma once

#include <string>
#include <vector>

#include "scenario/tree.hpp"

namespace geosim::scenario {

/// @brief Splits "a.b.0.c" into its segments.
std::vector<std::string> split_path(const std::string& path);

/// @brief Replaces (or adds, for the last key of a map) the value at `path` in `root`.
/// Reports unknown intermediate keys with a suggestion. `who` names the override in messages.
bool apply_override(Node& root, const std::string& path, const Node& value, SourceMark where,
                    const std::string& who, Diagnostics& d);

/// @brief Merges `over` into `base`: maps key by key (recursively), anything else replaces.
void deep_merge(Node& base, const Node& over);

}  // namespace geosim::scenario
