// SPDX-License-Identifier: Apache-2.0
// Commitments: invocation on a trigger's rising edge, honour drawn with the honour expression's
// probability, and the Beta record of honour (credibility = honoured / (honoured + reneged)).
#include <array>
#include <cmath>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "sim_test_util.hpp"

namespace {

// One guarantor A (or the bloc G of A, C, D; resolve 1, 0, 1), one beneficiary B; `extra` is spliced into the
// commitment. A second commitment `other` of A is never triggered: it only receives spillover.
std::string commitment_yaml(const std::string& step, int horizon, const std::string& guarantors,
                            const std::string& extra) {
  return fmt::format(R"(geosim: 1
scenario: {{name: commitment test, step: {}, horizon_days: {}}}
actors:
  A: {{name: A, variables: {{resolve: 1.0}}}}
  B: {{name: B}}
  C: {{name: C, variables: {{resolve: 0.0}}}}
  D: {{name: D, variables: {{resolve: 1.0}}}}
blocs:
  G: {{members: [A, C, D]}}
commitments:
  pledge:
    type: assistance
    guarantors: {}
    beneficiary: B
{}
  other:
    type: assistance
    guarantors: [A]
    beneficiary: B
    trigger: false
    prior: [1, 1]
outcomes:
  invoked: {{value: "commitments.pledge.invoked"}}
  honoured: {{value: "commitments.pledge.honoured"}}
  reneged: {{value: "commitments.pledge.reneged"}}
  credibility: {{value: "commitments.pledge.credibility"}}
)",
                     step, horizon, guarantors, extra);
}

}  // namespace

