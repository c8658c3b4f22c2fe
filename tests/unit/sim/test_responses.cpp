// SPDX-License-Identifier: Apache-2.0
// Graded responses and the response lag (engine/sim/commitments.cpp, perceive in
// engine/sim/commitment.hpp): one draw climbs the ladder while it stays below the honour
// expression at each rung's cost, so with honour = 1 - cost at costs 0.2 and 0.5 the rungs are
// reached with P(L = 0) = 0.2, P(L = 1) = 0.3, P(L = 2) = 0.5; each reached rung's effects apply;
// a lag of D days moves the effects exactly D days later; observers expect each member's chance
// of responding, and `deters` weighs each rung by S_k / S_1.
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "sim_test_util.hpp"

namespace {

// A guarantees D; invoked once, on the first step whose end reaches day 5. `extra` is spliced into
// the commitment, `more` after it (outcomes included).
std::string ladder(const std::string& extra, const std::string& more = "") {
  return fmt::format(R"Y(geosim: 1
scenario: {{name: ladder test, horizon_days: 60}}
actors:
  A: {{variables: {{resolve: 0.7}}}}
  D: {{variables: {{aid: {{value: 0, max: 10}}, arrived: {{value: 0, max: 1000}}, statements: {{value: 0, max: 10}}}}}}
commitments:
  g:
    type: security_guarantee
    guarantors: [A]
    beneficiary: D
    trigger: "t >= 5"
    honour: "1 - cost"
    on_honour: ["D.arrived = t"]
{}
{}
outcomes:
  level: {{value: "commitments.g.members.A.level"}}
  top: {{when: "commitments.g.level >= 2"}}
  reached_first: {{value: "commitments.g.responses.talk.count"}}
  reached_second: {{value: "commitments.g.responses.arms.count"}}
  aid: {{value: "D.aid"}}
  arrived: {{value: "D.arrived"}}
  honoured: {{value: "commitments.g.honoured"}}
)Y",
                     extra, more);
}

const char* kRungs = R"Y(    responses:
      talk: {cost: 0.2, attacker_cost: 0.1, effects: ["D.statements += 1"]}
      arms: {cost: 0.5, attacker_cost: 0.2, attacker_p_win: -0.05, effects: ["D.aid += 1"]})Y";

double mean_of(const geosim::Summary& s, const char* id) { return simtest::outcome(s, id).values.mean; }

}  // namespace

TEST_SUITE("sim") {

TEST_CASE("responses: one draw climbs the ladder, each rung reached at the rate of its own cost") {
  // Tolerance: 4 binomial standard errors over 20,000 runs.
  const std::uint64_t n = 20000;
  const geosim::Summary s = geosim::run_monte_carlo(simtest::compile_yaml(ladder(kRungs)), {n, 3});
  CHECK(std::abs(mean_of(s, "reached_first") - 0.8) < 4 * simtest::binomial_se(0.8, n));
  CHECK(std::abs(mean_of(s, "reached_second") - 0.5) < 4 * simtest::binomial_se(0.5, n));
  CHECK(std::abs(simtest::outcome(s, "top").probability() - 0.5) < 4 * simtest::binomial_se(0.5, n));
  // The level is the number of rungs reached; honour is reaching the first.
  CHECK(mean_of(s, "level") == doctest::Approx(mean_of(s, "reached_first") + mean_of(s, "reached_second")).epsilon(1e-12));
  CHECK(mean_of(s, "honoured") == doctest::Approx(mean_of(s, "reached_first")).epsilon(1e-12));
  // Effects: the second rung's apply exactly when it is reached.
  CHECK(mean_of(s, "aid") == doctest::Approx(mean_of(s, "reached_second")).epsilon(1e-12));
}

TEST_CASE("responses: a lag of D days moves the effects of a response exactly D days later") {
  // Every rung at cost 0: honour = 1, every run responds at the top.
  const std::string free = "    responses:\n      talk: {cost: 0}\n      arms: {cost: 0, effects: [\"D.aid += 1\"]}";
  const geosim::Summary now = geosim::run_monte_carlo(simtest::compile_yaml(ladder(free)), {200, 4});
  const geosim::Summary later = geosim::run_monte_carlo(simtest::compile_yaml(ladder(free + "\n    response_lag_days: 12")), {200, 4});
  // honour = 1 at cost 0: every run responds; `arrived` is the day its on_honour ran.
  CHECK(mean_of(now, "honoured") == 1.0);
  CHECK(simtest::outcome(now, "arrived").values.variance() == 0.0);
  CHECK(mean_of(later, "arrived") == doctest::Approx(mean_of(now, "arrived") + 12).epsilon(1e-12));
  // Pending until then: a run 10 days shorter than the arrival ends with the response on its way.
  const std::string cut = free + "\n    response_lag_days: 12";
  std::string short_run = ladder(cut, "");
  short_run.replace(short_run.find("horizon_days: 60"), 16, "horizon_days: 10");
  geosim::Model m = simtest::compile_yaml(short_run + "  pending: {value: \"commitments.g.pending\"}\n"
                                                       "  responding: {value: \"commitments.g.members.A.responding\"}\n");
  const geosim::Summary s = geosim::run_monte_carlo(m, {50, 4});
  CHECK(mean_of(s, "pending") == 1.0);
  CHECK(mean_of(s, "responding") == 0.0);
  CHECK(mean_of(s, "arrived") == 0.0);
  CHECK(mean_of(s, "aid") == 0.0);
  CHECK(mean_of(s, "level") == 2.0);  // decided at once: only the effects wait
}

TEST_CASE("responses: observers expect each member's chance of responding, and deters weighs the rungs") {
  // With record_weight 0 the perceived credibility is the expected behaviour, 0.8 (the first rung);
  // S_1 = 0.8, S_2 = min(0.8, 0.5) = 0.5, so deters = 0.8 * (0.8 * 0.1 + 0.5 * (0.2 + 0.05)) / 0.8.
  const std::string per = "perception: {record_weight: 0, every_days: 1}\n";
  std::string yaml = ladder(kRungs, per);
  yaml += "  expected_a: {value: \"commitments.g.members.A.expected\"}\n"
          "  deters: {value: \"commitments.g.deters\"}\n"
          "  others: {value: \"mean(commitments.g.guarantors, each.expected)\"}\n";
  yaml.replace(yaml.find("trigger: \"t >= 5\""), 17, "trigger: \"t >= 500\"");  // never invoked: no record moves
  const geosim::Summary s = geosim::run_monte_carlo(simtest::compile_yaml(yaml), {20, 5});
  CHECK(mean_of(s, "expected_a") == doctest::Approx(0.8).epsilon(1e-12));
  CHECK(mean_of(s, "others") == doctest::Approx(0.8).epsilon(1e-12));
  CHECK(mean_of(s, "deters") == doctest::Approx(0.8 * (0.8 * 0.1 + 0.5 * 0.25) / 0.8).epsilon(1e-12));
}

}  // TEST_SUITE
