// SPDX-License-Identifier: Apache-2.0
// A sweep from its request to its points, shared by `geosim sweep` and the Python module: a grid
// (--param), a Latin hypercube of the uncertain numbers (--lhs) or a design table (--design, or a
// DataFrame). Every point runs the same seed and run indices (common random numbers).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/common.hpp"
#include "geosim/analysis.hpp"

namespace geosim::cli {

/// @brief Most points of a Latin hypercube, or of a table of uncertain numbers only (each point a
/// copy of one compiled model with some numbers fixed).
inline constexpr std::size_t kMaxSweepPoints = 100'000;
/// @brief Most points of a grid, or of a table with other --set paths (each point a compiled model
/// held in memory).
inline constexpr std::size_t kMaxModelPoints = 10'000;

struct SweepRequest {
  std::string file, variant;         ///< the scenario's path, or its name when `text` is given
  std::optional<std::string> text;   ///< the scenario itself (from Python), instead of a file
  std::vector<Override> overrides;   ///< --set, at every point
  std::vector<std::string> grid;     ///< --param PATH=LO:HI:N
  std::size_t lhs = 0;               ///< --lhs N
  std::optional<analysis::DesignTable> table;  ///< --design, or a DataFrame
  /// The table's text, when it came from text (its marks point into these sources).
  std::shared_ptr<Sources> table_sources;
  std::uint64_t seed = 1;
};

struct SweepSetup {
  Loaded base;                       ///< the scenario with the variant and --set applied
  analysis::Sweep sweep;             ///< design, parameters and values; no points yet
  /// A grid, or a table with a column that is not an uncertain number: one model per point.
  std::vector<Model> models;
  /// Otherwise (--lhs, a table of uncertain numbers only): the uncertain numbers each point fixes
  /// (at sweep.values[point]) in a copy of the base model; the others stay uncertain.
  std::vector<analysis::UncertainParameter> fixed;

  /// @brief The models that run (for choose_engine and the provenance).
  std::vector<Model*> ran();
  /// @brief Every point's outcome tallies (fewer when cancelled).
  std::vector<analysis::PointResult> evaluate(const analysis::PointsOptions& o) const;
};

/// @brief Loads the scenario and lays out the points. Throws UsageError for a request that cannot
/// be a sweep (no design, a grid axis that does not parse, too many points, no uncertain numbers
/// for --lhs) and InvalidInput for a scenario, point or table that is not valid.
SweepSetup setup_sweep(const SweepRequest& r);

}  // namespace geosim::cli
