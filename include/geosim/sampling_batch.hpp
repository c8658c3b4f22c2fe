// SPDX-License-Identifier: Apache-2.0
// Random variates for a batch of W runs, one lane each (XoshiroBatch, random_batch.hpp): lane k's
// value is bit for bit the scalar variate of sampling.hpp drawn from lane k's stream, and lane k's
// stream is left exactly where the scalar draw leaves it, whichever runs share the batch and
// whatever the width or the instruction set. So a run's draws do not depend on being batched.
//
// The standard normal is sampling.hpp's normal01 (Boost.Random's 128-layer ziggurat) in two parts:
// its fast path (one 64-bit output split as generate_int_float_pair<double, 8> splits it, the
// layer's bounds by gather, the accept x < tx[i+1]; 97.2% of draws, averaged over Boost's layers)
// in SIMD over the lanes, and, in the lanes that miss it, the rest of the draw by sampling.hpp's
// own scalar code on that lane (BatchLane): the slow path has one definition, the scalar one.
#pragma once

#include <array>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <span>

#include "geosim/random_batch.hpp"

namespace geosim::random {

namespace detail {
// Dispatched at run time as random_batch.hpp's kernels are (engine/random/sampling_batch.cpp):
// `rows` rows of W standard normals, lane k's r-th at out[r * W + k]; masked, only the lanes of
// `mask` draw (the others' state unchanged, their outputs 0.0).
template <std::size_t W>
void batch_normal01_rows(std::uint64_t* state, double* out, std::size_t rows) noexcept;
template <std::size_t W>
void batch_normal01_rows_masked(std::uint64_t* state, double* out, std::size_t rows, std::uint32_t mask) noexcept;
#define GEOSIM_BATCH_WIDTH(W)                                                                             \
  template <>                                                                                             \
  void batch_normal01_rows<W>(std::uint64_t * state, double* out, std::size_t rows) noexcept;              \
  template <>                                                                                             \
  void batch_normal01_rows_masked<W>(std::uint64_t * state, double* out, std::size_t rows,                 \
                                     std::uint32_t mask) noexcept;
GEOSIM_BATCH_WIDTH(1)
GEOSIM_BATCH_WIDTH(2)
GEOSIM_BATCH_WIDTH(4)
GEOSIM_BATCH_WIDTH(8)
GEOSIM_BATCH_WIDTH(16)
#undef GEOSIM_BATCH_WIDTH

/// @brief Finishes on one lane a normal01 draw whose first output, `first`, the lane has already
/// drawn and the fast path rejected: sampling.hpp's normal01 run on a generator that returns
/// `first` and then the lane's next outputs, so the value and the draws taken are the scalar ones.
double normal01_resume(BatchLane lane, std::uint64_t first) noexcept;
}  // namespace detail

/// @brief One standard normal per lane: element k is `normal01` (sampling.hpp) of lane k's stream.
template <std::size_t W>
  requires BatchWidth<W>
std::array<double, W> normal01(XoshiroBatch<W>& batch) noexcept {
  std::array<double, W> out;
  detail::batch_normal01_rows<W>(batch.state(), out.data(), 1);
  return out;
}

/// @brief As normal01(batch), in the lanes of `mask` only: the others draw nothing, keep their
/// state, and their elements are 0.0.
template <std::size_t W>
  requires BatchWidth<W>
std::array<double, W> normal01(XoshiroBatch<W>& batch, LaneMask mask) noexcept {
  std::array<double, W> out;
  detail::batch_normal01_rows_masked<W>(batch.state(), out.data(), 1, mask);
  return out;
}

/// @brief out.size() / W rows of standard normals (out.size() a multiple of W): lane k's r-th at
/// out[r * W + k], each lane's draws in its stream's order, as W scalar normal01 calls per row.
template <std::size_t W>
  requires BatchWidth<W>
void normal01_rows(XoshiroBatch<W>& batch, std::span<double> out) noexcept {
  assert(out.size() % W == 0 && "normal01_rows: the output holds whole rows of W lanes");
  detail::batch_normal01_rows<W>(batch.state(), out.data(), out.size() / W);
}

/// @brief As normal01_rows, in the lanes of `mask` only (0.0 at the others' places).
template <std::size_t W>
  requires BatchWidth<W>
void normal01_rows(XoshiroBatch<W>& batch, LaneMask mask, std::span<double> out) noexcept {
  assert(out.size() % W == 0 && "normal01_rows: the output holds whole rows of W lanes");
  detail::batch_normal01_rows_masked<W>(batch.state(), out.data(), out.size() / W, mask);
}

}  // namespace geosim::random
