// SPDX-License-Identifier: Apache-2.0
// Friedkin-Johnsen over a sparse relation: W stored by its non-zero columns (compressed sparse
// columns) gives the fixed point of the ring written out independently, and the same bits as the
// same W stored densely, also when a member's value is not finite (0 * NaN is NaN in the dense
// product, so the sparse one must multiply densely then).
#include <cstring>
#include <string>

#include <Eigen/Dense>
#include <fmt/format.h>

#include "sim_test_util.hpp"

namespace {

constexpr int kRing = 12;

// kRing actors on a ring, each tied to its two neighbours (weight 0.5 each, diagonal 1, 0
// elsewhere): 3 * kRing non-zero entries of kRing^2, a quarter, so stored sparsely. `extra`
// adds events.
std::string ring_yaml(double noise, const std::string& extra = "") {
  std::string actors, ties, drifts;
  for (int i = 0; i < kRing; ++i) {
    actors += fmt::format("  P{:02d}: {{variables: {{v: {}}}}}\n", i, 0.05 + 0.9 * i / (kRing - 1.0));
    ties += fmt::format("      - [P{:02d}, P{:02d}, 0.5]\n", i, (i + 1) % kRing);
    if (noise > 0) drifts += fmt::format("  - variable: P{:02d}.v\n    toward: 0.5\n    rate: 0.01\n    noise: {}\n", i, noise);
  }
  return fmt::format(R"(geosim: 1
scenario: {{name: ring, step: day, horizon_days: 200}}
actors:
{}relations:
  ring:
    symmetric: true
    default: 0
    diagonal: 1
    values:
{}dynamics:
{}  - influence: v
    relation: ring
    stubbornness: 0.3
{}outcomes:
  a: {{value: P00.v}}
)",
                     actors, ties, drifts, extra);
}

// The same W stored densely (column-major).
geosim::Model densified(geosim::Model m) {
  for (auto& r : m.influences) {
    const std::size_t n = r.members.size();
    r.weights.assign(n * n, 0.0);
    for (std::size_t j = 0; j < n; ++j)
      for (std::uint32_t e = r.col_start[j]; e < r.col_start[j + 1]; ++e) r.weights[j * n + r.row[e]] = r.value[e];
    r.col_start.clear();
    r.row.clear();
    r.value.clear();
  }
  return m;
}

// Runs on both models; how many state values differ in their bits.
int differences(const geosim::Model& a, const geosim::Model& b, int runs) {
  geosim::RunState ra, rb;
  int diff = 0;
  for (int r = 0; r < runs; ++r) {
    geosim::run_one(a, 3, static_cast<std::uint64_t>(r), ra);
    geosim::run_one(b, 3, static_cast<std::uint64_t>(r), rb);
    for (std::size_t i = 0; i < ra.state.size(); ++i) diff += std::memcmp(&ra.state[i], &rb.state[i], sizeof(double)) != 0;
  }
  return diff;
}

}  // namespace

TEST_SUITE("sim") {

TEST_CASE("influence: a sparse relation is stored by columns and reaches the ring's fixed point") {
  const geosim::Model m = simtest::compile_yaml(ring_yaml(0.0));
  REQUIRE(m.influences.size() == 1);
  const geosim::InfluenceRule& r = m.influences[0];
  CHECK(r.sparse());
  CHECK(r.value.size() == static_cast<std::size_t>(3 * kRing));
  // Row-stochastic ring: 1 on the diagonal, 0.5 to each neighbour, so rows sum to 2.
  Eigen::MatrixXd w = Eigen::MatrixXd::Zero(kRing, kRing);
  Eigen::VectorXd x0(kRing);
  for (int i = 0; i < kRing; ++i) {
    w(i, i) = 0.5;
    w(i, (i + 1) % kRing) = w(i, (i + kRing - 1) % kRing) = 0.25;
    x0[i] = 0.05 + 0.9 * i / (kRing - 1.0);
  }
  const double s = 0.3;
  const Eigen::VectorXd fixed =
      (Eigen::MatrixXd::Identity(kRing, kRing) - (1 - s) * w).partialPivLu().solve(s * x0);
  geosim::RunState rs;
  geosim::run_one(m, 1, 0, rs);
  for (int i = 0; i < kRing; ++i) CHECK(rs.state[simtest::slot(m, fmt::format("P{:02d}.v", i))] == doctest::Approx(fixed[i]).epsilon(1e-12));
}

TEST_CASE("influence: sparse and dense storage of the same relation give the same bits") {
  const geosim::Model sparse = simtest::compile_yaml(ring_yaml(0.02));
  REQUIRE(sparse.influences[0].sparse());
  const geosim::Model dense = densified(sparse);
  REQUIRE_FALSE(dense.influences[0].sparse());
  CHECK(differences(sparse, dense, 50) == 0);
  // A member's value becomes NaN on day 198 of 200 (the log of a negative number): the dense
  // product spreads 0 * NaN = NaN to every member at once, and so must the sparse one (along the
  // ties alone it would take six days to reach the far side of the ring).
  const geosim::Model sparse_inf = simtest::compile_yaml(ring_yaml(0.02, R"y(events:
  blowup:
    rate: 1000
    when: "t >= 198"
    repeat: false
    effects: ["P03.v = log(P03.v - 2)"]
)y"));
  const geosim::Model dense_inf = densified(sparse_inf);
  CHECK(differences(sparse_inf, dense_inf, 5) == 0);
  geosim::RunState rs;
  geosim::run_one(sparse_inf, 3, 0, rs);
  CHECK(std::isnan(rs.state[simtest::slot(sparse_inf, "P09.v")]));  // the NaN did spread at once
}

TEST_CASE("influence: a dense relation (most pairs tied) stays dense") {
  std::string yaml = ring_yaml(0.0);
  yaml.replace(yaml.find("default: 0"), 10, "default: 0.2");
  CHECK_FALSE(simtest::compile_yaml(yaml).influences[0].sparse());
}

}  // TEST_SUITE
