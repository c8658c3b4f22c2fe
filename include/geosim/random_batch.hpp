// SPDX-License-Identifier: Apache-2.0
// A batch of W keyed random streams advanced together in SIMD registers: lane k is exactly the
// scalar Xoshiro256pp stream of key k (include/geosim/random.hpp), so a run's draws do not depend
// on which runs share its batch, nor on the batch width, nor on the instruction set.
#pragma once

#include <array>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>

#include "geosim/random.hpp"

namespace geosim::random {

/// @brief The batch widths compiled (engine/random/random_batch.cpp): 1, 2, 4, 8 and 16 lanes.
template <std::size_t W>
concept BatchWidth = W == 1 || W == 2 || W == 4 || W == 8 || W == 16;

namespace detail {
// Dispatched at run time to the best instruction set the CPU has (Highway: AVX-512, AVX2, SSE4,
// SSSE3 or portable code). `state` is 4 rows of W lanes; row r of the output, r < rows, holds
// lane k's r-th draw at out[r * W + k]. Specialised (and defined) for the widths of BatchWidth.
template <std::size_t W>
void batch_next_rows(std::uint64_t* state, std::uint64_t* out, std::size_t rows) noexcept;
template <std::size_t W>
void batch_uniform01_rows(std::uint64_t* state, double* out, std::size_t rows) noexcept;
// Masked: only the lanes whose bit is set in `mask` draw (and advance); the others' state is left
// as it is and their outputs are 0.
template <std::size_t W>
void batch_next_rows_masked(std::uint64_t* state, std::uint64_t* out, std::size_t rows, std::uint32_t mask) noexcept;
template <std::size_t W>
void batch_uniform01_rows_masked(std::uint64_t* state, double* out, std::size_t rows, std::uint32_t mask) noexcept;
#define GEOSIM_BATCH_WIDTH(W)                                                                             \
  template <>                                                                                             \
  void batch_next_rows<W>(std::uint64_t * state, std::uint64_t * out, std::size_t rows) noexcept;           \
  template <>                                                                                             \
  void batch_uniform01_rows<W>(std::uint64_t * state, double* out, std::size_t rows) noexcept;              \
  template <>                                                                                             \
  void batch_next_rows_masked<W>(std::uint64_t * state, std::uint64_t * out, std::size_t rows,              \
                                 std::uint32_t mask) noexcept;                                            \
  template <>                                                                                             \
  void batch_uniform01_rows_masked<W>(std::uint64_t * state, double* out, std::size_t rows,                 \
                                      std::uint32_t mask) noexcept;
GEOSIM_BATCH_WIDTH(1)
GEOSIM_BATCH_WIDTH(2)
GEOSIM_BATCH_WIDTH(4)
GEOSIM_BATCH_WIDTH(8)
GEOSIM_BATCH_WIDTH(16)
#undef GEOSIM_BATCH_WIDTH
}  // namespace detail

/// @brief The instruction set the batches run on in this process ("AVX3" for AVX-512, "AVX2",
/// "SSE4", "SSSE3", "EMU128" for portable code): Highway's name for the target it chose.
const char* batch_simd_target() noexcept;

/// @brief A set of lanes of a batch: bit k stands for lane k (so at most 32 lanes; BatchWidth's are
/// at most 16). A masked draw (XoshiroBatch::next(mask) and the others) draws in these lanes only.
using LaneMask = std::uint32_t;

/// @brief The mask of all W lanes.
template <std::size_t W>
  requires BatchWidth<W>
constexpr LaneMask all_lanes() noexcept { return static_cast<LaneMask>((std::uint64_t{1} << W) - 1); }

/// @brief One lane of a batch as a scalar UniformRandomBitGenerator (Boost.Random's distributions
/// and sampling.hpp draw from it): each call steps that lane alone, by Xoshiro256pp::step, and
/// leaves the other lanes as they are. A view: it refers to the batch's state (`words` is lane k's
/// word 0, `stride` = W the distance to its word 1) and must not outlive it. For the rare draws in
/// which one lane needs more than the others (a rejection in one run); the common ones are rows.
class BatchLane {
 public:
  using result_type = std::uint64_t;
  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }

  constexpr BatchLane(std::uint64_t* words, std::size_t stride) noexcept : s_(words), stride_(stride) {}

  constexpr result_type operator()() noexcept {
    return Xoshiro256pp::step(s_[0], s_[stride_], s_[2 * stride_], s_[3 * stride_]);
  }
  /// @brief Uniform double in [0, 1) from the top 53 bits, as Xoshiro256pp::uniform01.
  constexpr double uniform01() noexcept { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t* s_;
  std::size_t stride_;
};

/// @brief W xoshiro256++ streams in structure-of-arrays form: state word j of lane k is
/// `s_[j * W + k]`. Lane k, seeded with key k, produces bit for bit what `Xoshiro256pp(key k)` produces
/// (next() its operator(), uniform01() its uniform01()). It allocates nothing; a value type,
/// copyable; not shared between threads (each thread owns its batches, as it owns its streams).
/// Meant for batched runs: W runs advanced together, one lane per run, each lane keyed by its run.
template <std::size_t W>
  requires BatchWidth<W>
class XoshiroBatch {
 public:
  static constexpr std::size_t width = W;
  using Keys = std::array<std::uint64_t, W>;

