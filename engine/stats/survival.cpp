// SPDX-License-Identifier: Apache-2.0
// Kaplan-Meier product-limit estimator.
// Invariants of the fitted curve: points are at distinct event times in increasing order,
// survival is non-increasing and in [0, 1], and ci.lo <= survival <= ci.hi.
#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <stdexcept>

#include <boost/math/distributions/normal.hpp>

#include "geosim/detmath.hpp"
#include "geosim/stats.hpp"

namespace geosim::stats {

KaplanMeier kaplan_meier(std::vector<SurvivalObs> obs, double level) {
  for (const auto& o : obs) {
    if (std::isnan(o.time)) throw std::invalid_argument("kaplan_meier: NaN time");
  }
  std::sort(obs.begin(), obs.end(), [](const SurvivalObs& a, const SurvivalObs& b) { return a.time < b.time; });
  std::vector<SurvivalGroup> groups;
  for (const auto& o : obs) {
    if (groups.empty() || groups.back().time != o.time) groups.push_back({o.time, 0, 0});
    (o.event ? groups.back().events : groups.back().censored) += 1;
  }
  return kaplan_meier_grouped(groups, level);
}

KaplanMeier kaplan_meier_grouped(const std::vector<SurvivalGroup>& groups, double level) {
  if (!(level > 0.0 && level < 1.0)) throw std::invalid_argument("kaplan_meier: level not in (0, 1)");
  // Each distinct time is one group with at_risk counted before the group, so a subject censored
  // at t is at risk for the events at t (events-first).
  const double z = boost::math::quantile(boost::math::normal_distribution<double>{}, 0.5 + level / 2.0);
  KaplanMeier km;
  for (const auto& g : groups) km.n += g.events + g.censored;
  double surv = 1.0;
  double greenwood = 0.0;  // sum of d / (r (r - d)) over event times so far: Var(log S) estimate
  std::uint64_t at_risk = km.n;
  double last_time = -std::numeric_limits<double>::infinity();
  for (const auto& g : groups) {
    if (!(g.time > last_time)) throw std::invalid_argument("kaplan_meier: group times must increase");
    last_time = g.time;
    const std::uint64_t events = g.events;
    const std::uint64_t risk = at_risk;
    at_risk -= g.events + g.censored;
    if (events == 0) continue;
    const double r = static_cast<double>(risk);
    const double d = static_cast<double>(events);
    surv *= 1.0 - d / r;
    SurvivalPoint pt;
    pt.time = g.time;
    pt.at_risk = risk;
    pt.events = events;
    pt.survival = surv;
    if (events < risk) {
      greenwood += d / (r * (r - d));
      // log(-log S) has standard error sqrt(greenwood) / |log S|; the band maps back through
      // S^exp(-/+ z se), so it stays inside (0, 1).
      const double log_s = det::log(surv);
      const double se = std::sqrt(greenwood) / std::abs(log_s);
      pt.ci = {det::pow(surv, det::exp(z * se)), det::pow(surv, det::exp(-z * se))};
    } else {
      // S reached 0: Greenwood's variance is undefined (R reports NA); the band collapses to [0, 0].
      pt.ci = {0.0, 0.0};
    }
    km.points.push_back(pt);
  }
  return km;
}

double KaplanMeier::survival_at(double t) const noexcept {
  // Right-continuous: the step at an event time already applies at that time.
  const auto it = std::upper_bound(points.begin(), points.end(), t,
                                   [](double value, const SurvivalPoint& p) { return value < p.time; });
  if (it == points.begin()) return 1.0;
  return std::prev(it)->survival;
}

double KaplanMeier::quantile_time(double p) const noexcept {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  if (!(p > 0.0 && p <= 1.0)) return nan;
  // Products of (1 - d/r) carry rounding error: S = 0.5 exactly in rationals may land one ulp
  // above 0.5, so the comparison allows a relative slack far below any real step size.
  const double target = (1.0 - p) * (1.0 + 1e-12) + 1e-15;
  for (const auto& pt : points) {
    if (pt.survival <= target) return pt.time;
  }
  return nan;
}

}  // namespace geosim::stats
