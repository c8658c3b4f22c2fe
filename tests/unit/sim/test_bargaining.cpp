// SPDX-License-Identifier: Apache-2.0
// Two-sided bargaining (issue 16): each party's commitment problem, security counted for the
// party a commitment covers, the security dilemma (raises_fear), demand as a premium over B's
// rational bound, and which bound binds (negotiation.binds.*, Summary::binds). Known answers are
// exact (the bounds are arithmetic on constants); the directions compare probabilities at a
// fixed seed with common random numbers.
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "sim_test_util.hpp"

namespace {

// A holds the issue, B claims it; p_win 0.5 and costs [0.3, 0.3] unless `terms` says otherwise.
std::string bargain_yaml(const std::string& terms, const std::string& extra = "", int horizon = 100) {
  return fmt::format(R"(geosim: 1
scenario: {{name: bargaining test, horizon_days: {}}}
actors:
  A: {{name: holder}}
  B: {{name: claimant}}
  G: {{name: guarantor}}
negotiation:
  parties: [A, B]
{}
ceasefire:
  breach: {{constant: 0}}
{}
outcomes:
  signed: {{when: "ceasefire.signed > 0"}}
  low: {{value: negotiation.low}}
  high: {{value: negotiation.high}}
  steps: {{value: negotiation.steps}}
  demand_share: {{value: "negotiation.binds.demand / negotiation.steps"}}
)",
                     horizon, terms, extra);
}

const geosim::BoundShare& share(const geosim::Summary& s, const char* name) {
  for (const auto& b : s.binds)
    if (b.name == name) return b;
  FAIL("no bound " << name);
  return s.binds.front();
}

double value(const geosim::Summary& s, const char* id) { return simtest::outcome(s, id).values.mean; }

}  // namespace

