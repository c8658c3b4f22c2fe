// SPDX-License-Identifier: Apache-2.0
// The batched generator (include/geosim/random_batch.hpp) in geosim_rng_bench: as one stream for the
// statistical battery (its lanes interleaved as a batch of runs consumes them, or one lane alone),
// and its speed next to the scalar Xoshiro256pp, per instruction set this CPU runs.
#pragma once

#include <algorithm>
#include <array>
#include <ctime>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <hwy/targets.h>

#include "geosim/random.hpp"
#include "geosim/random_batch.hpp"

namespace geosim_bench {

/// A batch of W runs seen as one UniformRandomBitGenerator for the battery. reseed(seed, run,
/// stream) puts runs run * W + k in lanes k = 0..W-1. Lane < 0: the lanes interleaved, lane 0's
/// draw, lane 1's, ..., lane W-1's, then every lane's next draw (the order in which W runs in one
/// batch draw at each step, so the battery's lag-1 correlation is that of neighbouring runs at the
/// same draw). Lane >= 0: that lane's stream alone. Integers come from next(), uniforms from
/// uniform01(), each with its own row buffer, so both SIMD paths are tested.
template <std::size_t W, int Lane>
class BatchStream {
 public:
  using result_type = std::uint64_t;
  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return ~result_type{0}; }

  void reseed(std::uint64_t seed, std::uint64_t run, std::uint64_t stream) noexcept {
    std::array<std::uint64_t, W> runs{};
    for (std::size_t k = 0; k < W; ++k) runs[k] = run * W + k;
    batch_.reseed(seed, runs, stream);
    bits_at_ = uniform_at_ = W;
  }
  result_type operator()() noexcept { return take(bits_, bits_at_, [this] { return batch_.next(); }); }
  double uniform01() noexcept { return take(uniform_, uniform_at_, [this] { return batch_.uniform01(); }); }

 private:
  template <class T, class Row>
  static T take(std::array<T, W>& row, std::size_t& at, const Row& draw_row) noexcept {
    if constexpr (Lane >= 0) {
      static_assert(static_cast<std::size_t>(Lane) < W);
      return draw_row()[static_cast<std::size_t>(Lane)];
    } else {
      if (at == W) {
        row = draw_row();
        at = 0;
      }
      return row[at++];
    }
  }

  geosim::random::XoshiroBatch<W> batch_;
  std::array<std::uint64_t, W> bits_{};
  std::array<double, W> uniform_{};
  std::size_t bits_at_ = W, uniform_at_ = W;
};

/// CPU time of this thread, in seconds: unlike the wall clock, it does not count the time other
/// processes hold the core, so a busy machine disturbs the figures less.
inline double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

inline volatile double g_batch_sink = 0;  // keeps the optimiser from dropping the timed loops

constexpr std::size_t kRowsPerCall = 256;

/// Runs 0..W-1, one per lane.
template <std::size_t W>
std::array<std::uint64_t, W> consecutive_runs() {
  std::array<std::uint64_t, W> runs{};
  for (std::size_t k = 0; k < W; ++k) runs[k] = k;
  return runs;
}

/// ns per uniform double (one lane's value), the batch filling kRowsPerCall rows a call.
template <std::size_t W>
double ns_batch_rows(std::uint64_t draws) {
  geosim::random::XoshiroBatch<W> batch;
  batch.reseed(1, consecutive_runs<W>(), 7);
  std::vector<double> buffer(kRowsPerCall * W);
  const std::uint64_t calls = std::max<std::uint64_t>(1, draws / buffer.size());
  double acc = 0;
  const double t0 = thread_cpu_seconds();
  for (std::uint64_t i = 0; i < calls; ++i) {
    batch.uniform01_rows(buffer);
    acc += buffer[i % buffer.size()];
  }
  const double ns = (thread_cpu_seconds() - t0) * 1e9 / static_cast<double>(calls * buffer.size());
  g_batch_sink = acc;
  return ns;
}