  /// @brief Every lane seeded with key 0 (as a default-constructed Xoshiro256pp).
  constexpr XoshiroBatch() noexcept { reseed(Keys{}); }
  explicit constexpr XoshiroBatch(const Keys& keys) noexcept { reseed(keys); }

  /// @brief Lane k restarts as `Xoshiro256pp(keys[k])`: its state filled by splitmix64 from the key.
  constexpr void reseed(const Keys& keys) noexcept {
    for (std::size_t k = 0; k < W; ++k) {
      std::uint64_t sm = keys[k];
      for (std::size_t j = 0; j < 4; ++j) s_[j * W + k] = splitmix64(sm);
    }
  }
  /// @brief Lane k restarts as the stream (seed, runs[k], stream): `Xoshiro256pp(seed, runs[k], stream)`.
  constexpr void reseed(std::uint64_t seed, const Keys& runs, std::uint64_t stream) noexcept {
    Keys keys{};
    for (std::size_t k = 0; k < W; ++k) keys[k] = stream_key(seed, runs[k], stream);
    reseed(keys);
  }

  /// @brief One draw per lane: element k is lane k's next 64-bit output.
  std::array<std::uint64_t, W> next() noexcept {
    std::array<std::uint64_t, W> out;
    detail::batch_next_rows<W>(s_, out.data(), 1);
    return out;
  }
  /// @brief One uniform double in [0, 1) per lane, from the top 53 bits (Xoshiro256pp::uniform01).
  std::array<double, W> uniform01() noexcept {
    std::array<double, W> out;
    detail::batch_uniform01_rows<W>(s_, out.data(), 1);
    return out;
  }
  /// @brief out.size() / W rows of draws at once (out.size() must be a multiple of W): lane k's
  /// r-th draw at out[r * W + k], the order in which a batch of runs consumes them step by step.
  void next_rows(std::span<std::uint64_t> out) noexcept {
    assert(out.size() % W == 0 && "next_rows: the output holds whole rows of W lanes");
    detail::batch_next_rows<W>(s_, out.data(), out.size() / W);
  }
  /// @brief As next_rows, uniform doubles in [0, 1).
  void uniform01_rows(std::span<double> out) noexcept {
    assert(out.size() % W == 0 && "uniform01_rows: the output holds whole rows of W lanes");
    detail::batch_uniform01_rows<W>(s_, out.data(), out.size() / W);
  }

  /// @brief One draw in each lane of `mask` (element k is lane k's next output), none elsewhere:
  /// lanes outside the mask keep their state, and their elements are 0.
  std::array<std::uint64_t, W> next(LaneMask mask) noexcept {
    std::array<std::uint64_t, W> out;
    detail::batch_next_rows_masked<W>(s_, out.data(), 1, mask);
    return out;
  }
  /// @brief As next(mask), uniform doubles in [0, 1) (0 outside the mask).
  std::array<double, W> uniform01(LaneMask mask) noexcept {
    std::array<double, W> out;
    detail::batch_uniform01_rows_masked<W>(s_, out.data(), 1, mask);
    return out;
  }
  /// @brief As next_rows, in the lanes of `mask` only (0 at the others' places).
  void next_rows(LaneMask mask, std::span<std::uint64_t> out) noexcept {
    assert(out.size() % W == 0 && "next_rows: the output holds whole rows of W lanes");
    detail::batch_next_rows_masked<W>(s_, out.data(), out.size() / W, mask);
  }
  /// @brief As uniform01_rows, in the lanes of `mask` only (0 at the others' places).
  void uniform01_rows(LaneMask mask, std::span<double> out) noexcept {
    assert(out.size() % W == 0 && "uniform01_rows: the output holds whole rows of W lanes");
    detail::batch_uniform01_rows_masked<W>(s_, out.data(), out.size() / W, mask);
  }

  /// @brief Lane k alone, as a scalar generator over this batch's state (see BatchLane).
  BatchLane lane(std::size_t k) noexcept {
    assert(k < W && "lane: no such lane in this batch");
    return BatchLane(s_ + k, W);
  }

  /// @brief The state words, 4 rows of W lanes (word j of lane k at [j * W + k]), for the
  /// dispatched kernels that draw from the batch (sampling_batch.hpp).
  std::uint64_t* state() noexcept { return s_; }

 private:
  alignas(64) std::uint64_t s_[4 * W]{};  // word j of lane k at [j * W + k]
};

}  // namespace geosim::random
