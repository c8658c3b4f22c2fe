// SPDX-License-Identifier: Apache-2.0
// The Monte Carlo driver. Worker threads compute blocks of runs (mc/executor.hpp); this thread
// merges them strictly in block order, so results do not depend on scheduling, thread count or
// MPI rank count.
// Under MPI, rank r computes blocks r, r + size, ...; rank 0 receives and merges every block in
// order, and decides (precision mode) when to stop, broadcasting its decision at round ends.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include "geosim/mc.hpp"
#include "mc/block.hpp"
#include "mc/executor.hpp"
#include "mc/transport.hpp"

namespace geosim {

namespace {

constexpr std::uint64_t kPrecisionRound = 16;  ///< blocks added per round in precision mode

std::uint64_t blocks_for(std::uint64_t runs) { return (runs + kBlockRuns - 1) / kBlockRuns; }

// Blocks owned by this rank: global blocks rank, rank + size, ... (local index k is global block
// rank + k * size).
std::uint64_t local_blocks(std::uint64_t blocks, mc::World w) {
  const auto r = static_cast<std::uint64_t>(w.rank), n = static_cast<std::uint64_t>(w.size);
  return blocks > r ? (blocks - r + n - 1) / n : 0;
}

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
  // This rank's blocks in local order, on o.threads workers; the loop below takes them in order.
  mc::OrderedBlocks<mc::BlockResult> local(local_blocks(max_blocks, w), o.threads, o.cancel, [&] {
    RunState rs;
    rs.prepare(m);
    return [&, rs = std::move(rs)](std::uint64_t k, mc::BlockResult& r) mutable {
      r.block = static_cast<std::uint64_t>(w.rank) + k * static_cast<std::uint64_t>(w.size);
      r.first_run = r.block * kBlockRuns;
      r.runs = std::min(kBlockRuns, total_runs - r.first_run);
      mc::run_block(m, o.seed, r, rs, o.track, o.per_run || o.per_run_row, threshold.load(std::memory_order_relaxed),
                    o.cancel);
    };
  });
  const auto owner = [&](std::uint64_t b) { return static_cast<int>(b % static_cast<std::uint64_t>(w.size)); };

  bool cancelled = false;
  std::uint64_t b = 0;
  for (;;) {
    for (; b < planned && !cancelled; ++b) {
      if (owner(b) != w.rank && w.rank != 0) continue;  // another rank's block: not ours to see
      mc::BlockResult r;
      if (owner(b) == w.rank) {
        if (!local.take(r)) {
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
      if (o.per_run || o.per_run_row) {
        const std::size_t k = m.outcomes.size(), d = m.sampled.size();
        if (r.rows.size() != r.runs * k || r.drawn.size() != r.runs * d)  // a rank that did not keep them
          throw std::logic_error("per-run rows missing from a block: every rank must ask for them");
        RunRecord rec;
        for (std::uint64_t i = 0; i < r.runs; ++i) {
          rec.run = r.first_run + i;
          rec.outcomes.assign(r.rows.begin() + static_cast<long>(i * k), r.rows.begin() + static_cast<long>((i + 1) * k));
          rec.drawn.assign(r.drawn.begin() + static_cast<long>(i * d), r.drawn.begin() + static_cast<long>((i + 1) * d));
          if (o.per_run) o.per_run(rec.run, rec.outcomes);
          if (o.per_run_row) o.per_run_row(rec);
        }
      }
      // The runs asked for, not the whole blocks that hold them.
      if (o.progress) o.progress(std::min((b + 1) * kBlockRuns, total_runs), std::min(planned * kBlockRuns, total_runs));
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
