// SPDX-License-Identifier: Apache-2.0
// Parameter uncertainty: a distribution is sampled once per run. Known moments of each family and
// a hazard averaged over an uncertain rate.
#include <algorithm>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "sim_test_util.hpp"

TEST_SUITE("sim") {

TEST_CASE("sampling: initial values follow their distributions (mean and variance)") {
  // n = 20000 runs. Tolerances: 4 standard errors of the sample mean, sqrt(var / n), and of the
  // sample variance, sqrt((mu4 - var^2) / n) with each family's fourth central moment mu4.
  const std::string yaml = R"(geosim: 1
scenario: {name: sampling, step: week, horizon_days: 7}
actors:
  X:
    variables:
      n: {value: {normal: {mean: 0.5, sd: 0.1}}, min: -10, max: 10}
      l: {value: {lognormal: {mu: -1, sigma: 0.5}}, min: 0, max: 100}
      b: {value: {beta: [2, 5]}}
      u: {value: {uniform: [0.2, 0.6]}}
      t: {value: {triangular: [0, 0.2, 1]}}
outcomes:
  n: {value: X.n}
  l: {value: X.l}
  b: {value: X.b}
  u: {value: X.u}
  t: {value: X.t}
)";
  const geosim::Model m = simtest::compile_yaml(yaml);
  const std::uint64_t n = 20000;
  const double nn = static_cast<double>(n);
  const geosim::Summary s = geosim::run_monte_carlo(m, {n, 71});
  struct Moments {
    const char* id;
    double mean, var, mu4;
  };
  // Lognormal: E = e^{mu + s^2/2}, Var = (e^{s^2} - 1) e^{2mu + s^2}; mu4 from raw moments
  // E[X^k] = e^{k mu + k^2 s^2 / 2}. Beta(2, 5): mean 2/7, var 10/392. Uniform: var w^2/12,
  // mu4 w^4/80. Triangular (0, 0.2, 1): mean 0.4, var (a^2+b^2+c^2-ab-ac-bc)/18.
  auto lognormal_raw = [](int k) { return std::exp(k * -1.0 + k * k * 0.25 / 2); };
  const double lm = lognormal_raw(1);
  const double l_mu4 = lognormal_raw(4) - 4 * lm * lognormal_raw(3) + 6 * lm * lm * lognormal_raw(2) - 3 * std::pow(lm, 4);
  // Beta(a, b) central moments from raw moments E[X^k] = prod_{i<k} (a + i)/(a + b + i).
  auto beta_raw = [](int k) {
    double r = 1;
    for (int i = 0; i < k; ++i) r *= (2.0 + i) / (7.0 + i);
    return r;
  };
  const double bm = beta_raw(1);
  const double b_mu4 = beta_raw(4) - 4 * bm * beta_raw(3) + 6 * bm * bm * beta_raw(2) - 3 * std::pow(bm, 4);
  // Triangular: raw moments by numerical integration of the density (Simpson, 20000 panels).
  auto tri_raw = [](int k) {
    auto pdf = [](double x) { return x < 0.2 ? 2 * x / 0.2 : 2 * (1 - x) / 0.8; };
    const int panels = 20000;
    double sum = 0;
    for (int i = 0; i <= panels; ++i) {
      const double x = static_cast<double>(i) / panels;
      const double w = (i == 0 || i == panels) ? 1 : (i % 2 ? 4 : 2);
      sum += w * std::pow(x, k) * pdf(x);
    }
    return sum / (3.0 * panels);
  };
  const double tm = tri_raw(1);
  const double t_var = tri_raw(2) - tm * tm;
  const double t_mu4 = tri_raw(4) - 4 * tm * tri_raw(3) + 6 * tm * tm * tri_raw(2) - 3 * std::pow(tm, 4);
  const Moments cases[] = {
      {"n", 0.5, 0.01, 3 * 1e-4},
      {"l", lm, (std::exp(0.25) - 1) * std::exp(-2 + 0.25), l_mu4},
      {"b", 2.0 / 7.0, 10.0 / 392.0, b_mu4},
      {"u", 0.4, 0.16 / 12, std::pow(0.4, 4) / 80},
      {"t", 0.4, (0.04 + 1 - 0.2) / 18, t_mu4},
  };
  CHECK(tm == doctest::Approx(0.4).epsilon(1e-9));
  CHECK(t_var == doctest::Approx(0.84 / 18).epsilon(1e-9));
  for (const auto& c : cases) {
    INFO("variable " << c.id);
    const auto& v = simtest::outcome(s, c.id);
    CHECK(std::abs(v.values.mean - c.mean) <= 4 * std::sqrt(c.var / nn));
    CHECK(std::abs(v.values.variance() - c.var) <= 4 * std::sqrt((c.mu4 - c.var * c.var) / nn));
  }
}

TEST_CASE("sampling: an uncertain event rate: P(fired by T) = 1 - E[exp(-lambda T)]") {
  // lambda ~ uniform[a, b] once per run: E[exp(-lambda T)] = (e^{-aT} - e^{-bT}) / ((b - a) T).
  // a = 0.001, b = 0.02, T = 100: p = 0.4537; a fixed rate at the mean (0.0105) would give 0.650.
  // Tolerance: 4 binomial standard errors.
  const std::string yaml = R"(geosim: 1
scenario: {name: uncertain rate, step: day, horizon_days: 100}
events:
  shock: {rate: {uniform: [0.001, 0.02]}}
outcomes:
  fired: {when: "events.shock.count > 0"}
)";
  const geosim::Model m = simtest::compile_yaml(yaml);
  const std::uint64_t n = 20000;
  const geosim::Summary s = geosim::run_monte_carlo(m, {n, 72});
  const double a = 0.001, b = 0.02, t = 100;
  const double p = 1 - (std::exp(-a * t) - std::exp(-b * t)) / ((b - a) * t);
  CHECK(std::abs(simtest::outcome(s, "fired").probability() - p) <= 4 * simtest::binomial_se(p, n));
}

TEST_CASE("sampling: a drift with no `toward` returns to the run's own sampled initial value") {
  // Without noise, a variable that starts at its target stays there exactly, whatever it drew.
  const std::string yaml = R"(geosim: 1
scenario: {name: sampled target, step: day, horizon_days: 30}
actors:
  X: {variables: {v: {value: {uniform: [0.2, 0.6]}}}}
dynamics:
  - variable: X.v
    rate: 0.3
outcomes:
  v: {value: X.v}
)";
  const geosim::Model m = simtest::compile_yaml(yaml);
  const geosim::Slot v = simtest::slot(m, "X.v");
  const geosim::Slot target = simtest::slot(m, "#X.v.initial");
  geosim::RunState rs;
  rs.prepare(m);
  int moved = 0;
  double lo = 1, hi = 0;
  for (std::uint64_t run = 0; run < 200; ++run) {
    geosim::run_one(m, 5, run, rs);
    if (rs.state[v] != rs.state[target]) ++moved;
    lo = std::min(lo, rs.state[v]);
    hi = std::max(hi, rs.state[v]);
  }
  CHECK(moved == 0);
  CHECK(lo < hi);  // the draws do differ between runs
}

}  // TEST_SUITE