TEST_SUITE("sim") {

TEST_CASE("commitments: fixed honour probability, one invocation per run: honoured ~ Binomial(n, 0.7)") {
  // Tolerance: 4 standard errors of a binomial proportion, sqrt(0.7 * 0.3 / n).
  const std::uint64_t n = 20000;
  for (const char* step : {"day", "week"}) {
    INFO("step " << step);
    const geosim::Model m = simtest::compile_yaml(
        commitment_yaml(step, 30, "[A]", "    trigger: \"t >= 10\"\n    honour: 0.7"));
    const geosim::Summary s = geosim::run_monte_carlo(m, {n, 101});
    const auto& invoked = simtest::outcome(s, "invoked");
    CHECK(invoked.values.min == 1.0);  // exactly one invocation in every run
    CHECK(invoked.values.max == 1.0);
    const auto& honoured = simtest::outcome(s, "honoured");
    const auto& reneged = simtest::outcome(s, "reneged");
    CHECK(honoured.values.max <= 1.0);
    CHECK(honoured.values.mean + reneged.values.mean == doctest::Approx(1.0).epsilon(1e-12));
    CHECK(std::abs(honoured.values.mean - 0.7) <= 4 * simtest::binomial_se(0.7, n));
  }
}

TEST_CASE("commitments: a bloc's members decide independently: honoured per run ~ Binomial(3, 0.7)") {
  // Each frequency of 0..3 honours within 4 standard errors of its binomial proportion.
  const std::uint64_t n = 20000;
  const geosim::Model m =
      simtest::compile_yaml(commitment_yaml("day", 30, "G", "    trigger: \"t >= 10\"\n    honour: 0.7"));
  const geosim::Summary s = geosim::run_monte_carlo(m, {n, 102});
  const auto& honoured = simtest::outcome(s, "honoured");
  std::array<std::uint64_t, 4> freq{};
  REQUIRE(honoured.sorted_values.front() >= 0.0);
  REQUIRE(honoured.sorted_values.back() <= 3.0);
  for (double v : honoured.sorted_values) ++freq[static_cast<std::size_t>(v)];
  // sorted_values holds every run up to kValueSample runs, else a uniform subsample of that size.
  const std::uint64_t kept = honoured.sorted_values.size();
  REQUIRE(kept == std::min<std::uint64_t>(n, geosim::kValueSample));
  const std::array<double, 4> exact = {0.027, 0.189, 0.441, 0.343};  // C(3,k) 0.7^k 0.3^(3-k)
  for (std::size_t k = 0; k < 4; ++k) {
    INFO("k = " << k);
    CHECK(std::abs(static_cast<double>(freq[k]) / static_cast<double>(kept) - exact[k]) <= 4 * simtest::binomial_se(exact[k], kept));
  }
}

TEST_CASE("commitments: default honour is the credibility, the Beta prior's mean") {
  // prior [9, 1] and honour defaulting to `credibility`: P(honour) = 9 / 10. Tolerance 4 SE.
  const std::uint64_t n = 20000;
  const geosim::Model m = simtest::compile_yaml(
      commitment_yaml("day", 30, "[A]", "    trigger: \"t >= 10\"\n    prior: [9, 1]"));
  const geosim::Summary s = geosim::run_monte_carlo(m, {n, 103});
  CHECK(std::abs(simtest::outcome(s, "honoured").values.mean - 0.9) <= 4 * simtest::binomial_se(0.9, n));
}

TEST_CASE("commitments: the honour expression sees each guarantor's own state, cost and binding, clamped") {
  // Exact in every run: P = 1 or 0. Per run, counts of honours.
  auto honours = [](const std::string& guarantors, const std::string& extra) {
    const geosim::Model m = simtest::compile_yaml(
        commitment_yaml("day", 30, guarantors, "    trigger: \"t >= 10\"\n" + extra));
    const geosim::Summary s = geosim::run_monte_carlo(m, {500, 104});
    const auto& h = simtest::outcome(s, "honoured");
    return std::pair{h.values.min, h.values.max};
  };
  // self.resolve is 1 for A and D, 0 for C: exactly two honours per invocation.
  CHECK(honours("G", "    honour: self.resolve") == std::pair{2.0, 2.0});
  // Clamped to [0, 1].
  CHECK(honours("[A]", "    honour: 1.7") == std::pair{1.0, 1.0});
  CHECK(honours("[A]", "    honour: \"-0.5\"") == std::pair{0.0, 0.0});
  CHECK(honours("[A]", "    honour: binding\n    binding: false") == std::pair{0.0, 0.0});
  CHECK(honours("[A]", "    honour: binding\n    binding: true") == std::pair{1.0, 1.0});
  CHECK(honours("[A]", "    honour: \"cost * 4\"\n    cost: 0.25") == std::pair{1.0, 1.0});
  // cost as a probability: Binomial(n, 0.25), within 4 binomial standard errors.
  const geosim::Model m = simtest::compile_yaml(
      commitment_yaml("day", 30, "[A]", "    trigger: \"t >= 10\"\n    honour: cost\n    cost: 0.25"));
  const std::uint64_t n = 20000;
  const geosim::Summary s = geosim::run_monte_carlo(m, {n, 105});
  CHECK(std::abs(simtest::outcome(s, "honoured").values.mean - 0.25) <= 4 * simtest::binomial_se(0.25, n));
}

TEST_CASE("commitments: Beta record update after honour and after renege, with spillover") {
  // Exact arithmetic: prior [a, b] = [3, 2]; after an honour credibility = (a+1)/(a+b+1) = 4/6,
  // after a renege a/(a+b+1) = 3/6. The guarantor's other commitment (prior [1, 1]) receives
  // spillover s = 0.25 of the update: (1 + s)/(2 + s) after an honour, 1/(2 + s) after a renege.
  const std::string common = "    trigger: \"t >= 10\"\n    prior: [3, 2]\n    spillover: 0.25\n";
  struct Case {
    const char* honour;
    double pledge, other;
  };
  for (const Case& c : {Case{"1", 4.0 / 6.0, 1.25 / 2.25}, Case{"0", 3.0 / 6.0, 1.0 / 2.25}}) {
    INFO("honour " << c.honour);
    const geosim::Model m =
        simtest::compile_yaml(commitment_yaml("day", 30, "[A]", common + "    honour: " + c.honour));
    geosim::RunState rs;
    rs.prepare(m);
    geosim::run_one(m, 7, 0, rs);
    CHECK(rs.state[simtest::slot(m, "commitments.pledge.invoked")] == 1.0);
    CHECK(rs.state[simtest::slot(m, "commitments.pledge.credibility")] == doctest::Approx(c.pledge).epsilon(1e-14));
    CHECK(rs.state[simtest::slot(m, "commitments.other.credibility")] == doctest::Approx(c.other).epsilon(1e-14));
  }
  // Before any invocation the credibility is the prior mean a / (a + b) = 3/5.
  const geosim::Model before = simtest::compile_yaml(commitment_yaml("day", 9, "[A]", common + "    honour: 1"));
  geosim::RunState rs;
  rs.prepare(before);
  geosim::run_one(before, 7, 0, rs);
  CHECK(rs.state[simtest::slot(before, "commitments.pledge.invoked")] == 0.0);
  CHECK(rs.state[simtest::slot(before, "commitments.pledge.credibility")] == doctest::Approx(0.6).epsilon(1e-14));
  CHECK(rs.state[simtest::slot(before, "commitments.other.credibility")] == doctest::Approx(0.5).epsilon(1e-14));
}

TEST_CASE("commitments: a bloc's credibility is the mean of its members' records") {
  // prior [3, 2] for each of A, C, D; after one invocation with H honours the mean record is
  // (3 + H/3) / 6, exactly, in every run.
  const geosim::Model m = simtest::compile_yaml(
      commitment_yaml("day", 30, "G", "    trigger: \"t >= 10\"\n    honour: 0.5\n    prior: [3, 2]"));
  geosim::RunState rs;
  rs.prepare(m);
  const geosim::Slot honoured = simtest::slot(m, "commitments.pledge.honoured");
  const geosim::Slot cred = simtest::slot(m, "commitments.pledge.credibility");
  int mismatches = 0;
  for (std::uint64_t run = 0; run < 200; ++run) {
    geosim::run_one(m, 9, run, rs);
    const double expected = (3.0 + rs.state[honoured] / 3.0) / 6.0;
    if (std::abs(rs.state[cred] - expected) > 1e-14) ++mismatches;
  }
  CHECK(mismatches == 0);
}

TEST_CASE("commitments: invocation needs a rising edge while active_when held at the start of the step") {
  // Deterministic: counts of invocations per run.
  auto invocations = [](const std::string& extra) {
    const geosim::Model m = simtest::compile_yaml(commitment_yaml("day", 60, "[A]", extra + "\n    honour: 1"));
    geosim::RunState rs;
    rs.prepare(m);
    geosim::run_one(m, 3, 0, rs);
    return rs.state[simtest::slot(m, "commitments.pledge.invoked")];
  };
  // A trigger that stays true is one invocation; falling and rising again is a second.
  CHECK(invocations("    trigger: \"t >= 10\"") == 1.0);
  CHECK(invocations("    trigger: \"(t >= 10 && t < 20) || t >= 30\"") == 2.0);
  // A trigger already true at step 0 rises at step 0.
  CHECK(invocations("    trigger: true") == 1.0);
  // The trigger rises at the step starting on day 10: active at its start (t <= 10) counts,
  // inactive at its start (t < 10) does not, and the edge is not replayed later.
  CHECK(invocations("    trigger: \"t >= 10\"\n    active_when: \"t <= 10\"") == 1.0);
  CHECK(invocations("    trigger: \"t >= 10\"\n    active_when: \"t < 10\"") == 0.0);
  CHECK(invocations("    trigger: \"t >= 10\"\n    active_when: \"t >= 11\"") == 0.0);
}

}  // TEST_SUITE
