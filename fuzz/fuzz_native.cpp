// SPDX-License-Identifier: Apache-2.0
// libFuzzer target, differential: native code (engine/native) against the interpreter on random
// scenarios (tests/support/random_scenario.hpp). Any value that differs in the final state, the
// outcomes or a tracked series aborts with the scenario, the seed and the difference.
//
// The input chooses
//   byte 0        one of kStructures scenario structures (generator seeds 1..kStructures, the
//                 first seeds of tests/unit/native/test_random_scenarios.cpp);
//   bytes 1-8     the run seed;
//   byte 9        the first run index (kRuns runs from there);
//   the rest      the scenario's numbers read from slots: parameters (fixed or any distribution),
//                 initial values, noise, hazard, bargaining and commitment numbers, relation ties.
// Native code is a .so per distinct generated source, about 0.5 s to compile; since the numbers
// vary only slots, every input of one structure shares one library (the unit test checks that the
// source does not change), so the target compiles at most kStructures libraries, once per cache
// (GEOSIM_CACHE_DIR, else TMPDIR/geosim-fuzz-native), and keeps each loaded for the process.
//
// Structures of even seed let NaN and infinities in (random_scenario's Options::nan), those of
// odd seed keep every value finite. Two NaNs compare equal whatever their sign and payload
// (tests/support/native_compare.hpp says why).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include "geosim/model.hpp"
#include "geosim/native.hpp"
#include "geosim/scenario.hpp"
#include "../tests/support/native_compare.hpp"
#include "../tests/support/random_scenario.hpp"

namespace {

constexpr int kStructures = 16;  // fuzz/seeds.py writes one seed per structure
constexpr std::uint64_t kRuns = 3;

[[noreturn]] void finding(const char* what, const std::string& detail, const std::string& text) {
  std::fprintf(stderr, "fuzz_native: %s\n%s\n--- scenario ---\n%s--- end ---\n", what, detail.c_str(), text.c_str());
  std::abort();
}

geosim::NativeOptions cache() {
  geosim::NativeOptions o = geosim::testsupport::native_test_options("geosim-fuzz-native");
  if (const char* dir = std::getenv("GEOSIM_CACHE_DIR"); dir != nullptr && *dir != '\0') o.cache_dir = dir;
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto byte = [&](std::size_t i) -> std::uint64_t { return i < size ? data[i] : 0; };
  const std::uint64_t structure = 1 + byte(0) % kStructures;
  std::uint64_t seed = 0;
  for (std::size_t i = 1; i <= 8; ++i) seed = (seed << 8) | byte(i);
  const std::uint64_t first_run = byte(9);
  geosim::testgen::Choices values(seed ^ structure, size > 10 ? data + 10 : nullptr, size > 10 ? size - 10 : 0);
  geosim::testgen::Options options;
  options.nan = structure % 2 == 0;
  const std::string text = geosim::testgen::random_scenario(structure, values, options);

  auto sources = std::make_shared<geosim::Sources>();
  geosim::Diagnostics diags;
  auto scenario = geosim::load_scenario_text("fuzz-native.yaml", text, {}, diags, sources);
  std::optional<geosim::Model> model;
  if (scenario) model = geosim::compile_model(*scenario, diags);
  if (!model) finding("the generated scenario is invalid (a generator bug)", diags.format(*sources), text);

  // One loaded library per generated source, for the life of the process.
  static std::map<std::string, std::shared_ptr<const geosim::native::Library>> loaded;
  geosim::Model native = *model;
  // Structures 1-8 in the rule types of small scenarios, 9-16 in the rows form of large ones.
  geosim::NativeOptions options_native = cache();
  if (structure > kStructures / 2) options_native.unroll_max = 0;
  const std::string source = geosim::native_source(*model, options_native);
  auto it = loaded.find(source);
  if (it == loaded.end()) {
    const geosim::NativeStatus st = geosim::attach_native(native, options_native);
    if (!st.attached) finding("native code could not be attached", st.message, text);
    it = loaded.emplace(source, native.native).first;
  }
  native.native = it->second;

  geosim::testsupport::Comparison c;
  geosim::testsupport::compare_runs(*model, native, seed, first_run, kRuns, c);
  if (c.differences != 0)
    finding("native code and the interpreter differ",
            "structure " + std::to_string(structure) + ", seed " + std::to_string(seed) + ", runs from " +
                std::to_string(first_run) + ": " + std::to_string(c.differences) + " values differ; first: " + c.first,
            text);
  return 0;
}
