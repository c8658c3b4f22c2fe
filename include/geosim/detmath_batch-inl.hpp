// SPDX-License-Identifier: Apache-2.0
// The engine's own exp, expm1, log, log1p and pow (include/geosim/detmath.hpp) over a Highway vector
// of doubles, in Highway's form for code compiled once per target: included by a translation unit
// after hwy/foreach_target.h (engine/mathbatch/detmath_batch.cpp, which dispatches to them at run
// time), or by code compiled for one target only (static dispatch). The functions are those of
// detmath.hpp: this header supplies the value type (VecD, with its mask and integer types) and
// reads detmath.hpp's algorithms again inside this target's namespace, so every lane computes
// exactly what the scalar function does, bit for bit, and does not depend on the other lanes.
// No MulAdd: a * b + c is Mul then Add, rounded twice, as the scalar code (-ffp-contract=off).
//
// Needs a target whose vectors are types of known size (every x86 target, NEON, EMU128): the
// value type wraps a vector in a struct, which a scalable vector (SVE, RVV) cannot be. On those
// targets GEOSIM_DETMATH_BATCH is 0 and the callers use the scalar functions lane by lane.

// Per-target include guard (Highway's idiom): re-included once per target by foreach_target.h.
#if defined(GEOSIM_DETMATH_BATCH_INL_HPP_) == defined(HWY_TARGET_TOGGLE)
#ifdef GEOSIM_DETMATH_BATCH_INL_HPP_
#undef GEOSIM_DETMATH_BATCH_INL_HPP_
#else
#define GEOSIM_DETMATH_BATCH_INL_HPP_
#endif

#include <cstddef>
#include <cstdint>

#include <hwy/highway.h>

#include "geosim/detmath.hpp"  // the scalar functions, the constants and the tables (read once)

#undef GEOSIM_DETMATH_BATCH
#if !HWY_HAVE_SCALABLE
#define GEOSIM_DETMATH_BATCH 1

HWY_BEFORE_NAMESPACE();
namespace geosim::det::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

template <class D>
struct VecD;

/// @brief A vector of 64-bit integers (the exponent and table-index arithmetic of detmath).
template <class D>
struct VecI {
  using DI = hn::RebindToSigned<D>;
  hn::Vec<DI> v;
  HWY_INLINE VecI(hn::Vec<DI> raw) : v(raw) {}
  HWY_INLINE VecI(std::int64_t c) : v(hn::Set(DI(), c)) {}
  friend HWY_INLINE VecI operator+(VecI a, VecI b) { return hn::Add(a.v, b.v); }
  friend HWY_INLINE VecI operator-(VecI a, VecI b) { return hn::Sub(a.v, b.v); }
  friend HWY_INLINE VecI operator&(VecI a, VecI b) { return hn::And(a.v, b.v); }
  friend HWY_INLINE VecI operator|(VecI a, VecI b) { return hn::Or(a.v, b.v); }
  friend HWY_INLINE VecI operator<<(VecI a, int n) { return hn::ShiftLeftSame(a.v, n); }
  friend HWY_INLINE VecI operator>>(VecI a, int n) { return hn::ShiftRightSame(a.v, n); }  // arithmetic
  friend HWY_INLINE VecD<D> from_bits(VecI a) { return hn::BitCast(D(), a.v); }
  // An integer |i| < 2^51 as a double, exactly: kShift + i has i in its low bits (Highway's
  // ConvertTo from 64-bit integers is emulated below AVX-512).
  friend HWY_INLINE VecD<D> to_double(VecI a) {
    return hn::Sub(hn::BitCast(D(), hn::Add(a.v, hn::Set(DI(), ::geosim::det::detail::kShiftBits))),
                   hn::Set(D(), ::geosim::det::detail::kShift));
  }
  /// Row j, column col of each lane, from a table of N rows of C doubles.
  template <std::size_t N, std::size_t C>
  friend HWY_INLINE VecD<D> gather(const double (&table)[N][C], VecI j, std::size_t col) {
    hn::Vec<DI> index = j.v;
    for (std::size_t c = 1; c < C; ++c) index = hn::Add(index, j.v);  // j C (no 64-bit multiply below AVX-512)
    index = hn::Add(index, hn::Set(DI(), static_cast<std::int64_t>(col)));
    return hn::GatherIndex(D(), &table[0][0], index);
  }
};

