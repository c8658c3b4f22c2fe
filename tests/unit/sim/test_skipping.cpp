// SPDX-License-Identifier: Apache-2.0
// The step loop's shortcuts change no result: re-evaluating conditions only after a discrete
// change (RunState::epoch) and computing run-constant drift and event terms once per run give
// the same final state and outcomes, bit for bit, as evaluating everything every step; so does
// skipping an influence step that starts from its exact fixed point.
// Every shipped scenario, every variant declared in it, weekly steps, and weekly steps over a
// horizon that is not a multiple of a week (the short last step takes the general path).
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "sim_test_util.hpp"
#include "sim/scratch.hpp"

namespace {

std::optional<geosim::Model> compiled(const std::string& path, const geosim::LoadOptions& options) {
  auto sources = std::make_shared<geosim::Sources>();
  geosim::Diagnostics diags;
  auto s = geosim::load_scenario(path, options, diags, sources);
  REQUIRE_MESSAGE(s.has_value(), diags.format(*sources));
  return geosim::compile_model(*s, diags);
}

bool bit_equal(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Runs `runs` runs with and without the shortcuts; returns how many outcome values differ.
int differences(const geosim::Model& m, std::uint64_t runs, int* fired) {
  geosim::RunState fast, slow;
  slow.use_epochs = false;
  int diff = 0;
  for (std::uint64_t r = 0; r < runs; ++r) {
    geosim::run_one(m, 11, r, fast);
    geosim::run_one(m, 11, r, slow);
    for (std::size_t i = 0; i < fast.state.size(); ++i) diff += bit_equal(fast.state[i], slow.state[i]) ? 0 : 1;
    for (std::size_t k = 0; k < fast.outcomes.size(); ++k) {
      const auto& a = fast.outcomes[k];
      const auto& b = slow.outcomes[k];
      diff += (a.happened == b.happened && a.included == b.included && bit_equal(a.value, b.value) && bit_equal(a.time, b.time)) ? 0 : 1;
      *fired += a.happened ? 1 : 0;
    }
  }
  return diff;
}

}  // namespace

TEST_SUITE("sim") {

TEST_CASE("epoch skipping and per-run constants leave every shipped scenario's runs unchanged") {
  int files = 0, models = 0, fired = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(GEOSIM_SOURCE_DIR) + "/scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    ++files;
    auto base = compiled(entry.path().string(), {});
    REQUIRE(base.has_value());
    std::vector<geosim::LoadOptions> configs{{}};
    auto sources = std::make_shared<geosim::Sources>();
    geosim::Diagnostics diags;
    const auto s = geosim::load_scenario(entry.path().string(), {}, diags, sources);
    for (const auto& v : s->variants) configs.push_back({v.name, {}, {}});
    geosim::LoadOptions odd;  // weekly steps over 200 days: the last step is 4 days long
    odd.overrides = {{"scenario.step", "week"}, {"scenario.horizon_days", "200"}};
    configs.push_back(odd);
    geosim::LoadOptions weekly;
    weekly.overrides = {{"scenario.step", "week"}};
    configs.push_back(weekly);
    for (const auto& c : configs) {
      auto m = compiled(entry.path().string(), c);
      if (!m) continue;  // e.g. a step the file does not allow
      ++models;
      INFO(entry.path().filename().string(), " variant '", c.variant, "'");
      CHECK(differences(*m, 150, &fired) == 0);
    }
  }
  CHECK(files >= 5);
  CHECK(models >= 15);
  CHECK(fired > 1000);  // outcomes did happen: the comparison saw conditions turn true
}

}  // TEST_SUITE

