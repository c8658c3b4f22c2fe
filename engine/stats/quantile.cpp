// Hyndman-Fan type 7 (R's default): h = (n - 1) p on 0-based indices, linear between neighbours.
#include <cmath>
#include <limits>
#include <stdexcept>

#include "geosim/stats.hpp"

namespace geosim::stats {

double quantile_sorted(const std::vector<double>& sorted, double p) {
  if (!(p >= 0.0 && p <= 1.0)) throw std::invalid_argument("quantile_sorted: p not in [0, 1]");
  if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const double floor_h = std::floor(h);
  const auto i = static_cast<std::size_t>(floor_h);
  if (i + 1 >= sorted.size()) return sorted.back();
  const double frac = h - floor_h;
  if (frac == 0.0) return sorted[i];  // exact order statistic, even beside an infinite neighbour
  return sorted[i] + frac * (sorted[i + 1] - sorted[i]);
}

}  // namespace geosim::stats
