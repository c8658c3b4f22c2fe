// SPDX-License-Identifier: Apache-2.0
// Monte Carlo: many runs of one model, reduced to per-outcome statistics in bounded memory.
// Runs are grouped in fixed blocks of run indices; block results are merged in block order,
// so every figure is identical for any number of threads or MPI ranks.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "geosim/model.hpp"
#include "geosim/run.hpp"
#include "geosim/stats.hpp"

namespace geosim {

/// @brief Runs per block. Fixed: changing it changes floating-point merge order.
inline constexpr std::uint64_t kBlockRuns = 256;
/// @brief Values kept per outcome for quantiles: exact up to this many runs, else a uniform
/// subsample chosen by a hash of the run index (the same runs whatever the thread count).
inline constexpr std::size_t kValueSample = 16384;
/// @brief Runs whose trajectories are kept for time-series bands (same selection rule). Only
/// those runs record one: the others pay nothing for tracked variables.
inline constexpr std::size_t kSeriesSample = 2048;

/// @brief One run's row for per-run output (McOptions::per_run_row).
struct RunRecord {
  std::uint64_t run = 0;
  std::vector<OutcomeValue> outcomes;  ///< per Model::outcomes
  std::vector<double> drawn;           ///< per Model::sampled: the number the run drew (RunState::drawn)
};

struct McOptions {
  std::uint64_t runs = 2000;
  std::uint64_t seed = 1;
  int threads = 1;                 ///< worker threads (>= 1)
  double precision = 0.0;          ///< > 0: add blocks until every interval half-width <= this
  std::uint64_t max_runs = 10'000'000;  ///< cap for precision mode
  bool track = true;               ///< time-series bands for tracked variables
  /// @brief Called from the merging thread after each merged block (runs done, runs planned).
  std::function<void(std::uint64_t, std::uint64_t)> progress = {};
  /// @brief Called with each run's outcomes, in run order (for per-run CSV). Optional.
  std::function<void(std::uint64_t run, const std::vector<OutcomeValue>&)> per_run = {};
  /// @brief The same with the numbers each run drew (per-run CSV with its inputs). Optional.
  std::function<void(const RunRecord&)> per_run_row = {};
  const std::atomic<bool>* cancel = nullptr;  ///< set asynchronously to stop early
  /// @brief Split blocks over MPI ranks when started by mpirun (rank 0 gets the full Summary).
  /// The ranks first compare a digest of the compiled model, these options and `job`, and stop
  /// with JobMismatch when any differs from rank 0's. A signal on any rank stops every rank.
  bool distributed = false;
  /// @brief What else every rank must agree on: the command line, for instance.
  std::string job = {};
};

/// @brief Thrown by run_monte_carlo on every rank when the MPI ranks do not run the same job
/// (a stale copy of a scenario file on one machine, another build of geosim, another command).
/// On rank 0 the message names the ranks that differ.
struct JobMismatch : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// @brief This process's MPI rank and the number of ranks ({0, 1} without MPI).
struct ProcessWorld {
  int rank = 0;
  int size = 1;
};
ProcessWorld process_world();

/// @brief Statistics of one outcome over all runs.
struct OutcomeSummary {
  std::string id, label;
  std::string given;                 ///< condition text of a conditional outcome, or empty
  std::string share_of;              ///< When: the outcome whose runs it is read as a share of, or empty
  OutcomeSpec::Kind kind = OutcomeSpec::Kind::When;
  std::uint64_t n = 0;               ///< runs counted (all runs, or those where `given` held)
  std::uint64_t happened = 0;        ///< When: condition held; Count: fired at least once
  /// @brief Value: runs whose value was not a number (NaN) or infinite. They count in `n` but in
  /// no statistic: `values` and `sorted_values` hold the finite values only.
  std::uint64_t nan_runs = 0;
  stats::Interval ci;                ///< Wilson 95% for the probability
  stats::MeanAccumulator values;     ///< When: 1/0; Value: values; Count: counts
  /// @brief When: runs whose condition first held at the end of step s (index s).
  std::vector<std::uint64_t> first_passage;
  std::vector<double> step_end_day;  ///< day at the end of each step (shared by all outcomes)
  /// @brief Value/Count: values of the sampled runs, sorted (every run when n <= kValueSample).
  std::vector<double> sorted_values;
  bool values_exact = true;          ///< sorted_values holds every run

  double probability() const { return n ? static_cast<double>(happened) / static_cast<double>(n) : 0.0; }
  /// @brief When: Kaplan-Meier curve of first-passage days, censored at the horizon.
  stats::KaplanMeier survival() const;
  /// @brief Value/Count: empirical quantile from sorted_values (type 7).
  double quantile(double p) const;
};

/// @brief Quantile bands of one tracked variable at the series' points.
struct SeriesSummary {
  std::string name;
  static constexpr std::array<double, 5> kLevels = {0.05, 0.25, 0.5, 0.75, 0.95};
  /// Day of each point: 0, then the end of every step, or of every few steps past 1,000 steps
  /// (geosim/series_points.hpp), and always the horizon.
  std::vector<double> day;
  /// Quantiles at kLevels per point; empty for a slot tracked for its mean only (TrackedSlot::bands).
  std::vector<std::array<double, 5>> bands;
  /// Mean across the sampled runs per point (NaN where no run has a finite value). Of a counter
  /// such as negotiation.steps, differences of means between points are mean increments: the
  /// report's shares of bargaining steps and of choices over time (report/run_series.cpp).
  std::vector<double> mean;
  std::uint64_t runs_used = 0;                   ///< runs in the sample behind the bands
};

/// @brief Which bound set one side of the bargaining range (issue 16): over the runs with at
/// least one bargaining step (a step whose range was computed), the mean of the run's share of
/// those steps in which this bound bound (per run: negotiation.binds.NAME / negotiation.steps).
struct BoundShare {
  std::string name;               ///< rational_low, demand, rational_high, red_line
  stats::MeanAccumulator share;
};

struct Summary {
  std::string scenario, variant;
  std::uint64_t seed = 0, runs = 0;
  int horizon_days = 0, step_days = 1, threads = 1;
  bool cancelled = false;
  std::vector<OutcomeSummary> outcomes;
  std::vector<SeriesSummary> series;
  std::vector<BoundShare> binds;  ///< with a negotiation: the four bounds, lower side first
  double seconds = 0.0;
};

/// @brief A `share_of` outcome read as a share: of the `n` runs in which outcome `of` happened,
/// `k` had this one happen (it implies `of`, so k <= n), with the Wilson 95% interval. Durability
/// under censoring: held 6 months, out of the ceasefires signed early enough to show it.
struct OutcomeShare {
  const OutcomeSummary* of = nullptr;
  std::uint64_t k = 0, n = 0;
  double p = 0.0;
  stats::Interval ci;
};
/// @brief The share of `o` (nullopt when it has no `share_of`, its denominator never happened or
/// does not contain it).
std::optional<OutcomeShare> outcome_share(const Summary& s, const OutcomeSummary& o);

/// @brief Runs the model and summarises it. Deterministic in (model, seed, runs, precision).
Summary run_monte_carlo(const Model& m, const McOptions& options);

/// @brief Largest 95% interval half-width over the outcomes (probabilities and means).
double max_half_width(const Summary& s);

}  // namespace geosim
