// Native code (engine/native) gives the interpreter's runs bit for bit: every shipped scenario,
// every variant declared in it, weekly steps and a horizon that is not a multiple of a week
// (the short last step takes the general path); final state, outcomes and tracked series.
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "geosim/native.hpp"
#include "geosim/run.hpp"
#include "geosim/scenario.hpp"
#include "../sim/sim_test_util.hpp"

namespace {

std::optional<geosim::Model> compiled(const std::string& path, const geosim::LoadOptions& options) {
  auto sources = std::make_shared<geosim::Sources>();
  geosim::Diagnostics diags;
  auto s = geosim::load_scenario(path, options, diags, sources);
  if (!s) return std::nullopt;
  return geosim::compile_model(*s, diags);
}

bool bit_equal(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// A cache shared by the test runs of this machine (libraries are keyed by their source).
geosim::NativeOptions options() {
  geosim::NativeOptions o;
  o.cache_dir = (std::filesystem::temp_directory_path() / "geosim-unit-tests-native").string();
  return o;
}

// Runs `runs` runs on the interpreter and on native code; returns how many values differ.
int differences(const geosim::Model& interpreted, const geosim::Model& native, std::uint64_t runs, int* fired) {
  geosim::RunState a, b;
  int diff = 0;
  for (std::uint64_t r = 0; r < runs; ++r) {
    geosim::run_one(interpreted, 5, r, a, nullptr, true);
    geosim::run_one(native, 5, r, b, nullptr, true);
    for (std::size_t i = 0; i < a.state.size(); ++i) diff += bit_equal(a.state[i], b.state[i]) ? 0 : 1;
    for (std::size_t k = 0; k < a.outcomes.size(); ++k) {
      const auto& p = a.outcomes[k];
      const auto& q = b.outcomes[k];
      diff += (p.happened == q.happened && p.included == q.included && bit_equal(p.value, q.value) && bit_equal(p.time, q.time)) ? 0 : 1;
      *fired += p.happened ? 1 : 0;
    }
    for (std::size_t k = 0; k < a.tracked.size(); ++k)
      for (std::size_t s = 0; s < a.tracked[k].size(); ++s) diff += bit_equal(a.tracked[k][s], b.tracked[k][s]) ? 0 : 1;
  }
  return diff;
}

}  // namespace

TEST_SUITE("native") {

TEST_CASE("native code gives the interpreter's runs bit for bit on every shipped scenario") {
  int files = 0, models = 0, fired = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(GEOSIM_SOURCE_DIR) + "/scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    ++files;
    std::vector<geosim::LoadOptions> configs{{}};
    auto sources = std::make_shared<geosim::Sources>();
    geosim::Diagnostics diags;
    const auto s = geosim::load_scenario(entry.path().string(), {}, diags, sources);
    REQUIRE(s.has_value());
    for (const auto& v : s->variants) configs.push_back({v.name, {}, {}});
    geosim::LoadOptions odd;  // weekly steps over 200 days: the last step is 4 days long
    odd.overrides = {{"scenario.step", "week"}, {"scenario.horizon_days", "200"}};
    configs.push_back(odd);
    for (const auto& c : configs) {
      auto interpreted = compiled(entry.path().string(), c);
      if (!interpreted) continue;  // e.g. a step the file does not allow
      geosim::Model native = *interpreted;
      const geosim::NativeStatus st = geosim::attach_native(native, options());
      INFO(entry.path().filename().string(), " variant '", c.variant, "': ", st.message);
      REQUIRE(st.attached);
      ++models;
      CHECK(differences(*interpreted, native, 120, &fired) == 0);
    }
  }
  CHECK(files >= 5);
  CHECK(models >= 12);
  CHECK(fired > 1000);  // outcomes did happen: the comparison saw conditions turn true
}

}  // TEST_SUITE