TEST_SUITE("sim") {

TEST_CASE("epoch skipping: a discrete change made late in a pass is seen by earlier rules next step") {
  // `second` (continuous active_when and trigger) becomes active at t = 5 and is invoked at
  // t = 10; its honour raises A.level. `first` comes before it and reads only discrete slots
  // (given below). Each change happens after `first` was looked at in that pass, so the next pass
  // must look at it again although no other discrete change happens in between.
  const auto model = [](const char* first_active, const char* first_trigger) {
    return simtest::compile_yaml(fmt::format(R"(geosim: 1
scenario: {{name: pass test, horizon_days: 40}}
actors:
  A: {{name: A, variables: {{level: 0.0}}}}
  B: {{name: B}}
commitments:
  first:
    type: assistance
    guarantors: [A]
    beneficiary: B
    active_when: "{}"
    trigger: "{}"
    honour: 1
  second:
    type: assistance
    guarantors: [A]
    beneficiary: B
    active_when: "t >= 5"
    trigger: "t >= 10"
    honour: 1
    on_honour: ["A.level += 1"]
outcomes:
  first_active: {{when: "commitments.first.active > 0 and A.level >= 0"}}
  first_invoked: {{when: "commitments.first.invoked > 0 and A.level >= 0"}}
)",
                                             first_active, first_trigger));
  };
  SUBCASE("active flags: first follows second's flag from the step after it flips") {
    const geosim::Model m = model("commitments.second.active > 0 and A.level >= 0", "0 > 1");
    CHECK(m.commitments[0].active_discrete);
    CHECK_FALSE(m.commitments[1].active_discrete);
    int fired = 0;
    CHECK(differences(m, 20, &fired) == 0);
    geosim::RunState rs;
    geosim::run_one(m, 1, 0, rs);
    CHECK(rs.outcomes[0].happened);
    CHECK(rs.outcomes[0].time == 7.0);  // active in the step from t = 6 to 7
  }
  SUBCASE("triggers: first is invoked in the step after second's honour raised A.level") {
    const geosim::Model m = model("A.level >= 0", "A.level >= 1 and commitments.second.invoked > 0");
    CHECK(m.commitments[0].trigger_discrete);
    CHECK_FALSE(m.commitments[1].trigger_discrete);
    int fired = 0;
    CHECK(differences(m, 20, &fired) == 0);
    geosim::RunState rs;
    geosim::run_one(m, 1, 0, rs);
    CHECK(rs.outcomes[1].happened);
    CHECK(rs.outcomes[1].time == 12.0);  // invoked in the step from t = 11 to 12
  }
}

TEST_CASE("influence fixed points: a converged step is skipped, and a change to a member is seen") {
  // Friedkin-Johnsen with stubbornness 0.5 reaches an exact fixed point within weeks; a shock to
  // A.v (a repeating event) moves it away again. Skipping must give the same bits as computing
  // every step (a skip that ignored the changed member would keep the old opinions), with daily
  // steps, weekly steps, and weekly steps with a short last one.
  const auto model = [](const char* step, int horizon, double rate) {
    return simtest::compile_yaml(fmt::format(R"(geosim: 1
scenario: {{name: influence skip test, step: {}, horizon_days: {}}}
actors:
  A: {{variables: {{v: 0.9}}}}
  B: {{variables: {{v: 0.1}}}}
  C: {{variables: {{v: 0.5}}}}
relations:
  trust: {{default: 0.2, diagonal: 1, values: [[A, B, 0.6]]}}
dynamics:
  - influence: v
    relation: trust
    stubbornness: 0.5
events:
  shock: {{actor: A, rate: {}, repeat: true, effects: ["A.v -= 0.3"]}}
outcomes:
  shocks: {{count: shock}}
  b: {{value: B.v}}
)",
                                             step, horizon, rate));
  };
  SUBCASE("without shocks the influence reaches a fixed point and is skipped from then on") {
    const geosim::Model m = model("day", 365, 0.0);
    geosim::RunState rs;
    geosim::run_one(m, 1, 0, rs);
    CHECK(rs.scratch->influence_fixed[0] == 1);
  }
  for (const auto& [step, horizon] : {std::pair{"day", 365}, {"week", 364}, {"week", 365}}) {
    INFO("step " << step << ", horizon " << horizon);
    const geosim::Model m = model(step, horizon, 0.02);
    int fired = 0;
    CHECK(differences(m, 20, &fired) == 0);
    CHECK(fired >= 20);  // every run had shocks (at 0.02 a day, most after the first convergence)
  }
}

}  // TEST_SUITE
