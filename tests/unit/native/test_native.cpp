// SPDX-License-Identifier: Apache-2.0
// Native code (engine/native) gives the interpreter's runs bit for bit: every shipped scenario,
// every variant declared in it, weekly steps and a horizon that is not a multiple of a week
// (the short last step takes the general path), in both forms of generated rule types; final
// state, outcomes and tracked series.
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "geosim/native.hpp"
#include "geosim/run.hpp"
#include "geosim/scenario.hpp"
#include "../sim/sim_test_util.hpp"
#include "../../support/native_compare.hpp"

namespace {

std::optional<geosim::Model> compiled(const std::string& path, const geosim::LoadOptions& options) {
  auto sources = std::make_shared<geosim::Sources>();
  geosim::Diagnostics diags;
  auto s = geosim::load_scenario(path, options, diags, sources);
  if (!s) return std::nullopt;
  return geosim::compile_model(*s, diags);
}

// A cache shared by the test runs of this machine (libraries are keyed by their source).
geosim::NativeOptions options() { return geosim::testsupport::native_test_options(); }

// Runs `runs` runs on the interpreter and on native code; returns how many values differ.
int differences(const geosim::Model& interpreted, const geosim::Model& native, std::uint64_t runs, int* fired) {
  geosim::testsupport::Comparison c;
  geosim::testsupport::compare_runs(interpreted, native, 5, 0, runs, c);
  *fired += c.fired;
  if (c.differences != 0) MESSAGE(c.first);
  return c.differences;
}

// One variable and one outcome that holds from the first step.
geosim::Model tiny() {
  return simtest::compile_yaml(R"(geosim: 1
scenario: {name: tiny, horizon_days: 10}
actors:
  A: {name: A, variables: {a: 0.5}}
outcomes:
  high: {when: "A.a > 0.4"}
)");
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
      // Both forms of rule types (native/rules.hpp): one type per rule, and loops over tables
      // with one type per program shape (unroll_max = 0 forces it on every kind of rule).
      for (const std::size_t unroll : {geosim::NativeOptions{}.unroll_max, std::size_t{0}}) {
        geosim::Model native = *interpreted;
        geosim::NativeOptions o = options();
        o.unroll_max = unroll;
        const geosim::NativeStatus st = geosim::attach_native(native, o);
        INFO(entry.path().filename().string(), " variant '", c.variant, "' unroll_max ", unroll, ": ", st.message);
        REQUIRE(st.attached);
        ++models;
        CHECK(differences(*interpreted, native, 120, &fired) == 0);
      }
    }
  }
  CHECK(files >= 5);
  CHECK(models >= 24);
  CHECK(fired > 1000);  // outcomes did happen: the comparison saw conditions turn true
}

TEST_CASE("native code computes every operation and function as the interpreter does, NaN and infinities included") {
  // Two noisy unbounded-looking variables feed one effect per operation, set on (nearly) every
  // step by a frequent event; logs of negatives, 0/0 and overflow give NaN and infinities.
  const char* exprs[] = {
      "-A.a + A.b",          "!A.a + not (A.b > 0)",    "exp(A.a * 3)",         "log(A.b)",
      "sqrt(A.a)",           "abs(A.b) - A.a",          "floor(A.a * 4) + ceil(A.b * 4)", "logistic(A.a * 7)",
      "logit(A.b)",          "A.a / A.b",               "A.a ^ A.b",            "(A.a < A.b) + (A.a <= 0) * 2 + (A.b > 0.1) * 4",
      "(A.a >= A.b) + (floor(A.a) == 0) * 2 + (A.b != 0.5) * 4", "A.a > 0 and A.b > 0", "A.a > 0 or A.b > 0",
      "min(A.a, A.b, 0.25)", "max(A.a, log(A.b), -0.5)", "clamp(A.a, A.b, 0.5)",   "if(A.a > A.b, A.a * 2, A.b - 1)",
      "A.a * A.b / (A.a - A.b) ^ 2 + 1e300 * 1e300 * A.a",
      // NaN operands (log of a negative): min, max and clamp return different sides for them
      "min(log(A.a), A.b) + max(A.b, log(A.a))", "clamp(log(A.b), A.a, 0.5) + clamp(A.a, log(A.b), 0.5)",
      "(log(A.a) < 0) + (log(A.a) != 1) * 2 + if(log(A.b), 1, 2) * 4 + (log(A.a) and 1) * 8"};
  std::string vars, effects;
  int k = 0;
  for (const char* e : exprs) {
    vars += fmt::format("      o{}: {{value: 0, min: -1e300, max: 1e300}}\n", k);
    effects += fmt::format("      - \"A.o{} = {}\"\n", k, e);
    ++k;
  }
  const std::string yaml = fmt::format(R"(geosim: 1
scenario: {{name: every operation, horizon_days: 150}}
actors:
  A:
    name: A
    variables:
      a: {{value: 0.3, min: -3, max: 3}}
      b: {{value: -0.2, min: -3, max: 3}}
{}dynamics:
  - variable: A.a
    toward: "0.2 - 0.1 * A.b"
    rate: 0.05
    noise: 0.6
  - variable: A.b
    toward: 0.1
    rate: 0.05
    noise: 0.6
events:
  tick:
    rate: 3
    effects:
{}outcomes:
  nan_seen: {{when: "A.o3 != A.o3"}}
  big: {{when: "A.o2 > 5"}}
)",
                                       vars, effects);
  const geosim::Model interpreted = simtest::compile_yaml(yaml);
  geosim::Model native = interpreted;
  const geosim::NativeStatus st = geosim::attach_native(native, options());
  INFO(st.message);
  REQUIRE(st.attached);
  int fired = 0;
  CHECK(differences(interpreted, native, 60, &fired) == 0);
  CHECK(fired > 60);  // NaN appeared (log of a negative) and exp grew past 5
}

