// SPDX-License-Identifier: Apache-2.0
// Hyndman-Fan type 7 (R's default): h = (n - 1) p on 0-based indices, linear between neighbours.
#include <algorithm>
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

namespace {

// Puts the order statistics at positions [pos, pos_end) (sorted, distinct, within [first, last))
// in place: one nth_element at the middle position, then the same on each side.
void select(double* base, double* first, double* last, const std::size_t* pos, const std::size_t* pos_end) {
  if (pos == pos_end || last - first <= 1) return;
  const std::size_t* mid = pos + (pos_end - pos) / 2;
  double* nth = base + *mid;
  std::nth_element(first, nth, last);
  select(base, first, nth, pos, mid);
  select(base, nth + 1, last, mid + 1, pos_end);
}

}  // namespace

void quantiles(std::vector<double>& values, const double* levels, std::size_t count, double* out) {
  // NaN has no place in an order (std::nth_element over it is undefined): left out.
  values.erase(std::remove_if(values.begin(), values.end(), [](double x) { return std::isnan(x); }), values.end());
  const std::size_t n = values.size();
  std::vector<std::size_t> pos;
  if (n > 0) {
    pos.push_back(n - 1);  // quantile_sorted reads the last value for p = 1
    for (std::size_t l = 0; l < count; ++l) {
      if (!(levels[l] >= 0.0 && levels[l] <= 1.0)) throw std::invalid_argument("quantiles: p not in [0, 1]");
      const auto i = static_cast<std::size_t>(std::floor(static_cast<double>(n - 1) * levels[l]));
      pos.push_back(std::min(i, n - 1));
      if (i + 1 < n) pos.push_back(i + 1);
    }
    std::sort(pos.begin(), pos.end());
    pos.erase(std::unique(pos.begin(), pos.end()), pos.end());
    select(values.data(), values.data(), values.data() + n, pos.data(), pos.data() + pos.size());
  }
  for (std::size_t l = 0; l < count; ++l) out[l] = quantile_sorted(values, levels[l]);
}

}  // namespace geosim::stats
