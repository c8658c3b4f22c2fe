// SPDX-License-Identifier: Apache-2.0
// The per-instruction-set kernels of XoshiroBatch (include/geosim/random_batch.hpp), in Highway's
// form for code compiled once per target: included by a translation unit after hwy/foreach_target.h
// (engine/random/random_batch.cpp, which dispatches to them at run time), or by code compiled for
// one target only (static dispatch), such as batched native code. Each kernel is defined in
// namespace geosim::random::HWY_NAMESPACE for the target being compiled.
//
// Bit-identity with the scalar Xoshiro256pp: the update is integer arithmetic (add, xor, shift,
// rotate: exact on every target), and uniform01 converts the top 53 bits, an integer below 2^53
// and so exactly representable, to double and scales it by 2^-53, a power of two: exact too.

// Per-target include guard (Highway's idiom): re-included once per target by foreach_target.h.
#if defined(GEOSIM_RANDOM_BATCH_INL_HPP_) == defined(HWY_TARGET_TOGGLE)
#ifdef GEOSIM_RANDOM_BATCH_INL_HPP_
#undef GEOSIM_RANDOM_BATCH_INL_HPP_
#else
#define GEOSIM_RANDOM_BATCH_INL_HPP_
#endif

#include <cstddef>
#include <cstdint>

#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace geosim::random::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

/// @brief One xoshiro256++ step on a vector of lanes: returns the outputs, advances s0..s3.
template <class V>
HWY_INLINE V xoshiro_step(V& s0, V& s1, V& s2, V& s3) {
  const V result = hn::Add(hn::RotateRight<64 - 23>(hn::Add(s0, s3)), s0);
  const V t = hn::ShiftLeft<17>(s1);
  s2 = hn::Xor(s2, s0);
  s3 = hn::Xor(s3, s1);
  s1 = hn::Xor(s1, s2);
  s0 = hn::Xor(s0, s3);
  s2 = hn::Xor(s2, t);
  s3 = hn::RotateRight<64 - 45>(s3);
  return result;
}

/// @brief Advances the W lanes of `state` (4 rows of W words) by `rows` draws; `emit(r, c, v)`
/// receives the outputs of lanes [c, c + Lanes) for row r. Vectors are at most W lanes wide (W = 4
/// on AVX-512 uses 256-bit vectors), and W / Lanes of them cover the batch. They are advanced two
/// at a time, interleaved row by row so that the two dependency chains overlap (the state of two,
/// eight vectors, fits the 16 registers of SSE4 and AVX2 with room for temporaries); the state
/// stays in named registers over the rows (an array of vectors would go through the stack).
template <std::size_t W, class Emit>
HWY_INLINE void xoshiro_batch_rows(std::uint64_t* HWY_RESTRICT state, std::size_t rows, const Emit& emit) {
  const hn::CappedTag<std::uint64_t, W> du;
  const std::size_t lanes = hn::Lanes(du);
  std::size_t c = 0;
  for (; c + 2 * lanes <= W; c += 2 * lanes) {
    const std::size_t d = c + lanes;
    auto a0 = hn::LoadU(du, state + 0 * W + c), b0 = hn::LoadU(du, state + 0 * W + d);
    auto a1 = hn::LoadU(du, state + 1 * W + c), b1 = hn::LoadU(du, state + 1 * W + d);
    auto a2 = hn::LoadU(du, state + 2 * W + c), b2 = hn::LoadU(du, state + 2 * W + d);
    auto a3 = hn::LoadU(du, state + 3 * W + c), b3 = hn::LoadU(du, state + 3 * W + d);
    for (std::size_t r = 0; r < rows; ++r) {
      emit(r, c, xoshiro_step(a0, a1, a2, a3));
      emit(r, d, xoshiro_step(b0, b1, b2, b3));
    }
    hn::StoreU(a0, du, state + 0 * W + c), hn::StoreU(b0, du, state + 0 * W + d);
    hn::StoreU(a1, du, state + 1 * W + c), hn::StoreU(b1, du, state + 1 * W + d);
    hn::StoreU(a2, du, state + 2 * W + c), hn::StoreU(b2, du, state + 2 * W + d);
    hn::StoreU(a3, du, state + 3 * W + c), hn::StoreU(b3, du, state + 3 * W + d);
  }
  if (c < W) {  // one vector left: W itself fits one vector (W = 1, or W = 8 on AVX-512)
    auto s0 = hn::LoadU(du, state + 0 * W + c);
    auto s1 = hn::LoadU(du, state + 1 * W + c);
    auto s2 = hn::LoadU(du, state + 2 * W + c);
    auto s3 = hn::LoadU(du, state + 3 * W + c);
    for (std::size_t r = 0; r < rows; ++r) emit(r, c, xoshiro_step(s0, s1, s2, s3));
    hn::StoreU(s0, du, state + 0 * W + c);
    hn::StoreU(s1, du, state + 1 * W + c);
    hn::StoreU(s2, du, state + 2 * W + c);
    hn::StoreU(s3, du, state + 3 * W + c);
  }
}

/// @brief `rows` draws of each of W lanes: lane k's r-th output at out[r * W + k].
template <std::size_t W>
HWY_INLINE void xoshiro_batch_next_rows(std::uint64_t* HWY_RESTRICT state, std::uint64_t* HWY_RESTRICT out,
                                        std::size_t rows) {
  const hn::CappedTag<std::uint64_t, W> du;
  xoshiro_batch_rows<W>(state, rows, [&](std::size_t r, std::size_t c, auto v) HWY_ATTR {
    hn::StoreU(v, du, out + r * W + c);
  });
}

