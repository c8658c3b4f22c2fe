// SPDX-License-Identifier: Apache-2.0
// Streaming moments. Invariant: m2 = sum over added x of (x - mean)^2; min/max are meaningful
// only when n > 0.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <boost/math/distributions/students_t.hpp>

#include "geosim/stats.hpp"

namespace geosim::stats {

void MeanAccumulator::add(double x) noexcept {
  if (n == 0) {
    min = x;
    max = x;
  } else {
    min = std::min(min, x);
    max = std::max(max, x);
  }
  ++n;
  const double delta = x - mean;
  mean += delta / static_cast<double>(n);
  m2 += delta * (x - mean);
}

void MeanAccumulator::merge(const MeanAccumulator& other) noexcept {
  if (other.n == 0) return;
  if (n == 0) {
    *this = other;
    return;
  }
  const double na = static_cast<double>(n);
  const double nb = static_cast<double>(other.n);
  const double total = na + nb;
  const double delta = other.mean - mean;
  mean += delta * (nb / total);
  m2 += other.m2 + delta * delta * (na * nb / total);
  n += other.n;
  min = std::min(min, other.min);
  max = std::max(max, other.max);
}

double MeanAccumulator::variance() const noexcept {
  if (n < 2) return 0.0;
  return m2 / static_cast<double>(n - 1);
}

Interval MeanAccumulator::mean_interval(double level) const {
  if (!(level > 0.0 && level < 1.0)) throw std::invalid_argument("mean_interval: level not in (0, 1)");
  if (n < 2) return {mean, mean};
  const boost::math::students_t_distribution<double> t_dist(static_cast<double>(n - 1));
  const double t = boost::math::quantile(t_dist, 0.5 + level / 2.0);
  const double half = t * std::sqrt(variance() / static_cast<double>(n));
  return {mean - half, mean + half};
}

}  // namespace geosim::stats
