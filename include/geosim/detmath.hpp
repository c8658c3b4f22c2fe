// SPDX-License-Identifier: Apache-2.0
// The engine's own elementary functions: exp, expm1, log, log1p, pow and tan, the same bits on
// every platform and C library. The C library's versions differ between glibc releases, musl
// (the browser build) and others in the last bit of some results, and a simulation's branches
// (a draw against a probability) turn a last-bit difference into a different run; these do not.
//
// Only IEEE 754 operations that every conforming target rounds the same way are used: +, -, *, /,
// sqrt, std::fma (correctly rounded by definition: hardware FMA where the target has it, the C
// library's exact software fma where it has not, e.g. x86-64 without -mfma or wasm; the result is
// the same, only slower; used only where Dekker's exact product cannot be, see two_prod), exact
// comparisons and selects, and bit manipulation of the exponent.
// Build with -ffp-contract=off (the project does) so that a compiler does not fuse a*b+c by itself.
// No table lookups, no branches on the value except selects at the end: the code is written over a
// value type so that the batched (SIMD) form can run the same code lane by lane.
//
// Algorithms (docs/model.md, "Elementary functions"):
//  - exp: Cody-Waite range reduction x = n ln2 + r, |r| <= ln2/2, ln2 split in a 32-bit head
//    (n * head exact) and a tail (Cody & Waite 1980, "Software Manual for the Elementary
//    Functions"); e^r by its Taylor polynomial to degree 13 (truncation below 2^-62), the leading
//    1 + r kept as an unevaluated sum (Dekker 1971 "Fast2Sum") so that the result is rounded once;
//    scaled by 2^n in two steps so that gradual underflow and overflow round as IEEE does.
//  - log: x = 2^k m with m in [sqrt(1/2), sqrt(2)), log m = 2 atanh(s), s = (m - 1) / (m + 1),
//    |s| <= 0.1716, by its series to s^31, carried in double-double arithmetic (error-free
//    transformations: TwoSum, Dekker's TwoProduct; Dekker 1971, Ogita-Rump-Oishi 2005) to about
//    2^-65 relative before the one final rounding.
//  - expm1, log1p: the same cores; the result is formed from the double-double value, so there is
//    no cancellation near 0.  pow(x, y) = exp(y log x) with log x and the product in double-double
//    (the approach of fdlibm's and SLEEF's pow, without their tables), special cases as C99 Annex F.
//  - tan (used by the gamma sampler only): reduction by pi/2 in three parts, sine and cosine by
//    Taylor polynomials on [-pi/4, pi/4], tan = sin / cos.
// Accuracy, measured by tests/unit/util/test_detmath.cpp against long double over 10^6 points per
// function: largest errors exp 0.55 ulp, expm1 0.69, log 0.51, log1p 0.57, pow 0.55 (0.87 for
// results near overflow or underflow), tan 2.8 (so within 1 ulp except tan). Subnormal results of exp and pow are rounded twice (to 53 bits, then to the
// subnormal's precision), so they can be 1 ulp of the subnormal off.
//
// Only standard headers: native code embeds this file's text (engine/native/embedded.cpp.in).
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace geosim::det {

namespace detail {

// The primitive operations over the value type. Scalar double here; a SIMD batch supplies the same.
inline double fma(double a, double b, double c) { return std::fma(a, b, c); }
inline double select(bool m, double a, double b) { return m ? a : b; }
inline std::uint64_t bits(double x) { return std::bit_cast<std::uint64_t>(x); }
inline double from_bits(std::uint64_t b) { return std::bit_cast<double>(b); }
inline bool isnan(double x) { return x != x; }
inline double floor(double x) { return std::floor(x); }  // exact in IEEE 754

template <class T>
struct DD {  // an unevaluated sum hi + lo, |lo| <= ulp(hi) / 2 or so
  T hi, lo;
};

// Knuth's TwoSum: s + e == a + b exactly.
template <class T>
inline DD<T> two_sum(T a, T b) {
  const T s = a + b;
  const T bb = s - a;
  return {s, (a - (s - bb)) + (b - bb)};
}
// Dekker's Fast2Sum, for |a| >= |b| (or a == 0).
template <class T>
inline DD<T> fast_two_sum(T a, T b) {
  const T s = a + b;
  return {s, b - (s - a)};
}
// TwoProduct: p + e == a * b exactly (barring underflow), by Dekker's product with Veltkamp's
// splitting (only * and +; for |a|, |b| < 2^995). The exact error is unique, so this equals the
// fma form below bit for bit; it is used where the operands are bounded because a target without
// hardware FMA (x86-64 baseline, wasm) would call a software fma, several times slower.
template <class T>
inline DD<T> split(T a) {
  const T c = 134217729.0 * a;  // 2^27 + 1
  const T hi = c - (c - a);
  return {hi, a - hi};
}
template <class T>
inline DD<T> two_prod(T a, T b) {
  const T p = a * b;
  const DD<T> x = split(a), y = split(b);
  return {p, ((x.hi * y.hi - p) + x.hi * y.lo + x.lo * y.hi) + x.lo * y.lo};
}
// TwoProduct by fma, for unbounded operands.
template <class T>
inline DD<T> two_prod_fma(T a, T b) {
  const T p = a * b;
  return {p, fma(a, b, -p)};
}

// 2^n for an integer-valued n in [-1022, 1023].
inline double pow2i(std::int64_t n) { return from_bits(static_cast<std::uint64_t>(n + 1023) << 52); }

inline constexpr double kLn2Hi32 = 0x1.62e42feep-1;        // ln 2 to 32 bits: n * kLn2Hi32 exact for |n| < 2^21
inline constexpr double kLn2Lo32 = 0x1.a39ef35793c76p-33;  // ln 2 - kLn2Hi32
inline constexpr double kLn2Hi = 0x1.62e42fefa39efp-1;     // ln 2 as a double-double
inline constexpr double kLn2Lo = 0x1.abc9e3b39803fp-56;
inline constexpr double kLog2e = 0x1.71547652b82fep0;
inline constexpr double kShift = 0x1.8p52;  // adding it rounds a double of magnitude < 2^51 to an integer

// e^(r.hi + r.lo) - 1 for |r| <= ~0.35 as an unevaluated sum hi + lo (rounded once by the
// caller): x + x^2/2 kept exactly (TwoProduct, Fast2Sum), the rest x^3 (1/6 + x/24 + ...) by its
// Taylor polynomial to x^13 in plain * and + (the same on every target).
template <class T>
inline DD<T> expm1_core(DD<T> r) {
  const T x = r.hi;
  // Estrin's scheme (a shorter dependency chain than Horner's, the same operations everywhere)
  const T xx = x * x, x4 = xx * xx, x8 = x4 * x4;
  const T p01 = 1.0 / 6.0 + x * (1.0 / 24.0), p23 = 1.0 / 120.0 + x * (1.0 / 720.0);
  const T p45 = 1.0 / 5040.0 + x * (1.0 / 40320.0), p67 = 1.0 / 362880.0 + x * (1.0 / 3628800.0);
  const T p89 = 1.0 / 39916800.0 + x * (1.0 / 479001600.0);
  const T p = (p01 + xx * p23) + x4 * (p45 + xx * p67) + x8 * (p89 + xx * (1.0 / 6227020800.0));
  const DD<T> x2 = two_prod(x, x);
  const T half = 0.5 * x2.hi;  // exact
  const DD<T> s = fast_two_sum(x, half);
  // e^(x + lo) = e^x (1 + lo + ...): lo (< 2^-50) times e^x
  const T lo = s.lo + ((0.5 * x2.lo + x2.hi * x * p) + r.lo * ((T(1.0) + x) + half));
  return {s.hi, lo};
}

// x = n ln2 + r: n (an integer-valued double) and r in double-double, for |x| < 2^20 or so.
template <class T>
inline DD<T> reduce_ln2(T xhi, T xlo, T& n) {
  n = (xhi * kLog2e + kShift) - kShift;
  const T hi = xhi - n * kLn2Hi32;  // exact (Sterbenz; n * kLn2Hi32 is exact)
  const DD<T> s = two_sum(hi, xlo - n * kLn2Lo32);
  return s;
}

// (t + u) * 2^n rounded once (twice in the subnormal range), n integer-valued in [-1100, 1100].
inline double scale(DD<double> v, double n) {
  const auto ni = static_cast<std::int64_t>(n);
  const std::int64_t n1 = ni / 2;
  const std::int64_t n2 = ni - n1;
  return ((v.hi + v.lo) * pow2i(n1)) * pow2i(n2);
}

// log x for finite x > 0 (subnormals included) in double-double.
inline DD<double> log_dd(double x) {
  const bool sub = x < 0x1p-1022;
  const double xs = select(sub, x * 0x1p54, x);
  const std::uint64_t b = bits(xs);
  const std::int64_t e = static_cast<std::int64_t>(b >> 52) - 1023;
  const std::uint64_t mant = b & 0x000fffffffffffffULL;
  // m in [sqrt(1/2), sqrt(2)): halve the mantissa in [sqrt 2, 2).
  const bool big = mant >= 0x6a09e667f3bcdULL;
  const double m = from_bits(mant | (big ? 0x3fe0000000000000ULL : 0x3ff0000000000000ULL));
  const double k = static_cast<double>(e + (big ? 1 : 0) - (sub ? 54 : 0));
  const double f = m - 1.0;  // exact
  // s = f / (2 + f) in double-double.
  const DD<double> d = fast_two_sum(2.0, f);
  const double shi = f / d.hi;
  const DD<double> sd = two_prod(shi, d.hi);
  const double slo = (((f - sd.hi) - sd.lo) - shi * d.lo) / d.hi;  // f - shi d.hi exactly
  // z = s^2
  const DD<double> z0 = two_prod(shi, shi);
  const double zhi = z0.hi, zlo = z0.lo + 2.0 * shi * slo;
  // Q = 2/3 + z (2/5 + z (2/7 + ...)), the tail to 2/27 in plain double.
  double w = 2.0 / 31.0;
  w = w * zhi + 2.0 / 29.0;
  w = w * zhi + 2.0 / 27.0;
  w = w * zhi + 2.0 / 25.0;
  w = w * zhi + 2.0 / 23.0;
  w = w * zhi + 2.0 / 21.0;
  w = w * zhi + 2.0 / 19.0;
  w = w * zhi + 2.0 / 17.0;
  w = w * zhi + 2.0 / 15.0;
  w = w * zhi + 2.0 / 13.0;
  w = w * zhi + 2.0 / 11.0;
  w = w * zhi + 2.0 / 9.0;
  w = w * zhi + 2.0 / 7.0;
  w = w * zhi + 2.0 / 5.0;
  w = w * zhi;
  constexpr double kTwoThirdsHi = 0x1.5555555555555p-1;
  constexpr double kTwoThirdsLo = 0x1.5555555555555p-55;  // 2/3 - kTwoThirdsHi
  const DD<double> qs = fast_two_sum(kTwoThirdsHi, w);
  const double qhi = qs.hi, qlo = qs.lo + kTwoThirdsLo;
  // c = s^3 = s * z
  const DD<double> c0 = two_prod(shi, zhi);
  const double chi = c0.hi, clo = c0.lo + shi * zlo + slo * zhi;
  // tail = c * Q
  const DD<double> t0 = two_prod(chi, qhi);
  const double thi = t0.hi, tlo = t0.lo + chi * qlo + clo * qhi;
  // log m = 2 s + tail
  const DD<double> lm = fast_two_sum(2.0 * shi, thi);
  const double lmlo = lm.lo + (2.0 * slo + tlo);
  // + k ln 2
  const DD<double> kl = two_prod(k, kLn2Hi);
  const DD<double> sum = two_sum(kl.hi, lm.hi);
  const double lo = sum.lo + (kl.lo + k * kLn2Lo + lmlo);
  return fast_two_sum(sum.hi, lo);
}

inline constexpr double kInf = std::numeric_limits<double>::infinity();
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr double kExpMax = 0x1.62e42fefa39efp9;   // 709.78: e^x overflows above
inline constexpr double kExpMin = -0x1.74910d52d3052p9;  // -745.13: e^x rounds to 0 below

// e^(x.hi + x.lo), overflow and underflow as IEEE rounding gives them.
inline double exp_dd(double xhi, double xlo) {
  const bool ok = xhi >= -746.0 && xhi <= 710.0;  // false for nan
  const double xc = select(ok, xhi, 0.0);
  double n;
  const DD<double> r = reduce_ln2(xc, select(ok, xlo, 0.0), n);
  const DD<double> em = expm1_core(r);
  const DD<double> e = fast_two_sum(1.0, em.hi);
  const double v = scale({e.hi, e.lo + em.lo}, n);
  return select(ok, v, select(isnan(xhi), xhi, select(xhi > 0.0, kInf, 0.0)));
}

}  // namespace detail

/// @brief e^x, below 0.55 ulp; exp(-inf) = 0, exp(inf) = inf, nan propagates.
inline double exp(double x) { return detail::exp_dd(x, 0.0); }

/// @brief e^x - 1 without cancellation near 0, below 0.7 ulp; expm1(±0) = ±0.
inline double expm1(double x) {
  using namespace detail;
  const bool ok = x >= -40.0 && x <= 710.0;  // e^-40 < 2^-57: expm1 rounds to -1 below
  const double xc = select(ok, x, 0.0);
  double n;
  const DD<double> r = reduce_ln2(xc, 0.0, n);
  const DD<double> em = expm1_core(r);  // e^r - 1
  // 2^n e^r - 1 = (2^n - 1) + 2^n (e^r - 1), both in double-double, everything rounded once.
  const double ni = select(n > 1000.0, 1000.0, n);  // beyond, the result is inf anyway
  const double p = pow2i(static_cast<std::int64_t>(ni));
  const DD<double> e = fast_two_sum(1.0, em.hi);
  const double big = (e.hi + (e.lo + em.lo)) * p * pow2i(static_cast<std::int64_t>(n - ni));
  const DD<double> c = two_sum(p, -1.0);
  const DD<double> a = two_sum(c.hi, em.hi * p);
  const double v = select(n > 1000.0, big, a.hi + (a.lo + (c.lo + em.lo * p)));
  return select(x == 0.0, x, select(ok, v, select(isnan(x), x, select(x > 0.0, kInf, -1.0))));
}

/// @brief Natural logarithm, below 0.51 ulp; log(0) = -inf, log(x < 0) = nan, log(inf) = inf.
inline double log(double x) {
  using namespace detail;
  const bool ok = x > 0.0 && x < kInf;
  const DD<double> l = log_dd(select(ok, x, 1.0));
  return select(ok, l.hi + l.lo, select(x == 0.0, -kInf, select(x == kInf, x, kNaN)));
}

/// @brief log(1 + x) without cancellation near 0, below 0.57 ulp; log1p(±0) = ±0, log1p(-1) = -inf.
inline double log1p(double x) {
  using namespace detail;
  const DD<double> a = two_sum(1.0, x);  // 1 + x exactly (for |x| < 2^970)
  const bool ok = a.hi > 0.0 && a.hi < kInf && x < 0x1p900;
  const double ah = select(ok, a.hi, 1.0);
  const DD<double> l = log_dd(ah);
  // log(ah + a.lo) = log ah + log1p(a.lo / ah); a.lo / ah is below 2^-52, its square negligible,
  // but the quotient and the sum are kept exact: near 0 they are as large as the result.
  const double q = a.lo / ah;
  const double ql = fma(-q, ah, a.lo) / ah;
  const DD<double> sq = two_sum(l.hi, q);
  const double v = sq.hi + (sq.lo + (l.lo + ql));
  const double large = select(x < kInf, log(x), x);  // 1 + x == x to 2^-900: log x is log1p x
  return select(x == 0.0, x,
                select(ok, v, select(x >= 0x1p900, large, select(x == -1.0, -kInf, kNaN))));
}

/// @brief x to the power y, below 0.55 ulp (0.87 near overflow), special cases as C99 Annex F (pow(x, ±0) = 1 and
/// pow(1, y) = 1 even for nan; a negative x needs an integer y, else nan).
inline double pow(double x, double y) {
  using namespace detail;
  const double ax = std::fabs(x);
  const bool yint = floor(y) == y;
  const bool yodd = yint && floor(0.5 * y) != 0.5 * y;
  const bool finite = ax > 0.0 && ax < kInf && std::fabs(y) < kInf;
  const DD<double> l = log_dd(select(finite, ax, 1.0));
  const DD<double> z0 = two_prod_fma(y, l.hi);
  const double zlo = z0.lo + y * l.lo;
  const double mag = exp_dd(select(finite, z0.hi, 0.0), select(finite, zlo, 0.0));
  // The magnitude for the special cases: 0 or inf.
  const bool ax_gt_1 = ax > 1.0;
  const double at_inf_y = select(ax == 1.0, 1.0, select(ax_gt_1 == (y > 0.0), kInf, 0.0));  // y = ±inf
  const double at_zero_or_inf_x = select((ax == 0.0) == (y < 0.0), kInf, 0.0);                 // x = 0 or ±inf
  double m = select(std::fabs(y) == kInf, at_inf_y, select(finite, mag, at_zero_or_inf_x));
  const bool neg = x < 0.0 || (x == 0.0 && std::signbit(x));
  m = select(neg && yodd, -m, m);
  const bool bad = (x < 0.0 && !yint && ax < kInf) || isnan(x) || isnan(y);
  m = select(bad, kNaN, m);
  return select(y == 0.0 || x == 1.0, 1.0, m);
}

/// @brief tan x, below 2.8 ulp for |x| < 2^20 (the gamma sampler calls it on [0, pi)).
inline double tan(double x) {
  using namespace detail;
  const bool ok = std::fabs(x) < 0x1p20;
  const double xc = select(ok, x, 0.0);
  constexpr double kTwoOverPi = 0x1.45f306dc9c883p-1;
  constexpr double kPio2A = 0x1.921fb544p0;  // pi/2 in three parts, the first two of 33 bits
  constexpr double kPio2B = 0x1.0b4611a6p-34;
  constexpr double kPio2C = 0x1.3198a2e037073p-69;
  const double n = (xc * kTwoOverPi + kShift) - kShift;
  const double r1 = (xc - n * kPio2A) - n * kPio2B;  // both products exact for |n| < 2^20
  const DD<double> r = two_sum(r1, -n * kPio2C);
  const double t = r.hi, t2 = t * t;
  // sin t = t + t^3 (-1/6 + ...), to t^23; cos t = 1 - t^2/2 + ..., to t^24 (|t| <= pi/4)
  double s = -1.0 / 25852016738884976640000.0;
  s = s * t2 + 1.0 / 51090942171709440000.0;
  s = s * t2 - 1.0 / 121645100408832000.0;
  s = s * t2 + 1.0 / 355687428096000.0;
  s = s * t2 - 1.0 / 1307674368000.0;
  s = s * t2 + 1.0 / 6227020800.0;
  s = s * t2 - 1.0 / 39916800.0;
  s = s * t2 + 1.0 / 362880.0;
  s = s * t2 - 1.0 / 5040.0;
  s = s * t2 + 1.0 / 120.0;
  s = s * t2 - 1.0 / 6.0;
  const double sn = t + (r.lo + t * t2 * s);
  double c = 1.0 / 620448401733239439360000.0;
  c = c * t2 - 1.0 / 1124000727777607680000.0;
  c = c * t2 + 1.0 / 2432902008176640000.0;
  c = c * t2 - 1.0 / 6402373705728000.0;
  c = c * t2 + 1.0 / 20922789888000.0;
  c = c * t2 - 1.0 / 87178291200.0;
  c = c * t2 + 1.0 / 479001600.0;
  c = c * t2 - 1.0 / 3628800.0;
  c = c * t2 + 1.0 / 40320.0;
  c = c * t2 - 1.0 / 720.0;
  c = c * t2 + 1.0 / 24.0;
  const DD<double> half = two_prod(0.5 * t, t);  // t^2 / 2 exactly
  const DD<double> one = fast_two_sum(1.0, -half.hi);
  const double cs = one.hi + (one.lo + ((t2 * t2 * c) - half.lo - t * r.lo));
  // odd quadrants: tan = -cos / sin
  const bool odd = floor(0.5 * n) != 0.5 * n;
  const double v = select(odd, -cs / sn, sn / cs);
  return select(x == 0.0, x, select(ok, v, select(std::fabs(x) < kInf, std::tan(x), kNaN)));
}

}  // namespace geosim::det