TEST_SUITE("sim") {

TEST_CASE("which bound binds: exact shares when each bound is made to bind on known days") {
  // Rational bounds 0.5 -+ 0.3 = [0.2, 0.8]. The demand 0.5 from day 40 binds on days 40..99 (60
  // of 100 steps); the red line 0.6 from day 70 on days 70..99 (30). No agreement (rate 0).
  const geosim::Model m = simtest::compile_yaml(bargain_yaml(
      "  p_win: 0.5\n  costs: [0.3, 0.3]\n  rate: 0\n  demand: \"if(t >= 40, 0.5, 0)\"\n  red_line: \"if(t >= 70, 0.6, 1)\""));
  const geosim::Summary s = geosim::run_monte_carlo(m, {600, 7});
  REQUIRE(s.binds.size() == 4);
  CHECK(share(s, "rational_low").share.mean == 40.0 / 100.0);
  CHECK(share(s, "demand").share.mean == 60.0 / 100.0);
  CHECK(share(s, "rational_high").share.mean == 70.0 / 100.0);
  CHECK(share(s, "red_line").share.mean == 30.0 / 100.0);
  CHECK(share(s, "demand").share.n == 600);
  CHECK(share(s, "demand").share.min == share(s, "demand").share.max);  // the same in every run
  CHECK(value(s, "steps") == 100.0);
  CHECK(value(s, "demand_share") == 0.6);
  CHECK(value(s, "low") == 0.5);   // the last step's bounds
  CHECK(value(s, "high") == 0.6);
}

TEST_CASE("which bound binds: a tie goes to the rational bound, and steps under a ceasefire are not counted") {
  // demand 0.2 equals B's rational bound 0.5 - 0.3: the rational bound is said to bind.
  const geosim::Model tie = simtest::compile_yaml(bargain_yaml("  p_win: 0.5\n  costs: [0.3, 0.3]\n  rate: 0\n  demand: 0.2"));
  const geosim::Summary s = geosim::run_monte_carlo(tie, {256, 7});
  CHECK(share(s, "rational_low").share.mean == 1.0);
  CHECK(share(s, "demand").share.mean == 0.0);
  // A ceasefire in force from the start that never breaks: no bargaining step, no run counted.
  const std::string yaml = bargain_yaml("  p_win: 0.5\n  costs: [0.3, 0.3]\n  rate: 0");
  const std::string held = yaml.substr(0, yaml.find("  breach:")) + "  in_force_at_start: true\n" + yaml.substr(yaml.find("  breach:"));
  const geosim::Summary h = geosim::run_monte_carlo(simtest::compile_yaml(held), {256, 7});
  CHECK(value(h, "steps") == 0.0);
  CHECK(share(h, "rational_low").share.n == 0);
}

TEST_CASE("two-sided bargaining: B's commitment problem, cover by commitments to B, fear from commitments to A") {
  // B's rational bound: p - c_B + u/2 + cp_B (1 - cover_B) with fear added to cp_B.
  // The guarantee to B (bargaining_effect 0.5, credibility 9 / (9 + 1)) covers 0.45 of cp_B.
  const std::string to_b =
      "commitments:\n  for_b:\n    type: security_guarantee\n    guarantors: [G]\n    beneficiary: B\n"
      "    trigger: \"false\"\n    prior: [9, 1]\n    bargaining_effect: 0.5\n";
  const std::string force_to_a = "  force_a:\n    type: force_deployment\n    guarantors: [G]\n    beneficiary: A\n"
                                 "    trigger: \"false\"\n    prior: [9, 1]\n    raises_fear: 0.2\n";
  const std::string terms = "  p_win: 0.5\n  costs: [0.3, 0.3]\n  rate: 0\n  commitment_problem_b: 0.1";
  {
    const geosim::Summary s = geosim::run_monte_carlo(simtest::compile_yaml(bargain_yaml(terms)), {256, 3});
    CHECK(value(s, "low") == doctest::Approx(0.3).epsilon(1e-12));  // 0.2 + 0.1
    CHECK(value(s, "high") == doctest::Approx(0.8).epsilon(1e-12));
  }
  {
    const geosim::Summary s = geosim::run_monte_carlo(simtest::compile_yaml(bargain_yaml(terms, to_b)), {256, 3});
    CHECK(value(s, "low") == doctest::Approx(0.2 + 0.1 * 0.55).epsilon(1e-12));
  }
  {
    // The force with A adds 0.2 * 0.9 = 0.18 to B's commitment problem: (0.1 + 0.18) * 0.55.
    const geosim::Summary s = geosim::run_monte_carlo(simtest::compile_yaml(bargain_yaml(terms, to_b + force_to_a)), {256, 3});
    CHECK(value(s, "low") == doctest::Approx(0.2 + 0.28 * 0.55).epsilon(1e-12));
  }
  {
    // A's commitment problem 0.4 is not covered by the guarantee to B (before issue 16 it was).
    const geosim::Summary s =
        geosim::run_monte_carlo(simtest::compile_yaml(bargain_yaml("  p_win: 0.5\n  costs: [0.3, 0.3]\n  rate: 0\n  commitment_problem: 0.4", to_b)), {256, 3});
    CHECK(value(s, "high") == doctest::Approx(0.4).epsilon(1e-12));
  }
}

TEST_CASE("two-sided bargaining: demand as a premium over B's rational bound") {
  // demand_premium 0.15 over p - c_B + u/2 = 0.5 - 0.3 + 0.05: B asks 0.4 and its demand binds;
  // an absolute demand above that (0.45) wins.
  const std::string terms = "  p_win: 0.5\n  costs: [0.3, 0.3]\n  uncertainty: 0.1\n  rate: 0\n  demand_premium: 0.15";
  const geosim::Summary s = geosim::run_monte_carlo(simtest::compile_yaml(bargain_yaml(terms)), {256, 3});
  CHECK(value(s, "low") == doctest::Approx(0.4).epsilon(1e-12));
  CHECK(share(s, "demand").share.mean == 1.0);
  const geosim::Summary a = geosim::run_monte_carlo(simtest::compile_yaml(bargain_yaml(terms + "\n  demand: 0.45")), {256, 3});
  CHECK(value(a, "low") == doctest::Approx(0.45).epsilon(1e-12));
  // The premium moves with B's cost of war, the absolute demand does not.
  const geosim::Summary c = geosim::run_monte_carlo(simtest::compile_yaml(bargain_yaml("  p_win: 0.5\n  costs: [0.3, 0.35]\n  uncertainty: 0.1\n  rate: 0\n  demand_premium: 0.15")), {256, 3});
  CHECK(value(c, "low") == doctest::Approx(0.35).epsilon(1e-12));
}

TEST_CASE("direction: raising B's cost of war makes a deal more likely when the rational bound binds, not when the demand does") {
  // Range [0.5 - c_B, 0.5 + 0.1 - 0.1] = width c_B below full_width 0.2: the agreement hazard is
  // 0.01 * c_B / 0.2 per day, so P(deal by day 100) = 1 - exp(-5 c_B): 0.393 at c_B 0.1, 0.632 at 0.2.
  // Tolerance: 4 binomial standard errors around each closed form.
  const std::uint64_t n = 4000;
  const auto p_deal = [&](double cost_b, const std::string& more) {
    const std::string terms = fmt::format("  p_win: 0.5\n  costs: [0.1, {}]\n  commitment_problem: 0.1\n  rate: 0.01\n  full_width: 0.2{}", cost_b, more);
    return simtest::outcome(geosim::run_monte_carlo(simtest::compile_yaml(bargain_yaml(terms)), {n, 11}), "signed").probability();
  };
  const double low = p_deal(0.1, ""), high = p_deal(0.2, "");
  CHECK(std::abs(low - -std::expm1(-0.5)) <= 4 * simtest::binomial_se(-std::expm1(-0.5), n));
  CHECK(std::abs(high - -std::expm1(-1.0)) <= 4 * simtest::binomial_se(-std::expm1(-1.0), n));
  CHECK(high > low);
  // With B's demand at 0.45 above both rational bounds (0.4, 0.3), its cost of war changes nothing.
  CHECK(p_deal(0.1, "\n  demand: 0.45") == p_deal(0.2, "\n  demand: 0.45"));
}

TEST_CASE("direction: a foreign force with A that raises B's fear lowers the chance of a deal") {
  // Without the force the range is [0.2, 0.8] (width 0.6, full hazard 0.01 per day); the force
  // (raises_fear 0.25 at credibility 0.9) adds 0.225 to B's commitment problem: width 0.375, hazard
  // 0.01 * 0.375 / 0.6. P(deal by day 100): 1 - exp(-1) = 0.632 against 1 - exp(-0.625) = 0.465.
  const std::uint64_t n = 4000;
  const std::string terms = "  p_win: 0.5\n  costs: [0.3, 0.3]\n  rate: 0.01\n  full_width: 0.6";
  const std::string force = "commitments:\n  troops:\n    type: force_deployment\n    guarantors: [G]\n    beneficiary: A\n"
                            "    trigger: \"false\"\n    prior: [9, 1]\n    raises_fear: {}\n";
  const auto p_deal = [&](double fear) {
    return simtest::outcome(geosim::run_monte_carlo(simtest::compile_yaml(bargain_yaml(terms, fmt::format(fmt::runtime(force), fear))), {n, 12}),
                            "signed")
        .probability();
  };
  const double without = p_deal(0.0), with = p_deal(0.25);
  CHECK(std::abs(without - -std::expm1(-1.0)) <= 4 * simtest::binomial_se(-std::expm1(-1.0), n));
  CHECK(std::abs(with - -std::expm1(-0.625)) <= 4 * simtest::binomial_se(-std::expm1(-0.625), n));
  CHECK(with < without);
}

TEST_CASE("war costs move during a run: sanctions that raise B's cost widen the range step by step") {
  // B's cost is 0.1 + RUS-style sanctions, a variable that an event raises by 0.1 once on day 10.
  const std::string yaml = R"(geosim: 1
scenario: {name: moving costs, horizon_days: 30}
actors:
  A: {name: holder}
  B: {name: claimant, variables: {sanctions: 0}}
events:
  sanctions: {rate: 1000, when: "t >= 10", repeat: false, effects: ["B.sanctions += 0.1"]}
negotiation:
  parties: [A, B]
  p_win: 0.5
  costs: [0.3, "0.1 + B.sanctions"]
  rate: 0
ceasefire:
  breach: {constant: 0}
outcomes:
  low: {value: negotiation.low}
)";
  const geosim::Summary s = geosim::run_monte_carlo(simtest::compile_yaml(yaml), {64, 1});
  CHECK(value(s, "low") == doctest::Approx(0.3).epsilon(1e-12));  // 0.5 - 0.2 after the sanctions
}

