// SPDX-License-Identifier: Apache-2.0
// The engine's own elementary functions (include/geosim/detmath.hpp) against long double (64-bit
// significand, so the reference is good to 1/2048 ulp of a double): the largest error in ulps over
// many points at a fixed seed, and the special cases the engine relies on (IEEE / C99 Annex F).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include <doctest/doctest.h>

#include "geosim/detmath.hpp"
#include "geosim/random.hpp"

namespace det = geosim::det;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// |got - want| in units of the last place of the double nearest `want`.
double ulp_error(double got, long double want) {
  const double w = static_cast<double>(want);
  if (std::isinf(w)) return got == w ? 0.0 : kInf;
  const double ulp = w == 0.0 ? std::numeric_limits<double>::denorm_min()
                              : std::nextafter(std::fabs(w), kInf) - std::fabs(w);
  return static_cast<double>(std::fabs(static_cast<long double>(got) - want) / ulp);
}

template <class F, class R>
double max_ulp(double lo, double hi, int n, F f, R ref, bool log_scale = false) {
  geosim::random::Xoshiro256pp g(42);
  double worst = 0.0;
  for (int i = 0; i < n; ++i) {
    const double u = g.uniform01();
    const double x = log_scale ? std::exp(std::log(lo) + u * (std::log(hi) - std::log(lo))) : lo + u * (hi - lo);
    worst = std::max(worst, ulp_error(f(x), ref(static_cast<long double>(x))));
  }
  return worst;
}

constexpr int kPoints = 1000000;

}  // namespace

TEST_CASE("detmath exp is within 0.52 ulp and has the IEEE special values") {
  auto f = [](double x) { return det::exp(x); };
  auto ref = [](long double x) { return std::exp(x); };
  CHECK(max_ulp(-0.35, 0.35, kPoints, f, ref) < 0.52);
  CHECK(max_ulp(-30.0, 30.0, kPoints, f, ref) < 0.52);
  CHECK(max_ulp(-708.0, 709.7, kPoints, f, ref) < 0.52);
  CHECK(det::exp(0.0) == 1.0);
  CHECK(det::exp(-0.0) == 1.0);
  CHECK(det::exp(1.0) == 0x1.5bf0a8b145769p1);  // e, correctly rounded
  CHECK(det::exp(710.0) == kInf);
  CHECK(det::exp(kInf) == kInf);
  CHECK(det::exp(-kInf) == 0.0);
  CHECK(det::exp(-746.0) == 0.0);
  CHECK(std::isnan(det::exp(std::nan(""))));
  CHECK(ulp_error(det::exp(709.78), std::exp(static_cast<long double>(709.78))) < 1.0);
  // gradual underflow: within one ulp of the subnormal
  const double sub = det::exp(-740.0);
  CHECK(sub > 0.0);
  CHECK(std::fabs(sub - static_cast<double>(std::exp(-740.0L))) <= std::numeric_limits<double>::denorm_min());
}

TEST_CASE("detmath expm1 is within 0.54 ulp, exact near 0 and saturates at -1") {
  auto f = [](double x) { return det::expm1(x); };
  auto ref = [](long double x) { return std::expm1(x); };
  CHECK(max_ulp(-0.35, 0.35, kPoints, f, ref) < 0.54);
  CHECK(max_ulp(-2.0, 2.0, kPoints, f, ref) < 0.54);
  CHECK(max_ulp(-50.0, 700.0, kPoints, f, ref) < 0.54);
  CHECK(max_ulp(1e-300, 1e-3, kPoints, f, ref, true) < 0.54);
  CHECK(max_ulp(1e-300, 1e-3, kPoints, [](double x) { return det::expm1(-x); },
                [](long double x) { return std::expm1(-x); }, true) < 0.54);
  CHECK(det::expm1(0.0) == 0.0);
  CHECK(std::signbit(det::expm1(-0.0)));
  CHECK(det::expm1(1e-300) == 1e-300);
  CHECK(det::expm1(-50.0) == -1.0);
  CHECK(det::expm1(-kInf) == -1.0);
  CHECK(det::expm1(710.0) == kInf);
  CHECK(det::expm1(kInf) == kInf);
  CHECK(std::isnan(det::expm1(std::nan(""))));
}

