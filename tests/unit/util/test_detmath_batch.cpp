// SPDX-License-Identifier: Apache-2.0
// The batched elementary functions (include/geosim/detmath_batch.hpp): every element of a batch is
// bit for bit the scalar function of include/geosim/detmath.hpp, over 10^5 points of each range
// test_detmath.cpp measures and the special values (0, -0, infinities, nans, subnormals, the
// edges of overflow and underflow, pow's C99 Annex F cases) mixed into the same vectors, on every
// instruction set Highway compiled that this CPU runs (each forced in turn); and a lane's result
// does not depend on what the other lanes hold.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>
#include <hwy/targets.h>

#include "geosim/detmath.hpp"
#include "geosim/detmath_batch.hpp"
#include "geosim/random.hpp"

#include "../../support/simd_targets.hpp"

namespace det = geosim::det;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kMin = std::numeric_limits<double>::min();
constexpr double kMax = std::numeric_limits<double>::max();
constexpr double kDen = std::numeric_limits<double>::denorm_min();
constexpr int kPoints = 100000;  // per range

using Rows1 = void (*)(const double*, double*, std::size_t) noexcept;
using Rows2 = void (*)(const double*, const double*, double*, std::size_t) noexcept;

/// Every target in turn, the batch functions dispatching to it (tests/support/simd_targets.hpp).
template <class Body>
void on_every_target(const Body& body) {
  geosim_test::on_every_target(body, det::math_batch_target);
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

/// x and its neighbours two ulps either way.
void add_around(std::vector<double>& v, double x) {
  double lo = x, hi = x;
  v.push_back(x);
  for (int i = 0; i < 2; ++i) {
    lo = std::nextafter(lo, -kInf);
    hi = std::nextafter(hi, kInf);
    v.push_back(lo);
    v.push_back(hi);
  }
}

/// The special arguments of the one-argument functions, each with its neighbours.
std::vector<double> specials() {
  std::vector<double> v = {0.0, -0.0, kInf, -kInf, kNaN, -kNaN, kDen, -kDen, 2 * kDen, kMin - kDen};
  for (const double x : {kMin, kMax, 1.0, 2.0, 0.5, 1e-300, 1e-3, 0.35, 700.0, 708.0, 0x1.62e42fefa39efp9,
                         709.78, 710.0, 745.0, 0x1.74910d52d3052p9, 746.0, 40.0, 50.0, 0x1p900, 0x1p-1022,
                         0x1p-1074 * 3, 1e300, 0x1p52, 0x1p53, 0x1p970}) {
    add_around(v, x);
    add_around(v, -x);
  }
  return v;
}

/// n points of [lo, hi] at seed 42 (as test_detmath.cpp draws them), uniform or log-uniform.
std::vector<double> range(double lo, double hi, bool log_scale = false, double sign = 1.0) {
  geosim::random::Xoshiro256pp g(42);
  std::vector<double> v;
  for (int i = 0; i < kPoints; ++i) {
    const double u = g.uniform01();
    v.push_back(sign * (log_scale ? std::exp(std::log(lo) + u * (std::log(hi) - std::log(lo))) : lo + u * (hi - lo)));
  }
  return v;
}

/// The points of the ranges with the special values mixed in (one after every 5 points, so that
/// vectors hold both common and rare lanes), then the special values alone, in one array.
std::vector<double> mixed(const std::vector<std::vector<double>>& ranges) {
  const std::vector<double> sp = specials();
  std::vector<double> v;
  std::size_t s = 0;
  for (const auto& r : ranges) {
    for (std::size_t i = 0; i < r.size(); ++i) {
      v.push_back(r[i]);
      if (i % 5 == 0) v.push_back(sp[s++ % sp.size()]);
    }
  }
  v.insert(v.end(), sp.begin(), sp.end());
  return v;
}

/// Elements of rows(in) that differ from the scalar function's bits, on the current target:
/// the whole array in one call, and again from an offset of 1 (unaligned, another tail).
std::size_t mismatches1(Rows1 rows, double (*scalar)(double), const std::vector<double>& in) {
  std::vector<double> want(in.size()), got(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) want[i] = scalar(in[i]);
  std::size_t bad = 0;
  rows(in.data(), got.data(), in.size());
  for (std::size_t i = 0; i < in.size(); ++i) bad += same_bits(got[i], want[i]) ? 0 : 1;
  rows(in.data() + 1, got.data(), in.size() - 1);
  for (std::size_t i = 0; i + 1 < in.size(); ++i) bad += same_bits(got[i], want[i + 1]) ? 0 : 1;
  return bad;
}

void check1(Rows1 rows, double (*scalar)(double), const std::vector<double>& in) {
  REQUIRE(in.size() > 100000);
  on_every_target([&] { CHECK(mismatches1(rows, scalar, in) == 0); });
}

double exp_s(double x) { return det::exp(x); }
double expm1_s(double x) { return det::expm1(x); }
double log_s(double x) { return det::log(x); }
double log1p_s(double x) { return det::log1p(x); }
double pow_s(double x, double y) { return det::pow(x, y); }

/// pow's arguments: the ranges of test_detmath.cpp (x = e^[-20, 20], y in [-15, 15]; results near
/// overflow and underflow), negative x with integer y, and every pair of special x and y.
std::pair<std::vector<double>, std::vector<double>> pow_points() {
  std::vector<double> x, y;
  geosim::random::Xoshiro256pp g(7);
  for (int i = 0; i < kPoints; ++i) {
    x.push_back(std::exp(-20.0 + 40.0 * g.uniform01()));
    y.push_back(-15.0 + 30.0 * g.uniform01());
  }
  for (int i = 0; i < kPoints; ++i) {
    const double xi = 1.0 + 9.0 * g.uniform01();
    x.push_back(xi);
    y.push_back((g.uniform01() < 0.5 ? -1.0 : 1.0) * 700.0 / std::log(xi) * (0.9 + 0.1 * g.uniform01()));
  }
  for (int i = 0; i < kPoints; ++i) {
    x.push_back(-std::exp(-5.0 + 10.0 * g.uniform01()));
    y.push_back(std::floor(-40.0 + 80.0 * g.uniform01()) + (i % 4 == 0 ? 0.5 : 0.0));
  }
  const std::vector<double> sx = {0.0, -0.0, 1.0, -1.0, kInf, -kInf, kNaN, 0.5, -0.5, 2.0, -2.0, 3.0, -3.0,
                                  kDen, -kDen, kMin, kMax, -kMax, std::nextafter(1.0, 2.0), std::nextafter(1.0, 0.0), 10.0};
  const std::vector<double> sy = {0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 2.0, -2.0, 3.0, -3.0, kInf, -kInf, kNaN,
                                  0x1p52, 0x1p52 + 1, 0x1p53, 0x1p53 + 2, 0x1p990, -0x1p991, 1e300, -1e300, 1023.5,
                                  400.0, -400.0, kDen, 0x1.8p-2};
  for (int rep = 0; rep < 2; ++rep) {  // the pairs mixed into common vectors, then alone
    for (const double a : sx) {
      for (const double b : sy) {
        if (rep == 0) {
          x.push_back(1.7);
          y.push_back(2.5);
        }
        x.push_back(a);
        y.push_back(b);
      }
    }
  }
  return {x, y};
}

std::size_t pow_mismatches(const std::vector<double>& x, const std::vector<double>& y) {
  std::vector<double> got(x.size());
  det::pow_rows(x.data(), y.data(), got.data(), x.size());
  std::size_t bad = 0;
  for (std::size_t i = 0; i < x.size(); ++i) bad += same_bits(got[i], pow_s(x[i], y[i])) ? 0 : 1;
  return bad;
}

}  // namespace

