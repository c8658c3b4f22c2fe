// SPDX-License-Identifier: Apache-2.0
// The browser build reads no YAML (yaml-cpp is not built for it): the scenario arrives as the
// tree `geosim classroom` validated (scenario/tree_json.hpp). These stand in for the YAML front
// end that scenario/load.cpp links against; the page never reaches them, and if it did the
// answer is a diagnostic, not a crash.
#include <string>

#include "scenario/tree.hpp"

namespace geosim::scenario {

std::optional<Node> parse_yaml(const Sources&, int file, Diagnostics& diags, const Limits&) {
  diags.error({file, 1, 1}, "the browser's engine reads no YAML", "make the page with geosim classroom");
  return std::nullopt;
}

const std::string& stdin_scenario_text() {
  static const std::string none;
  return none;
}

std::optional<Node> load_yaml_file(const std::string&, Sources& sources, Diagnostics& diags, SourceMark,
                                   const Limits& limits) {
  return parse_yaml(sources, sources.size(), diags, limits);
}

}  // namespace geosim::scenario
