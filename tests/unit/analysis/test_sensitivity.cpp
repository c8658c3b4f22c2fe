// SPDX-License-Identifier: Apache-2.0
// Sensitivity: the Sobol estimators on the Ishigami function (known indices), Morris on a function
// with an inert input, and both methods end to end through a scenario's expressions.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "analysis_test_util.hpp"

namespace {

namespace an = geosim::analysis;

// Ishigami & Homma (1990) with a = 7, b = 0.1 on [-pi, pi]^3. Known indices (e.g. Saltelli et al.
// 2008, Global Sensitivity Analysis: The Primer, and the SALib test suite):
// S1 = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424, 0.2437.
double ishigami(const std::vector<double>& u) {
  const double pi = std::numbers::pi;
  const double x1 = -pi + 2 * pi * u[0], x2 = -pi + 2 * pi * u[1], x3 = -pi + 2 * pi * u[2];
  return std::sin(x1) + 7 * std::sin(x2) * std::sin(x2) + 0.1 * std::pow(x3, 4) * std::sin(x1);
}

const std::string kLinear = R"(geosim: 1
scenario: {name: linear, horizon_days: 10}
parameters:
  a: {value: {uniform: [0, 1]}}
  b: {value: {uniform: [0, 1]}}
  inert: {value: {normal: {mean: 0, sd: 1}}}
outcomes:
  y: {value: "2 * params.a + params.b"}
  event_free: {when: "events.tick.count == 0"}
events:
  tick: {rate: "0.01 + 0.05 * params.a"}
)";

}  // namespace

