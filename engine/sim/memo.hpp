// SPDX-License-Identifier: Apache-2.0
// Memos of pure functions in the step loop, keyed by the bits of their arguments: a hit gives back
// the bits a call would compute, so using one changes no result. Each binding keeps them with a
// run's scratch (the interpreter's in sim::Scratch, native code's in its generated binding). Used
// where a step recomputes the same value day after day: a covering commitment's breach hazard
// ratio effect ^ (perceived / typical), which moves only when credibility does, and the baseline
// breach hazard at `days` since signing, which a step computes at both ends of the step, the
// next step's start being this step's end. Standard headers only (native code embeds this text).
#pragma once

#include <bit>
#include <cstdint>

#include "geosim/detmath.hpp"

namespace geosim::sim {

/// @brief The bits of a double (so -0.0 and 0.0, and NaNs by payload, are told apart).
inline std::uint64_t bits_of(double v) { return std::bit_cast<std::uint64_t>(v); }

/// @brief det::pow(base, exponent) of the last arguments it was asked for.
struct PowMemo {
  std::uint64_t base = bits_of(0.0), exponent = bits_of(0.0);
  double value = det::pow(0.0, 0.0);

  double operator()(double a, double e) {
    if (bits_of(a) != base || bits_of(e) != exponent) {
      base = bits_of(a);
      exponent = bits_of(e);
      value = det::pow(a, e);
    }
    return value;
  }
};

/// @brief The two last values of a function of four doubles (`key`), replacing the older one on a
/// miss: a step asks for the values at its start and its end, the next step for its start (this
/// step's end, a hit) and its own end.
struct PairMemo {
  struct Entry {
    std::uint64_t key[4] = {~std::uint64_t{0}, ~std::uint64_t{0}, ~std::uint64_t{0}, ~std::uint64_t{0}};
    double value = 0.0;
    bool valid = false;
  };
  Entry entry[2];
  int next = 0;

  /// `compute()` unless the key was one of the last two asked for.
  template <class F>
  double operator()(double k0, double k1, double k2, double k3, F&& compute) {
    const std::uint64_t k[4] = {bits_of(k0), bits_of(k1), bits_of(k2), bits_of(k3)};
    for (Entry& e : entry)
      if (e.valid && e.key[0] == k[0] && e.key[1] == k[1] && e.key[2] == k[2] && e.key[3] == k[3]) return e.value;
    Entry& e = entry[next];
    next ^= 1;
    for (int j = 0; j < 4; ++j) e.key[j] = k[j];
    e.value = compute();
    e.valid = true;
    return e.value;
  }
};

}  // namespace geosim::sim
