// SPDX-License-Identifier: Apache-2.0
// Friedkin-Johnsen influence, x <- (1 - s) W x + s x0 once per day, against its fixed point
// x* = (I - (1 - s) W)^(-1) s x0 and against the iteration written out directly with Eigen.
#include <string>

#include <Eigen/Dense>
#include <fmt/format.h>

#include "sim_test_util.hpp"

namespace {

// Four actors with opinions `v`; E has no `v` and is left out. Directed ties ([A, B, w]: row A,
// column B, A's weight on B's opinion), default 0.1 for unlisted pairs, diagonal 2.
std::string influence_yaml(const char* step, int horizon, double stubbornness, const std::string& actors = "") {
  return fmt::format(R"(geosim: 1
scenario: {{name: influence test, step: {}, horizon_days: {}}}
actors:
  A: {{variables: {{v: 0.9}}}}
  B: {{variables: {{v: 0.1}}}}
  C: {{variables: {{v: 0.5}}}}
  D: {{variables: {{v: 0.3}}}}
  E: {{variables: {{w: 0.7}}}}
relations:
  trust:
    symmetric: false
    default: 0.1
    diagonal: 2
    values: [[A, B, 0.5], [B, C, 1.0], [C, A, 0.3], [D, A, 0.8], [A, D, 0.2]]
dynamics:
  - influence: v
    relation: trust
    stubbornness: {}
{}
outcomes:
  a: {{value: A.v}}
)",
                     step, horizon, stubbornness, actors);
}

// The relation above as a row-stochastic matrix over (A, B, C, D), written out independently.
Eigen::MatrixXd trust_weights() {
  Eigen::MatrixXd w = Eigen::MatrixXd::Constant(4, 4, 0.1);
  w.diagonal().setConstant(2.0);
  w(0, 1) = 0.5;  // A <- B
  w(1, 2) = 1.0;  // B <- C
  w(2, 0) = 0.3;  // C <- A
  w(3, 0) = 0.8;  // D <- A
  w(0, 3) = 0.2;  // A <- D
  for (Eigen::Index i = 0; i < 4; ++i) w.row(i) /= w.row(i).sum();
  return w;
}

Eigen::VectorXd final_opinions(const geosim::Model& m, std::initializer_list<const char*> names) {
  geosim::RunState rs;
  rs.prepare(m);
  geosim::run_one(m, 1, 0, rs);
  Eigen::VectorXd out(static_cast<Eigen::Index>(names.size()));
  Eigen::Index i = 0;
  for (const char* n : names) out[i++] = rs.state[simtest::slot(m, n)];
  return out;
}

}  // namespace

