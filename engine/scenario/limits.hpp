// SPDX-License-Identifier: Apache-2.0
// Resource limits checked at load (docs/errors.md): counts on the merged YAML tree before it is
// read, and the compiled model's estimated memory before compile_model builds it.
#pragma once

#include <cstdint>
#include <string>

#include "geosim/scenario.hpp"
#include "scenario/tree.hpp"

namespace geosim::scenario {

/// @brief Refuses (adds a diagnostic and returns false) a tree with more actors or more blocs
/// than `limits.max_actors`. Cheap: counts keys only.
bool check_counts(const Node& root, const ResourceLimits& limits, Diagnostics& d);

/// @brief An estimate of the largest structures compile_model would build, with what drives it.
struct MemoryEstimate {
  double bytes = 0.0;
  std::string biggest;  ///< e.g. "influence of 'resolve': a 40000 x 40000 matrix"
  SourceMark mark;      ///< where the biggest part is declared
};
MemoryEstimate estimate_model_memory(const Scenario& s);

/// @brief Refuses a scenario whose compiled model would need more than `limits.max_memory_mb`.
bool check_model_memory(const Scenario& s, const ResourceLimits& limits, Diagnostics& d);

/// @brief "1.5 GiB", "300 MiB", "12 KiB".
std::string format_bytes(double bytes);

}  // namespace geosim::scenario
