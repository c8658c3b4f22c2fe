// SPDX-License-Identifier: Apache-2.0
// Helpers for the analysis tests: compile inline YAML (optionally with a variant).
#pragma once

#include <memory>
#include <string>

#include <doctest/doctest.h>

#include "geosim/analysis.hpp"
#include "geosim/model.hpp"
#include "geosim/scenario.hpp"

namespace antest {

/// @brief Loads and compiles an inline scenario with `variant` applied; fails the test if invalid.
inline geosim::Model compile(const std::string& yaml, const std::string& variant = {}) {
  auto sources = std::make_shared<geosim::Sources>();
  geosim::Diagnostics diags;
  auto scenario = geosim::load_scenario_text("inline.yaml", yaml, {variant, {}}, diags, sources);
  REQUIRE_MESSAGE(scenario.has_value(), diags.format(*sources));
  auto model = geosim::compile_model(*scenario, diags);
  REQUIRE_MESSAGE(model.has_value(), diags.format(*sources));
  return std::move(*model);
}

/// @brief Index of outcome `id` in a list of paired differences; fails the test when missing.
inline const geosim::analysis::PairedDifference& diff(const geosim::analysis::VariantComparison& v, const std::string& id) {
  for (const auto& d : v.differences)
    if (d.id == id) return d;
  FAIL("no difference for " << id);
  return v.differences.front();
}

}  // namespace antest
