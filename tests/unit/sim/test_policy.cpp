// SPDX-License-Identifier: Apache-2.0
// A decision's fixed policy (`policy:`, engine/sim/decision.hpp): known answers at fixed seeds.
// On exactly the days its pieces cover the decision takes the policy's action (logged as fixed);
// on the other days it follows its rule with the same draws as without a policy (the decision
// still draws its uniform every step); an unavailable action falls back to the rule; with weekly
// steps a piece covers the steps that start on or after its from_day.
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "sim_test_util.hpp"

namespace {

// A deciding daily (or as `schedule` says) among three actions by logit, for `days` days.
std::string three(const std::string& schedule, const std::string& policy, int days, const std::string& step = "day") {
  return fmt::format(R"Y(geosim: 1
scenario: {{name: policy test, horizon_days: {}, step: {}}}
actors:
  A: {{variables: {{x: {{value: 0, min: 0, max: 100000}}}}}}
decisions:
  pick:
    actor: A
    precision: 1
{}
{}
    actions:
      low: {{utility: 0}}
      mid: {{utility: "if(A.x > 1000, sqrt(-1), 0.5)"}}
      high: {{utility: 1, effects: ["A.x += 1"]}}
outcomes:
  high: {{value: "decisions.pick.high.count"}}
)Y",
                     days, step, schedule, policy);
}

struct Choice {
  double day;
  std::string action;
  bool fixed;
};

std::vector<Choice> choices(const geosim::Model& m, std::uint64_t seed, std::uint64_t run) {
  geosim::RunState rs;
  rs.prepare(m);
  std::vector<geosim::LogEntry> log;
  geosim::run_one(m, seed, run, rs, &log);
  std::vector<Choice> out;
  for (const auto& e : log)
    if (e.kind == geosim::LogEntry::Kind::Decision)
      out.push_back({e.day, m.actions[static_cast<std::size_t>(e.index)].id, e.c != 0.0});
  return out;
}

}  // namespace

TEST_SUITE("sim") {

TEST_CASE("policy: the fixed action on exactly the days its pieces cover, the rule with the same draws elsewhere") {
  const std::string policy = "    policy:\n      - {from_day: 10, action: low}\n      - {from_day: 20, to_day: 30, action: mid}\n"
                             "      - {from_day: 40, action: high}";
  const geosim::Model with = simtest::compile_yaml(three("", policy, 50));
  const geosim::Model without = simtest::compile_yaml(three("", "", 50));
  for (std::uint64_t run = 0; run < 20; ++run) {
    const auto a = choices(with, 5, run), b = choices(without, 5, run);
    REQUIRE(a.size() == 50);
    REQUIRE(b.size() == 50);
    for (std::size_t k = 0; k < a.size(); ++k) {
      const double day = a[k].day;
      INFO("run " << run << " day " << day);
      CHECK(day == static_cast<double>(k));
      const char* forced = day >= 40 ? "high" : day >= 30 ? nullptr : day >= 20 ? "mid" : day >= 10 ? "low" : nullptr;
      if (forced != nullptr) {
        CHECK(a[k].action == forced);
        CHECK(a[k].fixed);
      } else {
        // Days 0-9 and 30-39: the rule, drawing what it would have drawn without the policy.
        CHECK(a[k].action == b[k].action);
        CHECK_FALSE(a[k].fixed);
      }
      CHECK_FALSE(b[k].fixed);
    }
  }
  // The counts over many runs: 10 + 10 days fixed to low and mid, 10 to high, the other 20 days
  // by the logit rule (P(high) = e / (1 + e^0.5 + e)); tolerance 4 binomial standard errors.
  const geosim::Summary s = geosim::run_monte_carlo(with, {2000, 11});
  const double p = std::exp(1.0) / (1 + std::exp(0.5) + std::exp(1.0));
  const double rule_high = (simtest::outcome(s, "high").values.mean - 10) / 20;
  CHECK(std::abs(rule_high - p) < 4 * simtest::binomial_se(p, 2000 * 20));
}

TEST_CASE("policy: an action that is unavailable on a covered day leaves the choice to the rule") {
  // mid's utility is NaN once A.x > 1000, never here; make it unavailable from the start instead.
  std::string yaml = three("", "    policy:\n      - {from_day: 0, action: mid}", 20);
  yaml.replace(yaml.find("A.x > 1000"), 10, "A.x > -1");
  const geosim::Model m = simtest::compile_yaml(yaml);
  for (const auto& c : choices(m, 3, 0)) {
    CHECK(c.action != "mid");
    CHECK_FALSE(c.fixed);
  }
}

TEST_CASE("policy: with weekly steps a piece covers the steps that start on or after its from_day") {
  // Weekly steps start on days 0, 7, 14, ...; a piece from day 10 to 22 covers the steps of days
  // 14 and 21; a weekly decision (every_days: 7) is due every step.
  const geosim::Model m = simtest::compile_yaml(
      three("    every_days: 7", "    policy:\n      - {from_day: 10, to_day: 22, action: low}", 70, "week"));
  for (std::uint64_t run = 0; run < 10; ++run)
    for (const auto& c : choices(m, 9, run)) {
      INFO("run " << run << " day " << c.day);
      const bool covered = c.day == 14 || c.day == 21;
      CHECK(c.fixed == covered);
      if (covered) CHECK(c.action == "low");
    }
}

}  // TEST_SUITE
