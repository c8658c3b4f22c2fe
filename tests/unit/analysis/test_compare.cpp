// SPDX-License-Identifier: Apache-2.0
// Paired comparison: exact zeros against itself, a known answer with common random numbers (and a
// paired interval narrower than the unpaired one), and the same figures for any thread count.
#include <cmath>
#include <string>

#include "analysis_test_util.hpp"

namespace {

using geosim::analysis::CompareOptions;
using geosim::analysis::Comparison;

const std::string kBusy = R"(geosim: 1
scenario: {name: compare test, horizon_days: 200}
parameters:
  pressure: {value: {uniform: [0.5, 1.5]}}
actors:
  A: {variables: {resolve: {value: {beta: {mean: 0.6, sd: 0.1}}}, unity: 0.5}}
dynamics:
  - variable: A.unity
    toward: 0.7
    rate: 0.02
    noise: 0.02
events:
  shock: {rate: "0.004 * params.pressure", effects: ["A.resolve -= 0.05"]}
  rally: {rate: 0.01, effects: ["A.unity += 0.05"]}
outcomes:
  shocked: {when: "events.shock.count > 0"}
  low_resolve: {when: "A.resolve < 0.5"}
  shocks: {count: shock}
  unity: {value: "A.unity"}
variants:
  same: {description: "sets a rate to the value it already has", set: {events.rally.rate: 0.01}}
  faster: {description: "shocks twice as often", set: {events.shock.rate: "0.008 * params.pressure"}}
)";

// A constant hazard: P(fired by T) = 1 - exp(-lambda T), mean count lambda T.
const std::string kHazard = R"(geosim: 1
scenario: {name: hazard, horizon_days: 365}
events:
  shock: {rate: 0.002}
outcomes:
  fired: {when: "events.shock.count > 0"}
  shocks: {count: shock}
variants:
  doubled: {description: "twice the rate", set: {events.shock.rate: 0.004}}
)";

Comparison run(const geosim::Model& base, const std::vector<const geosim::Model*>& variants,
               const std::vector<std::string>& names, std::uint64_t runs, int threads, double precision = 0) {
  CompareOptions o;
  o.runs = runs;
  o.seed = 11;
  o.threads = threads;
  o.precision = precision;
  o.max_runs = 20'000;
  return geosim::analysis::compare(base, variants, names, std::vector<std::string>(names.size()), o);
}

}  // namespace

TEST_SUITE("analysis") {

TEST_CASE("compare: a scenario against itself gives differences of exactly zero") {
  const geosim::Model base = antest::compile(kBusy);
  const geosim::Model same = antest::compile(kBusy, "same");
  const Comparison c = run(base, {&base, &same}, {"itself", "same"}, 1000, 2);
  REQUIRE(c.variants.size() == 2);
  for (const auto& v : c.variants) {
    REQUIRE(v.differences.size() == base.outcomes.size());
    for (const auto& d : v.differences) {
      INFO(v.name << " / " << d.id);
      CHECK(d.runs() == 1000);
      CHECK(d.difference() == 0.0);
      CHECK(d.half_width() == 0.0);
      CHECK(d.paired.lo == 0.0);
      CHECK(d.paired.hi == 0.0);
      CHECK(d.up == 0);
      CHECK(d.down == 0);
      CHECK_FALSE(d.distinguishable);
      CHECK(d.variant.value == d.base.value);
      // The variant's own summary is the base's, figure for figure.
      CHECK(v.summary.outcomes[d.variant_index].values.mean == c.base.outcomes[d.base_index].values.mean);
      CHECK(v.summary.outcomes[d.variant_index].happened == c.base.outcomes[d.base_index].happened);
    }
  }
  // The outcomes do vary from run to run, so the zeros come from pairing, not from constants.
  CHECK(c.base.outcomes[0].values.variance() > 0);
  CHECK(c.base.outcomes[3].values.variance() > 0);
}

TEST_CASE("compare: constant hazard doubled: the paired interval covers the true difference and is narrower") {
  const geosim::Model base = antest::compile(kHazard);
  const geosim::Model doubled = antest::compile(kHazard, "doubled");
  const std::uint64_t n = 4000;
  const Comparison c = run(base, {&doubled}, {"doubled"}, n, 2);
  const auto& fired = antest::diff(c.variants[0], "fired");
  const double pa = -std::expm1(-0.002 * 365), pb = -std::expm1(-0.004 * 365);
  INFO("difference " << fired.difference() << " [" << fired.paired.lo << ", " << fired.paired.hi << "], true " << pb - pa);
  CHECK(fired.paired.lo <= pb - pa);
  CHECK(pb - pa <= fired.paired.hi);
  // Tolerance independent of the interval: 4 standard errors of the paired difference, whose
  // variance under the monotone coupling is (pb - pa)(1 - (pb - pa)).
  CHECK(std::abs(fired.difference() - (pb - pa)) <= 4 * std::sqrt((pb - pa) * (1 - (pb - pa)) / n));
  // Paired: sd(d)^2 = 0.19; unpaired: pa(1-pa) + pb(1-pb) = 0.43, so the ratio is about 0.66.
  CHECK(fired.half_width() < 0.8 * fired.unpaired_half_width());
  CHECK(fired.distinguishable);
  // Common random numbers: a higher hazard fires whenever the lower one does, never the reverse.
  CHECK(fired.down == 0);
  CHECK(fired.correlation > 0.4);

  const auto& shocks = antest::diff(c.variants[0], "shocks");
  const double true_count = (0.004 - 0.002) * 365;
  INFO("count difference " << shocks.difference() << " [" << shocks.paired.lo << ", " << shocks.paired.hi << "]");
  CHECK(shocks.paired.lo <= true_count);
  CHECK(true_count <= shocks.paired.hi);
  CHECK(shocks.half_width() < shocks.unpaired_half_width());
  CHECK(shocks.down == 0);
}

TEST_CASE("compare: conditional outcomes (given) pair the ratio estimates, and give exactly zero against themselves") {
  // `gate` and `shock` are independent, so P(shock by T | gate fired) = 1 - exp(-lambda T).
  const std::string yaml = R"(geosim: 1
scenario: {name: conditional, horizon_days: 365}
events:
  gate: {rate: 0.003}
  shock: {rate: 0.002}
outcomes:
  shock_given_gate: {given: "events.gate.count > 0", when: "events.shock.count > 0"}
  shocks_given_gate: {given: "events.gate.count > 0", count: shock}
variants:
  doubled: {description: "twice the shock rate", set: {events.shock.rate: 0.004}}
  gate_doubled: {description: "twice the gate rate: more runs count", set: {events.gate.rate: 0.006}}
)";
  const geosim::Model base = antest::compile(yaml);
  const geosim::Model doubled = antest::compile(yaml, "doubled");
  const geosim::Model gate = antest::compile(yaml, "gate_doubled");
  const std::uint64_t n = 6000;
  const Comparison c = run(base, {&base, &doubled, &gate}, {"itself", "doubled", "gate_doubled"}, n, 2);
  for (const auto& d : c.variants[0].differences) {
    INFO(d.id);
    CHECK(d.difference() == 0.0);
    CHECK(d.half_width() == 0.0);
    CHECK(d.given == "events.gate.count > 0");
  }
  const auto& x = antest::diff(c.variants[1], "shock_given_gate");
  const double pa = -std::expm1(-0.002 * 365), pb = -std::expm1(-0.004 * 365);
  INFO("difference " << x.difference() << " [" << x.paired.lo << ", " << x.paired.hi << "], true " << pb - pa);
  // The difference is that of the two reported conditional estimates.
  CHECK(x.difference() == doctest::Approx(x.variant.value - x.base.value).epsilon(1e-12));
  CHECK(c.base.outcomes[0].n < n);
  CHECK(x.paired.lo <= pb - pa);
  CHECK(pb - pa <= x.paired.hi);
  CHECK(x.half_width() < 0.8 * x.unpaired_half_width());
  // Only the gate changes: the conditional probability stays put, and the interval says so.
  const auto& g = antest::diff(c.variants[2], "shock_given_gate");
  CHECK(g.paired.lo <= 0.0);
  CHECK(0.0 <= g.paired.hi);
  CHECK(c.variants[2].summary.outcomes[0].n > c.base.outcomes[0].n);
}