TEST_SUITE("sim") {

TEST_CASE("influence: converges to the Friedkin-Johnsen fixed point (I - (1-s) W)^-1 s x0") {
  // No noise; after 365 daily updates the distance to x* is below 0.7^365 ~ 1e-57, so the
  // comparison is to rounding: 1e-9.
  const double s = 0.3;
  const Eigen::Vector4d x0(0.9, 0.1, 0.5, 0.3);
  const Eigen::MatrixXd w = trust_weights();
  const Eigen::VectorXd fixed =
      (Eigen::MatrixXd::Identity(4, 4) - (1 - s) * w).partialPivLu().solve(s * Eigen::VectorXd(x0));
  for (const char* step : {"day", "week"}) {
    INFO("step " << step);
    const geosim::Model m = simtest::compile_yaml(influence_yaml(step, 365, s));
    const Eigen::VectorXd x = final_opinions(m, {"A.v", "B.v", "C.v", "D.v"});
    INFO("engine " << x.transpose() << "; fixed point " << fixed.transpose());
    CHECK((x - fixed).cwiseAbs().maxCoeff() <= 1e-9);
    // E has no `v` and keeps its other variable.
    geosim::RunState rs;
    rs.prepare(m);
    geosim::run_one(m, 1, 0, rs);
    CHECK(rs.state[simtest::slot(m, "E.w")] == 0.7);
  }
}

TEST_CASE("influence: one update per day, also inside weekly and partial steps") {
  // Horizon 10 days: ten daily updates whatever the step (weekly: 7 + 3). Compared with the
  // recursion written out here, to 1e-12 (rounding only).
  const double s = 0.2;
  const Eigen::VectorXd x0 = Eigen::Vector4d(0.9, 0.1, 0.5, 0.3);
  const Eigen::MatrixXd w = trust_weights();
  for (int days : {1, 3, 10}) {
    Eigen::VectorXd x = x0;
    for (int d = 0; d < days; ++d) x = (1 - s) * w * x + s * x0;
    for (const char* step : {"day", "week"}) {
      INFO("days " << days << ", step " << step);
      const geosim::Model m = simtest::compile_yaml(influence_yaml(step, days, s));
      const Eigen::VectorXd got = final_opinions(m, {"A.v", "B.v", "C.v", "D.v"});
      CHECK((got - x).cwiseAbs().maxCoeff() <= 1e-12);
    }
  }
}

TEST_CASE("influence: an actor subset uses the relation restricted to it, and the others keep their opinions") {
  // Over (A, B, C) only: W restricted to those rows and columns, then row-normalised.
  const double s = 0.4;
  Eigen::MatrixXd w = Eigen::MatrixXd::Constant(3, 3, 0.1);
  w.diagonal().setConstant(2.0);
  w(0, 1) = 0.5;
  w(1, 2) = 1.0;
  w(2, 0) = 0.3;
  for (Eigen::Index i = 0; i < 3; ++i) w.row(i) /= w.row(i).sum();
  const Eigen::Vector3d x0(0.9, 0.1, 0.5);
  const Eigen::VectorXd fixed =
      (Eigen::MatrixXd::Identity(3, 3) - (1 - s) * w).partialPivLu().solve(s * Eigen::VectorXd(x0));
  const geosim::Model m = simtest::compile_yaml(influence_yaml("day", 200, s, "    actors: [A, B, C]"));
  const Eigen::VectorXd x = final_opinions(m, {"A.v", "B.v", "C.v", "D.v"});
  CHECK((x.head(3) - fixed).cwiseAbs().maxCoeff() <= 1e-9);
  CHECK(x[3] == 0.3);
}

TEST_CASE("influence: full stubbornness keeps the initial opinions, and none reaches consensus") {
  const Eigen::Vector4d x0(0.9, 0.1, 0.5, 0.3);
  {
    const geosim::Model m = simtest::compile_yaml(influence_yaml("week", 100, 1.0));
    CHECK((final_opinions(m, {"A.v", "B.v", "C.v", "D.v"}) - Eigen::VectorXd(x0)).cwiseAbs().maxCoeff() <= 1e-15);
  }
  {
    // s = 0: DeGroot; W is primitive, so x converges to (pi' x0) 1 with pi the stationary
    // distribution of W (left eigenvector for eigenvalue 1). Second eigenvalue modulus is well
    // below 0.9, so 2000 days leave < 1e-50 of the initial disagreement.
    const Eigen::MatrixXd w = trust_weights();
    Eigen::EigenSolver<Eigen::MatrixXd> es(w.transpose());
    Eigen::Index k = 0;
    (es.eigenvalues().real().array() - 1.0).abs().minCoeff(&k);
    Eigen::VectorXd pi = es.eigenvectors().col(k).real();
    pi /= pi.sum();
    const double consensus = pi.dot(Eigen::VectorXd(x0));
    const geosim::Model m = simtest::compile_yaml(influence_yaml("week", 2000, 0.0));
    const Eigen::VectorXd x = final_opinions(m, {"A.v", "B.v", "C.v", "D.v"});
    CHECK((x.array() - consensus).abs().maxCoeff() <= 1e-9);
  }
}

}  // TEST_SUITE