TEST_CASE("a compiler that does not exist, or a source too long, leaves the model on the interpreter with a reason") {
  geosim::Model m = tiny();
  geosim::NativeOptions o = options();
  o.cache_dir = (std::filesystem::temp_directory_path() / "geosim-unit-tests-native-empty").string();
  std::filesystem::remove_all(o.cache_dir);
  o.compiler = "/nonexistent/c++";
  const geosim::NativeStatus st = geosim::attach_native(m, o);
  CHECK_FALSE(st.attached);
  CHECK(m.native == nullptr);
  CHECK(st.message.find("cannot run the C++ compiler") != std::string::npos);
  o.build = false;
  CHECK_FALSE(geosim::attach_native(m, o).attached);
  o = options();
  o.max_source = 1000;  // far below any scenario's source
  const geosim::NativeStatus big = geosim::attach_native(m, o);
  CHECK_FALSE(big.attached);
  CHECK(big.message.find("MB of C++, more than the 0.00 MB compiled") != std::string::npos);
  geosim::RunState rs;
  geosim::run_one(m, 1, 0, rs);
  CHECK(rs.outcomes[0].happened);
}

TEST_CASE("a native-code cache others can write is refused, and a library without its keyed hash is never loaded") {
  namespace fs = std::filesystem;
  const fs::path base = fs::temp_directory_path() / fmt::format("geosim-unit-tests-native-trust-{}", ::getpid());
  fs::remove_all(base);
  fs::create_directories(base);
  geosim::Model m = tiny();
  geosim::NativeOptions o = options();
  // Built once in a cache of one's own: 0700, with a key.
  o.cache_dir = (base / "own").string();
  const geosim::NativeStatus built = geosim::attach_native(m, o);
  INFO(built.message);
  REQUIRE(built.attached);
  CHECK((fs::status(o.cache_dir).permissions() & fs::perms::all) == fs::perms::owner_all);
  // The same library in a world-writable folder: refused before anything is read.
  const fs::path shared = base / "shared";
  fs::create_directories(shared);
  fs::permissions(shared, fs::perms::all);
  fs::copy_file(built.library, shared / fs::path(built.library).filename());
  geosim::Model other = tiny();
  o.cache_dir = shared.string();
  const geosim::NativeStatus refused = geosim::attach_native(other, o);
  CHECK_FALSE(refused.attached);
  CHECK(refused.refused);
  CHECK(other.native == nullptr);
  CHECK(refused.message.find("can be written by other users") != std::string::npos);
  CHECK(refused.fix.find("GEOSIM_CACHE_DIR") != std::string::npos);
  // A library with the right name but without a valid keyed hash, in a folder of one's own:
  // not loaded when nothing may be built.
  const fs::path fresh = base / "fresh";
  fs::create_directory(fresh);
  fs::permissions(fresh, fs::perms::owner_all);
  fs::copy_file(built.library, fresh / fs::path(built.library).filename());
  fs::resize_file(fresh / fs::path(built.library).filename(), fs::file_size(built.library) - 48);  // the hash cut off
  o.cache_dir = fresh.string();
  o.build = false;
  m.native.reset();  // no longer loaded in this process (a library once verified here is reused)
  geosim::Model third = tiny();
  const geosim::NativeStatus unverified = geosim::attach_native(third, o);
  CHECK_FALSE(unverified.attached);
  CHECK(third.native == nullptr);
  fs::remove_all(base);
}

TEST_CASE("native source is a deterministic function of the model, and changing a program drops native code") {
  geosim::Model m = tiny();
  CHECK(geosim::native_source(m) == geosim::native_source(geosim::Model(m)));
  REQUIRE(geosim::attach_native(m, options()).attached);
  CHECK(m.native != nullptr);
  geosim::optimise_programs(m);
  CHECK(m.native == nullptr);
}

}  // TEST_SUITE
