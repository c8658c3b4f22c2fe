// SPDX-License-Identifier: Apache-2.0
// XoshiroBatch's kernels compiled for every x86 (or Arm) target Highway attains here (AVX-512,
// AVX2, SSE4, SSSE3 and portable code on x86-64) and chosen at run time by the CPU's features:
// one binary runs AVX-512 where there is AVX-512 and SSE4 where there is not. foreach_target.h
// compiles this file once per target; the dispatch tables and the exported functions are
// compiled once (HWY_ONCE).
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "random/random_batch.cpp"
#include <hwy/foreach_target.h>  // must come before highway.h

#include <hwy/highway.h>

#include "geosim/random_batch-inl.hpp"

HWY_BEFORE_NAMESPACE();
namespace geosim::random::HWY_NAMESPACE {

// Highway's dispatch tables take plain functions, one per width.
#define GEOSIM_BATCH_WIDTH(W)                                                                             \
  void NextRows##W(std::uint64_t* state, std::uint64_t* out, std::size_t rows) {                        \
    xoshiro_batch_next_rows<W>(state, out, rows);                                                         \
  }                                                                                                       \
  void Uniform01Rows##W(std::uint64_t* state, double* out, std::size_t rows) {                          \
    xoshiro_batch_uniform01_rows<W>(state, out, rows);                                                    \
  }                                                                                                       \
  void NextRowsMasked##W(std::uint64_t* state, std::uint64_t* out, std::size_t rows, std::uint32_t mask) { \
    xoshiro_batch_next_rows_masked<W>(state, out, rows, mask);                                            \
  }                                                                                                       \
  void Uniform01RowsMasked##W(std::uint64_t* state, double* out, std::size_t rows, std::uint32_t mask) {  \
    xoshiro_batch_uniform01_rows_masked<W>(state, out, rows, mask);                                       \
  }
GEOSIM_BATCH_WIDTH(1)
GEOSIM_BATCH_WIDTH(2)
GEOSIM_BATCH_WIDTH(4)
GEOSIM_BATCH_WIDTH(8)
GEOSIM_BATCH_WIDTH(16)
#undef GEOSIM_BATCH_WIDTH

const char* TargetName() { return hwy::TargetName(HWY_TARGET); }

}  // namespace geosim::random::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "geosim/random_batch.hpp"

namespace geosim::random {

HWY_EXPORT(TargetName);
const char* batch_simd_target() noexcept { return HWY_DYNAMIC_DISPATCH(TargetName)(); }

namespace detail {

#define GEOSIM_BATCH_WIDTH(W)                                                                             \
  HWY_EXPORT(NextRows##W);                                                                                \
  HWY_EXPORT(Uniform01Rows##W);                                                                           \
  template <>                                                                                             \
  void batch_next_rows<W>(std::uint64_t * state, std::uint64_t * out, std::size_t rows) noexcept {       \
    HWY_DYNAMIC_DISPATCH(NextRows##W)(state, out, rows);                                                  \
  }                                                                                                       \
  template <>                                                                                             \
  void batch_uniform01_rows<W>(std::uint64_t * state, double* out, std::size_t rows) noexcept {          \
    HWY_DYNAMIC_DISPATCH(Uniform01Rows##W)(state, out, rows);                                             \
  }                                                                                                       \
  HWY_EXPORT(NextRowsMasked##W);                                                                          \
  HWY_EXPORT(Uniform01RowsMasked##W);                                                                     \
  template <>                                                                                             \
  void batch_next_rows_masked<W>(std::uint64_t * state, std::uint64_t * out, std::size_t rows,           \
                                 std::uint32_t mask) noexcept {                                         \
    HWY_DYNAMIC_DISPATCH(NextRowsMasked##W)(state, out, rows, mask);                                      \
  }                                                                                                       \
  template <>                                                                                             \
  void batch_uniform01_rows_masked<W>(std::uint64_t * state, double* out, std::size_t rows,              \
                                      std::uint32_t mask) noexcept {                                    \
    HWY_DYNAMIC_DISPATCH(Uniform01RowsMasked##W)(state, out, rows, mask);                                 \
  }
GEOSIM_BATCH_WIDTH(1)
GEOSIM_BATCH_WIDTH(2)
GEOSIM_BATCH_WIDTH(4)
GEOSIM_BATCH_WIDTH(8)
GEOSIM_BATCH_WIDTH(16)
#undef GEOSIM_BATCH_WIDTH

}  // namespace detail
}  // namespace geosim::random
#endif  // HWY_ONCE
