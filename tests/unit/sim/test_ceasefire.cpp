// SPDX-License-Identifier: Apache-2.0
// Ceasefire: a Weibull breach hazard with no modifiers gives survival S(d) = exp(-(d/scale)^shape);
// constant hazard ratios M scale it to S(d)^M. Checked through the Kaplan-Meier curve of the
// `when: ceasefire.breached > 0` first-passage days.
#include <cmath>
#include <initializer_list>
#include <string>

#include <fmt/format.h>

#include "geosim/stats.hpp"
#include "sim_test_util.hpp"

namespace {

std::string ceasefire_yaml(const char* step, int horizon, const std::string& breach, const std::string& extra = "") {
  return fmt::format(R"(geosim: 1
scenario: {{name: ceasefire test, step: {}, horizon_days: {}}}
ceasefire:
  in_force_at_start: true
  breach: {}
{}
outcomes:
  broken: {{when: "ceasefire.breached > 0"}}
  days: {{value: "ceasefire.days"}}
)",
                     step, horizon, breach, extra);
}

// KM survival at each day in `days` against exp(-M (d/scale)^shape). Tolerance: 4 standard
// errors of a binomial proportion at the exact survival (no censoring before the horizon, so
// the KM estimate is the empirical survival).
void check_weibull(const char* step, int horizon, double shape, double scale, std::initializer_list<double> days,
                   std::uint64_t runs, std::uint64_t seed) {
  const std::string breach = fmt::format("{{weibull: {{shape: {}, scale_days: {}}}}}", shape, scale);
  const geosim::Model m = simtest::compile_yaml(ceasefire_yaml(step, horizon, breach));
  const geosim::Summary s = geosim::run_monte_carlo(m, {runs, seed});
  const auto& broken = simtest::outcome(s, "broken");
  const geosim::stats::KaplanMeier km = broken.survival();
  INFO("step " << step << ", shape " << shape << ", scale " << scale);
  for (double d : days) {
    const double exact = std::exp(-std::pow(d / scale, shape));
    INFO("day " << d << ": KM " << km.survival_at(d) << ", exact " << exact);
    CHECK(std::abs(km.survival_at(d) - exact) <= 4 * simtest::binomial_se(exact, runs));
  }
  // Unbroken runs have been in force for the whole horizon.
  const auto& in_force_days = simtest::outcome(s, "days");
  CHECK(in_force_days.sorted_values.back() == horizon);
}

}  // namespace

TEST_SUITE("sim") {

TEST_CASE("ceasefire: Weibull breach, daily steps: KM survival = exp(-(d/scale)^shape)") {
  // Falling hazard (shape 0.6) and rising hazard (shape 1.8).
  check_weibull("day", 365, 0.6, 200, {1, 2, 7, 30, 90, 180, 365}, 20000, 31);
  check_weibull("day", 365, 1.8, 250, {10, 60, 150, 250, 365}, 20000, 32);
}

TEST_CASE("ceasefire: Weibull breach, weekly steps: same survival at ends of steps and at the horizon") {
  // 365 = 52 weeks + a 1-day step; the check at 365 covers the partial last step.
  check_weibull("week", 365, 0.6, 200, {7, 14, 91, 182, 364, 365}, 20000, 33);
  check_weibull("week", 365, 1.8, 250, {7, 63, 154, 252, 364, 365}, 20000, 34);
  // A horizon of 10 days: one week and a 3-day step; a steep early hazard makes the partial step count.
  check_weibull("week", 10, 0.5, 20, {7, 10}, 20000, 35);
}

TEST_CASE("ceasefire: constant breach hazard is exponential") {
  const geosim::Model m = simtest::compile_yaml(ceasefire_yaml("week", 200, "{constant: 0.005}"));
  const std::uint64_t n = 20000;
  const geosim::Summary s = geosim::run_monte_carlo(m, {n, 36});
  const auto km = simtest::outcome(s, "broken").survival();
  for (double d : {7.0, 98.0, 196.0, 200.0}) {
    const double exact = std::exp(-0.005 * d);
    INFO("day " << d);
    CHECK(std::abs(km.survival_at(d) - exact) <= 4 * simtest::binomial_se(exact, n));
  }
}

TEST_CASE("ceasefire: fixed hazard ratios scale the cumulative hazard: S(d) = exp(-M H(d))") {
  // DMZ (0.8 by default, here 0.6), imposition (1.5) and pressure (log hazard ratio 0.4) multiply;
  // M = 0.6 * 1.5 * exp(0.4). Tolerance 4 binomial standard errors at the exact survival.
  const std::string extra = "  dmz: true\n  dmz_effect: 0.6\n  imposed: true\n  pressure: 0.4";
  const geosim::Model m =
      simtest::compile_yaml(ceasefire_yaml("day", 365, "{weibull: {shape: 0.7, scale_days: 300}}", extra));
  const std::uint64_t n = 20000;
  const geosim::Summary s = geosim::run_monte_carlo(m, {n, 37});
  const auto km = simtest::outcome(s, "broken").survival();
  const double mult = 0.6 * 1.5 * std::exp(0.4);
  for (double d : {5.0, 60.0, 200.0, 365.0}) {
    const double exact = std::exp(-mult * std::pow(d / 300.0, 0.7));
    INFO("day " << d);
    CHECK(std::abs(km.survival_at(d) - exact) <= 4 * simtest::binomial_se(exact, n));
  }
}

TEST_CASE("ceasefire: an agreement starts a ceasefire aged from the end of the signing step, with its guarantees") {
  // Talks with a wide range and rate 100 per day sign at step 0 (chance 1 - e^-100), so the
  // ceasefire starts at day 1. A guarantee active while it is in force (prior [9, 1], effect 0.7)
  // at credibility 0.9 against a security guarantee's typical 0.41 gives M = 0.7^(0.9 / 0.41).
  // P(breached by day d) = 1 - exp(-M ((d - 1)/scale)^shape).
  // Tolerance: 4 binomial standard errors.
  const std::string yaml = R"(geosim: 1
scenario: {name: signed ceasefire, step: day, horizon_days: 300}
actors: {A: {name: A}, B: {name: B}, G: {name: G}}
negotiation: {parties: [A, B], p_win: 0.5, costs: [0.3, 0.3], rate: 100}
ceasefire:
  breach: {weibull: {shape: 0.6, scale_days: 200}}
commitments:
  guarantee:
    type: security_guarantee
    guarantors: [G]
    beneficiary: A
    active_when: ceasefire.in_force
    trigger: ceasefire.breach_now
    prior: [9, 1]
outcomes:
  signed: {when: "ceasefire.signed > 0"}
  broken: {when: "ceasefire.breached > 0"}
)";
  const geosim::Model m = simtest::compile_yaml(yaml);
  const std::uint64_t n = 20000;
  const geosim::Summary s = geosim::run_monte_carlo(m, {n, 38});
  const auto& signed_ = simtest::outcome(s, "signed");
  CHECK(signed_.happened == n);
  CHECK(simtest::fired_by(signed_, 1) == 1.0);
  const auto km = simtest::outcome(s, "broken").survival();
  CHECK(km.survival_at(1) == 1.0);  // no breach in the signing step
  for (double d : {2.0, 8.0, 31.0, 101.0, 300.0}) {
    const double exact = std::exp(-std::pow(0.7, 0.9 / 0.41) * std::pow((d - 1) / 200.0, 0.6));
    INFO("day " << d);
    CHECK(std::abs(km.survival_at(d) - exact) <= 4 * simtest::binomial_se(exact, n));
  }
}

}  // TEST_SUITE
