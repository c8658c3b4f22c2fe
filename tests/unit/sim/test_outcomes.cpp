// SPDX-License-Identifier: Apache-2.0
// Conditional outcomes (`given:`): measured only over runs where the condition holds at the end.
#include <cmath>

#include "sim_test_util.hpp"

namespace {

const char* kTwoEvents = R"(
geosim: 1
scenario: {name: two independent events, horizon_days: 100}
actors: {A: {variables: {x: 0.5}}}
events:
  first: {rate: 0.01}
  second: {rate: 0.005}
outcomes:
  first_by_end: {when: "events.first.count > 0"}
  first_given_second: {when: "events.first.count > 0", given: "events.second.count > 0"}
  second_count_given_first: {count: second, given: "events.first.count > 0"}
  never_counted: {value: "A.x", given: "false"}
)";

}  // namespace

TEST_SUITE("sim") {

TEST_CASE("outcomes: `given` restricts an outcome to the runs where its condition held") {
  const std::uint64_t n = 20000;
  const geosim::Model m = simtest::compile_yaml(kTwoEvents);
  geosim::Summary s;
  const auto rows = simtest::per_run(m, n, 21, &s);
  const double p1 = -std::expm1(-0.01 * 100), p2 = -std::expm1(-0.005 * 100);
  const auto& all = simtest::outcome(s, "first_by_end");
  const auto& cond = simtest::outcome(s, "first_given_second");
  // Runs counted = runs where `second` fired: Binomial(n, p2); tolerance 4 standard errors.
  CHECK(all.n == n);
  CHECK(std::abs(static_cast<double>(cond.n) / n - p2) <= 4 * simtest::binomial_se(p2, n));
  // Independent events: P(first | second) = P(first), within 4 SE of the smaller sample.
  CHECK(std::abs(cond.probability() - p1) <= 4 * simtest::binomial_se(p1, cond.n));
  CHECK(cond.given == "events.second.count > 0");
  // Exact bookkeeping: the conditional counts equal a direct count over the per-run rows.
  std::uint64_t both = 0, second = 0;
  for (const auto& r : rows) {
    const bool s2 = r[1].included;
    second += s2;
    both += s2 && r[1].happened;
    CHECK(r[0].included);
  }
  CHECK(cond.n == second);
  CHECK(cond.happened == both);
  CHECK(simtest::outcome(s, "never_counted").n == 0);
  CHECK(simtest::outcome(s, "second_count_given_first").n == all.happened);
}

}
