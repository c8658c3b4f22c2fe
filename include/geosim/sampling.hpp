// SPDX-License-Identifier: Apache-2.0
// The engine's random variates, computed with its own elementary functions (geosim/detmath.hpp) so
// that a seed gives the same draws on every C library. Each is Boost.Random's algorithm (Boost
// 1.74+: the 128-layer ziggurat of normal_distribution and the 256-layer one of
// exponential_distribution, Marsaglia & Tsang 2000 style layers with Boost's own tables;
// gamma_distribution's rejection methods; beta as gamma / (gamma + gamma); lognormal as exp of a
// normal), with the same uniform draws in the same order, so each result equals Boost's except where
// the C library's exp, log, pow or tan would have rounded differently in the last bit. Boost calls
// those through std::, which is what this file replaces; its tables and its uniform-to-integer-and-
// float split (generate_int_float_pair, integer work only) are used as they are.
#pragma once

#include <cmath>
#include <utility>

#include <boost/random/detail/int_float_pair.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>

#include "geosim/detmath.hpp"

namespace geosim::random {

/// @brief A standard exponential draw (Boost's unit_exponential_distribution, own exp).
template <class G>
double exponential01(G& g) {
  const double* const tx = boost::random::detail::exponential_table<double>::table_x;
  const double* const ty = boost::random::detail::exponential_table<double>::table_y;
  double shift = 0.0;
  for (;;) {
    const std::pair<double, int> vals = boost::random::detail::generate_int_float_pair<double, 8>(g);
    const int i = vals.second;
    const double x = vals.first * tx[i];
    if (x < tx[i + 1]) return shift + x;
    if (i == 0) {
      shift += tx[1];
    } else {
      const double y01 = boost::random::uniform_01<double>()(g);
      const double y = ty[i] + y01 * (ty[i + 1] - ty[i]);
      const double y_above_ubound = (tx[i] - tx[i + 1]) * y01 - (tx[i] - x);
      const double y_above_lbound = y - (ty[i + 1] + (tx[i + 1] - x) * ty[i + 1]);
      if (y_above_ubound < 0 && (y_above_lbound < 0 || y < det::exp(-x))) return x + shift;
    }
  }
}

/// @brief A standard normal draw (Boost's unit_normal_distribution, own exp).
template <class G>
double normal01(G& g) {
  const double* const tx = boost::random::detail::normal_table<double>::table_x;
  const double* const ty = boost::random::detail::normal_table<double>::table_y;
  for (;;) {
    const std::pair<double, int> vals = boost::random::detail::generate_int_float_pair<double, 8>(g);
    int i = vals.second;
    const int sign = (i & 1) * 2 - 1;
    i = i >> 1;
    const double x = vals.first * tx[i];
    if (x < tx[i + 1]) return x * sign;
    if (i == 0) {  // the tail, by exponential rejection (Marsaglia 1964)
      const double start = tx[1];
      for (;;) {
        const double ex = exponential01(g) / start;
        const double ey = exponential01(g);
        if (2 * ey > ex * ex) return (ex + start) * sign;
      }
    }
    const double y01 = boost::random::uniform_01<double>()(g);
    const double y = ty[i] + y01 * (ty[i + 1] - ty[i]);
    double y_above_ubound, y_above_lbound;
    if (tx[i] >= 1) {  // convex (incl. inflection)
      y_above_ubound = (tx[i] - tx[i + 1]) * y01 - (tx[i] - x);
      y_above_lbound = y - (ty[i] + (tx[i] - x) * ty[i] * tx[i]);
    } else {  // concave
      y_above_lbound = (tx[i] - tx[i + 1]) * y01 - (tx[i] - x);
      y_above_ubound = y - (ty[i] + (tx[i] - x) * ty[i] * tx[i]);
    }
    if (y_above_ubound < 0 && (y_above_lbound < 0 || y < det::exp(-(x * x / 2)))) return x * sign;
  }
}

/// @brief A normal draw with mean m and standard deviation s.
template <class G>
double normal(G& g, double m, double s) { return normal01(g) * s + m; }

/// @brief A lognormal draw: exp of a normal with mean m and standard deviation s.
template <class G>
double lognormal(G& g, double m, double s) { return det::exp(normal(g, m, s)); }

/// @brief A gamma draw with shape alpha and scale 1 (Boost's gamma_distribution, own functions).
template <class G>
double gamma(G& g, double alpha) {
  if (alpha == 1.0) return exponential01(g);
  if (alpha > 1.0) {
    const double pi = 3.14159265358979323846;
    for (;;) {
      const double y = det::tan(pi * boost::random::uniform_01<double>()(g));
      const double x = std::sqrt(2.0 * alpha - 1.0) * y + alpha - 1.0;
      if (x <= 0.0) continue;
      if (boost::random::uniform_01<double>()(g) >
          (1.0 + y * y) * det::exp((alpha - 1.0) * det::log(x / (alpha - 1.0)) - std::sqrt(2.0 * alpha - 1.0) * y))
        continue;
      return x;
    }
  }
  const double e = det::exp(1.0);
  const double p = e / (alpha + e);
  for (;;) {
    const double u = boost::random::uniform_01<double>()(g);
    const double y = exponential01(g);
    double x, q;
    if (u < p) {
      x = det::exp(-y / alpha);
      q = p * det::exp(-x);
    } else {
      x = 1.0 + y;
      q = p + (1.0 - p) * det::pow(x, alpha - 1.0);
    }
    if (u >= q) continue;
    return x;
  }
}

/// @brief A beta draw: gamma(a) / (gamma(a) + gamma(b)).
template <class G>
double beta(G& g, double a, double b) {
  const double x = gamma(g, a);
  const double y = gamma(g, b);
  return x / (x + y);
}

}  // namespace geosim::random
