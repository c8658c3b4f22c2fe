// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the simulation known-answer tests: compile inline YAML, run, read outcomes,
// and the standard errors used for tolerances.
#pragma once

#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>

#include "geosim/mc.hpp"
#include "geosim/model.hpp"
#include "geosim/run.hpp"
#include "geosim/scenario.hpp"

namespace simtest {

/// @brief Loads and compiles an inline scenario; fails the test with the diagnostics if invalid.
inline geosim::Model compile_yaml(const std::string& yaml) {
  auto sources = std::make_shared<geosim::Sources>();
  geosim::Diagnostics diags;
  auto scenario = geosim::load_scenario_text("inline.yaml", yaml, {}, diags, sources);
  REQUIRE_MESSAGE(scenario.has_value(), diags.format(*sources));
  auto model = geosim::compile_model(*scenario, diags);
  REQUIRE_MESSAGE(model.has_value(), diags.format(*sources));
  return std::move(*model);
}

/// @brief The summary of outcome `id`; fails the test when it is missing.
inline const geosim::OutcomeSummary& outcome(const geosim::Summary& s, std::string_view id) {
  for (const auto& o : s.outcomes)
    if (o.id == id) return o;
  FAIL("no outcome " << id);
  return s.outcomes.front();
}

/// @brief Slot of a state name; fails the test when it is missing.
inline geosim::Slot slot(const geosim::Model& m, std::string_view name) {
  auto s = m.find_slot(name);
  REQUIRE_MESSAGE(s.has_value(), "no slot " << name);
  return *s;
}

/// @brief Standard error of a binomial proportion with success probability p over n trials.
inline double binomial_se(double p, std::uint64_t n) { return std::sqrt(p * (1 - p) / static_cast<double>(n)); }

/// @brief Share of `when` first-passage times at or before `day` (fired by the end of that day).
inline double fired_by(const geosim::OutcomeSummary& o, double day) {
  std::uint64_t k = 0;
  for (std::size_t i = 0; i < o.first_passage.size(); ++i)
    if (o.step_end_day[i] <= day) k += o.first_passage[i];
  return static_cast<double>(k) / static_cast<double>(o.n);
}

/// @brief Runs the model and returns every run's outcome values, in run order (with the summary).
inline std::vector<std::vector<geosim::OutcomeValue>> per_run(const geosim::Model& m, std::uint64_t runs,
                                                              std::uint64_t seed, geosim::Summary* summary = nullptr) {
  std::vector<std::vector<geosim::OutcomeValue>> rows;
  geosim::McOptions o{runs, seed};
  o.per_run = [&rows](std::uint64_t run, const std::vector<geosim::OutcomeValue>& v) {
    REQUIRE(run == rows.size());
    rows.push_back(v);
  };
  geosim::Summary s = geosim::run_monte_carlo(m, o);
  if (summary) *summary = std::move(s);
  return rows;
}

/// @brief Index of outcome `id` in the model.
inline std::size_t outcome_index(const geosim::Model& m, std::string_view id) {
  for (std::size_t k = 0; k < m.outcomes.size(); ++k)
    if (m.outcomes[k].id == id) return k;
  FAIL("no outcome " << id);
  return 0;
}

}  // namespace simtest