/// @brief A mask of lanes: a comparison's result; && || ! and == as for bool, every operand evaluated.
template <class D>
struct MaskD {
  hn::Mask<D> m;
  friend HWY_INLINE MaskD operator&&(MaskD a, MaskD b) { return {hn::And(a.m, b.m)}; }
  friend HWY_INLINE MaskD operator||(MaskD a, MaskD b) { return {hn::Or(a.m, b.m)}; }
  friend HWY_INLINE MaskD operator!(MaskD a) { return {hn::Not(a.m)}; }
  friend HWY_INLINE MaskD operator==(MaskD a, MaskD b) { return {hn::Not(hn::Xor(a.m, b.m))}; }
  friend HWY_INLINE VecD<D> select(MaskD c, VecD<D> a, VecD<D> b) { return hn::IfThenElse(c.m, a.v, b.v); }
  friend HWY_INLINE bool none(MaskD a) { return hn::AllFalse(D(), a.m); }
  friend HWY_INLINE bool all(MaskD a) { return hn::AllTrue(D(), a.m); }
};

/// @brief detmath's value type on this target: a vector of doubles; a double converts to it (the
/// constant in every lane). Comparisons are IEEE's, as in C++: false with a nan, except != (true).
template <class D>
struct VecD {
  using M = MaskD<D>;
  hn::Vec<D> v;
  HWY_INLINE VecD(hn::Vec<D> raw) : v(raw) {}
  HWY_INLINE VecD(double c) : v(hn::Set(D(), c)) {}
  friend HWY_INLINE VecD operator+(VecD a, VecD b) { return hn::Add(a.v, b.v); }
  friend HWY_INLINE VecD operator-(VecD a, VecD b) { return hn::Sub(a.v, b.v); }
  friend HWY_INLINE VecD operator*(VecD a, VecD b) { return hn::Mul(a.v, b.v); }
  friend HWY_INLINE VecD operator/(VecD a, VecD b) { return hn::Div(a.v, b.v); }
  friend HWY_INLINE VecD operator-(VecD a) { return hn::Neg(a.v); }
  friend HWY_INLINE M operator<(VecD a, VecD b) { return {hn::Lt(a.v, b.v)}; }
  friend HWY_INLINE M operator>(VecD a, VecD b) { return {hn::Gt(a.v, b.v)}; }
  friend HWY_INLINE M operator<=(VecD a, VecD b) { return {hn::Le(a.v, b.v)}; }
  friend HWY_INLINE M operator>=(VecD a, VecD b) { return {hn::Ge(a.v, b.v)}; }
  friend HWY_INLINE M operator==(VecD a, VecD b) { return {hn::Eq(a.v, b.v)}; }
  // Not Highway's Ne: on AVX-512 it is the ordered comparison, false for a nan.
  friend HWY_INLINE M operator!=(VecD a, VecD b) { return {hn::Not(hn::Eq(a.v, b.v))}; }
  friend HWY_INLINE VecD fabs(VecD a) { return hn::Abs(a.v); }
  friend HWY_INLINE M isnan(VecD a) { return {hn::IsNaN(a.v)}; }
  friend HWY_INLINE M signbit(VecD a) {
    const hn::RebindToSigned<D> di;
    return {hn::RebindMask(D(), hn::Lt(hn::BitCast(di, a.v), hn::Zero(di)))};
  }
  friend HWY_INLINE VecI<D> bits(VecD a) { return hn::BitCast(hn::RebindToSigned<D>(), a.v); }
};

}  // namespace geosim::det::HWY_NAMESPACE

// The algorithms of detmath.hpp, for this target.
#define GEOSIM_DETMATH_NAMESPACE geosim::det::HWY_NAMESPACE::detail
#include "geosim/detmath.hpp"

namespace geosim::det::HWY_NAMESPACE {

/// @brief det::exp of each lane, bit for bit.
template <class D>
HWY_INLINE hn::Vec<D> exp(D, hn::Vec<D> x) {
  return detail::exp_t(VecD<D>(x)).v;
}
/// @brief det::expm1 of each lane, bit for bit.
template <class D>
HWY_INLINE hn::Vec<D> expm1(D, hn::Vec<D> x) {
  return detail::expm1_t(VecD<D>(x)).v;
}
/// @brief det::log of each lane, bit for bit.
template <class D>
HWY_INLINE hn::Vec<D> log(D, hn::Vec<D> x) {
  return detail::log_t(VecD<D>(x)).v;
}
/// @brief det::log1p of each lane, bit for bit.
template <class D>
HWY_INLINE hn::Vec<D> log1p(D, hn::Vec<D> x) {
  return detail::log1p_t(VecD<D>(x)).v;
}
/// @brief det::pow of each pair of lanes, bit for bit.
template <class D>
HWY_INLINE hn::Vec<D> pow(D, hn::Vec<D> x, hn::Vec<D> y) {
  return detail::pow_t(VecD<D>(x), VecD<D>(y)).v;
}

}  // namespace geosim::det::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#else
#define GEOSIM_DETMATH_BATCH 0
#endif  // !HWY_HAVE_SCALABLE

#endif  // per-target include guard
