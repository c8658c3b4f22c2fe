// The Monte Carlo driver: worker threads compute blocks of runs; the calling thread merges them
// strictly in block order, so results do not depend on scheduling or the number of threads.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "geosim/mc.hpp"
#include "mc/block.hpp"

namespace geosim {

namespace {

constexpr std::uint64_t kPrecisionRound = 16;  ///< blocks added per round in precision mode

std::uint64_t blocks_for(std::uint64_t runs) { return (runs + kBlockRuns - 1) / kBlockRuns; }

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
  // Fixed mode runs exactly `runs`; precision mode runs whole blocks, at least `runs`, until
  // the target half-width is met or `max_runs` is reached.
  const bool precise = o.precision > 0;
  const std::uint64_t total_runs = precise ? std::max(o.runs, o.max_runs) : o.runs;
  const std::uint64_t max_blocks = blocks_for(total_runs);
  std::uint64_t planned = std::min(max_blocks, blocks_for(o.runs));
  const bool rows = static_cast<bool>(o.per_run);

  mc::Accumulator acc(m, o);
  std::mutex mu;
  std::condition_variable cv;
  std::map<std::uint64_t, mc::BlockResult> done;
  std::uint64_t next = 0, merged = 0;
  bool stop = false;
  std::atomic<std::uint64_t> threshold{acc.series_threshold()};
  const std::uint64_t window = 4 * static_cast<std::uint64_t>(o.threads);

  auto worker = [&] {
    RunState rs;
    rs.prepare(m);
    for (;;) {
      std::uint64_t b;
      {
        std::unique_lock lock(mu);
        cv.wait(lock, [&] { return stop || (next < max_blocks && next < merged + window); });
        if (stop) return;
        b = next++;
      }
      mc::BlockResult r;
      r.block = b;
      r.first_run = b * kBlockRuns;
      r.runs = std::min(kBlockRuns, total_runs - r.first_run);
      mc::run_block(m, o.seed, r, rs, o.track, rows, threshold.load(std::memory_order_relaxed));
      {
        std::lock_guard lock(mu);
        done.emplace(b, std::move(r));
      }
      cv.notify_all();
    }
  };
  std::vector<std::thread> pool;
  for (int i = 0; i < o.threads; ++i) pool.emplace_back(worker);

  bool cancelled = false;
  while (merged < planned) {
    mc::BlockResult r;
    {
      std::unique_lock lock(mu);
      cv.wait_for(lock, std::chrono::milliseconds(50), [&] { return done.count(merged) > 0; });
      if (o.cancel && o.cancel->load()) {
        cancelled = true;
        break;
      }
      auto it = done.find(merged);
      if (it == done.end()) continue;
      r = std::move(it->second);
      done.erase(it);
    }
    acc.merge(r);
    threshold.store(acc.series_threshold(), std::memory_order_relaxed);
    if (rows)
      for (std::uint64_t i = 0; i < r.runs; ++i)
        o.per_run(r.first_run + i, std::vector<OutcomeValue>(r.rows.begin() + static_cast<long>(i * m.outcomes.size()),
                                                             r.rows.begin() + static_cast<long>((i + 1) * m.outcomes.size())));
    {
      std::lock_guard lock(mu);
      ++merged;
    }
    cv.notify_all();
    if (precise && merged == planned && planned < max_blocks && max_half_width(acc.partial()) > o.precision)
      planned = std::min(max_blocks, planned + kPrecisionRound);
    if (o.progress) o.progress(merged * kBlockRuns, planned * kBlockRuns);
  }
  {
    std::lock_guard lock(mu);
    stop = true;
  }
  cv.notify_all();
  for (auto& t : pool) t.join();
  Summary s = acc.finish(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  s.cancelled = cancelled;
  return s;
}

}  // namespace geosim
