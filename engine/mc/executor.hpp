// SPDX-License-Identifier: Apache-2.0
// The ordered-block executor: the one thread pool of the Monte Carlo engine and of the analyses.
// Work is N blocks. Worker threads compute blocks 0..N-1, handed out in increasing order, each
// into its own result slot; one consumer (the calling thread) takes the results back strictly in
// block order as they become ready. Block k may start only once block k - window has been taken,
// so at most `window` results exist at a time (bounded memory) and block k lives in slot
// k % window with no other synchronisation. Since results are merged in block order whatever the
// scheduling, merged figures are identical for any thread count.
// Cancellation: the flag (Ctrl-C) is checked between blocks by workers and while the consumer
// waits; a block finished while it is set may be incomplete and is never handed out, and once the
// consumer has seen it nothing more is merged. A worker's exception is rethrown by the consumer.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace geosim::mc {

/// @brief Look-ahead window for `threads` workers: enough to keep them busy behind a slow block.
inline std::uint64_t default_window(int threads) { return 4 * static_cast<std::uint64_t>(std::max(1, threads)); }

/// @brief The scheduling core, independent of what a block computes.
/// Thread safety: every member may be called from any thread; all state is guarded by one mutex.
class BlockSchedule {
 public:
  /// @param cancel optional flag set asynchronously (Ctrl-C).
  BlockSchedule(std::uint64_t blocks, std::uint64_t window, const std::atomic<bool>* cancel);

  std::uint64_t window() const { return window_; }

  /// @brief Worker: the next block to compute, once its slot is free; nullopt when every block has
  /// been handed out, or after stop(), a cancel or a worker's exception.
  std::optional<std::uint64_t> claim();
  /// @brief Worker: block k is in its slot (or, if the cancel flag is set now, maybe incomplete).
  void finish(std::uint64_t k);
  /// @brief Worker: computing a block threw; the consumer rethrows `e`.
  void fail(std::exception_ptr e);

  /// @brief Consumer: waits until the next block in order is in its slot and returns its index;
  /// nullopt when cancelled. Rethrows a worker's exception; std::logic_error when all were taken.
  /// `while_waiting`, when given, is called (without the lock) at each poll of the cancel flag:
  /// it may set the flag (a cancel that arrived by message, under MPI).
  std::optional<std::uint64_t> wait_next(const std::function<void()>& while_waiting = {});
  /// @brief Consumer: the slot of the block returned by wait_next() has been read and is free.
  void release();

  /// @brief Workers stop claiming blocks (blocks being computed still finish).
  void stop();

 private:
  bool cancel_set() const { return cancel_ && cancel_->load(); }

  const std::uint64_t blocks_, window_;
  const std::atomic<bool>* cancel_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::uint64_t claimed_ = 0;  ///< blocks handed to workers: 0..claimed_-1
  std::uint64_t taken_ = 0;    ///< blocks taken by the consumer: taken_ <= claimed_ <= taken_ + window_
  std::vector<std::uint64_t> ready_;  ///< per slot: the block complete in it, or none
  bool stop_ = false;
  bool aborted_ = false;  ///< a block was finished under cancel: nothing more is handed out
  std::exception_ptr error_;
};

/// @brief Computes `blocks` blocks on `threads` workers (at least 1) and hands the results out in
/// block order. `make_worker()` is called once on each worker thread and returns that thread's
/// worker, a callable `(std::uint64_t k, Result& out)` that computes block k into `out` (its
/// per-thread state, such as a RunState, lives in the callable). Only the consumer thread may
/// call take(). Destruction stops the workers and waits for the blocks being computed.
template <class Result>
class OrderedBlocks {
 public:
  template <class MakeWorker>
  OrderedBlocks(std::uint64_t blocks, int threads, const std::atomic<bool>* cancel, MakeWorker make_worker,
                std::uint64_t window = 0)
      : schedule_(blocks, window ? window : default_window(threads), cancel), slots_(schedule_.window()) {
    for (int i = 0; i < std::max(1, threads); ++i)
      pool_.emplace_back([this, make_worker] { work(make_worker); });
  }
  OrderedBlocks(const OrderedBlocks&) = delete;
  OrderedBlocks& operator=(const OrderedBlocks&) = delete;
  ~OrderedBlocks() {
    schedule_.stop();
    for (auto& t : pool_) t.join();
  }

  /// @brief Moves the next block's result (in block order) into `out`; false when cancelled.
  /// `while_waiting`: see BlockSchedule::wait_next.
  bool take(Result& out, const std::function<void()>& while_waiting = {}) {
    const std::optional<std::uint64_t> k = schedule_.wait_next(while_waiting);
    if (!k) return false;
    out = std::move(slots_[*k % slots_.size()]);
    schedule_.release();
    return true;
  }

 private:
  template <class MakeWorker>
  void work(const MakeWorker& make_worker) {
    try {
      auto worker = make_worker();
      while (const std::optional<std::uint64_t> k = schedule_.claim()) {
        worker(*k, slots_[*k % slots_.size()]);  // slot owned by this thread until finish()
        schedule_.finish(*k);
      }
    } catch (...) {
      schedule_.fail(std::current_exception());
    }
  }

  BlockSchedule schedule_;
  std::vector<Result> slots_;
  std::vector<std::thread> pool_;  ///< last member: threads start once the slots exist
};

/// @brief The whole loop: computes `blocks` blocks and calls `merge(k, result)` for k = 0, 1, ...
/// on the calling thread. The same calls as `for k: worker(k, r); merge(k, r)` on one thread, for
/// any thread count. False when cancelled (merge was then called for a prefix of the blocks only).
template <class Result, class MakeWorker, class Merge>
bool run_ordered(std::uint64_t blocks, int threads, const std::atomic<bool>* cancel, MakeWorker make_worker,
                 Merge merge) {
  OrderedBlocks<Result> ex(blocks, threads, cancel, std::move(make_worker));
  Result r;
  for (std::uint64_t k = 0; k < blocks; ++k) {
    if (!ex.take(r)) return false;
    merge(k, r);
  }
  return true;
}

}  // namespace geosim::mc
