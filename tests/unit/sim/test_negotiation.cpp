// SPDX-License-Identifier: Apache-2.0
// Negotiation: the bargaining range lo = max(p - c_B + u/2, demand), hi = min(p + c_A - u/2 -
// cp (1 - security), red_line); no deal when it is empty, else an agreement hazard
// rate * min(1, width / full_width) * (1 + mediation_effect * mediation) * (1 + progress_effect * progress).
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "sim_test_util.hpp"

namespace {

std::string negotiation_yaml(const char* step, int horizon, const std::string& terms, const std::string& extra = "") {
  return fmt::format(R"(geosim: 1
scenario: {{name: negotiation test, step: {}, horizon_days: {}}}
actors:
  A: {{name: holder}}
  B: {{name: claimant}}
  M: {{name: mediator, variables: {{attention: 0.5}}}}
negotiation:
  parties: [A, B]
  p_win: 0.5
  costs: [0.3, 0.3]
{}
ceasefire:
  breach: {{constant: 0}}
{}
outcomes:
  signed: {{when: "ceasefire.signed > 0"}}
  signings: {{value: ceasefire.signed}}
  range: {{value: negotiation.range}}
  settlement: {{value: negotiation.settlement}}
)",
                     step, horizon, terms, extra);
}

}  // namespace

TEST_SUITE("sim") {

TEST_CASE("negotiation: an empty range (demand above red line) never agrees") {
  // lo = max(0.5 - 0.3, 0.8) = 0.8 > hi = min(0.5 + 0.3, 0.6) = 0.6: width -0.2 in every run.
  const geosim::Model m = simtest::compile_yaml(
      negotiation_yaml("day", 365, "  rate: 1.0\n  demand: 0.8\n  red_line: 0.6\n  progress: 1"));
  const geosim::Summary s = geosim::run_monte_carlo(m, {2000, 41});
  CHECK(simtest::outcome(s, "signed").happened == 0);
  const auto& range = simtest::outcome(s, "range");
  CHECK(range.values.min == doctest::Approx(-0.2).epsilon(1e-12));
  CHECK(range.values.max == doctest::Approx(-0.2).epsilon(1e-12));
}

TEST_CASE("negotiation: a wide range agrees at exactly `rate`: P(signed by T) = 1 - exp(-rate T)") {
  // Width 0.6 >= full_width 0.2, no mediator, progress 0: hazard = rate = 0.005, T = 200
  // (weekly: 28 weeks + a 4-day step): p = 1 - e^-1 = 0.632. Tolerance: 4 binomial standard errors.
  const std::uint64_t n = 20000;
  for (const char* step : {"day", "week"}) {
    INFO("step " << step);
    const geosim::Model m = simtest::compile_yaml(negotiation_yaml(step, 200, "  rate: 0.005"));
    const geosim::Summary s = geosim::run_monte_carlo(m, {n, 42});
    const auto& signed_ = simtest::outcome(s, "signed");
    const double p = -std::expm1(-0.005 * 200);
    CHECK(std::abs(signed_.probability() - p) <= 4 * simtest::binomial_se(p, n));
    const double p50 = -std::expm1(-0.005 * 98);  // by day 98, the end of week 14
    CHECK(std::abs(simtest::fired_by(signed_, 98) - p50) <= 4 * simtest::binomial_se(p50, n));
    CHECK(simtest::outcome(s, "range").values.min == doctest::Approx(0.6).epsilon(1e-12));
    // No breach (constant 0): at most one signing; the settlement splits the range, (0.2 + 0.8) / 2.
    CHECK(simtest::outcome(s, "signings").values.max == 1.0);
    CHECK(simtest::outcome(s, "settlement").sorted_values.back() == doctest::Approx(0.5).epsilon(1e-12));
  }
}

TEST_CASE("negotiation: uncertainty, a guaranteed commitment problem, mediation and progress") {
  // u = 0.1, cp = 0.4 with a security guarantee to A (bargaining_effect 0.5, prior [9, 1]:
  // credibility 0.9) -> security 0.45, cp (1 - security) = 0.22.
  // lo = max(0.5 - 0.3 + 0.05, 0) = 0.25, hi = min(0.5 + 0.3 - 0.05 - 0.22, 1) = 0.53: width 0.28.
  // hazard = 0.005 * min(1, 0.28 / 0.4) * (1 + 1.0 * 0.5) * (1 + 0.5 * 0.9) = 0.0076125 per day.
  // T = 120: p = 1 - exp(-0.9135). Tolerance: 4 binomial standard errors.
  const std::string terms =
      "  rate: 0.005\n  full_width: 0.4\n  uncertainty: 0.1\n  commitment_problem: 0.4\n"
      "  mediator: M\n  mediation: M.attention\n  mediation_effect: 1.0\n  progress: 0.9\n  progress_effect: 0.5";
  const std::string guarantee = R"(commitments:
  backstop:
    type: security_guarantee
    guarantors: [M]
    beneficiary: A
    trigger: false
    prior: [9, 1]
    bargaining_effect: 0.5)";
  const std::uint64_t n = 20000;
  const geosim::Model m = simtest::compile_yaml(negotiation_yaml("day", 120, terms, guarantee));
  const geosim::Summary s = geosim::run_monte_carlo(m, {n, 43});
  const double hazard = 0.005 * (0.28 / 0.4) * 1.5 * 1.45;
  const double p = -std::expm1(-hazard * 120);
  CHECK(std::abs(simtest::outcome(s, "signed").probability() - p) <= 4 * simtest::binomial_se(p, n));
  const auto& range = simtest::outcome(s, "range");
  CHECK(range.values.min == doctest::Approx(0.28).epsilon(1e-12));
  CHECK(range.values.max == doctest::Approx(0.28).epsilon(1e-12));
  CHECK(simtest::outcome(s, "settlement").sorted_values.back() == doctest::Approx(0.39).epsilon(1e-12));
}

