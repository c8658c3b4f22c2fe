// SPDX-License-Identifier: Apache-2.0
// A batch of W keyed random streams advanced together in SIMD registers: lane k is exactly the
// scalar Xoshiro256pp stream of key k (include/geosim/random.hpp), so a run's draws do not depend
// on which runs share its batch, nor on the batch width, nor on the instruction set.
#pragma once

#include <array>
#include <cassert>
#include <cstddef>
#include <cstdint>
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
#define GEOSIM_BATCH_WIDTH(W)                                                                   \
  template <>                                                                                   \
  void batch_next_rows<W>(std::uint64_t * state, std::uint64_t * out, std::size_t rows) noexcept; \
  template <>                                                                                   \
  void batch_uniform01_rows<W>(std::uint64_t * state, double* out, std::size_t rows) noexcept;
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

/// @brief W xoshiro256++ streams in structure-of-arrays form: state word j of lane k is
/// `s_[j][k]`. Lane k, seeded with key k, produces bit for bit what `Xoshiro256pp(key k)` produces
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
      for (auto& word : s_) word[k] = splitmix64(sm);
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
    detail::batch_next_rows<W>(&s_[0][0], out.data(), 1);
    return out;
  }
  /// @brief One uniform double in [0, 1) per lane, from the top 53 bits (Xoshiro256pp::uniform01).
  std::array<double, W> uniform01() noexcept {
    std::array<double, W> out;
    detail::batch_uniform01_rows<W>(&s_[0][0], out.data(), 1);
    return out;
  }
  /// @brief out.size() / W rows of draws at once (out.size() must be a multiple of W): lane k's
  /// r-th draw at out[r * W + k], the order in which a batch of runs consumes them step by step.
  void next_rows(std::span<std::uint64_t> out) noexcept {
    assert(out.size() % W == 0 && "next_rows: the output holds whole rows of W lanes");
    detail::batch_next_rows<W>(&s_[0][0], out.data(), out.size() / W);
  }
  /// @brief As next_rows, uniform doubles in [0, 1).
  void uniform01_rows(std::span<double> out) noexcept {
    assert(out.size() % W == 0 && "uniform01_rows: the output holds whole rows of W lanes");
    detail::batch_uniform01_rows<W>(&s_[0][0], out.data(), out.size() / W);
  }

 private:
  alignas(64) std::uint64_t s_[4][W]{};
};

}  // namespace geosim::random