TEST_SUITE("analysis") {

TEST_CASE("sobol: Ishigami indices within 0.01 of the known values (n = 8192, Saltelli 2010 / Jansen)") {
  const std::size_t n = 8192, k = 3;
  const an::SobolDesign d = an::sobol_design(n, k);
  REQUIRE(d.points.size() == n * (k + 2));
  std::vector<double> f;
  for (const auto& x : d.points) {
    for (double v : x) REQUIRE((v > 0 && v < 1));
    f.push_back(ishigami(x));
  }
  const an::SobolIndices s = an::sobol_indices(n, k, f, 200, 7);
  const double s1[] = {0.3139, 0.4424, 0.0}, st[] = {0.5576, 0.4424, 0.2437};
  // Analytic variance: a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2 = 13.845.
  CHECK(s.variance == doctest::Approx(13.845).epsilon(0.02));
  for (std::size_t i = 0; i < k; ++i) {
    INFO("x" << i + 1 << ": S1 " << s.s1[i] << " [" << s.s1_ci[i].lo << ", " << s.s1_ci[i].hi << "], ST " << s.st[i] << " ["
             << s.st_ci[i].lo << ", " << s.st_ci[i].hi << "]");
    CHECK(std::abs(s.s1[i] - s1[i]) <= 0.01);
    CHECK(std::abs(s.st[i] - st[i]) <= 0.01);
    // The bootstrap intervals are honest: they cover the known values.
    CHECK(s.s1_ci[i].lo <= s1[i]);
    CHECK(s1[i] <= s.s1_ci[i].hi);
    CHECK(s.st_ci[i].lo <= st[i]);
    CHECK(st[i] <= s.st_ci[i].hi);
  }
}

TEST_CASE("morris: an input with no effect ranks last with mu* = 0, and a stronger one ranks first") {
  const std::size_t k = 4, r = 30;
  const an::MorrisDesign d = an::morris_design(k, r, 4, 3);
  REQUIRE(d.points.size() == r * (k + 1));
  CHECK(d.delta == doctest::Approx(2.0 / 3.0));
  // Each step of a trajectory moves exactly one coordinate by +-delta, each coordinate once.
  for (std::size_t t = 0; t < r; ++t) {
    std::vector<int> moved(k, 0);
    for (std::size_t j = 0; j < k; ++j) {
      const auto& a = d.points[t * (k + 1) + j];
      const auto& b = d.points[t * (k + 1) + j + 1];
      int changed = 0;
      for (std::size_t i = 0; i < k; ++i)
        if (a[i] != b[i]) {
          ++changed;
          ++moved[i];
          CHECK(std::abs(std::abs(b[i] - a[i]) - d.delta) < 1e-12);
          CHECK(i == d.factor[t][j]);
        }
      CHECK(changed == 1);
    }
    for (int m : moved) CHECK(m == 1);
  }
  // f = 3 x0 + x1^2 + x0 x3 + 0 * x2: x2 is inert.
  std::vector<double> f;
  for (const auto& x : d.points) f.push_back(3 * x[0] + x[1] * x[1] + x[0] * x[3]);
  const an::MorrisEffects e = an::morris_effects(d, f, 500, 5);
  CHECK(e.mu_star[2] == 0.0);
  CHECK(e.sigma[2] == 0.0);
  CHECK(e.mu_star[0] > e.mu_star[1]);
  CHECK(e.mu_star[0] > e.mu_star[3]);
  for (std::size_t i : {0, 1, 3}) CHECK(e.mu_star[i] > 0.1);
  // x0 interacts with x3, so its effects vary: sigma > 0; x1's effect is linear in steps of delta.
  CHECK(e.sigma[0] > 0);
  CHECK(e.mu_star_ci[0].lo <= e.mu_star[0]);
  CHECK(e.mu_star[0] <= e.mu_star_ci[0].hi);
}

TEST_CASE("sensitivity through a scenario: Morris and Sobol find the inert parameter, Sobol the known shares") {
  const geosim::Model m = antest::compile(kLinear);
  const auto params = an::uncertain_parameters(m);
  REQUIRE(params.size() == 3);
  CHECK(params[0].path == "parameters.a.value");
  CHECK(params[2].path == "parameters.inert.value");

  an::SensitivityOptions o;
  o.method = an::Method::Morris;
  o.runs = 200;
  o.threads = 2;
  o.trajectories = 12;
  const an::Sensitivity mo = an::run_sensitivity(m, o);
  CHECK(mo.points == 12 * 4);
  for (const auto& os : mo.outcomes) {
    INFO(os.id);
    CHECK(os.ranking.back() == 2);
    CHECK(os.parameters[2].mu_star == 0.0);  // common random numbers: an unused input changes nothing
    CHECK(os.ranking.front() == 0);
  }
  // y = 2a + b exactly (no noise): the elementary effects are the quantile-scale slopes 2 and 1.
  CHECK(mo.outcomes[0].parameters[0].mu == doctest::Approx(2.0));
  CHECK(mo.outcomes[0].parameters[1].mu == doctest::Approx(1.0));

  o.method = an::Method::Sobol;
  o.samples = 512;
  o.runs = 50;
  o.bootstrap = 200;
  const an::Sensitivity so = an::run_sensitivity(m, o);
  CHECK(so.points == 512 * 5);
  const auto& y = so.outcomes[0];
  // Var(2a + b) = 4/12 + 1/12: S1 = ST = 0.8 for a, 0.2 for b, 0 for the inert input.
  CHECK(y.parameters[0].s1 == doctest::Approx(0.8).epsilon(0.03));
  CHECK(y.parameters[1].s1 == doctest::Approx(0.2).epsilon(0.1));
  CHECK(y.parameters[0].st == doctest::Approx(0.8).epsilon(0.03));
  CHECK(y.parameters[2].st == 0.0);
  CHECK(std::abs(y.parameters[2].s1) < 0.02);
  CHECK(y.ranking == std::vector<std::size_t>{0, 1, 2});
  for (const auto& os : so.outcomes) CHECK(os.parameters[2].st == 0.0);
}

TEST_CASE("sensitivity: identical results for 1 and 2 threads") {
  const geosim::Model m = antest::compile(kLinear);
  for (auto method : {an::Method::Morris, an::Method::Sobol}) {
    an::SensitivityOptions o;
    o.method = method;
    o.runs = 300;  // two blocks per point
    o.trajectories = 5;
    o.samples = 16;
    o.bootstrap = 50;
    o.threads = 1;
    const an::Sensitivity a = an::run_sensitivity(m, o);
    o.threads = 2;
    const an::Sensitivity b = an::run_sensitivity(m, o);
    for (std::size_t k = 0; k < a.outcomes.size(); ++k)
      for (std::size_t i = 0; i < a.parameters.size(); ++i) {
        const auto& x = a.outcomes[k].parameters[i];
        const auto& y = b.outcomes[k].parameters[i];
        CHECK(((x.mu_star == y.mu_star) || (std::isnan(x.mu_star) && std::isnan(y.mu_star))));
        CHECK(((x.st == y.st) || (std::isnan(x.st) && std::isnan(y.st))));
        CHECK(((x.s1_ci.lo == y.s1_ci.lo) || (std::isnan(x.s1_ci.lo) && std::isnan(y.s1_ci.lo))));
      }
  }
}

TEST_CASE("sensitivity: JSON and CSV documents") {
  const geosim::Model m = antest::compile(kLinear);
  an::SensitivityOptions o;
  o.runs = 20;
  o.trajectories = 4;
  o.bootstrap = 20;
  const an::Sensitivity s = an::run_sensitivity(m, o);
  const auto j = an::sensitivity_json(m, s, geosim::Provenance{});
  CHECK(j.begin().key() == "command");
  CHECK(j["command"] == "sensitivity");
  CHECK(j["settings"]["method"] == "morris");
  CHECK(j["settings"]["model_runs"] == 20 * 4 * 4);
  CHECK(j["outcomes"]["y"]["ranking"][0] == "parameters.a.value");
  CHECK(j["outcomes"]["y"]["parameters"]["parameters.inert.value"]["rank"] == 3);
  CHECK(j["outcomes"]["y"]["parameters"]["parameters.inert.value"]["mu_star"] == 0.0);
  CHECK(an::sensitivity_csv(s).rfind("outcome,parameter,rank,mu_star,", 0) == 0);
}

TEST_CASE("sensitivity: a scenario without uncertain numbers is refused") {
  const geosim::Model m = antest::compile(R"(geosim: 1
scenario: {name: fixed, horizon_days: 10}
outcomes:
  y: {value: "1"}
)");
  CHECK_THROWS_AS(an::run_sensitivity(m, {}), std::invalid_argument);
}

}  // TEST_SUITE
