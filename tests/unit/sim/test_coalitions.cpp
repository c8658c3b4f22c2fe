// SPDX-License-Identifier: Apache-2.0
// Coalitions (engine/sim/commitments.cpp) and aggregates over groups (engine/expr/parser.cpp):
// a bloc commitment keeps a record per member and each member honours at its own rate (the
// binomial per member); a common factor of correlation rho gives two members' decisions the
// correlation of a Gaussian copula, (2 / pi) asin(rho) at p = 0.5; a coalition's first stage
// raises "all members honour" above the product of the members' rates; sum, mean, count, min,
// max, all and any over a bloc or a commitment's guarantors give their known values.
#include <cmath>
#include <numbers>
#include <string>

#include <fmt/format.h>

#include "sim_test_util.hpp"

namespace {

// A bloc G of A, B, C guarantees D; invoked once, on day 2. `extra` is spliced into the commitment.
std::string coalition(const std::string& extra) {
  return fmt::format(R"Y(geosim: 1
scenario: {{name: coalition test, horizon_days: 10}}
actors:
  A: {{variables: {{resolve: 0.2}}}}
  B: {{variables: {{resolve: 0.5}}}}
  C: {{variables: {{resolve: 0.9}}}}
  D: {{}}
blocs:
  G: {{members: [A, B, C]}}
commitments:
  g:
    type: security_guarantee
    guarantors: G
    beneficiary: D
    trigger: "t >= 2"
    honour: "self.resolve"
{}
outcomes:
  a: {{value: "commitments.g.members.A.honoured"}}
  b: {{value: "commitments.g.members.B.honoured"}}
  c: {{value: "commitments.g.members.C.honoured"}}
  a_reneged: {{value: "commitments.g.members.A.reneged"}}
  all_honour: {{when: "all(commitments.g.guarantors, each.honoured > 0)"}}
  any_honour: {{when: "any(commitments.g.guarantors, each.honoured > 0)"}}
  honoured: {{value: "commitments.g.honoured"}}
)Y",
                     extra);
}

double mean_of(const geosim::Summary& s, const char* id) { return simtest::outcome(s, id).values.mean; }

}  // namespace

TEST_SUITE("sim") {

TEST_CASE("coalitions: a bloc commitment keeps a record per member, each member honouring at its own rate") {
  // Tolerance: 4 binomial standard errors per member over 20,000 runs.
  const std::uint64_t n = 20000;
  const geosim::Summary s = geosim::run_monte_carlo(simtest::compile_yaml(coalition("")), {n, 6});
  const char* ids[] = {"a", "b", "c"};
  const double p[] = {0.2, 0.5, 0.9};
  for (int k = 0; k < 3; ++k) {
    INFO(ids[k]);
    CHECK(std::abs(mean_of(s, ids[k]) - p[k]) < 4 * simtest::binomial_se(p[k], n));
  }
  CHECK(mean_of(s, "a") + mean_of(s, "a_reneged") == doctest::Approx(1.0).epsilon(1e-12));  // one decision per member
  CHECK(mean_of(s, "honoured") == doctest::Approx(mean_of(s, "a") + mean_of(s, "b") + mean_of(s, "c")));
  // Independent decisions: all = product, any = 1 - product of the complements.
  const double all = 0.2 * 0.5 * 0.9, any = 1 - 0.8 * 0.5 * 0.1;
  CHECK(std::abs(simtest::outcome(s, "all_honour").probability() - all) < 4 * simtest::binomial_se(all, n));
  CHECK(std::abs(simtest::outcome(s, "any_honour").probability() - any) < 4 * simtest::binomial_se(any, n));
}

TEST_CASE("coalitions: a common factor of correlation rho correlates two members' decisions as a Gaussian copula") {
  // Two members at p = 0.5: the correlation of their 0/1 decisions is (2 / pi) asin(rho), so
  // P(both) = 1/4 + (1/4)(2 / pi) asin(rho). Tolerance: 4 binomial standard errors.
  const std::uint64_t n = 40000;
  for (double rho : {0.0, 0.3, 0.8}) {
    INFO("rho " << rho);
    const std::string yaml = fmt::format(R"Y(geosim: 1
scenario: {{name: copula, horizon_days: 5}}
actors: {{A: {{}}, B: {{}}, D: {{}}}}
commitments:
  g:
    type: security_guarantee
    guarantors: [A, B]
    beneficiary: D
    trigger: "t >= 1"
    honour: 0.5
    correlation: {}
outcomes:
  both: {{when: "all(commitments.g.guarantors, each.honoured > 0)"}}
  a: {{value: "commitments.g.members.A.honoured"}}
)Y",
                                         rho);
    const geosim::Summary s = geosim::run_monte_carlo(simtest::compile_yaml(yaml), {n, 9});
    const double both = 0.25 + 0.25 * (2 / std::numbers::pi) * std::asin(rho);
    CHECK(std::abs(simtest::outcome(s, "both").probability() - both) < 4 * simtest::binomial_se(both, n));
    CHECK(std::abs(mean_of(s, "a") - 0.5) < 4 * simtest::binomial_se(0.5, n));  // marginals unchanged
  }
}