/// ns per uniform double, one row (W values) a call: the batch's uniform01().
template <std::size_t W>
double ns_batch_row_calls(std::uint64_t draws) {
  geosim::random::XoshiroBatch<W> batch;
  batch.reseed(1, consecutive_runs<W>(), 7);
  const std::uint64_t calls = std::max<std::uint64_t>(1, draws / W);
  double acc = 0;
  const double t0 = thread_cpu_seconds();
  for (std::uint64_t i = 0; i < calls; ++i) acc += batch.uniform01()[i % W];
  const double ns = (thread_cpu_seconds() - t0) * 1e9 / static_cast<double>(calls * W);
  g_batch_sink = acc;
  return ns;
}

/// ns per uniform double of the scalar generator filling an array of the same size.
inline double ns_scalar_fill(std::uint64_t draws) {
  geosim::random::Xoshiro256pp g(geosim::random::stream_key(1, 0, 7));
  std::vector<double> buffer(kRowsPerCall * 8);
  const std::uint64_t calls = std::max<std::uint64_t>(1, draws / buffer.size());
  double acc = 0;
  const double t0 = thread_cpu_seconds();
  for (std::uint64_t i = 0; i < calls; ++i) {
    for (double& u : buffer) u = g.uniform01();
    acc += buffer[i % buffer.size()];
  }
  const double ns = (thread_cpu_seconds() - t0) * 1e9 / static_cast<double>(calls * buffer.size());
  g_batch_sink = acc;
  return ns;
}

/// Prints the batched generator's speed (CPU time, best of 5) next to the scalar one: on the target
/// Highway chose, every width, rows a call and one row a call; then width 8 on each target this CPU
/// runs (forced).
inline void print_batch_timings(std::uint64_t draws) {
  struct Row {
    std::string name;
    double ns = 1e30;
  };
  std::vector<Row> rows = {{"scalar Xoshiro256pp, filling an array"},
                           {fmt::format("batch of 4, {} rows a call", kRowsPerCall)},
                           {fmt::format("batch of 8, {} rows a call", kRowsPerCall)},
                           {fmt::format("batch of 16, {} rows a call", kRowsPerCall)},
                           {"batch of 8, one row a call (uniform01())"}};
  for (int rep = 0; rep < 5; ++rep) {  // interleaved, best of 5
    rows[0].ns = std::min(rows[0].ns, ns_scalar_fill(draws));
    rows[1].ns = std::min(rows[1].ns, ns_batch_rows<4>(draws));
    rows[2].ns = std::min(rows[2].ns, ns_batch_rows<8>(draws));
    rows[3].ns = std::min(rows[3].ns, ns_batch_rows<16>(draws));
    rows[4].ns = std::min(rows[4].ns, ns_batch_row_calls<8>(draws));
  }
  for (const std::int64_t target : hwy::SupportedAndGeneratedTargets()) {
    hwy::SetSupportedTargetsForTest(target);
    Row row{fmt::format("batch of 8, {} rows a call, {} forced", kRowsPerCall, hwy::TargetName(target))};
    for (int rep = 0; rep < 5; ++rep) row.ns = std::min(row.ns, ns_batch_rows<8>(draws));
    rows.push_back(row);
  }
  hwy::SetSupportedTargetsForTest(0);
  fmt::print("\nbatched xoshiro256++ (include/geosim/random_batch.hpp; Highway chose {} on this CPU), uniform doubles\n",
             geosim::random::batch_simd_target());
  fmt::print("{:<52} {:>10} {:>12} {:>10}\n", "generator (CPU time, best of 5)", "ns each", "M draws/s", "vs scalar");
  for (const Row& r : rows)
    fmt::print("{:<52} {:>10.3f} {:>12.0f} {:>9.2f}x\n", r.name, r.ns, 1e3 / r.ns, rows[0].ns / r.ns);
}

}  // namespace geosim_bench
