// SPDX-License-Identifier: Apache-2.0
// The chronicle tells a ceasefire's incidents and each breach by its cause (baseline, incident,
// the beneficiary with the guarantors' blame, a deliberate renewal), in plain language and in
// the JSON; and a repeating event that fires several times in a step says how often.
#include <map>
#include <memory>
#include <string>

#include <doctest/doctest.h>

#include "geosim/chronicle.hpp"
#include "geosim/diagnostics.hpp"
#include "geosim/model.hpp"
#include "geosim/scenario.hpp"

namespace {

struct Compiled {
  geosim::Scenario scenario;
  geosim::Model model;
};

Compiled compile(const std::string& yaml) {
  auto sources = std::make_shared<geosim::Sources>();
  geosim::Diagnostics diags;
  auto s = geosim::load_scenario_text("chronicle.yaml", yaml, {}, diags, sources);
  REQUIRE_MESSAGE(s.has_value(), diags.format(*sources));
  auto m = geosim::compile_model(*s, diags);
  REQUIRE_MESSAGE(m.has_value(), diags.format(*sources));
  return {std::move(*s), std::move(*m)};
}

// Each cause breaks the ceasefire often; talks renew it quickly, so a run has many breaches.
const char* kYaml = R"(geosim: 1
scenario: {name: causes, step: week, horizon_days: 728}
actors:
  NORTH: {variables: {resolve: 0.6}}
  SOUTH: {name: South, variables: {resolve: 0.6}}
negotiation: {parties: [SOUTH, NORTH], p_win: 0.5, costs: [0.3, 0.3], rate: 1}
decisions:
  renew:
    actor: NORTH
    when: "ceasefire.in_force"
    actions:
      keep: {utility: 0}
      attack: {utility: -3, breaks_ceasefire: true}
events:
  shelling: {rate: 1}
ceasefire:
  breach: {constant: 0.01}
  incidents: {rate: 0.5, escalation: 0.01, monitoring: 0.5}
  beneficiary_breach: {actor: SOUTH, rate: 0.01, attribution: 0.5}
outcomes:
  broken: {when: "ceasefire.breached > 0"}
)";

}  // namespace

TEST_SUITE("report") {

TEST_CASE("chronicle: incidents and breaches told by cause, with the beneficiary's blame") {
  const Compiled c = compile(kYaml);
  std::map<std::string, int> causes;
  int incidents = 0, repeated = 0;
  bool blamed = false, not_blamed = false;
  for (std::uint64_t run = 0; run < 10; ++run) {
    const geosim::Chronicle ch = geosim::make_chronicle(c.model, 3, run, &c.scenario);
    for (const auto& e : ch.entries) {
      if (e.kind == "incident") {
        ++incidents;
        CHECK(e.text.find("ncident") != std::string::npos);
        CHECK(e.data.at("count").get<int>() >= 1);
      }
      if (e.kind == "event" && e.data.contains("times")) {
        ++repeated;
        CHECK(e.text.find("times this week") != std::string::npos);
      }
      if (e.kind != "breach") continue;
      const std::string cause = e.data.at("cause").get<std::string>();
      ++causes[cause];
      if (cause == "incident") CHECK(e.text.find("An incident escalates") != std::string::npos);
      if (cause == "deliberate") CHECK(e.text.find("broken deliberately") != std::string::npos);
      if (cause == "baseline") CHECK(e.text.find("breaks down") != std::string::npos);
      if (cause == "beneficiary") {
        CHECK(e.text.find("broken by South") != std::string::npos);
        CHECK(e.actor == "SOUTH");
        (e.data.at("blamed_beneficiary").get<bool>() ? blamed : not_blamed) = true;
        CHECK(e.text.find(e.data.at("blamed_beneficiary").get<bool>() ? "guarantors blame South" : "blame the other side") !=
              std::string::npos);
      }
    }
    // The told story folds the repeated incident steps into one line.
    const std::string text = geosim::format_chronicle(ch);
    CHECK(text.find("Incidents happen in") != std::string::npos);
  }
  CHECK(incidents > 0);
  CHECK(repeated > 0);
  for (const char* cause : {"baseline", "incident", "beneficiary", "deliberate"}) {
    INFO(cause);
    CHECK(causes[cause] > 0);
  }
  CHECK(blamed);
  CHECK(not_blamed);
}

}  // TEST_SUITE
