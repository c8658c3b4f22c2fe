// SPDX-License-Identifier: Apache-2.0
// One block of runs and the in-order accumulator of block results. Block results carry only
// mergeable data: counts (associative), per-block moment accumulators (merged in block order),
// and candidates for the bottom-k samples (a set chosen by run-index hash, order-independent).
#pragma once

#include <atomic>
#include <cstdint>
#include <limits>
#include <vector>

#include "geosim/mc.hpp"
#include "geosim/run.hpp"

namespace geosim::mc {

/// @brief Selection key of a run for the bottom-k samples: a hash of its index, seed-independent.
std::uint64_t sample_key(std::uint64_t run);

struct KeyedValue {
  std::uint64_t key, run;
  double value;
};

struct KeyedSeries {
  std::uint64_t key, run;
  std::vector<double> values;  ///< [tracked var][step 0..steps], flattened
};

struct OutcomeBlock {
  std::uint64_t n = 0, happened = 0;
  std::uint64_t nan_runs = 0;  ///< Value: runs whose value was NaN or infinite (in n, in no statistic)
  stats::MeanAccumulator values;
  std::vector<std::uint64_t> first_passage;
  std::vector<KeyedValue> sample;
};

struct BlockResult {
  std::uint64_t block = 0, first_run = 0, runs = 0;
  std::vector<OutcomeBlock> outcomes;
  std::vector<KeyedSeries> series;
  std::vector<OutcomeValue> rows;  ///< runs x outcomes, when per-run output is wanted
  std::vector<double> drawn;       ///< runs x sampled numbers, likewise
  std::vector<stats::MeanAccumulator> binds;  ///< per bound (Summary::binds), with a negotiation
};

/// @brief Runs `runs` runs from `first_run`. Trajectories are kept only for runs whose key is
/// below `series_threshold` (a run above it cannot enter the final sample). When `cancel` is set
/// the block stops between runs and is left incomplete (the caller discards it), so Ctrl-C does
/// not wait for whole blocks of long-horizon runs.
void run_block(const Model& m, std::uint64_t seed, BlockResult& out, RunState& rs, bool track, bool rows,
               std::uint64_t series_threshold, const std::atomic<bool>* cancel = nullptr);

/// @brief Merges block results strictly in block order into a Summary.
class Accumulator {
 public:
  Accumulator(const Model& m, const McOptions& o);
  /// @brief Says that runs 0..runs-1 will all be merged (unless the job is cancelled), so that
  /// series_threshold() admits only the runs of their series sample from the start: the other
  /// runs record no trajectory (beyond 4 Mi runs: those of the first 4 Mi runs' sample and the few
  /// later ones that still enter it). A cancelled job's series are then from its sampled runs only.
  void expect_runs(std::uint64_t runs);
  void merge(BlockResult& b);
  /// @brief Current largest key that can still enter the series sample (for workers).
  std::uint64_t series_threshold() const { return series_threshold_; }
  /// @brief The final summary; the time-series bands are computed on up to `threads` threads
  /// (the same result for any count).
  Summary finish(double seconds, int threads = 1);
  const Summary& partial();  ///< probabilities and intervals so far (for precision checks)

 private:
  SeriesSummary series_bands(std::size_t v) const;  ///< per-point mean and quantile bands of tracked variable v
  const Model& m_;
  McOptions o_;
  Summary s_;
  std::vector<std::vector<KeyedValue>> samples_;
  std::vector<KeyedSeries> series_;
  std::uint64_t series_threshold_ = std::numeric_limits<std::uint64_t>::max();
};

}  // namespace geosim::mc
