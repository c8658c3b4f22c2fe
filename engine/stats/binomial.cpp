// SPDX-License-Identifier: Apache-2.0
// Binomial proportion intervals. Both return sub-intervals of [0, 1].
#include <cmath>
#include <stdexcept>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>

#include "geosim/stats.hpp"

namespace geosim::stats {
namespace {

void check_args(std::uint64_t k, std::uint64_t n, double level) {
  if (k > n) throw std::invalid_argument("binomial interval: k > n");
  if (!(level > 0.0 && level < 1.0)) throw std::invalid_argument("binomial interval: level not in (0, 1)");
}

}  // namespace

Interval wilson(std::uint64_t k, std::uint64_t n, double level) {
  check_args(k, n, level);
  if (n == 0) return {0.0, 1.0};
  const double z = boost::math::quantile(boost::math::normal_distribution<double>{}, 0.5 + level / 2.0);
  const double nd = static_cast<double>(n);
  const double p = static_cast<double>(k) / nd;
  const double z2 = z * z;
  const double denom = 1.0 + z2 / nd;
  const double centre = (p + z2 / (2.0 * nd)) / denom;
  const double half = z * std::sqrt(p * (1.0 - p) / nd + z2 / (4.0 * nd * nd)) / denom;
  // At k = 0 (k = n) the exact lower (upper) bound is 0 (1); rounding would leave it a few ulps off.
  const double lo = k == 0 ? 0.0 : std::max(0.0, centre - half);
  const double hi = k == n ? 1.0 : std::min(1.0, centre + half);
  return {lo, hi};
}

Interval newcombe_difference(double pa, Interval a, double pb, Interval b) {
  const double d = pa - pb;
  return {d - std::sqrt((pa - a.lo) * (pa - a.lo) + (b.hi - pb) * (b.hi - pb)),
          d + std::sqrt((a.hi - pa) * (a.hi - pa) + (pb - b.lo) * (pb - b.lo))};
}

Interval clopper_pearson(std::uint64_t k, std::uint64_t n, double level) {
  check_args(k, n, level);
  if (n == 0) return {0.0, 1.0};
  const double alpha = 1.0 - level;
  const double kd = static_cast<double>(k);
  const double nd = static_cast<double>(n);
  // Bounds are Beta(k, n-k+1) and Beta(k+1, n-k) quantiles; each is degenerate at its edge.
  const double lo = k == 0 ? 0.0
                           : boost::math::quantile(boost::math::beta_distribution<double>(kd, nd - kd + 1.0),
                                                   alpha / 2.0);
  const double hi = k == n ? 1.0
                           : boost::math::quantile(boost::math::beta_distribution<double>(kd + 1.0, nd - kd),
                                                   1.0 - alpha / 2.0);
  return {lo, hi};
}

}  // namespace geosim::stats
