// SPDX-License-Identifier: Apache-2.0
// analysis::inert_parameters: the static walk from outcomes back through every mechanism.
#include <algorithm>
#include <string>
#include <vector>

#include "../sim/sim_test_util.hpp"
#include "geosim/analysis.hpp"

namespace {

std::vector<std::string> inert_paths(const std::string& yaml) {
  std::vector<std::string> out;
  for (const auto& p : geosim::analysis::inert_parameters(simtest::compile_yaml(yaml))) out.push_back(p.path);
  return out;
}

}  // namespace

TEST_SUITE("analysis") {

TEST_CASE("inert parameters: only the numbers with no path to an outcome") {
  // used_cost reaches the outcome through the negotiation and the ceasefire it signs; via_event
  // through an event's effect on a variable a drift moves and the outcome reads; lonely feeds an
  // event nobody counts; unread is read by nothing.
  const std::string yaml = R"(geosim: 1
scenario: {name: inert test, horizon_days: 30}
parameters:
  used_cost: {value: {uniform: [0.1, 0.3]}}
  via_event: {value: {uniform: [0.01, 0.02]}}
  lonely: {value: {uniform: [0.01, 0.02]}}
  unread: {value: {normal: {mean: 0, sd: 1}}}
actors:
  A: {name: holder, variables: {unity: 0.5}}
  B: {name: claimant, variables: {resolve: {uniform: [0.2, 0.4]}}}
dynamics:
  - {variable: A.unity, toward: 0.5, rate: 0.1}
events:
  shock: {rate: params.via_event, effects: ["A.unity -= 0.1"]}
  noise: {rate: params.lonely, effects: ["B.resolve += 0.1"]}
negotiation:
  parties: [A, B]
  p_win: 0.5
  costs: [0.3, params.used_cost]
  rate: 0.01
ceasefire:
  breach: {constant: 0}
outcomes:
  deal: {when: "ceasefire.signed > 0"}
  unity: {value: A.unity}
)";
  CHECK(inert_paths(yaml) == std::vector<std::string>{"parameters.lonely.value", "parameters.unread.value", "actors.B.variables.resolve"});
  // Counting the lonely event's firings gives it a path; B's resolve still has none.
  const std::string counted = yaml + "  noises: {count: noise}\n";
  CHECK(inert_paths(counted) == std::vector<std::string>{"parameters.unread.value", "actors.B.variables.resolve"});
  // Reading B's resolve in the demand gives it a path through the negotiation.
  std::string demand = counted;
  demand.replace(demand.find("  rate: 0.01"), 0, "  demand: B.resolve\n");
  CHECK(inert_paths(demand) == std::vector<std::string>{"parameters.unread.value"});
}

}  // TEST_SUITE