TEST_SUITE("util") {

TEST_CASE("detmath batch exp equals the scalar exp in every lane on every SIMD target") {
  check1(det::exp_rows, exp_s,
         mixed({range(-0.35, 0.35), range(-30.0, 30.0), range(-708.0, 709.7), range(-760.0, 720.0)}));
}

TEST_CASE("detmath batch expm1 equals the scalar expm1 in every lane on every SIMD target") {
  check1(det::expm1_rows, expm1_s,
         mixed({range(-0.35, 0.35), range(-2.0, 2.0), range(-50.0, 700.0), range(1e-300, 1e-3, true),
                range(1e-300, 1e-3, true, -1.0), range(650.0, 720.0)}));
}

TEST_CASE("detmath batch log equals the scalar log in every lane on every SIMD target") {
  check1(det::log_rows, log_s,
         mixed({range(0.5, 2.0), range(0.99, 1.01), range(1e-300, 1e300, true), range(4e-320, 2e-308, true),
                range(-10.0, 10.0)}));
}

TEST_CASE("detmath batch log1p equals the scalar log1p in every lane on every SIMD target") {
  check1(det::log1p_rows, log1p_s,
         mixed({range(-0.5, 1.0), range(1e-300, 1e-2, true), range(1e-300, 0.99, true, -1.0), range(1.0, 1e300, true),
                range(-1.5, -0.5)}));
}

TEST_CASE("detmath batch pow equals the scalar pow in every lane on every SIMD target") {
  const auto [x, y] = pow_points();
  REQUIRE(x.size() > 300000);
  on_every_target([&] {
    CHECK(pow_mismatches(x, y) == 0);
    // from an offset of 1: other neighbours in each vector, and another tail
    CHECK(pow_mismatches(std::vector<double>(x.begin() + 1, x.end()), std::vector<double>(y.begin() + 1, y.end())) == 0);
  });
}

TEST_CASE("detmath batch lanes do not depend on their neighbours") {
  // Each probe in each lane of one vector, the other lanes filled with each of the fills (common
  // arguments and every special one): the probe's result is always the scalar one.
  const std::vector<double> sp = specials();
  const std::vector<double> probes = {0.3, -0.3, 1e-310, 12.5, -700.0, 705.0, 0x1p900, -1.0, kNaN, -0.0, kInf, 2.0};
  std::vector<double> fills = {1.0, 3.5, -50.0, 709.9, 0x1p950};
  fills.insert(fills.end(), sp.begin(), sp.end());
  on_every_target([&] {
    const std::size_t lanes = det::math_batch_lanes();
    REQUIRE(lanes >= 1);
    std::size_t bad = 0;
    std::vector<double> in(lanes), in2(lanes), out(lanes);
    const std::vector<std::pair<Rows1, double (*)(double)>> fns = {
        {det::exp_rows, exp_s}, {det::expm1_rows, expm1_s}, {det::log_rows, log_s}, {det::log1p_rows, log1p_s}};
    for (const double probe : probes) {
      for (const double fill : fills) {
        for (std::size_t p = 0; p < lanes; ++p) {
          std::fill(in.begin(), in.end(), fill);
          in[p] = probe;
          for (const auto& [rows, scalar] : fns) {
            rows(in.data(), out.data(), lanes);
            bad += same_bits(out[p], scalar(probe)) ? 0 : 1;
          }
          std::fill(in2.begin(), in2.end(), fill);
          in2[p] = probe;
          det::pow_rows(in.data(), in2.data(), out.data(), lanes);  // pow(probe, probe), others pow(fill, fill)
          bad += same_bits(out[p], pow_s(probe, probe)) ? 0 : 1;
          std::fill(in2.begin(), in2.end(), -fill);
          in2[p] = 1.5;
          det::pow_rows(in.data(), in2.data(), out.data(), lanes);
          bad += same_bits(out[p], pow_s(probe, 1.5)) ? 0 : 1;
        }
      }
    }
    CHECK(bad == 0);
  });
}

TEST_CASE("detmath batch rows of every length from 0 to 20 equal the scalar functions") {
  on_every_target([] {
    std::vector<double> in, y;
    for (int i = 0; i < 20; ++i) {
      in.push_back(-3.0 + 0.37 * i);
      y.push_back(0.25 * i - 2.0);
    }
    std::size_t bad = 0;
    for (std::size_t n = 0; n <= in.size(); ++n) {
      std::vector<double> out(n + 1, 42.0);
      det::exp_rows(in.data(), out.data(), n);
      for (std::size_t i = 0; i < n; ++i) bad += same_bits(out[i], exp_s(in[i])) ? 0 : 1;
      det::pow_rows(in.data(), y.data(), out.data(), n);
      for (std::size_t i = 0; i < n; ++i) bad += same_bits(out[i], pow_s(in[i], y[i])) ? 0 : 1;
      bad += out[n] == 42.0 ? 0 : 1;  // nothing written past n
    }
    CHECK(bad == 0);
  });
}

}  // TEST_SUITE
