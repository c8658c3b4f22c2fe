// SPDX-License-Identifier: Apache-2.0
// The per-instruction-set kernel of the batched standard normal (include/geosim/sampling_batch.hpp),
// in Highway's per-target form as random_batch-inl.hpp (whose xoshiro step it uses): included after
// hwy/foreach_target.h by engine/random/sampling_batch.cpp, or by code compiled for one target.
//
// Bit-identity with sampling.hpp's normal01 on each lane's stream. With a 64-bit engine,
// boost::random::detail::generate_int_float_pair<double, 8> (Boost 1.74) draws exactly one output u
// (m = 64 digits: no whole-digit loop, one generate_one_digit, which with a full 64-bit range takes
// u as it is, and no further digits since 64 - 8 = 56 > 53): the integer part is u & 0xFF (bit 0
// the sign, bits 1..7 the layer i), and the float is double(u' >> 8) * 2^-56, u' being u with bit
// 11 cleared (its "zero out unused bits" step, which keeps the rounded value below 1). Here: the
// shifts and masks are integer operations; u' >> 8 is below 2^56 and goes through the signed
// conversion, which rounds to nearest-even on every target as the scalar conversion does (AVX-512's
// vcvtqq2pd; Highway's two-part sum elsewhere, exact but for its one final rounding); the scaling is
// by a power of two; x = f * tx[i] and the test x < tx[i+1] are one multiply and one compare, with
// tx[i] and tx[i+1] gathered from Boost's own table; and the result x * (+-1) is exact. So lanes
// accepted here hold the scalar value. A lane rejected here has drawn u, as the scalar code had
// when it left its fast path; `fallback(words, u)` finishes the draw on that lane's four state
// words by the scalar code (detail::normal01_resume), so the lane continues from where it ends.

#if defined(GEOSIM_SAMPLING_BATCH_INL_HPP_) == defined(HWY_TARGET_TOGGLE)
#ifdef GEOSIM_SAMPLING_BATCH_INL_HPP_
#undef GEOSIM_SAMPLING_BATCH_INL_HPP_
#else
#define GEOSIM_SAMPLING_BATCH_INL_HPP_
#endif

#include <bit>
#include <cstddef>
#include <cstdint>

#include <boost/random/normal_distribution.hpp>
#include <hwy/highway.h>

#include "geosim/random_batch-inl.hpp"

HWY_BEFORE_NAMESPACE();
namespace geosim::random::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

