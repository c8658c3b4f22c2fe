// SPDX-License-Identifier: Apache-2.0
// The Monte Carlo driver. Worker threads compute blocks of runs (mc/executor.hpp); this thread
// merges them strictly in block order, so results do not depend on scheduling, thread count or
// MPI rank count.
// Under MPI, rank r computes blocks r, r + size, ...; rank 0 receives and merges every block in
// order, and decides (precision mode) when to stop, sending its decision at round ends; the
// ranks first check that they run the same job, and a signal on any rank stops them all
// (mc/transport.hpp).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <type_traits>

#include <fmt/format.h>

#include "geosim/mc.hpp"
#include "geosim/native.hpp"
#include "geosim/version.hpp"
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

std::optional<OutcomeShare> outcome_share(const Summary& s, const OutcomeSummary& o) {
  if (o.share_of.empty() || o.kind != OutcomeSpec::Kind::When) return std::nullopt;
  for (const auto& of : s.outcomes) {
    if (of.id != o.share_of) continue;
    if (of.happened == 0 || o.happened > of.happened) return std::nullopt;
    OutcomeShare sh;
    sh.of = &of;
    sh.k = o.happened;
    sh.n = of.happened;
    sh.p = static_cast<double>(sh.k) / static_cast<double>(sh.n);
    sh.ci = stats::wilson(sh.k, sh.n);
    return sh;
  }
  return std::nullopt;
}

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

namespace {

// The job every MPI rank compares with rank 0's before running (mc::agree compares digests of
// it): the compiled model (its generated code, which holds every program, and every number and
// table it reads), the options that shape the results, the job text (command line) and the build
// of geosim.
std::string job_text(const Model& m, const McOptions& o) {
  std::string t = native_source(m);
  const auto add = [&t](const auto& v) {
    using T = std::decay_t<decltype(v)>;
    if constexpr (std::is_same_v<T, std::string>) {
      t += v;
      t += '\0';
    } else if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T>) {
      t.append(reinterpret_cast<const char*>(&v), sizeof v);
    }
  };
  const auto add_all = [&](const auto& vec) {
    add(static_cast<std::uint64_t>(vec.size()));
    for (const auto& x : vec) add(x);
  };
  add(std::string(kVersion));
  add(std::string(kBuildCommit));
  add(m.name);
  add(m.variant);
  add(m.step_days);
  add(m.steps);
  add(m.horizon_days);
  add_all(m.slot_names);
  add_all(m.initial);
  add_all(m.lower);
  add_all(m.upper);
  add_all(m.run_constant);
  add_all(m.continuous);
  for (const SampledSlot& p : m.sampled) {
    add(p.slot);
    add(p.dist.kind);
    add(p.dist.a);
    add(p.dist.b);
    add(p.dist.c);
    add(p.lo);
    add(p.hi);
    add(p.stream);
    add(p.path);
  }
  for (const InfluenceRule& r : m.influences) {
    add_all(r.members);
    add_all(r.weights);
    add_all(r.col_start);
    add_all(r.row);
    add_all(r.value);
    add_all(r.stubbornness);
  }
  for (const OutcomeRule& r : m.outcomes) {
    add(r.id);
    add(r.kind);
    add(r.given_text);
  }
  for (const TrackedSlot& r : m.tracked) add(r.name);
  add(o.runs);
  add(o.seed);
  add(o.precision);
  add(o.max_runs);
  add(o.track);
  add(o.job);
  return t;
}

std::string mismatch_message(const std::vector<int>& differ, int size) {
  std::string ranks;
  for (int r : differ) ranks += fmt::format("{}{}", ranks.empty() ? "" : ", ", r);
  return fmt::format("the MPI ranks do not run the same job: rank{} {} of {} loaded another model or command line "
                     "than rank 0 (another copy of a scenario file, another build of geosim); give every rank the "
                     "same files, the same geosim and the same command, and run again",
                     differ.size() == 1 ? "" : "s", ranks, size);
}

}  // namespace

