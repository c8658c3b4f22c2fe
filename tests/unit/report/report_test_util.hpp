// SPDX-License-Identifier: Apache-2.0
// Helpers for the report tests: a small scenario that exercises every mechanism (with text that
// needs escaping), and an XML well-formedness check for the HTML report.
#pragma once

#include <cctype>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>

#include "geosim/model.hpp"
#include "geosim/scenario.hpp"

namespace reporttest {

/// @brief Names, descriptions and labels contain <, &, quotes; an event describe has a known and
/// an unknown placeholder. 120 days, daily steps, start date 2026-01-06.
inline constexpr const char* kScenario = R"(geosim: 1
scenario:
  name: "War & <Peace> test"
  description: "A <b>tiny</b> scenario & its \"quotes\""
  start: 2026-01-06
  step: day
  horizon_days: 120
  sources:
    s1: "Source <one> & two"
parameters:
  cost_a: {value: {uniform: [0.2, 0.4]}, describe: "Cost of war for A"}
actors:
  A:
    name: "Ardia & Co"
    variables:
      x: {value: 0.5, track: true}
      resolve: 0.7
  B:
    name: Borland
    variables:
      capability: 0.5
  G:
    name: Guardia
    variables:
      resolve: 0.8
dynamics:
  - variable: A.x
    toward: 0.5
    rate: 0.05
    noise: 0.02
events:
  clash:
    actor: B
    rate: 0.05
    effects: ["A.x += 0.1"]
    describe: "A clash <here>; A.x is now {A.x}, unknown {nope.x}"
commitments:
  guarantee:
    type: security_guarantee
    guarantors: [G]
    beneficiary: A
    active_when: "ceasefire.in_force"
    trigger: "ceasefire.breach_now"
    honour: "credibility * G.resolve / 0.8"
negotiation:
  parties: [A, B]
  issue: "share of the province"
  p_win: 0.5
  costs: ["params.cost_a", "0.2"]
  uncertainty: 0.05
  commitment_problem: 0.1
  rate: 0.05
ceasefire:
  breach:
    weibull: {shape: 0.7, scale_days: 60}
outcomes:
  signed: {label: "Deal <signed> & sealed", when: "ceasefire.signed > 0"}
  broken: {label: "Deal broken", when: "ceasefire.breached > 0"}
  honoured: {label: "Guarantee honoured", when: "commitments.guarantee.honoured > 0"}
  clashes: {label: "Clashes", count: clash}
  x_end: {label: "A.x at the end", value: "A.x"}
variants:
  calm:
    description: "Fewer clashes & <no> drama"
    set: {events.clash.rate: 0.01}
)";

/// @brief The test scenario, loaded (with `variant` applied when not empty).
inline geosim::Scenario scenario(const std::string& variant = "") {
  auto sources = std::make_shared<geosim::Sources>();
  geosim::Diagnostics diags;
  auto s = geosim::load_scenario_text("report.yaml", kScenario, {variant, {}}, diags, sources);
  REQUIRE_MESSAGE(s.has_value(), diags.format(*sources));
  return std::move(*s);
}

/// @brief The test scenario, compiled.
inline geosim::Model model(const std::string& variant = "") {
  auto sources = std::make_shared<geosim::Sources>();
  geosim::Diagnostics diags;
  auto s = geosim::load_scenario_text("report.yaml", kScenario, {variant, {}}, diags, sources);
  REQUIRE_MESSAGE(s.has_value(), diags.format(*sources));
  auto m = geosim::compile_model(*s, diags);
  REQUIRE_MESSAGE(m.has_value(), diags.format(*sources));
  return std::move(*m);
}

/// @brief "" when `doc` is well-formed XML as the report writes it (a doctype, elements with
/// quoted attributes, the five predefined entities and numeric references, no stray '<' or '&');
/// else a description of the first problem.
inline std::string xml_problem(std::string_view doc) {
  std::vector<std::string> open;
  auto entity_ok = [&](std::size_t i) {
    const auto semi = doc.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) return false;
    const auto e = doc.substr(i + 1, semi - i - 1);
    if (e == "amp" || e == "lt" || e == "gt" || e == "quot" || e == "apos") return true;
    if (e.size() >= 2 && e[0] == '#') {
      for (std::size_t k = 1; k < e.size(); ++k)
        if (!std::isdigit(static_cast<unsigned char>(e[k]))) return false;
      return true;
    }
    return false;
  };
  bool root_seen = false;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const char c = doc[i];
    if (c == '&' && !entity_ok(i)) return "bad entity at offset " + std::to_string(i);
    if (c == '>' ) continue;
    if (c != '<') continue;
    if (doc.substr(i, 9) == "<!DOCTYPE") {
      i = doc.find('>', i);
      continue;
    }
    if (doc.substr(i, 4) == "<!--") {
      i = doc.find("-->", i) + 2;
      continue;
    }
    const auto end = doc.find('>', i);
    if (end == std::string_view::npos) return "unterminated tag at offset " + std::to_string(i);
    std::string_view tag = doc.substr(i + 1, end - i - 1);
    i = end;
    if (!tag.empty() && tag[0] == '/') {
      const std::string name(tag.substr(1));
      if (open.empty() || open.back() != name)
        return "closing </" + name + "> does not match <" + (open.empty() ? std::string("none") : open.back()) + ">";
      open.pop_back();
      continue;
    }
    const bool self_closing = !tag.empty() && tag.back() == '/';
    if (self_closing) tag.remove_suffix(1);
    std::size_t k = 0;
    while (k < tag.size() && !std::isspace(static_cast<unsigned char>(tag[k]))) ++k;
    const std::string name(tag.substr(0, k));
    if (name.empty()) return "empty tag name";
    // Attributes: name="value" pairs, values without '<'.
    while (k < tag.size()) {
      while (k < tag.size() && std::isspace(static_cast<unsigned char>(tag[k]))) ++k;
      if (k >= tag.size()) break;
      const auto eq = tag.find('=', k);
      if (eq == std::string_view::npos || eq + 1 >= tag.size() || tag[eq + 1] != '"')
        return "unquoted attribute in <" + name + ">";
      const auto close = tag.find('"', eq + 2);
      if (close == std::string_view::npos) return "unterminated attribute in <" + name + ">";
      if (tag.substr(eq + 2, close - eq - 2).find('<') != std::string_view::npos) return "'<' in an attribute of <" + name + ">";
      k = close + 1;
    }
    if (open.empty() && root_seen) return "second root element <" + name + ">";
    root_seen = true;
    if (!self_closing) open.push_back(name);
  }
  if (!open.empty()) return "unclosed <" + open.back() + ">";
  return root_seen ? "" : "no root element";
}

/// @brief Occurrences of `needle` in `hay`.
inline std::size_t count(std::string_view hay, std::string_view needle) {
  std::size_t n = 0;
  for (auto at = hay.find(needle); at != std::string_view::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace reporttest
