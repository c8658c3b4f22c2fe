// SPDX-License-Identifier: Apache-2.0
// Statistics checked against published or hand-derived values, not against the code's own formulas.
#include <algorithm>
#include <random>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <doctest/doctest.h>

#include "geosim/random.hpp"
#include "geosim/stats.hpp"

using geosim::stats::Interval;
using geosim::stats::KaplanMeier;
using geosim::stats::MeanAccumulator;
using geosim::stats::SurvivalObs;

namespace {

// 0.975 quantile of the standard normal (R: qnorm(0.975)).
constexpr double kZ975 = 1.959963984540054;

bool near(double a, double b, double tol) { return std::abs(a - b) <= tol; }

}  // namespace

TEST_SUITE("stats") {

TEST_CASE("wilson: hand-worked case and Newcombe (1998) published intervals") {
  // k=10, n=100 by hand: p=0.1, z^2/n=0.0384146, denom=1.0384146,
  // centre=(0.1+0.0192073)/denom=0.1147974, half=z*sqrt(0.0009+0.0000960)/denom=0.0595683.
  const Interval a = geosim::stats::wilson(10, 100);
  CHECK(near(a.lo, 0.0552, 1e-3));
  CHECK(near(a.hi, 0.1744, 1e-3));
  CHECK(near(a.lo, 0.1147974 - 0.0595683, 1e-6));
  CHECK(near(a.hi, 0.1147974 + 0.0595683, 1e-6));

  // Newcombe, Stat Med 17:857 (1998), worked examples, score method without continuity correction.
  const Interval b = geosim::stats::wilson(81, 263);
  CHECK(near(b.lo, 0.2553, 1e-4));
  CHECK(near(b.hi, 0.3662, 1e-4));
  const Interval c = geosim::stats::wilson(15, 148);
  CHECK(near(c.lo, 0.0624, 1e-4));
  CHECK(near(c.hi, 0.1605, 1e-4));
  const Interval d = geosim::stats::wilson(1, 29);
  CHECK(near(d.lo, 0.0061, 1e-4));
  CHECK(near(d.hi, 0.1718, 1e-4));
}

TEST_CASE("wilson: edges and argument checks") {
  const Interval empty = geosim::stats::wilson(0, 0);
  CHECK(empty.lo == 0.0);
  CHECK(empty.hi == 1.0);

  // k=0: lower bound exactly 0, upper (z^2/n)/(1+z^2/n); Newcombe's 0/20 -> 0.1611.
  const Interval zero = geosim::stats::wilson(0, 20);
  CHECK(zero.lo == 0.0);
  const double z2n = kZ975 * kZ975 / 20.0;
  CHECK(near(zero.hi, z2n / (1.0 + z2n), 1e-12));
  CHECK(near(zero.hi, 0.1611, 1e-4));

  const Interval all = geosim::stats::wilson(20, 20);
  CHECK(all.hi == 1.0);
  CHECK(near(all.lo, 1.0 - zero.hi, 1e-12));

  const Interval w90 = geosim::stats::wilson(10, 100, 0.90);
  const Interval w99 = geosim::stats::wilson(10, 100, 0.99);
  CHECK(w90.lo > w99.lo);
  CHECK(w90.hi < w99.hi);

  CHECK_THROWS_AS(geosim::stats::wilson(11, 10), std::invalid_argument);
  CHECK_THROWS_AS(geosim::stats::wilson(1, 10, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(geosim::stats::wilson(1, 10, 0.0), std::invalid_argument);
}

TEST_CASE("clopper_pearson: closed-form edges and published values") {
  // k=0: upper bound solves (1-p)^n = alpha/2, i.e. 1 - 0.025^(1/n).
  const Interval z10 = geosim::stats::clopper_pearson(0, 10);
  CHECK(z10.lo == 0.0);
  CHECK(near(z10.hi, 1.0 - std::pow(0.025, 0.1), 1e-9));
  CHECK(near(z10.hi, 0.3085, 1e-4));

  // k=n mirrors k=0.
  const Interval n10 = geosim::stats::clopper_pearson(10, 10);
  CHECK(n10.hi == 1.0);
  CHECK(near(n10.lo, std::pow(0.025, 0.1), 1e-9));

  // k=1: lower bound solves 1-(1-p)^n = alpha/2, i.e. 1 - 0.975^(1/n).
  const Interval one = geosim::stats::clopper_pearson(1, 29);
  CHECK(near(one.lo, 1.0 - std::pow(0.975, 1.0 / 29.0), 1e-9));

  // R: binom.test(5, 10)$conf.int = 0.187086 0.812914.
  const Interval half = geosim::stats::clopper_pearson(5, 10);
  CHECK(near(half.lo, 0.1871, 1e-4));
  CHECK(near(half.hi, 0.8129, 1e-4));
  CHECK(near(half.lo, 1.0 - half.hi, 1e-12));

  // Newcombe (1998), worked examples, exact (Clopper-Pearson) method.
  const Interval b = geosim::stats::clopper_pearson(81, 263);
  CHECK(near(b.lo, 0.2527, 1e-4));
  CHECK(near(b.hi, 0.3676, 1e-4));
  const Interval c = geosim::stats::clopper_pearson(15, 148);
  CHECK(near(c.lo, 0.0578, 1e-4));
  CHECK(near(c.hi, 0.1617, 1e-4));
  const Interval z20 = geosim::stats::clopper_pearson(0, 20);
  CHECK(near(z20.hi, 0.1684, 1e-4));

  const Interval empty = geosim::stats::clopper_pearson(0, 0);
  CHECK(empty.lo == 0.0);
  CHECK(empty.hi == 1.0);
  CHECK_THROWS_AS(geosim::stats::clopper_pearson(3, 2), std::invalid_argument);
}

TEST_CASE("binomial intervals contain the point estimate and stay in [0, 1]") {
  // Neither interval nests the other at the extremes (k=0, n=100: Wilson hi = z^2/(n+z^2) = 0.0370
  // exceeds Clopper-Pearson's 1-0.025^(1/100) = 0.0362), so only containment is checked.
  for (std::uint64_t k : {0u, 1u, 7u, 50u, 99u, 100u}) {
    CAPTURE(k);
    const double p = static_cast<double>(k) / 100.0;
    for (const Interval iv : {geosim::stats::wilson(k, 100), geosim::stats::clopper_pearson(k, 100)}) {
      CHECK(iv.lo >= 0.0);
      CHECK(iv.hi <= 1.0);
      CHECK(iv.lo <= p);
      CHECK(iv.hi >= p);
    }
  }
}

TEST_CASE("MeanAccumulator: t interval of 1..10 matches R's t.test") {
  MeanAccumulator acc;
  for (int i = 1; i <= 10; ++i) acc.add(i);
  CHECK(acc.n == 10);
  CHECK(acc.mean == doctest::Approx(5.5).epsilon(1e-14));
  // sum (i - 5.5)^2 = 82.5, so s^2 = 82.5 / 9.
  CHECK(acc.variance() == doctest::Approx(82.5 / 9.0).epsilon(1e-14));
  CHECK(acc.min == 1.0);
  CHECK(acc.max == 10.0);
  // mean +/- t_{0.975,9} s / sqrt(n), t = 2.262157; R: t.test(1:10) gives [3.334149, 7.665851].
  const double half = 2.262157 * std::sqrt(82.5 / 9.0 / 10.0);
  const Interval ci = acc.mean_interval();
  CHECK(near(ci.lo, 5.5 - half, 1e-6));
  CHECK(near(ci.hi, 5.5 + half, 1e-6));
  CHECK(near(ci.lo, 3.334149, 1e-6));
  CHECK(near(ci.hi, 7.665851, 1e-6));
}

TEST_CASE("MeanAccumulator: non-integer sample against a two-pass computation") {
  const std::vector<double> xs = {2.1, 3.4, 1.9, 5.6, 4.4, 3.3, 2.8, 4.0, 3.7, 2.9};
  double sum = 0.0;
  for (double x : xs) sum += x;
  const double mean = sum / 10.0;  // 34.1 / 10
  double ss = 0.0;
  for (double x : xs) ss += (x - mean) * (x - mean);
  const double s = std::sqrt(ss / 9.0);

  MeanAccumulator acc;
  for (double x : xs) acc.add(x);
  CHECK(acc.mean == doctest::Approx(3.41).epsilon(1e-13));
  CHECK(acc.variance() == doctest::Approx(ss / 9.0).epsilon(1e-12));
  const Interval ci = acc.mean_interval(0.95);
  CHECK(near(ci.lo, mean - 2.262157 * s / std::sqrt(10.0), 2e-6));
  CHECK(near(ci.hi, mean + 2.262157 * s / std::sqrt(10.0), 2e-6));
  // t_{0.995,9} = 3.249836 (tables).
  const Interval ci99 = acc.mean_interval(0.99);
  CHECK(near(ci99.hi, mean + 3.249836 * s / std::sqrt(10.0), 2e-6));
}

TEST_CASE("MeanAccumulator: merging two halves equals one pass") {
  geosim::random::Xoshiro256pp rng(42, 0, 7);
  boost::random::normal_distribution<double> normal(1000.0, 3.0);  // large offset stresses cancellation
  // A drift of 0.01 per draw separates the halves' means by ~5, so Chan's between-group term matters.
  std::vector<double> xs(1001);
  for (std::size_t i = 0; i < xs.size(); ++i) xs[i] = normal(rng) + 0.01 * static_cast<double>(i);

  MeanAccumulator whole;
  MeanAccumulator left;
  MeanAccumulator right;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    whole.add(xs[i]);
    (i < 400 ? left : right).add(xs[i]);
  }
  MeanAccumulator merged = left;
  merged.merge(right);
  CHECK(merged.n == whole.n);
  CHECK(near(merged.mean, whole.mean, 1e-12 * std::abs(whole.mean)));
  CHECK(near(merged.m2, whole.m2, 1e-12 * whole.m2));
  CHECK(near(merged.variance(), whole.variance(), 1e-12 * whole.variance()));
  CHECK(merged.min == whole.min);
  CHECK(merged.max == whole.max);
  CHECK(merged.min == *std::min_element(xs.begin(), xs.end()));
  CHECK(merged.max == *std::max_element(xs.begin(), xs.end()));

  // Merging with an empty accumulator, from either side, is the identity.
  MeanAccumulator empty;
  MeanAccumulator a = whole;
  a.merge(empty);
  CHECK(a.n == whole.n);
  CHECK(a.mean == whole.mean);
  CHECK(a.m2 == whole.m2);
  MeanAccumulator b;
  b.merge(whole);
  CHECK(b.n == whole.n);
  CHECK(b.mean == whole.mean);
  CHECK(b.min == whole.min);
}

TEST_CASE("MeanAccumulator: fewer than two values") {
  MeanAccumulator acc;
  CHECK(acc.variance() == 0.0);
  acc.add(-3.5);
  CHECK(acc.n == 1);
  CHECK(acc.mean == -3.5);
  CHECK(acc.min == -3.5);
  CHECK(acc.max == -3.5);
  CHECK(acc.variance() == 0.0);
  const Interval ci = acc.mean_interval();
  CHECK(ci.lo == -3.5);
  CHECK(ci.hi == -3.5);
}

TEST_CASE("quantile_sorted: R type-7 defaults") {
  std::vector<double> v;
  for (int i = 1; i <= 10; ++i) v.push_back(i);
  // R: quantile(1:10, c(0, .1, .25, .5, .9, 1)) = 1, 1.9, 3.25, 5.5, 9.1, 10.
  CHECK(geosim::stats::quantile_sorted(v, 0.0) == 1.0);
  CHECK(geosim::stats::quantile_sorted(v, 0.1) == doctest::Approx(1.9).epsilon(1e-14));
  CHECK(geosim::stats::quantile_sorted(v, 0.25) == doctest::Approx(3.25).epsilon(1e-14));
  CHECK(geosim::stats::quantile_sorted(v, 0.5) == doctest::Approx(5.5).epsilon(1e-14));
  CHECK(geosim::stats::quantile_sorted(v, 0.9) == doctest::Approx(9.1).epsilon(1e-14));
  CHECK(geosim::stats::quantile_sorted(v, 1.0) == 10.0);

  // R: quantile(c(1, 3, 7, 15), c(.3, .75)) = 2.8, 9.
  const std::vector<double> w = {1.0, 3.0, 7.0, 15.0};
  CHECK(geosim::stats::quantile_sorted(w, 0.3) == doctest::Approx(2.8).epsilon(1e-14));
  CHECK(geosim::stats::quantile_sorted(w, 0.75) == doctest::Approx(9.0).epsilon(1e-14));

  CHECK(geosim::stats::quantile_sorted({4.2}, 0.37) == 4.2);
  CHECK(std::isnan(geosim::stats::quantile_sorted({}, 0.5)));
  CHECK_THROWS_AS(geosim::stats::quantile_sorted(v, 1.5), std::invalid_argument);
  CHECK_THROWS_AS(geosim::stats::quantile_sorted(v, -0.1), std::invalid_argument);
}

TEST_CASE("kaplan_meier: Freireich et al. (1963) 6-MP arm") {
  // Remission times in weeks; false = censored.
  const std::vector<SurvivalObs> obs = {
      {6, true},   {6, true},   {6, true},   {6, false},  {7, true},   {9, false},  {10, true},
      {10, false}, {11, false}, {13, true},  {16, true},  {17, false}, {19, false}, {20, false},
      {22, true},  {23, true},  {25, false}, {32, false}, {32, false}, {34, false}, {35, false}};
  const KaplanMeier km = geosim::stats::kaplan_meier(obs);
  CHECK(km.n == 21);
  REQUIRE(km.points.size() == 7);

  // Published product-limit table (e.g. Kleinbaum & Klein, Survival Analysis, ch. 2), with the
  // log(-log) 95% limits that Stata's `sts list` and R's survfit(conf.type = "log-log") print.
  // Row t=6 by hand: Var(log S) = 3/(21*18), se = 0.08909/|log 0.8571| = 0.5779,
  // limits 0.8571^exp(+/-1.96*0.5779) = [0.6197, 0.9516].
  struct Row {
    double time;
    std::uint64_t at_risk, events;
    double s, lo, hi;
  };
  const Row expected[] = {{6, 21, 3, 0.8571, 0.6197, 0.9516},  {7, 17, 1, 0.8067, 0.5631, 0.9228},
                          {10, 15, 1, 0.7529, 0.5032, 0.8894}, {13, 12, 1, 0.6902, 0.4316, 0.8491},
                          {16, 11, 1, 0.6275, 0.3675, 0.8049}, {22, 7, 1, 0.5378, 0.2678, 0.7468},
                          {23, 6, 1, 0.4482, 0.1880, 0.6801}};
  for (std::size_t i = 0; i < 7; ++i) {
    const auto& p = km.points[i];
    const Row& r = expected[i];
    CAPTURE(r.time);
    CHECK(p.time == r.time);
    CHECK(p.at_risk == r.at_risk);  // the censoring at 6 leaves 17 (not 18) at risk at 7
    CHECK(p.events == r.events);
    CHECK(near(p.survival, r.s, 1e-3));
    CHECK(near(p.ci.lo, r.lo, 1e-3));
    CHECK(near(p.ci.hi, r.hi, 1e-3));
  }

  // Right-continuous step function.
  CHECK(km.survival_at(0.0) == 1.0);
  CHECK(km.survival_at(5.999) == 1.0);
  CHECK(near(km.survival_at(6.0), 0.857, 1e-3));
  CHECK(near(km.survival_at(6.5), 0.857, 1e-3));
  CHECK(near(km.survival_at(7.0), 0.807, 1e-3));
  CHECK(near(km.survival_at(12.9), 0.753, 1e-3));
  CHECK(near(km.survival_at(13.0), 0.690, 1e-3));
  CHECK(near(km.survival_at(16.0), 0.627, 1e-3));
  CHECK(near(km.survival_at(22.0), 0.538, 1e-3));
  CHECK(near(km.survival_at(23.0), 0.448, 1e-3));
  CHECK(near(km.survival_at(1000.0), 0.448, 1e-3));

  CHECK(km.quantile_time(0.5) == 23.0);   // published median
  CHECK(km.quantile_time(0.25) == 13.0);  // S(10) = 0.753 > 0.75 >= S(13)
  CHECK(std::isnan(km.quantile_time(0.9)));
}

TEST_CASE("kaplan_meier: input order does not matter") {
  std::vector<SurvivalObs> obs = {{3, true}, {1, false}, {2, true}, {2, false}, {5, true}, {4, true}};
  const KaplanMeier a = geosim::stats::kaplan_meier(obs);
  std::reverse(obs.begin(), obs.end());
  const KaplanMeier b = geosim::stats::kaplan_meier(obs);
  REQUIRE(a.points.size() == b.points.size());
  for (std::size_t i = 0; i < a.points.size(); ++i) {
    CHECK(a.points[i].time == b.points[i].time);
    CHECK(a.points[i].survival == b.points[i].survival);
  }
}

TEST_CASE("kaplan_meier: no censoring reduces to the empirical survival function") {
  const std::vector<SurvivalObs> obs = {{1, true}, {2, true}, {3, true}, {4, true}};
  const KaplanMeier km = geosim::stats::kaplan_meier(obs);
  REQUIRE(km.points.size() == 4);
  CHECK(km.points[0].survival == doctest::Approx(0.75));
  CHECK(km.points[1].survival == doctest::Approx(0.5));
  CHECK(km.points[2].survival == doctest::Approx(0.25));
  CHECK(km.points[3].survival == 0.0);
  // S(2) is 1/2 in exact arithmetic, so the median is 2 even if rounding leaves it an ulp high.
  CHECK(km.quantile_time(0.5) == 2.0);
  CHECK(km.quantile_time(1.0) == 4.0);
  // S = 0 has no Greenwood variance; the band collapses.
  CHECK(km.points[3].ci.lo == 0.0);
  CHECK(km.points[3].ci.hi == 0.0);
  // Greenwood at t=1: Var(S) = S^2 * 1/(4*3) = 0.046875 (hand-computed), so se(log(-log S)) =
  // sqrt(1/12)/|log 0.75|, and the band is S^exp(+/- z se).
  const double se = std::sqrt(1.0 / 12.0) / std::abs(std::log(0.75));
  CHECK(near(km.points[0].ci.lo, std::pow(0.75, std::exp(kZ975 * se)), 1e-9));
  CHECK(near(km.points[0].ci.hi, std::pow(0.75, std::exp(-kZ975 * se)), 1e-9));
}

TEST_CASE("kaplan_meier: degenerate inputs") {
  const KaplanMeier empty = geosim::stats::kaplan_meier({});
  CHECK(empty.n == 0);
  CHECK(empty.points.empty());
  CHECK(empty.survival_at(5.0) == 1.0);
  CHECK(std::isnan(empty.quantile_time(0.5)));

  const KaplanMeier censored = geosim::stats::kaplan_meier({{1, false}, {2, false}});
  CHECK(censored.n == 2);
  CHECK(censored.points.empty());
  CHECK(censored.survival_at(3.0) == 1.0);
}

TEST_CASE("kaplan_meier: simulated exponential with random censoring recovers exp(-lambda t)") {
  // Event times Exp(0.5), independent censoring times Exp(0.25): about a third of subjects are
  // censored. With n = 20000 the standard error of S(t) is below 0.006 for t <= 4.
  constexpr double lambda = 0.5;
  geosim::random::Xoshiro256pp rng(2024, 3, 11);
  boost::random::exponential_distribution<double> event_dist(lambda);
  boost::random::exponential_distribution<double> censor_dist(0.25);
  std::vector<SurvivalObs> obs(20000);
  std::size_t n_events = 0;
  for (auto& o : obs) {
    const double t = event_dist(rng);
    const double c = censor_dist(rng);
    o = {std::min(t, c), t <= c};
    n_events += o.event ? 1 : 0;
  }
  CHECK(n_events > 12500);  // expected 2/3 of 20000
  CHECK(n_events < 14200);

  const KaplanMeier km = geosim::stats::kaplan_meier(obs);
  for (double t : {0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0}) {
    CAPTURE(t);
    CHECK(near(km.survival_at(t), std::exp(-lambda * t), 0.02));
  }
  CHECK(near(km.quantile_time(0.5), std::log(2.0) / lambda, 0.05));

  // Curve invariants: increasing times, non-increasing S, band brackets S inside [0, 1].
  bool ordered = true;
  bool bracketed = true;
  double prev_t = -1.0;
  double prev_s = 1.0;
  for (const auto& p : km.points) {
    ordered = ordered && p.time > prev_t && p.survival <= prev_s;
    bracketed = bracketed && 0.0 <= p.ci.lo && p.ci.lo <= p.survival && p.survival <= p.ci.hi && p.ci.hi <= 1.0;
    prev_t = p.time;
    prev_s = p.survival;
  }
  CHECK(ordered);
  CHECK(bracketed);
}

}  // TEST_SUITE

TEST_CASE("quantiles: selection gives exactly what sorting gives") {
  // R: quantile(1:10, c(.05, .25, .5, .75, .95)) = 1.45, 3.25, 5.5, 7.75, 9.55 (shuffled input).
  std::vector<double> v = {7, 3, 10, 1, 9, 2, 8, 5, 4, 6};
  const double levels[5] = {0.05, 0.25, 0.5, 0.75, 0.95};
  double q[5];
  geosim::stats::quantiles(v, levels, 5, q);
  CHECK(q[0] == doctest::Approx(1.45).epsilon(1e-14));
  CHECK(q[2] == doctest::Approx(5.5).epsilon(1e-14));
  CHECK(q[4] == doctest::Approx(9.55).epsilon(1e-14));
  std::mt19937_64 g(7);
  const double more[7] = {0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0};
  for (std::size_t n : {1u, 2u, 3u, 5u, 17u, 100u, 2048u, 2049u}) {
    for (int rep = 0; rep < 20; ++rep) {
      std::vector<double> x(n);
      std::uniform_int_distribution<int> small(0, 4);  // many ties in half the cases
      std::normal_distribution<double> normal;
      for (double& e : x) e = rep % 2 ? small(g) : normal(g);
      std::vector<double> sorted = x;
      std::sort(sorted.begin(), sorted.end());
      double got[7];
      geosim::stats::quantiles(x, more, 7, got);
      for (int l = 0; l < 7; ++l) CHECK(got[l] == geosim::stats::quantile_sorted(sorted, more[l]));
    }
  }
  std::vector<double> empty;
  geosim::stats::quantiles(empty, levels, 5, q);
  CHECK(std::isnan(q[0]));
}
