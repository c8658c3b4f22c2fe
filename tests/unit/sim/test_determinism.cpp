// SPDX-License-Identifier: Apache-2.0
// Determinism: a run is a pure function of (model, seed, run index); the same seed reproduces a
// summary bit for bit, a different seed does not.
#include <string>

#include "sim_test_util.hpp"

namespace {

geosim::Model paris() {
  auto sources = std::make_shared<geosim::Sources>();
  geosim::Diagnostics diags;
  auto s = geosim::load_scenario(std::string(GEOSIM_SOURCE_DIR) + "/scenarios/paris-2026.yaml", {}, diags, sources);
  REQUIRE_MESSAGE(s.has_value(), diags.format(*sources));
  auto m = geosim::compile_model(*s, diags);
  REQUIRE_MESSAGE(m.has_value(), diags.format(*sources));
  return std::move(*m);
}

bool same(const geosim::Summary& a, const geosim::Summary& b) {
  if (a.outcomes.size() != b.outcomes.size()) return false;
  for (std::size_t k = 0; k < a.outcomes.size(); ++k) {
    const auto& x = a.outcomes[k];
    const auto& y = b.outcomes[k];
    if (x.n != y.n || x.happened != y.happened || x.values.mean != y.values.mean || x.values.m2 != y.values.m2 ||
        x.values.min != y.values.min || x.values.max != y.values.max || x.sorted_values != y.sorted_values ||
        x.ci.lo != y.ci.lo || x.ci.hi != y.ci.hi || x.first_passage != y.first_passage)
      return false;
  }
  return true;
}

}  // namespace

TEST_SUITE("sim") {

TEST_CASE("determinism: same seed gives identical summaries, and a different seed different ones") {
  const geosim::Model m = paris();
  const geosim::Summary a = geosim::run_monte_carlo(m, {400, 7});
  const geosim::Summary b = geosim::run_monte_carlo(m, {400, 7});
  CHECK(same(a, b));
  // A freshly compiled model gives the same answer: no hidden state in the model or the driver.
  const geosim::Model again = paris();
  CHECK(same(a, geosim::run_monte_carlo(again, {400, 7})));
  const geosim::Summary c = geosim::run_monte_carlo(m, {400, 8});
  CHECK_FALSE(same(a, c));
}

TEST_CASE("determinism: a run depends on its index only, not on the runs before it") {
  const geosim::Model m = paris();
  const auto rows = simtest::per_run(m, 50, 3);
  geosim::RunState fresh;
  fresh.prepare(m);
  for (std::uint64_t run : {49u, 0u, 17u}) {
    geosim::run_one(m, 3, run, fresh);
    for (std::size_t k = 0; k < m.outcomes.size(); ++k) {
      if (m.outcomes[k].kind != geosim::OutcomeSpec::Kind::When) continue;
      INFO("run " << run << ", outcome " << m.outcomes[k].id);
      CHECK(fresh.outcomes[k].happened == rows[run][k].happened);
      CHECK(fresh.outcomes[k].time == rows[run][k].time);
    }
  }
}

}  // TEST_SUITE