TEST_CASE("screening offer: the offer and the probability of war match Fearon's closed form for a uniform cost") {
  // B's cost of war is private: uniform on [0.1, 0.4] per run, and A believes exactly that. With
  // p = 0.5 and c_A = 0.1, A offers x* = (p + c_A + p - 0.4) / 2 = 0.35, which B takes when its
  // cost is at least p - x* = 0.15: P(deal) = (0.4 - 0.15) / 0.3 = 5/6, P(war) = (c_hi - 2 c_lo -
  // c_A) / (2 (c_hi - c_lo)) = 1/6 (the risk-return trade-off). Offers come at rate 1 a day for 30
  // days, so every run gets one. Tolerance: 4 binomial standard errors.
  const std::uint64_t n = 4000;
  const std::string extra = "parameters:\n  cost_b: {value: {uniform: [0.1, 0.4]}}\n";
  const auto run = [&](const char* belief, const char* cost) {
    const std::string terms = fmt::format("  p_win: 0.5\n  costs: [0.1, {}]\n  rate: 1\n  offer: screening\n  cost_b_belief: {}", cost, belief);
    std::string yaml = bargain_yaml(terms, "", 30) + "  settlement: {value: negotiation.settlement}\n";
    yaml.replace(yaml.find("actors:"), 0, extra);
    return geosim::run_monte_carlo(simtest::compile_yaml(yaml), {n, 21});
  };
  const geosim::Summary s = run("[0.1, 0.4]", "params.cost_b");
  const double p = 5.0 / 6.0;
  CHECK(std::abs(simtest::outcome(s, "signed").probability() - p) <= 4 * simtest::binomial_se(p, n));
  CHECK(simtest::outcome(s, "settlement").values.max == doctest::Approx(0.35).epsilon(1e-12));
  // A narrower belief [0.3, 0.4]: x* = 0.35 is above t - c_lo = 0.2, so A offers 0.2, which every
  // type in the belief accepts: no war when B's true cost lies in it.
  const geosim::Summary corner = run("[0.3, 0.4]", "0.3");
  CHECK(simtest::outcome(corner, "signed").probability() == 1.0);
  CHECK(simtest::outcome(corner, "settlement").values.max == doctest::Approx(0.2).epsilon(1e-12));
  // The same offer to a B whose cost is lower than A believes (0.2 < 0.3): refused every time.
  CHECK(simtest::outcome(run("[0.3, 0.4]", "0.2"), "signed").happened == 0);
}

}  // TEST_SUITE