TEST_CASE("coalitions: a first stage raises all members honouring above the product of their rates") {
  // The coalition acts with chance q = 0.6; then each member decides alone. P(all) = q * 0.09 =
  // 0.054 against the product of the members' rates q^3 * 0.09 = 0.019 (each member's rate is
  // q * p_i).
  const std::uint64_t n = 40000;
  const geosim::Summary s = geosim::run_monte_carlo(simtest::compile_yaml(coalition("    coalition_acts: 0.6")), {n, 13});
  const double q = 0.6;
  CHECK(std::abs(mean_of(s, "a") - q * 0.2) < 4 * simtest::binomial_se(q * 0.2, n));
  CHECK(std::abs(mean_of(s, "c") - q * 0.9) < 4 * simtest::binomial_se(q * 0.9, n));
  const double all = q * 0.2 * 0.5 * 0.9;
  const double all_p = simtest::outcome(s, "all_honour").probability();
  CHECK(std::abs(all_p - all) < 4 * simtest::binomial_se(all, n));
  const double product = mean_of(s, "a") * mean_of(s, "b") * mean_of(s, "c");
  CHECK(all_p > product + 4 * simtest::binomial_se(all, n));
}

TEST_CASE("aggregates: sum, mean, count, min, max, all and any over a bloc and over a commitment's guarantors") {
  const std::string yaml = R"Y(geosim: 1
scenario: {name: aggregates, horizon_days: 3}
actors:
  A: {variables: {resolve: 0.2}}
  B: {variables: {resolve: 0.7}}
  C: {variables: {resolve: 0.9}}
  D: {}
blocs:
  G: {members: [A, B, C]}
commitments:
  g: {type: security_guarantee, guarantors: [A, C], beneficiary: D, trigger: false, prior: [3, 1]}
outcomes:
  sum: {value: "sum(G, each.resolve)"}
  mean: {value: "mean(G, each.resolve * 2)"}
  count: {value: "count(G, each.resolve > 0.5)"}
  min: {value: "min(G, each.resolve)"}
  max: {value: "max(G, each.resolve)"}
  plain_max: {value: "max(A.resolve, B.resolve)"}
  all: {value: "all(G, each.resolve > 0.1)"}
  any: {value: "any(G, each.resolve > 0.95)"}
  nested: {value: "sum(G, count(G, each.resolve > 0.5))"}
  creds: {value: "sum(commitments.g.guarantors, each.credibility)"}
)Y";
  const geosim::Summary s = geosim::run_monte_carlo(simtest::compile_yaml(yaml), {2, 1});
  CHECK(mean_of(s, "sum") == doctest::Approx(1.8).epsilon(1e-12));
  CHECK(mean_of(s, "mean") == doctest::Approx(1.2).epsilon(1e-12));
  CHECK(mean_of(s, "count") == 2);
  CHECK(mean_of(s, "min") == 0.2);
  CHECK(mean_of(s, "max") == 0.9);
  CHECK(mean_of(s, "plain_max") == 0.7);
  CHECK(mean_of(s, "all") == 1);
  CHECK(mean_of(s, "any") == 0);
  CHECK(mean_of(s, "nested") == 6);
  CHECK(mean_of(s, "creds") == 1.5);  // two guarantors at 3 / (3 + 1)
}

TEST_CASE("aggregates: each outside an aggregate, an unknown group and a wrong shape are explained") {
  const auto error_of = [](const std::string& value) {
    const std::string yaml = fmt::format(R"Y(geosim: 1
scenario: {{name: errors, horizon_days: 3}}
actors: {{A: {{variables: {{resolve: 0.2}}}}}}
blocs: {{NATO: {{members: [A]}}}}
outcomes:
  o: {{value: "{}"}}
)Y",
                                         value);
    auto sources = std::make_shared<geosim::Sources>();
    geosim::Diagnostics diags;
    auto sc = geosim::load_scenario_text("e.yaml", yaml, {}, diags, sources);
    REQUIRE(sc.has_value());
    CHECK_FALSE(geosim::compile_model(*sc, diags).has_value());
    return diags.format(*sources);
  };
  CHECK(error_of("each.resolve").find("'each.' is only defined inside an aggregate") != std::string::npos);
  CHECK(error_of("sum(NATOO, each.resolve)").find("did you mean 'NATO'") != std::string::npos);
  CHECK(error_of("sum(1, 2)").find("write sum(GROUP, EXPRESSION)") != std::string::npos);
  CHECK(error_of("sum(NATO, each.resolve, 1)").find("an aggregate takes a group and one expression") != std::string::npos);
  CHECK(error_of("count(NATO, each.resolv > 0)").find("did you mean 'A.resolve'") != std::string::npos);
}

}  // TEST_SUITE
