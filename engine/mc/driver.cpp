// The Monte Carlo driver. Worker threads compute blocks of runs; one thread merges them strictly
// in block order, so results do not depend on scheduling, thread count or MPI rank count.
// Under MPI, rank r computes blocks r, r + size, ...; rank 0 receives and merges every block in
// order, and decides (precision mode) when to stop, broadcasting its decision at round ends.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "geosim/mc.hpp"
#include "mc/block.hpp"
#include "mc/transport.hpp"

namespace geosim {

namespace {

constexpr std::uint64_t kPrecisionRound = 16;  ///< blocks added per round in precision mode

std::uint64_t blocks_for(std::uint64_t runs) { return (runs + kBlockRuns - 1) / kBlockRuns; }

// Computes this process's blocks on worker threads; hands them out in local order.
class LocalBlocks {
 public:
  LocalBlocks(const Model& m, const McOptions& o, std::uint64_t total_runs, mc::World w, const std::atomic<std::uint64_t>& threshold)
      : m_(m), o_(o), total_runs_(total_runs), w_(w), threshold_(threshold) {
    max_local_ = count_local(blocks_for(total_runs));
    for (int i = 0; i < o.threads; ++i) pool_.emplace_back([this] { work(); });
  }
  ~LocalBlocks() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : pool_) t.join();
  }
  /// @brief Waits for global block `b` (owned by this rank); false when cancelled.
  bool take(std::uint64_t b, mc::BlockResult& out) {
    std::unique_lock lock(mu_);
    for (;;) {
      if (o_.cancel && o_.cancel->load()) return false;
      auto it = done_.find(b);
      if (it != done_.end()) {
        out = std::move(it->second);
        done_.erase(it);
        ++taken_;
        cv_.notify_all();
        return true;
      }
      cv_.wait_for(lock, std::chrono::milliseconds(50));
    }
  }

 private:
  std::uint64_t count_local(std::uint64_t blocks) const {
    auto r = static_cast<std::uint64_t>(w_.rank), s = static_cast<std::uint64_t>(w_.size);
    return blocks > r ? (blocks - r + s - 1) / s : 0;
  }
  void work() {
    RunState rs;
    rs.prepare(m_);
    const std::uint64_t window = 4 * static_cast<std::uint64_t>(o_.threads);
    for (;;) {
      std::uint64_t k;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return stop_ || (next_ < max_local_ && next_ < taken_ + window); });
        if (stop_) return;
        k = next_++;
      }
      mc::BlockResult r;
      r.block = static_cast<std::uint64_t>(w_.rank) + k * static_cast<std::uint64_t>(w_.size);
      r.first_run = r.block * kBlockRuns;
      r.runs = std::min(kBlockRuns, total_runs_ - r.first_run);
      mc::run_block(m_, o_.seed, r, rs, o_.track, static_cast<bool>(o_.per_run), threshold_.load(std::memory_order_relaxed), o_.cancel);
      {
        std::lock_guard lock(mu_);
        done_.emplace(r.block, std::move(r));
      }
      cv_.notify_all();
    }
  }

  const Model& m_;
  const McOptions& o_;
  std::uint64_t total_runs_;
  mc::World w_;
  const std::atomic<std::uint64_t>& threshold_;
  std::uint64_t max_local_ = 0, next_ = 0, taken_ = 0;
  bool stop_ = false;
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::uint64_t, mc::BlockResult> done_;
  std::vector<std::thread> pool_;
};

}  // namespace

double max_half_width(const Summary& s) {
  double w = 0.0;
  for (const auto& o : s.outcomes) {
    if (o.kind == OutcomeSpec::Kind::Value) {
      auto ci = o.values.mean_interval();
      w = std::max(w, (ci.hi - ci.lo) / 2);
    } else {
      w = std::max(w, (o.ci.hi - o.ci.lo) / 2);
    }
  }
  return w;
}

Summary run_monte_carlo(const Model& m, const McOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  McOptions o = options;
  o.threads = std::max(1, o.threads);
  const mc::World w = options.distributed ? mc::world() : mc::World{};
  // Fixed mode runs exactly `runs`; precision mode runs whole blocks, at least `runs`, until
  // the target half-width is met or `max_runs` is reached, checking at round boundaries only.
  const bool precise = o.precision > 0;
  const std::uint64_t total_runs = precise ? std::max(o.runs, o.max_runs) : o.runs;
  const std::uint64_t max_blocks = blocks_for(total_runs);
  std::uint64_t planned = std::min(max_blocks, blocks_for(o.runs));

  mc::Accumulator acc(m, o);
  std::atomic<std::uint64_t> threshold{acc.series_threshold()};
  LocalBlocks local(m, o, total_runs, w, threshold);
  const auto owner = [&](std::uint64_t b) { return static_cast<int>(b % static_cast<std::uint64_t>(w.size)); };

  bool cancelled = false;
  std::uint64_t b = 0;
  for (;;) {
    for (; b < planned && !cancelled; ++b) {
      if (owner(b) != w.rank && w.rank != 0) continue;  // another rank's block: not ours to see
      mc::BlockResult r;
      if (owner(b) == w.rank) {
        if (!local.take(b, r)) {
          cancelled = true;
          break;
        }
        if (w.rank != 0) {
          mc::send_block(r);
          continue;
        }
      } else {
        mc::recv_block(owner(b), r);
      }
      acc.merge(r);
      threshold.store(acc.series_threshold(), std::memory_order_relaxed);
      if (o.per_run) {
        const std::size_t k = m.outcomes.size();
        for (std::uint64_t i = 0; i < r.runs; ++i)
          o.per_run(r.first_run + i, std::vector<OutcomeValue>(r.rows.begin() + static_cast<long>(i * k),
                                                               r.rows.begin() + static_cast<long>((i + 1) * k)));
      }
      if (o.progress) o.progress((b + 1) * kBlockRuns, planned * kBlockRuns);
    }
    if (cancelled) break;
    std::uint64_t next = planned;
    if (w.rank == 0 && precise && planned < max_blocks && max_half_width(acc.partial()) > o.precision)
      next = std::min(max_blocks, planned + kPrecisionRound);
    if (w.size > 1) next = mc::broadcast(next);
    if (next == planned) break;
    planned = next;
  }
  Summary s = acc.finish(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), o.threads);
  s.cancelled = cancelled;
  if (!precise && !cancelled) s.runs = o.runs;
  return s;
}

}  // namespace geosim
