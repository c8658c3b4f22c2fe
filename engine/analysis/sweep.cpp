// SPDX-License-Identifier: Apache-2.0
// Sweep designs: a full grid over override paths, and a Latin hypercube over the quantiles of the
// scenario's uncertain parameters (McKay, Beckman & Conover 1979).
#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include <fmt/format.h>

#include "geosim/analysis.hpp"
#include "scenario/fields.hpp"
#include "geosim/random.hpp"

namespace geosim::analysis {

std::vector<double> GridAxis::values() const {
  std::vector<double> v;
  for (int i = 0; i < n; ++i) {
    if (n == 1) {
      v.push_back(lo);
      break;
    }
    // Endpoints exactly, and lo + i * step in between (no accumulated rounding).
    const double f = static_cast<double>(i) / static_cast<double>(n - 1);
    v.push_back(i == n - 1 ? hi : lo + f * (hi - lo));
  }
  return v;
}

GridAxis parse_grid_axis(const std::string& text) {
  const std::string example = "write e.g. --param events.strike_campaign.rate=0.01:0.1:5";
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw std::invalid_argument(fmt::format("--param '{}': expected PATH=LO:HI:N; {}", text, example));
  GridAxis a;
  a.path = text.substr(0, eq);
  const std::string spec = text.substr(eq + 1);
  const auto c1 = spec.find(':');
  const auto c2 = c1 == std::string::npos ? std::string::npos : spec.find(':', c1 + 1);
  if (c1 == std::string::npos || c2 == std::string::npos || spec.find(':', c2 + 1) != std::string::npos)
    throw std::invalid_argument(fmt::format("--param '{}': expected PATH=LO:HI:N after '='; {}", text, example));
  const auto lo = scenario::parse_number(spec.substr(0, c1)), hi = scenario::parse_number(spec.substr(c1 + 1, c2 - c1 - 1));
  if (!lo || !hi) throw std::invalid_argument(fmt::format("--param '{}': LO and HI must be numbers; {}", text, example));
  a.lo = *lo;
  a.hi = *hi;
  const double n = scenario::parse_number(spec.substr(c2 + 1)).value_or(0.0);
  if (n != std::floor(n) || n < 1 || n > 1000)
    throw std::invalid_argument(fmt::format("--param '{}': N must be a whole number of points from 1 to 1000; {}", text, example));
  a.n = static_cast<int>(n);
  if (a.n > 1 && !(a.lo < a.hi) && !(a.lo > a.hi))
    throw std::invalid_argument(fmt::format("--param '{}': LO and HI are equal; use N = 1 or different bounds", text));
  return a;
}

std::vector<std::vector<double>> grid_points(const std::vector<GridAxis>& axes) {
  std::vector<std::vector<double>> values;
  std::size_t total = 1;
  for (const auto& a : axes) {
    values.push_back(a.values());
    total *= values.back().size();
  }
  std::vector<std::vector<double>> out;
  if (axes.empty()) return out;
  out.reserve(total);
  std::vector<std::size_t> idx(axes.size(), 0);
  for (std::size_t p = 0; p < total; ++p) {
    std::vector<double> point(axes.size());
    for (std::size_t i = 0; i < axes.size(); ++i) point[i] = values[i][idx[i]];
    out.push_back(std::move(point));
    for (std::size_t i = axes.size(); i-- > 0;) {  // odometer: last axis fastest
      if (++idx[i] < values[i].size()) break;
      idx[i] = 0;
    }
  }
  return out;
}

std::vector<std::vector<double>> latin_hypercube(std::size_t n, std::size_t k, std::uint64_t seed) {
  std::vector<std::vector<double>> out(n, std::vector<double>(k, 0.0));
  random::Xoshiro256pp g(seed, 0, stable_hash("analysis:lhs"));
  std::vector<std::size_t> perm(n);
  for (std::size_t j = 0; j < k; ++j) {
    std::iota(perm.begin(), perm.end(), std::size_t{0});
    for (std::size_t i = n; i > 1; --i) {  // Fisher-Yates with our own generator: portable across libraries
      const auto r = static_cast<std::size_t>(g.uniform01() * static_cast<double>(i));
      std::swap(perm[i - 1], perm[std::min(r, i - 1)]);
    }
    for (std::size_t i = 0; i < n; ++i)
      out[i][j] = (static_cast<double>(perm[i]) + g.uniform01()) / static_cast<double>(n);
  }
  return out;
}

}  // namespace geosim::analysis