TEST_CASE("detmath log is within 0.52 ulp and has the IEEE special values") {
  auto f = [](double x) { return det::log(x); };
  auto ref = [](long double x) { return std::log(x); };
  CHECK(max_ulp(0.5, 2.0, kPoints, f, ref) < 0.52);
  CHECK(max_ulp(0.99, 1.01, kPoints, f, ref) < 0.52);
  CHECK(max_ulp(1e-300, 1e300, kPoints, f, ref, true) < 0.52);
  CHECK(max_ulp(4e-320, 2e-308, 100000, f, ref, true) < 0.52);  // subnormal arguments
  CHECK(det::log(1.0) == 0.0);
  CHECK(!std::signbit(det::log(1.0)));
  CHECK(det::log(2.0) == 0x1.62e42fefa39efp-1);
  CHECK(det::log(0.0) == -kInf);
  CHECK(det::log(-0.0) == -kInf);
  CHECK(std::isnan(det::log(-1.0)));
  CHECK(det::log(kInf) == kInf);
  CHECK(std::isnan(det::log(std::nan(""))));
  CHECK(det::log(std::numeric_limits<double>::max()) == static_cast<double>(std::log(static_cast<long double>(std::numeric_limits<double>::max()))));
}

TEST_CASE("detmath log1p is within 0.57 ulp, exact near 0, and -inf at -1") {
  auto f = [](double x) { return det::log1p(x); };
  auto ref = [](long double x) { return std::log1p(x); };
  CHECK(max_ulp(-0.5, 1.0, kPoints, f, ref) < 0.57);
  CHECK(max_ulp(1e-300, 1e-2, kPoints, f, ref, true) < 0.57);
  CHECK(max_ulp(1e-300, 0.99, kPoints, [](double x) { return det::log1p(-x); },
                [](long double x) { return std::log1p(-x); }, true) < 0.57);
  CHECK(max_ulp(1.0, 1e300, kPoints, f, ref, true) < 0.57);
  CHECK(det::log1p(0.0) == 0.0);
  CHECK(std::signbit(det::log1p(-0.0)));
  CHECK(det::log1p(1e-300) == 1e-300);
  CHECK(det::log1p(-1.0) == -kInf);
  CHECK(std::isnan(det::log1p(-2.0)));
  CHECK(det::log1p(kInf) == kInf);
  CHECK(std::isnan(det::log1p(std::nan(""))));
}

