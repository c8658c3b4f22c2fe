// SPDX-License-Identifier: Apache-2.0
// Random valid scenarios for differential tests of native code against the interpreter
// (tests/unit/native/test_random_scenarios.cpp, fuzz/fuzz_native.cpp).
//
// A scenario is drawn from two sources of choices:
//   - its *structure* (which sections, rules, expressions, effects, flags, step and horizon:
//     everything native code writes into its C++ source) from a 64-bit seed;
//   - its *values* (parameters, initial values, noise, hazard and bargaining numbers, priors,
//     relation ties: numbers native code reads from state slots) from a Choices object, which
//     may be fed by fuzzer bytes.
// So one structure seed with different values gives one native library (cached by its source),
// which keeps the fuzz target cheap. Every scenario is valid for the real loader and compiler
// for any values; the tests check this.
//
// Plain C++ and fmt only: this file is compiled by the unit tests (gcc) and by the fuzz build
// (Debian's clang 14).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "geosim/scenario.hpp"

namespace geosim::testgen {

/// @brief A stream of choices: bytes first (fuzzer input), then splitmix64 from a seed.
class Choices {
 public:
  explicit Choices(std::uint64_t seed) : state_(seed) {}
  Choices(std::uint64_t seed, const std::uint8_t* data, std::size_t size) : state_(seed), data_(data), size_(size) {}
  std::uint64_t bits();                    ///< 64 bits
  int below(int n);                        ///< uniform in [0, n), n >= 1
  bool chance(double p);                   ///< true with probability p
  double uniform(double lo, double hi);    ///< in [lo, hi], rounded to 4 decimals
 private:
  std::uint64_t state_;
  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0, pos_ = 0;
};

struct Options {
  /// Now and then an out-of-domain argument (log, sqrt or logit of anything, / by anything, ^ of
  /// a negative base, exp unclamped), which makes NaN and infinities. Off: every value stays
  /// finite, and the structure is otherwise the same.
  bool nan = true;
};

/// @brief The scenario of structure `structure_seed`, its numbers drawn from `values`.
std::string random_scenario(std::uint64_t structure_seed, Choices& values, const Options& options = {});

/// @brief The scenario of structure `seed`, its numbers drawn from the same seed.
std::string random_scenario(std::uint64_t seed, const Options& options = {});

/// @brief Every mechanism branch the generator promises to cover (names as in covered_branches).
const std::vector<std::string>& all_branches();

/// @brief The branches a loaded scenario uses, counted from its specs (sections, flags, numbers'
/// distributions) and its expression and effect texts (operations, functions, assignments).
std::set<std::string> covered_branches(const Scenario& s);

}  // namespace geosim::testgen