Summary run_monte_carlo(const Model& m, const McOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  McOptions o = options;
  o.threads = std::max(1, o.threads);
  const mc::World w = options.distributed ? mc::world() : mc::World{};
  const bool distributed = w.size > 1;
  // Per-run rows: as rank 0 wants them, on every rank (rank 0's word decides, whatever callback
  // the other ranks were given).
  bool rows = static_cast<bool>(o.per_run) || static_cast<bool>(o.per_run_row);
  if (distributed) {
    bool mismatch = false;
    const std::vector<int> differ = mc::agree(job_text(m, o), rows, mismatch);
    if (mismatch)
      throw JobMismatch(w.rank == 0 ? mismatch_message(differ, w.size) : std::string("this rank's job is not rank 0's"));
  }
  // Fixed mode runs exactly `runs`; precision mode runs whole blocks, at least `runs`, until
  // the target half-width is met or `max_runs` is reached, checking at round boundaries only.
  const bool precise = o.precision > 0;
  const std::uint64_t total_runs = precise ? std::max(o.runs, o.max_runs) : o.runs;
  const std::uint64_t max_blocks = blocks_for(total_runs);
  std::uint64_t planned = std::min(max_blocks, blocks_for(o.runs));

  // Under MPI the workers watch `stop`, which the polls below set from this process's cancel
  // flag and from a STOP sent by another rank.
  std::atomic<bool> stop{false};
  const std::atomic<bool>* cancel = distributed ? &stop : o.cancel;
  bool told = false;  // rank r: rank 0's last word (STOP or the final PLAN) has arrived
  const std::function<void()> poll = [&] {
    if (!distributed) return;
    mc::progress();
    if (stop.load()) return;
    if (o.cancel != nullptr && o.cancel->load()) {
      stop.store(true);
    } else if (mc::stop_arrived()) {
      stop.store(true);
      if (w.rank != 0) told = true;
    }
  };

  mc::Accumulator acc(m, o);
  if (o.track && !m.tracked.empty()) acc.expect_runs(std::min(o.runs, total_runs));
  std::atomic<std::uint64_t> threshold{acc.series_threshold()};
  // This rank's blocks in local order, on o.threads workers; the loop below takes them in order.
  mc::OrderedBlocks<mc::BlockResult> local(local_blocks(max_blocks, w), o.threads, cancel, [&] {
    RunState rs;
    rs.prepare(m);
    return [&, rs = std::move(rs)](std::uint64_t k, mc::BlockResult& r) mutable {
      r.block = static_cast<std::uint64_t>(w.rank) + k * static_cast<std::uint64_t>(w.size);
      r.first_run = r.block * kBlockRuns;
      r.runs = std::min(kBlockRuns, total_runs - r.first_run);
      mc::run_block(m, o.seed, r, rs, o.track, rows, threshold.load(std::memory_order_relaxed), cancel);
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
        if (!local.take(r, distributed ? poll : std::function<void()>())) {
          cancelled = true;
          break;
        }
        if (w.rank != 0) {
          mc::post_block(r, poll);
          poll();
          if (stop.load()) cancelled = true;
          continue;
        }
      } else if (!mc::recv_block(owner(b), r, [&] {
                   poll();
                   return stop.load();
                 })) {
        cancelled = true;
        break;
      }
      const std::size_t k = m.outcomes.size();
      if (rows && r.rows.size() != r.runs * k)
        throw std::logic_error(fmt::format("block {} came without its per-run rows", r.block));
      acc.merge(r);
      threshold.store(acc.series_threshold(), std::memory_order_relaxed);
      if (o.per_run || o.per_run_row) {
        const std::size_t d = m.sampled.size();
        if (r.drawn.size() != r.runs * d)  // a rank that did not keep them
          throw std::logic_error(fmt::format("block {} came without its drawn numbers", r.block));
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
    if (!cancelled && distributed) {
      poll();
      cancelled = stop.load();
    }
    if (cancelled) break;
    std::uint64_t next = planned;
    if (w.rank == 0 && precise && planned < max_blocks && max_half_width(acc.partial()) > o.precision)
      next = std::min(max_blocks, planned + kPrecisionRound);
    if (distributed) {
      if (w.rank == 0) {
        mc::send_plan(next);
      } else if (!mc::recv_plan(next, poll)) {
        told = cancelled = true;
        break;
      }
    }
    if (next == planned) {
      told = true;
      break;
    }
    planned = next;
  }
  if (distributed) {
    if (cancelled && w.rank == 0) {
      mc::send_stop();  // every rank stops
    } else if (cancelled) {
      if (!told) mc::send_stop();  // rank 0 is told, and answers with STOP (or had just sent the final PLAN)
      while (!told) {
        std::uint64_t next = planned;
        if (!mc::recv_plan(next, [] { mc::progress(); }) || next == planned) told = true;
        planned = next;
      }
    }
    mc::finish_job();
  }
  Summary s = acc.finish(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), o.threads);
  s.cancelled = cancelled;
  if (!precise && !cancelled) s.runs = o.runs;
  return s;
}

}  // namespace geosim
