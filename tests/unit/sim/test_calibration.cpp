// SPDX-License-Identifier: Apache-2.0
// The defaults against the published figures (scenarios/calibration.yaml; docs/model.md, "Calibration").
#include <cmath>
#include <memory>

#include "sim_test_util.hpp"

TEST_SUITE("sim") {

TEST_CASE("calibration: default honour rates by type and war duration land near published figures") {
  auto sources = std::make_shared<geosim::Sources>();
  geosim::Diagnostics diags;
  auto scenario = geosim::load_scenario(GEOSIM_SOURCE_DIR "/scenarios/calibration.yaml", {}, diags, sources);
  REQUIRE_MESSAGE(scenario.has_value(), diags.format(*sources));
  auto model = geosim::compile_model(*scenario, diags);
  REQUIRE_MESSAGE(model.has_value(), diags.format(*sources));
  const std::uint64_t n = 4000;
  const geosim::Summary s = geosim::run_monte_carlo(*model, {n, 1});

  // Honour when invoked, within 4 binomial standard errors of the published rate the default encodes:
  // defence pacts 41%, 1816-2003 (Berkemeier & Fuhrmann 2018), for both types.
  const auto near = [&](const char* id, double published) {
    const auto& o = simtest::outcome(s, id);
    INFO(id << ": " << o.probability() << " vs " << published);
    CHECK(o.n == n);
    CHECK(std::abs(o.probability() - published) <= 4 * simtest::binomial_se(published, n));
  };
  near("honoured_security_guarantee", 0.41);
  near("honoured_mutual_defence", 0.41);

  // War duration (Correlates of War): median 139 days, mean 408. Tolerance +-15%: weekly steps
  // round durations up to whole weeks, and the mean of a heavy-tailed sample of ~3,800 wars has a
  // standard error near 4%.
  const auto& ended = simtest::outcome(s, "war_ended");
  const double median = ended.survival().quantile_time(0.5);
  INFO("median " << median);
  CHECK(median >= 139 * 0.85);
  CHECK(median <= 139 * 1.15);
  const auto& days = simtest::outcome(s, "war_days");
  INFO("mean " << days.values.mean);
  CHECK(days.values.mean >= 408 * 0.85);
  CHECK(days.values.mean <= 408 * 1.15);
  CHECK(ended.probability() > 0.9);  // almost every war ends within the longest war on record
}

}
