// SPDX-License-Identifier: Apache-2.0
#include "mc/executor.hpp"

#include <chrono>
#include <limits>
#include <stdexcept>

namespace geosim::mc {

namespace {
constexpr std::uint64_t kNone = std::numeric_limits<std::uint64_t>::max();
// The consumer polls the cancel flag at this period: a signal handler cannot notify a condition.
constexpr auto kCancelPoll = std::chrono::milliseconds(50);
}  // namespace

BlockSchedule::BlockSchedule(std::uint64_t blocks, std::uint64_t window, const std::atomic<bool>* cancel)
    : blocks_(blocks), window_(std::max<std::uint64_t>(1, window)), cancel_(cancel), ready_(window_, kNone) {}

std::optional<std::uint64_t> BlockSchedule::claim() {
  std::unique_lock lock(mu_);
  // Invariant kept here: a block is claimed only when its slot is free (claimed_ < taken_ + window_).
  cv_.wait(lock, [&] { return stop_ || aborted_ || error_ || claimed_ >= blocks_ || claimed_ < taken_ + window_; });
  if (stop_ || aborted_ || error_ || claimed_ >= blocks_ || cancel_set()) return std::nullopt;
  return claimed_++;
}

void BlockSchedule::finish(std::uint64_t k) {
  {
    std::lock_guard lock(mu_);
    // Checked by the thread that computed the block, after it: if the block's own cancel checks
    // stopped it early, this load sees the flag set too.
    if (cancel_set())
      aborted_ = true;
    else
      ready_[k % window_] = k;
  }
  cv_.notify_all();
}

void BlockSchedule::fail(std::exception_ptr e) {
  {
    std::lock_guard lock(mu_);
    if (!error_) error_ = std::move(e);
  }
  cv_.notify_all();
}

std::optional<std::uint64_t> BlockSchedule::wait_next(const std::function<void()>& while_waiting) {
  std::unique_lock lock(mu_);
  if (taken_ >= blocks_) throw std::logic_error("ordered blocks: every block has been taken");
  const std::uint64_t k = taken_;
  for (;;) {
    if (error_) std::rethrow_exception(error_);
    if (aborted_ || cancel_set()) return std::nullopt;
    if (ready_[k % window_] == k) return k;
    // The window invariant: only block k may finish in block k's slot before k is taken.
    if (ready_[k % window_] != kNone) throw std::logic_error("ordered blocks: a block overran the look-ahead window");
    cv_.wait_for(lock, kCancelPoll);
    if (while_waiting) {
      lock.unlock();
      while_waiting();
      lock.lock();
    }
  }
}

void BlockSchedule::release() {
  {
    std::lock_guard lock(mu_);
    ready_[taken_ % window_] = kNone;
    ++taken_;
  }
  cv_.notify_all();
}

void BlockSchedule::stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
}

}  // namespace geosim::mc
