// Monte Carlo: many runs of one model, reduced to mergeable per-outcome statistics.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "geosim/model.hpp"
#include "geosim/stats.hpp"

namespace geosim {

struct McOptions {
  std::uint64_t runs = 2000;
  std::uint64_t seed = 1;
};

/// @brief Statistics of one outcome over all runs.
struct OutcomeSummary {
  std::string id, label;
  OutcomeSpec::Kind kind = OutcomeSpec::Kind::When;
  std::uint64_t n = 0;
  std::uint64_t happened = 0;            ///< When: condition held; Count: event fired at least once
  stats::Interval ci;                    ///< Wilson 95% for the probability (When, Count)
  stats::MeanAccumulator values;         ///< Value and Count: the values; When: 1/0
  std::vector<double> sorted_values;     ///< Value and Count: every run's value, sorted
  std::vector<stats::SurvivalObs> times; ///< When: first-passage day, censored at the horizon
  double probability() const { return n ? static_cast<double>(happened) / static_cast<double>(n) : 0.0; }
};

struct Summary {
  std::string scenario, variant;
  std::uint64_t seed = 0, runs = 0;
  int horizon_days = 0, step_days = 1;
  std::vector<OutcomeSummary> outcomes;
  double seconds = 0.0;
};

/// @brief Runs `options.runs` runs (run indices 0..runs-1) and summarises them.
Summary run_monte_carlo(const Model& m, const McOptions& options);

}  // namespace geosim