/// @brief `rows` rows of standard normals in the W lanes of `state` (lane k's r-th at
/// out[r * W + k]); if Masked, in the lanes of `mask` only (others unchanged, 0.0 at their places).
/// `fallback(words, u)` returns a lane's value when the fast path rejects its output u: `words` are
/// that lane's four state words (contiguous, after u was drawn), which it advances as it draws.
/// One vector of lanes at a time: the rejected lanes of a row are finished before the next row,
/// which each lane's order requires.
template <std::size_t W, bool Masked, class Fallback>
HWY_INLINE void normal01_batch_rows(std::uint64_t* HWY_RESTRICT state, double* HWY_RESTRICT out, std::size_t rows,
                                    std::uint32_t mask, const Fallback& fallback) {
  const hn::CappedTag<std::uint64_t, W> du;
  const hn::RebindToSigned<decltype(du)> di;
  const hn::Rebind<double, decltype(du)> dd;
  const std::size_t lanes = hn::Lanes(du);
  const double* const tx = boost::random::detail::normal_table<double>::table_x;
  const auto keep = hn::Set(du, ~(std::uint64_t{1} << 11));  // generate_int_float_pair's cleared bit
  const auto layer_bits = hn::Set(du, std::uint64_t{0x7F});
  const auto sign_bit = hn::Set(du, std::uint64_t{1});
  const auto scale = hn::Set(dd, 0x1.0p-56);
  const auto plus = hn::Set(dd, 1.0), minus = hn::Set(dd, -1.0);
  for (std::size_t c = 0; c < W; c += lanes) {
    const auto m = lane_mask(du, Masked ? mask : ~std::uint32_t{0}, c);
    if constexpr (Masked) {
      if (hn::AllFalse(du, m)) {
        for (std::size_t r = 0; r < rows; ++r) hn::StoreU(hn::Zero(dd), dd, out + r * W + c);
        continue;
      }
    }
    auto s0 = hn::LoadU(du, state + 0 * W + c);
    auto s1 = hn::LoadU(du, state + 1 * W + c);
    auto s2 = hn::LoadU(du, state + 2 * W + c);
    auto s3 = hn::LoadU(du, state + 3 * W + c);
    for (std::size_t r = 0; r < rows; ++r) {
      hn::Vec<decltype(du)> u;
      if constexpr (Masked) {
        auto n0 = s0, n1 = s1, n2 = s2, n3 = s3;
        u = xoshiro_step(n0, n1, n2, n3);
        s0 = hn::IfThenElse(m, n0, s0);
        s1 = hn::IfThenElse(m, n1, s1);
        s2 = hn::IfThenElse(m, n2, s2);
        s3 = hn::IfThenElse(m, n3, s3);
      } else {
        u = xoshiro_step(s0, s1, s2, s3);
      }
      const auto layer = hn::BitCast(di, hn::And(hn::ShiftRight<1>(u), layer_bits));
      const auto f = hn::Mul(hn::ConvertTo(dd, hn::BitCast(di, hn::ShiftRight<8>(hn::And(u, keep)))), scale);
      const auto sign = hn::IfThenElse(hn::RebindMask(dd, hn::TestBit(u, sign_bit)), plus, minus);
      const auto x = hn::Mul(f, hn::GatherIndex(dd, tx, layer));
      auto miss = hn::Not(hn::Lt(x, hn::GatherIndex(dd, tx + 1, layer)));
      auto z = hn::Mul(x, sign);
      if constexpr (Masked) {
        miss = hn::And(miss, hn::RebindMask(dd, m));
        z = hn::IfThenElseZero(hn::RebindMask(dd, m), z);
      }
      hn::StoreU(z, dd, out + r * W + c);
      if (HWY_UNLIKELY(!hn::AllFalse(dd, miss))) {
        // The rejected lanes' words go to the scalar finish and come back by broadcast and blend,
        // not through `state` (a vector load of words just stored one by one would stall).
        std::uint64_t drawn[W], w0[W], w1[W], w2[W], w3[W];
        std::uint8_t missed[8] = {};  // bit j: lane c + j (at most 16 lanes: W <= 16)
        hn::StoreU(u, du, drawn);
        hn::StoreMaskBits(dd, miss, missed);
        hn::StoreU(s0, du, w0);
        hn::StoreU(s1, du, w1);
        hn::StoreU(s2, du, w2);
        hn::StoreU(s3, du, w3);
        const auto iota = hn::Iota(du, 0);
        for (unsigned todo = missed[0] | (unsigned{missed[1]} << 8); todo != 0; todo &= todo - 1) {
          const auto j = static_cast<std::size_t>(std::countr_zero(todo));
          std::uint64_t words[4] = {w0[j], w1[j], w2[j], w3[j]};
          out[r * W + c + j] = fallback(words, drawn[j]);
          const auto at = hn::Eq(iota, hn::Set(du, std::uint64_t{j}));
          s0 = hn::IfThenElse(at, hn::Set(du, words[0]), s0);
          s1 = hn::IfThenElse(at, hn::Set(du, words[1]), s1);
          s2 = hn::IfThenElse(at, hn::Set(du, words[2]), s2);
          s3 = hn::IfThenElse(at, hn::Set(du, words[3]), s3);
        }
      }
    }
    hn::StoreU(s0, du, state + 0 * W + c);
    hn::StoreU(s1, du, state + 1 * W + c);
    hn::StoreU(s2, du, state + 2 * W + c);
    hn::StoreU(s3, du, state + 3 * W + c);
  }
}

}  // namespace geosim::random::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
