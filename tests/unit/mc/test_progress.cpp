// SPDX-License-Identifier: Apache-2.0
// The driver's progress callback counts the runs asked for, not the whole blocks that hold them:
// --runs 1000 is four blocks of 256 runs, and the progress bar must say "/ 1000 runs".
#include <doctest/doctest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "geosim/mc.hpp"
#include "geosim/model.hpp"
#include "geosim/scenario.hpp"

TEST_SUITE("mc") {

TEST_CASE("progress: runs done and planned never exceed the runs asked for") {
  auto sources = std::make_shared<geosim::Sources>();
  geosim::Diagnostics diags;
  auto s = geosim::load_scenario(std::string(GEOSIM_SOURCE_DIR) + "/scenarios/bargaining-101.yaml", {}, diags, sources);
  REQUIRE_MESSAGE(s.has_value(), diags.format(*sources));
  auto m = geosim::compile_model(*s, diags);
  REQUIRE_MESSAGE(m.has_value(), diags.format(*sources));
  geosim::McOptions o;
  o.runs = 1000;  // not a multiple of kBlockRuns
  o.seed = 1;
  o.threads = 2;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> calls;
  o.progress = [&](std::uint64_t done, std::uint64_t total) { calls.emplace_back(done, total); };
  geosim::run_monte_carlo(*m, o);
  REQUIRE(calls.size() == 4);
  for (const auto& [done, total] : calls) {
    CHECK(total == 1000);
    CHECK(done <= total);
  }
  CHECK(calls.back().first == 1000);
}

}  // TEST_SUITE
