// SPDX-License-Identifier: Apache-2.0
// Sweeps: grid axes, Latin hypercube strata, quantiles of the declared distributions, and the
// point evaluator's independence from the thread count.
#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "analysis_test_util.hpp"

namespace {

namespace an = geosim::analysis;

const std::string kScenario = R"(geosim: 1
scenario: {name: sweep test, horizon_days: 100}
parameters:
  p: {value: {triangular: [0, 0.2, 1]}}
actors:
  A: {variables: {x: {value: {normal: {mean: 0.5, sd: 0.2}}}}}
dynamics:
  - variable: A.x
    rate: 0.05
    noise: 0.02
events:
  shock: {rate: "0.01 * params.p"}
outcomes:
  shocked: {when: "events.shock.count > 0"}
  x_end: {value: "A.x"}
)";

}  // namespace

TEST_SUITE("analysis") {

TEST_CASE("sweep: grid axes parse, include both ends, and combine with the last axis fastest") {
  const an::GridAxis a = an::parse_grid_axis("events.shock.rate=0.01:0.05:5");
  CHECK(a.path == "events.shock.rate");
  const auto v = a.values();
  REQUIRE(v.size() == 5);
  CHECK(v.front() == 0.01);
  CHECK(v.back() == 0.05);
  CHECK(v[2] == doctest::Approx(0.03));
  CHECK(an::parse_grid_axis("x=3:3:1").values() == std::vector<double>{3});
  for (const char* bad : {"x", "=1:2:3", "x=1:2", "x=1:2:0", "x=1:2:2.5", "x=a:2:3", "x=1:2:3:4", "x=1:1:3"})
    CHECK_THROWS_AS(an::parse_grid_axis(bad), std::invalid_argument);
  const auto g = an::grid_points({an::parse_grid_axis("a=0:1:2"), an::parse_grid_axis("b=10:30:3")});
  REQUIRE(g.size() == 6);
  CHECK(g[0] == std::vector<double>{0, 10});
  CHECK(g[1] == std::vector<double>{0, 20});
  CHECK(g[3] == std::vector<double>{1, 10});
}

TEST_CASE("sweep: a Latin hypercube puts exactly one point in each stratum of each column") {
  const std::size_t n = 37, k = 4;
  const auto h = an::latin_hypercube(n, k, 99);
  REQUIRE(h.size() == n);
  for (std::size_t j = 0; j < k; ++j) {
    std::set<std::size_t> strata;
    for (const auto& row : h) {
      REQUIRE((row[j] >= 0 && row[j] < 1));
      strata.insert(static_cast<std::size_t>(row[j] * n));
    }
    CHECK(strata.size() == n);
  }
  CHECK(an::latin_hypercube(n, k, 99) == h);
  CHECK(an::latin_hypercube(n, k, 100) != h);
}

TEST_CASE("uncertain parameters: quantiles of each distribution, and a drift copy counted once") {
  const geosim::Model m = antest::compile(kScenario);
  const auto params = an::uncertain_parameters(m);
  // A.x drifts toward its own initial draw, which the model keeps as a second sampled slot with the
  // same stream: one parameter.
  REQUIRE(params.size() == 2);
  CHECK(params[0].path == "parameters.p.value");
  CHECK(params[1].sampled.size() == 2);
  geosim::Distribution d;
  d.kind = geosim::Distribution::Kind::Normal;
  d.a = 1;
  d.b = 2;
  CHECK(an::quantile(d, 0.5) == doctest::Approx(1));
  CHECK(an::quantile(d, 0.975) == doctest::Approx(1 + 2 * 1.959964));
  d.kind = geosim::Distribution::Kind::Uniform;
  d.a = 2;
  d.b = 4;
  CHECK(an::quantile(d, 0.25) == doctest::Approx(2.5));
  // Triangular(0, mode 0.2, 1): F(0.2) = 0.2.
  CHECK(an::quantile(params[0].dist, 0.2) == doctest::Approx(0.2));
  d.kind = geosim::Distribution::Kind::Beta;
  d.a = 2;
  d.b = 2;
  CHECK(an::quantile(d, 0.5) == doctest::Approx(0.5));
  d.kind = geosim::Distribution::Kind::LogNormal;
  d.a = 0;
  d.b = 1;
  CHECK(an::quantile(d, 0.5) == doctest::Approx(1));
  CHECK(std::isfinite(an::quantile(d, 0.0)));

  // Fixing the parameters fixes every slot, the copy included.
  geosim::Model fixed = m;
  an::fix_parameters(fixed, params, {0.3, 0.7});
  for (const auto& s : fixed.sampled) CHECK(s.dist.kind == geosim::Distribution::Kind::Fixed);
  CHECK(fixed.sampled[params[1].sampled[1]].dist.a == 0.7);
}

TEST_CASE("evaluate_points: the same figures for 1 and 3 threads, and the same seed at every point") {
  const geosim::Model m = antest::compile(kScenario);
  const auto params = an::uncertain_parameters(m);
  const auto h = an::latin_hypercube(6, params.size(), 5);
  std::vector<std::vector<double>> values;
  for (const auto& q : h) values.push_back({an::parameter_value(params[0], q[0]), an::parameter_value(params[1], q[1])});
  values.push_back(values[0]);  // a repeated point gives the very same estimate
  auto model_for = [&](std::size_t p, geosim::Model& scratch) -> const geosim::Model& {
    an::fix_parameters(scratch, params, values[p]);
    return scratch;
  };
  an::PointsOptions o;
  o.runs = 700;  // three blocks, the last one partial
  o.seed = 4;
  o.threads = 1;
  const auto a = an::evaluate_points(m, values.size(), model_for, o);
  o.threads = 3;
  const auto b = an::evaluate_points(m, values.size(), model_for, o);
  REQUIRE(a.size() == values.size());
  REQUIRE(b.size() == values.size());
  for (std::size_t p = 0; p < a.size(); ++p)
    for (std::size_t k = 0; k < m.outcomes.size(); ++k) {
      CHECK(a[p].outcomes[k].values.n == 700);
      CHECK(a[p].outcomes[k].values.mean == b[p].outcomes[k].values.mean);
      CHECK(a[p].outcomes[k].values.m2 == b[p].outcomes[k].values.m2);
      CHECK(a[p].outcomes[k].happened == b[p].outcomes[k].happened);
    }
  CHECK(a.back().outcomes[1].values.mean == a[0].outcomes[1].values.mean);
  // Fixing A.x at its value: the end value's spread is the drift noise alone, smaller than with
  // the initial value drawn per run.
  an::PointsOptions full = o;
  const auto free_run = an::evaluate_points(m, 1, [&m](std::size_t, geosim::Model&) -> const geosim::Model& { return m; }, full);
  CHECK(a[0].outcomes[1].values.variance() < free_run[0].outcomes[1].values.variance());
}

TEST_CASE("sweep: JSON and CSV documents") {
  const geosim::Model m = antest::compile(kScenario);
  an::Sweep s;
  s.design = "grid";
  s.axes = {an::parse_grid_axis("events.shock.rate=0.01:0.02:2")};
  s.parameters = {"events.shock.rate"};
  s.values = an::grid_points(s.axes);
  s.runs = 50;
  s.seed = 1;
  an::PointsOptions o;
  o.runs = 50;
  s.points = an::evaluate_points(m, 2, [&m](std::size_t, geosim::Model&) -> const geosim::Model& { return m; }, o);
  const auto j = an::sweep_json(m, s, geosim::Provenance{});
  CHECK(j.begin().key() == "command");
  CHECK(j["command"] == "sweep");
  CHECK(j["points"].size() == 2);
  CHECK(j["points"][1]["parameters"]["events.shock.rate"] == 0.02);
  CHECK(j["points"][0]["outcomes"]["shocked"]["ci95"].size() == 2);
  const std::string csv = an::sweep_csv(m, s);
  CHECK(csv.rfind("point,events.shock.rate,shocked,shocked_lo,shocked_hi,x_end,x_end_lo,x_end_hi\n", 0) == 0);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 3);
}

}  // TEST_SUITE
