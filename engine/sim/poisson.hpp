// SPDX-License-Identifier: Apache-2.0
// A Poisson count from one uniform draw, by inversion, such that the count is at least one
// exactly when the draw falls below the step's chance 1 - exp(-y): the rule that decides whether
// an event fires (event.hpp) is unchanged, and the draw then also says how many times. Standard
// headers only (native code embeds this text).
#pragma once

#include <cmath>

#include "geosim/detmath.hpp"

namespace geosim::sim {

/// @brief The most firings one step can have (a rate per step far beyond any scenario's).
inline constexpr int kMaxFiringsPerStep = 100000;

/// @brief The Poisson(y) count N for a draw `u` that is below `p` = P(N >= 1) = 1 - exp(-y): the
/// smallest n >= 1 with u >= P(N > n). The tail is P(N > n) = p - sum_{j=1..n} P(N = j), with
/// P(N = j) taken in logs (no underflow for a large y); at most kMaxFiringsPerStep.
inline int poisson_count_given_one(double u, double p, double y) {
  if (!(y > 0) || !std::isfinite(y)) return 1;
  const double log_y = det::log(y);
  double log_term = -y;  // log P(N = 0)
  double tail = p;       // P(N > 0)
  int n = 1;
  for (; n < kMaxFiringsPerStep; ++n) {
    log_term += log_y - det::log(static_cast<double>(n));  // log P(N = n)
    tail -= det::exp(log_term);                            // P(N > n)
    if (!(u < tail)) break;
  }
  return n;
}

/// @brief The Poisson(y) count for a draw `u` in [0, 1): 0 when u >= 1 - exp(-y).
inline int poisson_count(double u, double y) {
  if (!(y > 0)) return 0;
  const double p = -det::expm1(-y);
  return u < p ? poisson_count_given_one(u, p, y) : 0;
}

}  // namespace geosim::sim
