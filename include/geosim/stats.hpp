// SPDX-License-Identifier: Apache-2.0
// Statistics for outcomes: binomial intervals, means, Kaplan-Meier survival, quantiles.
// Plain structs; accumulators merge exactly so block-ordered merges are deterministic.
#pragma once

#include <cstdint>
#include <vector>

namespace geosim::stats {

/// @brief A two-sided interval.
struct Interval {
  double lo = 0.0;
  double hi = 0.0;
};

/// @brief Wilson score interval for k successes in n trials at `level` (e.g. 0.95). n = 0 gives [0, 1].
Interval wilson(std::uint64_t k, std::uint64_t n, double level = 0.95);
/// @brief Exact Clopper-Pearson interval (Boost.Math beta quantiles).
Interval clopper_pearson(std::uint64_t k, std::uint64_t n, double level = 0.95);
/// @brief Interval of pa - pb for two independent proportions from their intervals `a` and `b`
/// (Newcombe 1998, method 10, with Wilson intervals): conservative where the runs are paired.
Interval newcombe_difference(double pa, Interval a, double pb, Interval b);

/// @brief Streaming mean and variance (Welford), mergeable (Chan et al.).
struct MeanAccumulator {
  std::uint64_t n = 0;
  double mean = 0.0;
  double m2 = 0.0;
  double min = 0.0;
  double max = 0.0;
  void add(double x) noexcept;
  void merge(const MeanAccumulator& other) noexcept;
  double variance() const noexcept;  ///< sample variance (n - 1); 0 when n < 2
  /// @brief Student-t interval for the mean (Boost.Math quantile); [mean, mean] when n < 2.
  Interval mean_interval(double level = 0.95) const;
};

/// @brief Empirical quantile of already-sorted values, linear interpolation (Hyndman-Fan type 7).
double quantile_sorted(const std::vector<double>& sorted, double p);

/// @brief Several type-7 quantiles of unsorted values, without sorting: only the order
/// statistics the levels need are put in place (nested std::nth_element), which is what
/// quantile_sorted reads. Results are identical to sorting then calling quantile_sorted.
/// Reorders `values` and drops its NaNs (they have no order); `out` gets one quantile per level
/// (NaN when no value is left).
void quantiles(std::vector<double>& values, const double* levels, std::size_t count, double* out);

/// @brief One observation for survival analysis: time and whether the event was observed
/// (false = censored at `time`).
struct SurvivalObs {
  double time = 0.0;
  bool event = false;
};

/// @brief One step of a Kaplan-Meier curve, at a distinct event time.
struct SurvivalPoint {
  double time = 0.0;
  std::uint64_t at_risk = 0;
  std::uint64_t events = 0;
  double survival = 1.0;
  Interval ci;  ///< pointwise, Greenwood variance on the log(-log) scale
};

/// @brief Kaplan-Meier estimate with censoring.
struct KaplanMeier {
  std::vector<SurvivalPoint> points;  ///< at event times only, increasing
  std::uint64_t n = 0;
  /// @brief S(t): survival just after time t (step function, 1 before the first event).
  double survival_at(double t) const noexcept;
  /// @brief Smallest event time with S <= 1 - p (p = 0.5: the median); NaN when never reached.
  double quantile_time(double p) const noexcept;
};

/// @brief Fits a Kaplan-Meier curve; ties between events and censorings follow the usual
/// convention (events first). `level` sets the pointwise band.
KaplanMeier kaplan_meier(std::vector<SurvivalObs> obs, double level = 0.95);

/// @brief Observations grouped by time: how many events and censorings happened at `time`.
struct SurvivalGroup {
  double time = 0.0;
  std::uint64_t events = 0;
  std::uint64_t censored = 0;
};

/// @brief Kaplan-Meier from groups in increasing time order (bounded memory for many runs).
KaplanMeier kaplan_meier_grouped(const std::vector<SurvivalGroup>& groups, double level = 0.95);

}  // namespace geosim::stats
