// SPDX-License-Identifier: Apache-2.0
// The array entry points of include/geosim/detmath_batch.hpp, compiled for every target Highway
// attains here (foreach_target.h compiles this file once per target) and chosen at run time by the
// CPU's features; the dispatch tables and the exported functions are compiled once (HWY_ONCE).
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "mathbatch/detmath_batch.cpp"
#include <hwy/foreach_target.h>  // must come before highway.h

#include <algorithm>
#include <cstddef>

#include <hwy/highway.h>

#include "geosim/detmath.hpp"
#include "geosim/detmath_batch-inl.hpp"

HWY_BEFORE_NAMESPACE();
namespace geosim::det::HWY_NAMESPACE {
namespace {

#if GEOSIM_DETMATH_BATCH
/// out[i] = f(in[i]) a vector at a time; the last partial vector padded with 1.0 (a common-case
/// argument of every function, so the padding takes no rare path).
template <class F>
HWY_INLINE void map_rows(const double* in, double* out, std::size_t n, const F& f) {
  const hn::ScalableTag<double> d;
  const std::size_t lanes = hn::Lanes(d);
  std::size_t i = 0;
  for (; i + lanes <= n; i += lanes) hn::StoreU(f(d, hn::LoadU(d, in + i)), d, out + i);
  if (i < n) {
    HWY_ALIGN double buf[HWY_LANES(double)];
    std::fill(buf, buf + lanes, 1.0);
    std::copy(in + i, in + n, buf);
    hn::Store(f(d, hn::Load(d, buf)), d, buf);
    std::copy(buf, buf + (n - i), out + i);
  }
}
template <class F>
HWY_INLINE void map2_rows(const double* x, const double* y, double* out, std::size_t n, const F& f) {
  const hn::ScalableTag<double> d;
  const std::size_t lanes = hn::Lanes(d);
  std::size_t i = 0;
  for (; i + lanes <= n; i += lanes) hn::StoreU(f(d, hn::LoadU(d, x + i), hn::LoadU(d, y + i)), d, out + i);
  if (i < n) {
    HWY_ALIGN double bx[HWY_LANES(double)];
    HWY_ALIGN double by[HWY_LANES(double)];
    std::fill(bx, bx + lanes, 1.5);
    std::fill(by, by + lanes, 1.5);
    std::copy(x + i, x + n, bx);
    std::copy(y + i, y + n, by);
    hn::Store(f(d, hn::Load(d, bx), hn::Load(d, by)), d, bx);
    std::copy(bx, bx + (n - i), out + i);
  }
}
#define GEOSIM_MAP1(name) \
  map_rows(in, out, n, [](auto d, auto v) HWY_ATTR { return name(d, v); })
#define GEOSIM_MAP2(name) \
  map2_rows(x, y, out, n, [](auto d, auto a, auto b) HWY_ATTR { return name(d, a, b); })
#else
// Scalable vectors (SVE, RVV): the scalar functions, element by element (the same bits).
#define GEOSIM_MAP1(name) \
  for (std::size_t i = 0; i < n; ++i) out[i] = ::geosim::det::name(in[i])
#define GEOSIM_MAP2(name) \
  for (std::size_t i = 0; i < n; ++i) out[i] = ::geosim::det::name(x[i], y[i])
#endif

}  // namespace

// Highway's dispatch tables take plain functions.
void ExpRows(const double* in, double* out, std::size_t n) { GEOSIM_MAP1(exp); }
void Expm1Rows(const double* in, double* out, std::size_t n) { GEOSIM_MAP1(expm1); }
void LogRows(const double* in, double* out, std::size_t n) { GEOSIM_MAP1(log); }
void Log1pRows(const double* in, double* out, std::size_t n) { GEOSIM_MAP1(log1p); }
void PowRows(const double* x, const double* y, double* out, std::size_t n) { GEOSIM_MAP2(pow); }
#undef GEOSIM_MAP1
#undef GEOSIM_MAP2

const char* MathTargetName() { return hwy::TargetName(HWY_TARGET); }
std::size_t MathLanes() { return hn::Lanes(hn::ScalableTag<double>()); }

}  // namespace geosim::det::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "geosim/detmath_batch.hpp"

namespace geosim::det {

HWY_EXPORT(ExpRows);
HWY_EXPORT(Expm1Rows);
HWY_EXPORT(LogRows);
HWY_EXPORT(Log1pRows);
HWY_EXPORT(PowRows);
HWY_EXPORT(MathTargetName);
HWY_EXPORT(MathLanes);

void exp_rows(const double* in, double* out, std::size_t n) noexcept { HWY_DYNAMIC_DISPATCH(ExpRows)(in, out, n); }
void expm1_rows(const double* in, double* out, std::size_t n) noexcept { HWY_DYNAMIC_DISPATCH(Expm1Rows)(in, out, n); }
void log_rows(const double* in, double* out, std::size_t n) noexcept { HWY_DYNAMIC_DISPATCH(LogRows)(in, out, n); }
void log1p_rows(const double* in, double* out, std::size_t n) noexcept { HWY_DYNAMIC_DISPATCH(Log1pRows)(in, out, n); }
void pow_rows(const double* x, const double* y, double* out, std::size_t n) noexcept {
  HWY_DYNAMIC_DISPATCH(PowRows)(x, y, out, n);
}
const char* math_batch_target() noexcept { return HWY_DYNAMIC_DISPATCH(MathTargetName)(); }
std::size_t math_batch_lanes() noexcept { return HWY_DYNAMIC_DISPATCH(MathLanes)(); }

}  // namespace geosim::det
#endif  // HWY_ONCE
