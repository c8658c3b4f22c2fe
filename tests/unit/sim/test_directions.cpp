// SPDX-License-Identifier: Apache-2.0
// Policy directions with common random numbers: the same seed gives each variant the same breach
// draws (streams are keyed by name), so a lower hazard can only delay or avoid each run's breach.
// Each variant's breach probability is also checked against 1 - exp(-M H(T)), M its hazard ratio.
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "sim_test_util.hpp"

namespace {

constexpr double kShape = 0.8, kScale = 300.0;
constexpr int kHorizon = 365;

std::string direction_yaml(const std::string& ceasefire_extra, const std::string& commitments) {
  return fmt::format(R"(geosim: 1
scenario: {{name: direction test, step: day, horizon_days: {}}}
actors:
  X: {{name: protected}}
  G: {{name: guarantor}}
ceasefire:
  in_force_at_start: true
  breach: {{weibull: {{shape: {}, scale_days: {}}}}}
{}
{}
outcomes:
  broken: {{when: "ceasefire.breached > 0"}}
)",
                     kHorizon, kShape, kScale, ceasefire_extra, commitments);
}

std::string commitment(const char* type, const char* prior) {
  return fmt::format(R"(commitments:
  pledge:
    type: {}
    guarantors: [G]
    beneficiary: X
    active_when: ceasefire.in_force
    trigger: ceasefire.breach_now
    prior: {})",
                     type, prior);
}

struct Direction {
  const char* name;
  std::string ceasefire_extra, commitments;
  double multiplier;  // hazard ratio implied by the documented defaults
};

}  // namespace

TEST_SUITE("sim") {

TEST_CASE("directions: guarantees, monitoring and forces lower the breach probability, and imposition raises it") {
  const std::uint64_t n = 20000, seed = 51;
  geosim::Summary base;
  const geosim::Model base_model = simtest::compile_yaml(direction_yaml("", ""));
  const auto base_rows = simtest::per_run(base_model, n, seed, &base);
  const std::size_t broken = simtest::outcome_index(base_model, "broken");
  const auto& b = simtest::outcome(base, "broken");
  const double h = std::pow(kHorizon / kScale, kShape);
  // Bare ceasefire: 1 - exp(-H(T)). Tolerance: 4 binomial standard errors.
  CHECK(std::abs(b.probability() - -std::expm1(-h)) <= 4 * simtest::binomial_se(-std::expm1(-h), n));

  // Multipliers effect ^ (credibility / typical) with the type defaults (effect; typical
  // credibility, the mean of the type's default prior): security_guarantee 0.7 with prior [9, 1]
  // -> 0.7^(0.9 / 0.41); monitoring 0.8, [5, 5] -> 0.8; force_deployment 0.5, [5, 5] -> 0.5;
  // DMZ 0.8; imposed 1.5.
  const Direction cases[] = {
      {"credible guarantee", "", commitment("security_guarantee", "[9, 1]"), std::pow(0.7, 0.9 / 0.41)},
      {"monitoring", "", commitment("monitoring", "[5, 5]"), 0.8},
      {"force deployment", "", commitment("force_deployment", "[5, 5]"), 0.5},
      {"demilitarised zone", "  dmz: true", "", 0.8},
      {"imposed", "  imposed: true", "", 1.5},
  };
  for (const Direction& d : cases) {
    INFO(d.name);
    geosim::Summary s;
    const auto rows = simtest::per_run(simtest::compile_yaml(direction_yaml(d.ceasefire_extra, d.commitments)), n, seed, &s);
    const auto& v = simtest::outcome(s, "broken");
    const bool lowers = d.multiplier < 1;
    if (lowers) CHECK(v.happened < b.happened);
    else CHECK(v.happened > b.happened);
    // Pathwise, run by run (times are in run order): a lower hazard never brings a breach
    // earlier, a higher one never delays it.
    std::uint64_t violations = 0;
    for (std::size_t i = 0; i < base_rows.size(); ++i) {
      const auto& lo = lowers ? rows[i][broken] : base_rows[i][broken];
      const auto& hi = lowers ? base_rows[i][broken] : rows[i][broken];
      if (lo.happened && (!hi.happened || hi.time > lo.time)) ++violations;
    }
    CHECK(violations == 0);
    // Known answer: 1 - exp(-M H(T)), within 4 binomial standard errors.
    const double p = -std::expm1(-d.multiplier * h);
    CHECK(std::abs(v.probability() - p) <= 4 * simtest::binomial_se(p, n));
  }
}

TEST_CASE("directions: a more credible guarantee lowers the hazard more") {
  // prior [1, 9] (credibility 0.1): M = 0.7^(0.1 / 0.41) = 0.92; prior [9, 1]: M = 0.7^(0.9 / 0.41) = 0.46.
  const std::uint64_t n = 5000, seed = 52;
  const auto weak = geosim::run_monte_carlo(
      simtest::compile_yaml(direction_yaml("", commitment("security_guarantee", "[1, 9]"))), {n, seed});
  const auto strong = geosim::run_monte_carlo(
      simtest::compile_yaml(direction_yaml("", commitment("security_guarantee", "[9, 1]"))), {n, seed});
  CHECK(simtest::outcome(strong, "broken").happened < simtest::outcome(weak, "broken").happened);
}

}  // TEST_SUITE