TEST_CASE("detmath pow is within 0.55 ulp (0.87 near overflow) and follows C99 Annex F") {
  geosim::random::Xoshiro256pp g(7);
  double worst = 0.0;
  for (int i = 0; i < kPoints; ++i) {
    const double x = std::exp(-20.0 + 40.0 * g.uniform01());
    const double y = -15.0 + 30.0 * g.uniform01();
    worst = std::max(worst, ulp_error(det::pow(x, y), std::pow(static_cast<long double>(x), static_cast<long double>(y))));
  }
  CHECK(worst < 0.55);
  worst = 0.0;
  for (int i = 0; i < kPoints; ++i) {  // near overflow and underflow
    const double x = 1.0 + 9.0 * g.uniform01();
    const double y = (g.uniform01() < 0.5 ? -1.0 : 1.0) * 700.0 / std::log(x) * (0.9 + 0.1 * g.uniform01());
    worst = std::max(worst, ulp_error(det::pow(x, y), std::pow(static_cast<long double>(x), static_cast<long double>(y))));
  }
  CHECK(worst < 0.87);
  CHECK(det::pow(2.0, 10.0) == 1024.0);
  CHECK(det::pow(10.0, -2.0) == 0.01);
  CHECK(det::pow(9.0, 0.5) == 3.0);
  CHECK(det::pow(-2.0, 3.0) == -8.0);
  CHECK(det::pow(-2.0, 2.0) == 4.0);
  CHECK(std::isnan(det::pow(-2.0, 0.5)));
  CHECK(det::pow(std::nan(""), 0.0) == 1.0);
  CHECK(det::pow(1.0, std::nan("")) == 1.0);
  CHECK(std::isnan(det::pow(2.0, std::nan(""))));
  CHECK(det::pow(0.0, 3.0) == 0.0);
  CHECK(std::signbit(det::pow(-0.0, 3.0)));
  CHECK(!std::signbit(det::pow(-0.0, 2.0)));
  CHECK(det::pow(0.0, -1.0) == kInf);
  CHECK(det::pow(-0.0, -1.0) == -kInf);
  CHECK(det::pow(0.0, -0.5) == kInf);
  CHECK(det::pow(-1.0, kInf) == 1.0);
  CHECK(det::pow(0.5, kInf) == 0.0);
  CHECK(det::pow(0.5, -kInf) == kInf);
  CHECK(det::pow(2.0, kInf) == kInf);
  CHECK(det::pow(2.0, -kInf) == 0.0);
  CHECK(det::pow(kInf, -1.0) == 0.0);
  CHECK(det::pow(kInf, 0.5) == kInf);
  CHECK(det::pow(-kInf, 3.0) == -kInf);
  CHECK(det::pow(-kInf, -3.0) == 0.0);
  CHECK(std::signbit(det::pow(-kInf, -3.0)));
  CHECK(det::pow(10.0, 400.0) == kInf);
  CHECK(det::pow(10.0, -400.0) == 0.0);
}

TEST_CASE("detmath erfc is within 160 ulp and 1e-15 absolute, with its limits") {
  const auto f = [](double x) { return det::erfc(x); };
  const auto ref = [](long double x) { return std::erfc(x); };
  CHECK(max_ulp(-0.5, 0.5, 200000, f, ref) < 5.0);   // the Maclaurin series
  CHECK(max_ulp(0.5, 1.5, 200000, f, ref) < 160.0);  // 1 - erf: cancellation, bounded
  CHECK(max_ulp(1.5, 27.0, 200000, f, ref) < 4.0);   // the continued fraction, x^2 exact
  CHECK(max_ulp(-6.0, -0.5, 200000, f, ref) < 5.0);  // 2 - erfc(-x)
  // The copula compares Phi with a probability: the absolute error is what matters.
  geosim::random::Xoshiro256pp g(7);
  double worst = 0.0;
  for (int i = 0; i < 200000; ++i) {
    const double x = -6.0 + 12.0 * g.uniform01();
    worst = std::max(worst, static_cast<double>(std::fabs(det::erfc(x) - std::erfc(static_cast<long double>(x)))));
  }
  CHECK(worst < 1e-15);
  CHECK(det::erfc(0.0) == 1.0);
  CHECK(det::erfc(kInf) == 0.0);
  CHECK(det::erfc(-kInf) == 2.0);
  CHECK(det::erfc(30.0) == 0.0);
  CHECK(std::isnan(det::erfc(std::nan(""))));
}

TEST_CASE("detmath tan is within 2.8 ulp on the gamma sampler's range") {
  auto f = [](double x) { return det::tan(x); };
  auto ref = [](long double x) { return std::tan(x); };
  CHECK(max_ulp(0.0, 3.14159265358979, kPoints, f, ref) < 2.8);
  CHECK(max_ulp(-0.78, 0.78, kPoints, f, ref) < 2.8);
  CHECK(det::tan(0.0) == 0.0);
  CHECK(std::signbit(det::tan(-0.0)));
  CHECK(std::isnan(det::tan(kInf)));
  CHECK(std::isnan(det::tan(std::nan(""))));
}