/// @brief As xoshiro_batch_next_rows, each output turned into a double in [0, 1) exactly as
/// Xoshiro256pp::uniform01 does: (x >> 11) * 2^-53.
template <std::size_t W>
HWY_INLINE void xoshiro_batch_uniform01_rows(std::uint64_t* HWY_RESTRICT state, double* HWY_RESTRICT out,
                                             std::size_t rows) {
  const hn::CappedTag<std::uint64_t, W> du;
  const hn::RebindToSigned<decltype(du)> di;
  const hn::Rebind<double, decltype(du)> dd;
  const auto scale = hn::Set(dd, 0x1.0p-53);
  xoshiro_batch_rows<W>(state, rows, [&](std::size_t r, std::size_t c, auto v) HWY_ATTR {
    // Below 2^53 after the shift, so the signed conversion (which every target has) is exact.
    const auto top53 = hn::BitCast(di, hn::ShiftRight<11>(v));
    hn::StoreU(hn::Mul(hn::ConvertTo(dd, top53), scale), dd, out + r * W + c);
  });
}

/// @brief The lanes [c, c + Lanes(du)) of a LaneMask (bit k: lane k) as a Highway mask over du.
template <class D>
HWY_INLINE auto lane_mask(D du, std::uint32_t mask, std::size_t c) {
  const auto bit = hn::Shl(hn::Set(du, std::uint64_t{1}), hn::Iota(du, 0));  // lane j holds 1 << j
  return hn::TestBit(hn::Set(du, static_cast<std::uint64_t>(mask >> c)), bit);
}

/// @brief As xoshiro_batch_rows, with the lanes outside `mask` left unchanged: every lane computes
/// the step, and only those of the mask keep it. `emit(r, c, m, v)` also receives the mask m of
/// lanes [c, c + Lanes). One vector at a time (masked draws are the less common kind).
template <std::size_t W, class Emit>
HWY_INLINE void xoshiro_batch_rows_masked(std::uint64_t* HWY_RESTRICT state, std::size_t rows, std::uint32_t mask,
                                          const Emit& emit) {
  const hn::CappedTag<std::uint64_t, W> du;
  const std::size_t lanes = hn::Lanes(du);
  for (std::size_t c = 0; c < W; c += lanes) {
    const auto m = lane_mask(du, mask, c);
    auto s0 = hn::LoadU(du, state + 0 * W + c);
    auto s1 = hn::LoadU(du, state + 1 * W + c);
    auto s2 = hn::LoadU(du, state + 2 * W + c);
    auto s3 = hn::LoadU(du, state + 3 * W + c);
    for (std::size_t r = 0; r < rows; ++r) {
      auto n0 = s0, n1 = s1, n2 = s2, n3 = s3;
      const auto v = xoshiro_step(n0, n1, n2, n3);
      s0 = hn::IfThenElse(m, n0, s0);
      s1 = hn::IfThenElse(m, n1, s1);
      s2 = hn::IfThenElse(m, n2, s2);
      s3 = hn::IfThenElse(m, n3, s3);
      emit(r, c, m, v);
    }
    hn::StoreU(s0, du, state + 0 * W + c);
    hn::StoreU(s1, du, state + 1 * W + c);
    hn::StoreU(s2, du, state + 2 * W + c);
    hn::StoreU(s3, du, state + 3 * W + c);
  }
}

/// @brief xoshiro_batch_next_rows in the lanes of `mask` only; 0 at the other lanes' places.
template <std::size_t W>
HWY_INLINE void xoshiro_batch_next_rows_masked(std::uint64_t* HWY_RESTRICT state, std::uint64_t* HWY_RESTRICT out,
                                               std::size_t rows, std::uint32_t mask) {
  const hn::CappedTag<std::uint64_t, W> du;
  xoshiro_batch_rows_masked<W>(state, rows, mask, [&](std::size_t r, std::size_t c, auto m, auto v) HWY_ATTR {
    hn::StoreU(hn::IfThenElseZero(m, v), du, out + r * W + c);
  });
}

/// @brief xoshiro_batch_uniform01_rows in the lanes of `mask` only; 0.0 at the other lanes' places.
template <std::size_t W>
HWY_INLINE void xoshiro_batch_uniform01_rows_masked(std::uint64_t* HWY_RESTRICT state, double* HWY_RESTRICT out,
                                                    std::size_t rows, std::uint32_t mask) {
  const hn::CappedTag<std::uint64_t, W> du;
  const hn::RebindToSigned<decltype(du)> di;
  const hn::Rebind<double, decltype(du)> dd;
  const auto scale = hn::Set(dd, 0x1.0p-53);
  xoshiro_batch_rows_masked<W>(state, rows, mask, [&](std::size_t r, std::size_t c, auto m, auto v) HWY_ATTR {
    const auto top53 = hn::BitCast(di, hn::ShiftRight<11>(v));
    const auto u = hn::Mul(hn::ConvertTo(dd, top53), scale);
    hn::StoreU(hn::IfThenElseZero(hn::RebindMask(dd, m), u), dd, out + r * W + c);
  });
}

}  // namespace geosim::random::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
