// SPDX-License-Identifier: Apache-2.0
// Moving block results between processes (MPI ranks). Rank 0 merges every block in block order;
// rank r computes blocks r, r + size, r + 2 size, ... and sends them to rank 0 in that order.
#pragma once

#include <cstdint>
#include <vector>

#include "mc/block.hpp"

namespace geosim::mc {

/// @brief Flattens a block result into bytes (same machine, same build: plain memcpy layout).
std::vector<char> pack(const BlockResult& b);
/// @brief Inverse of pack().
void unpack(const std::vector<char>& bytes, BlockResult& b);

/// @brief Rank and size of the MPI world, or {0, 1} when not running under MPI.
struct World {
  int rank = 0;
  int size = 1;
};
World world();

/// @brief Sends a block result to rank 0 (blocking). Only called when size > 1.
void send_block(const BlockResult& b);
/// @brief Receives the next block result from `from` (blocking).
void recv_block(int from, BlockResult& b);
/// @brief Rank 0's value of `planned` reaches every rank.
std::uint64_t broadcast(std::uint64_t planned);

}  // namespace geosim::mc
