// SPDX-License-Identifier: Apache-2.0
// Moving block results between processes (MPI ranks). Rank 0 merges every block in block order;
// rank r computes blocks r, r + size, r + 2 size, ... and sends them to rank 0 in that order.
//
// The protocol (engine/mc/driver.cpp) uses only point-to-point messages that every side polls,
// so that a signal on any rank stops every rank within a poll period and no rank is left waiting:
//   start:  each rank sends rank 0 the digest of its job (model and command line); rank 0 answers
//           every rank with the verdict (and whether per-run rows are wanted).
//   blocks: rank r sends its blocks (non-blocking, a few in flight); rank 0 receives them in order.
//   rounds: at the end of each round rank 0 sends every rank the blocks planned next (PLAN).
//   stop:   a rank that is interrupted tells rank 0 (STOP); rank 0, interrupted or told, tells
//           every rank (STOP). A rank's last message from rank 0 is either STOP or the final PLAN.
//   end:    every rank r sends DONE once its sends are complete; rank 0 receives (and discards)
//           whatever is still coming until it has every DONE. No message is left unreceived.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
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

/// @brief Every rank: sends a SHA-256 digest of its job text to rank 0 and gets the verdict. Returns the ranks
/// (rank 0 only; others get an empty list) whose digest differs from rank 0's, and sets
/// `mismatch` on every rank when any does. `rows` is rank 0's value on return.
std::vector<int> agree(const std::string& job, bool& rows, bool& mismatch);

/// @brief Rank r != 0: sends a block to rank 0 without waiting (at most a few in flight; waits,
/// calling `poll`, when more are). progress() moves sends on; idle() when all are complete.
void post_block(const BlockResult& b, const std::function<void()>& poll);
void progress();
bool sends_idle();

/// @brief Rank 0: receives the next block from `from`, calling `poll` while waiting; false (and
/// nothing received) as soon as `stopped()` is true.
bool recv_block(int from, BlockResult& b, const std::function<bool()>& stopped);

/// @brief Rank 0: has a rank sent STOP? (Consumes it.) Rank r: has rank 0 sent STOP? (Consumes it.)
bool stop_arrived();
/// @brief Rank 0: STOP to every rank. Rank r: STOP to rank 0.
void send_stop();

/// @brief Rank 0: PLAN `next` to every rank.
void send_plan(std::uint64_t next);
/// @brief Rank r: waits for rank 0's next message, calling `poll` meanwhile: a PLAN (true, `next`
/// set) or STOP (false).
bool recv_plan(std::uint64_t& next, const std::function<void()>& poll);

/// @brief The end of a distributed job. Rank r: completes its sends, then sends DONE. Rank 0:
/// receives and discards what is still coming until every rank's DONE, then completes its sends.
void finish_job();

/// @brief Ends every rank of the job at once with `code` (MPI_Abort); returns without MPI.
void abort_job(int code);

}  // namespace geosim::mc
