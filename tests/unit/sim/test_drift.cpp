// SPDX-License-Identifier: Apache-2.0
// Drift: the Ornstein-Uhlenbeck transition is exact over a step of any length, so daily and
// weekly steps give the same law of the final value:
// mean = target + (x0 - target) e^{-theta T}, var = sigma^2 (1 - e^{-2 theta T}) / (2 theta).
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "sim_test_util.hpp"

namespace {

constexpr double kX0 = 0.2, kTarget = 0.6, kTheta = 0.02, kSigma = 0.05;

std::string drift_yaml(const char* step, int horizon, double noise) {
  return fmt::format(R"(geosim: 1
scenario: {{name: drift test, step: {}, horizon_days: {}}}
actors:
  X: {{variables: {{v: {{value: {}, min: -100, max: 100}}}}}}
dynamics:
  - variable: X.v
    toward: {}
    rate: {}
    noise: {}
outcomes:
  v: {{value: X.v}}
)",
                     step, horizon, kX0, kTarget, kTheta, noise);
}

}  // namespace

TEST_SUITE("sim") {

TEST_CASE("drift: without noise the path is target + (x0 - target) e^{-theta t}, any step") {
  for (int horizon : {1, 10, 100, 365}) {
    for (const char* step : {"day", "week"}) {
      INFO("horizon " << horizon << ", step " << step);
      const geosim::Model m = simtest::compile_yaml(drift_yaml(step, horizon, 0.0));
      geosim::RunState rs;
      rs.prepare(m);
      geosim::run_one(m, 1, 0, rs);
      const double exact = kTarget + (kX0 - kTarget) * std::exp(-kTheta * horizon);
      CHECK(rs.outcomes[0].value == doctest::Approx(exact).epsilon(1e-12));
    }
  }
}

TEST_CASE("drift: with noise, daily and weekly steps match the OU mean and variance") {
  // T = 100 (weekly: 14 weeks + a 2-day step). Tolerances: 4 standard errors of the sample mean,
  // sqrt(var / n), and of the sample variance of a normal sample, var sqrt(2 / (n - 1)); the
  // day-week difference of means within 4 sqrt(2 var / n).
  const int horizon = 100;
  const std::uint64_t n = 20000;
  const double mean = kTarget + (kX0 - kTarget) * std::exp(-kTheta * horizon);
  const double var = kSigma * kSigma * -std::expm1(-2 * kTheta * horizon) / (2 * kTheta);
  const double nn = static_cast<double>(n);
  double means[2] = {0, 0};
  int i = 0;
  for (const char* step : {"day", "week"}) {
    INFO("step " << step);
    const geosim::Model m = simtest::compile_yaml(drift_yaml(step, horizon, kSigma));
    const geosim::Summary s = geosim::run_monte_carlo(m, {n, 61});
    const auto& v = simtest::outcome(s, "v");
    CHECK(std::abs(v.values.mean - mean) <= 4 * std::sqrt(var / nn));
    CHECK(std::abs(v.values.variance() - var) <= 4 * var * std::sqrt(2 / (nn - 1)));
    means[i++] = v.values.mean;
  }
  CHECK(std::abs(means[0] - means[1]) <= 4 * std::sqrt(2 * var / nn));
}

TEST_CASE("drift: the default target is the variable's own initial value") {
  // No `toward`: a variable that starts at its target stays there without noise.
  const std::string yaml = R"(geosim: 1
scenario: {name: drift default, step: week, horizon_days: 50}
actors:
  X: {variables: {v: 0.35}}
dynamics:
  - variable: X.v
    rate: 0.1
outcomes:
  v: {value: X.v}
)";
  const geosim::Model m = simtest::compile_yaml(yaml);
  geosim::RunState rs;
  rs.prepare(m);
  geosim::run_one(m, 1, 0, rs);
  CHECK(rs.outcomes[0].value == 0.35);
}

}  // TEST_SUITE
