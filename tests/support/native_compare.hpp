// SPDX-License-Identifier: Apache-2.0
// Native code against the interpreter, bit for bit: the comparison shared by the unit tests
// (tests/unit/native/) and the differential fuzz target (fuzz/fuzz_native.cpp). Header only, no
// test framework: callers decide how a difference fails.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "geosim/model.hpp"
#include "geosim/native.hpp"
#include "geosim/run.hpp"

namespace geosim::testsupport {

/// @brief Same bits (the sign of zero included), or two NaNs. Which NaN an operation on two NaNs
/// gives back (the sign and payload of the result) depends on the operand order the C++ compiler
/// chose for `+` and `*`, which the two paths may choose differently; no operation of the
/// scenario language can tell one NaN from another (comparisons with NaN are false whatever its
/// sign, `abs` and functions of a NaN give a NaN), so every outcome and every value that is not
/// a NaN is the same either way (docs/architecture.md).
inline bool bit_equal(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b)); }

/// @brief Native options with a cache shared by the test runs of this machine (libraries are
/// keyed by their source, so every checkout and build can share it).
inline NativeOptions native_test_options(const std::string& dir = "geosim-unit-tests-native") {
  NativeOptions o;
  o.cache_dir = (std::filesystem::temp_directory_path() / dir).string();
  return o;
}

/// @brief What a comparison found.
struct Comparison {
  int differences = 0;   ///< values that differ (state, outcomes, tracked series)
  int fired = 0;         ///< outcomes that happened, interpreted (so conditions did turn true)
  std::string first;     ///< the first difference, in words
};

namespace detail {
inline std::string bits(double v) { return fmt::format("{} (0x{:016x})", v, std::bit_cast<std::uint64_t>(v)); }
}  // namespace detail

/// @brief Runs `runs` runs from `first_run` with `seed`, interpreted (`interpreted.native` must
/// be null) and as native code, and compares final state, outcomes and tracked series bit for
/// bit. `after_run(rs)`, when given, sees every interpreted run's RunState.
template <typename AfterRun>
void compare_runs(const Model& interpreted, const Model& native, std::uint64_t seed, std::uint64_t first_run,
                  std::uint64_t runs, Comparison& c, AfterRun after_run) {
  RunState a, b;
  const auto differ = [&c](std::uint64_t run, const std::string& what) {
    if (c.differences++ == 0) c.first = fmt::format("run {}: {}", run, what);
  };
  for (std::uint64_t r = first_run; r < first_run + runs; ++r) {
    run_one(interpreted, seed, r, a, nullptr, true);
    run_one(native, seed, r, b, nullptr, true);
    after_run(a);
    for (std::size_t i = 0; i < a.state.size(); ++i)
      if (!bit_equal(a.state[i], b.state[i]))
        differ(r, fmt::format("slot {} '{}': interpreted {}, native {}", i,
                              i < interpreted.slot_names.size() ? interpreted.slot_names[i] : "?",
                              detail::bits(a.state[i]), detail::bits(b.state[i])));
    for (std::size_t k = 0; k < a.outcomes.size(); ++k) {
      const OutcomeValue& p = a.outcomes[k];
      const OutcomeValue& q = b.outcomes[k];
      if (!(p.happened == q.happened && p.included == q.included && bit_equal(p.value, q.value) && bit_equal(p.time, q.time)))
        differ(r, fmt::format("outcome '{}': interpreted happened={} included={} value={} time={}, native happened={} "
                              "included={} value={} time={}",
                              interpreted.outcomes[k].id, p.happened, p.included, detail::bits(p.value), p.time, q.happened,
                              q.included, detail::bits(q.value), q.time));
      c.fired += p.happened ? 1 : 0;
    }
    for (std::size_t k = 0; k < a.tracked.size(); ++k)
      for (std::size_t s = 0; s < a.tracked[k].size(); ++s)
        if (!bit_equal(a.tracked[k][s], b.tracked[k][s]))
          differ(r, fmt::format("tracked '{}' at step {}: interpreted {}, native {}", interpreted.tracked[k].name, s,
                                detail::bits(a.tracked[k][s]), detail::bits(b.tracked[k][s])));
  }
}

inline void compare_runs(const Model& interpreted, const Model& native, std::uint64_t seed, std::uint64_t first_run,
                         std::uint64_t runs, Comparison& c) {
  compare_runs(interpreted, native, seed, first_run, runs, c, [](const RunState&) {});
}

}  // namespace geosim::testsupport