TEST_CASE("compare: identical figures for 1 and 3 threads, in fixed and precision modes") {
  const geosim::Model base = antest::compile(kBusy);
  const geosim::Model faster = antest::compile(kBusy, "faster");
  for (double precision : {0.0, 0.02}) {
    INFO("precision " << precision);
    const Comparison a = run(base, {&faster}, {"faster"}, 1500, 1, precision);
    const Comparison b = run(base, {&faster}, {"faster"}, 1500, 3, precision);
    REQUIRE(a.runs == b.runs);
    for (std::size_t k = 0; k < a.base.outcomes.size(); ++k) {
      CHECK(a.base.outcomes[k].values.mean == b.base.outcomes[k].values.mean);
      CHECK(a.base.outcomes[k].values.m2 == b.base.outcomes[k].values.m2);
      CHECK(a.base.outcomes[k].first_passage == b.base.outcomes[k].first_passage);
    }
    for (std::size_t k = 0; k < a.variants[0].differences.size(); ++k) {
      const auto& x = a.variants[0].differences[k];
      const auto& y = b.variants[0].differences[k];
      CHECK(x.diff == y.diff);
      CHECK(x.moments.m2 == y.moments.m2);
      CHECK(x.paired.lo == y.paired.lo);
      CHECK(x.up == y.up);
    }
    if (precision > 0) {
      CHECK(a.runs % geosim::kBlockRuns == 0);
      CHECK(geosim::analysis::max_paired_half_width(a) <= precision);
      CHECK(a.runs > 1500);  // the 2-point target needs more than the minimum here
    } else {
      CHECK(a.runs == 1500);
    }
  }
}

TEST_CASE("compare: JSON document has the command, the base and variants keyed by name") {
  const geosim::Model base = antest::compile(kHazard);
  const geosim::Model doubled = antest::compile(kHazard, "doubled");
  const Comparison c = run(base, {&doubled}, {"doubled"}, 500, 1);
  const auto j = geosim::analysis::compare_json(base, {&doubled}, c, geosim::Provenance{{"geosim", "compare"}, {}, 0.0, 1, 1, "interpreted", {}});
  CHECK(j.begin().key() == "command");
  CHECK(j["command"] == "compare");
  CHECK(j.contains("provenance"));
  CHECK(j["base"]["outcomes"].contains("fired"));
  CHECK(j["variants"]["doubled"]["outcomes"].contains("fired"));
  const auto& d = j["variants"]["doubled"]["differences"]["fired"];
  CHECK(d["difference"].get<double>() == doctest::Approx(c.variants[0].differences[0].difference()));
  CHECK(d["ci95"].size() == 2);
  CHECK(d["unpaired_ci95"].size() == 2);
  CHECK(d["distinguishable"].is_boolean());
  const std::string csv = geosim::analysis::compare_csv(c);
  CHECK(csv.rfind("variant,outcome,kind,measure,base,", 0) == 0);
  CHECK(csv.find("\ndoubled,fired,when,probability,") != std::string::npos);
}

}  // TEST_SUITE