TEST_CASE("negotiation: talks pause while `when` is false") {
  // when: t >= 100 with rate 0.01, horizon 200: P(signed) = 1 - exp(-0.01 * 100), none before day 100.
  const std::uint64_t n = 20000;
  const geosim::Model m = simtest::compile_yaml(negotiation_yaml("day", 200, "  rate: 0.01\n  when: \"t >= 100\""));
  const geosim::Summary s = geosim::run_monte_carlo(m, {n, 44});
  const auto& signed_ = simtest::outcome(s, "signed");
  CHECK(simtest::fired_by(signed_, 100) == 0.0);
  const double p = -std::expm1(-1.0);
  CHECK(std::abs(signed_.probability() - p) <= 4 * simtest::binomial_se(p, n));
}

TEST_CASE("negotiation: renegotiate: false allows a single ceasefire") {
  // A fast breach (constant 0.2 per day) and fast talks (rate 0.2): with renegotiation many
  // ceasefires are signed within a year; without it, at most one.
  auto signings = [](const char* renegotiate) {
    const std::string yaml = fmt::format(R"(geosim: 1
scenario: {{name: renegotiation, step: day, horizon_days: 365}}
actors: {{A: {{name: A}}, B: {{name: B}}}}
negotiation: {{parties: [A, B], p_win: 0.5, costs: [0.3, 0.3], rate: 0.2}}
ceasefire: {{breach: {{constant: 0.2}}, renegotiate: {}}}
outcomes:
  signings: {{value: ceasefire.signed}}
)",
                                         renegotiate);
    const geosim::Model m = simtest::compile_yaml(yaml);
    return geosim::run_monte_carlo(m, {500, 45});
  };
  CHECK(simtest::outcome(signings("false"), "signings").values.max == 1.0);
  CHECK(simtest::outcome(signings("true"), "signings").values.min > 1.0);
}

}  // TEST_SUITE
