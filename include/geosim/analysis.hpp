// SPDX-License-Identifier: Apache-2.0
// Experiments that drive the Monte Carlo engine: paired comparison of policy variants, parameter
// sweeps (grid and Latin hypercube) and global sensitivity analysis (Morris screening, Sobol
// indices). Every result is deterministic in (models, seed, settings) and identical for any
// number of threads: work is cut into fixed pieces whose results are merged in a fixed order.
// See docs/analysis.md for the methods, how to read the numbers and the JSON documents.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "geosim/mc.hpp"
#include "geosim/model.hpp"
#include "geosim/output.hpp"
#include "geosim/stats.hpp"

namespace geosim::analysis {

/// @brief Reports progress: work units done, work units planned.
using ProgressFn = std::function<void(std::uint64_t done, std::uint64_t total)>;

// ---------------------------------------------------------------------------------------------
// Estimates
// ---------------------------------------------------------------------------------------------

/// @brief The headline figure of an outcome with its 95% interval: the probability by the horizon
/// (`when:`, Wilson interval), the mean (`value:`, t interval) or the mean count (`count:`, t interval).
struct Estimate {
  double value = 0.0;
  stats::Interval ci;
};

/// @brief "probability", "mean" or "mean count".
const char* measure_name(OutcomeSpec::Kind kind);
/// @brief "when", "value" or "count".
const char* kind_name(OutcomeSpec::Kind kind);

/// @brief Per-run values of one outcome over some runs: enough for its headline estimate.
struct OutcomeTally {
  stats::MeanAccumulator values;  ///< When: 1/0; Value: values; Count: counts
  std::uint64_t happened = 0;     ///< When: condition held
  std::uint64_t nan_runs = 0;     ///< Value: runs whose value was NaN or infinite (in no statistic)
  void merge(const OutcomeTally& o) noexcept {
    values.merge(o.values);
    happened += o.happened;
    nan_runs += o.nan_runs;
  }
};

Estimate estimate(const OutcomeSummary& o);
Estimate estimate(const OutcomeTally& t, OutcomeSpec::Kind kind);

// ---------------------------------------------------------------------------------------------
// Uncertain parameters: the scenario's declared distributions, as sensitivity and LHS see them
// ---------------------------------------------------------------------------------------------

/// @brief One uncertain number of the scenario. Several sampled slots that share a stream (a
/// variable and the copy of its initial value a drift rule keeps) are one parameter.
struct UncertainParameter {
  std::string path;          ///< override path, e.g. "parameters.war_cost_ukr.value"
  Distribution dist;
  double lo = 0.0, hi = 0.0; ///< clamp applied to every draw (variable bounds, or +-inf)
  std::vector<std::size_t> sampled;  ///< indices into Model::sampled
};

/// @brief The model's uncertain parameters, in declaration order.
std::vector<UncertainParameter> uncertain_parameters(const Model& m);

/// @brief The uncertain parameters (in declaration order) that no outcome can depend on, by a
/// static walk backwards from the outcomes' expressions through every mechanism's inputs and
/// outputs (engine/analysis/inert.cpp). Conservative: a parameter listed here cannot move any
/// outcome whatever the draws; one not listed may still be inert in practice (a bound that
/// never binds, which `negotiation.binds.*` shows).
std::vector<UncertainParameter> inert_parameters(const Model& m);

/// @brief Quantile function of a distribution (Boost.Math); u is kept inside [1e-12, 1 - 1e-12].
double quantile(const Distribution& d, double u);

/// @brief The parameter's value at quantile u, clamped as a draw would be.
double parameter_value(const UncertainParameter& p, double u);

/// @brief Replaces each parameter's distribution in `m` by a fixed value (values[i] for params[i]).
void fix_parameters(Model& m, const std::vector<UncertainParameter>& params, const std::vector<double>& values);

/// @brief The distribution as JSON, e.g. {"uniform": [0.25, 0.55]} or {"beta": {"alpha": .., "beta": ..}}.
nlohmann::ordered_json distribution_json(const Distribution& d);
/// @brief The distribution as short text, e.g. "uniform(0.25, 0.55)".
std::string distribution_text(const Distribution& d);

// ---------------------------------------------------------------------------------------------
// Paired comparison of variants (common random numbers)
// ---------------------------------------------------------------------------------------------

struct CompareOptions {
  std::uint64_t runs = 2000;             ///< runs of each model (the minimum with precision)
  std::uint64_t seed = 1;
  int threads = 1;
  double precision = 0.0;                ///< > 0: add blocks until every paired half-width <= this
  std::uint64_t max_runs = 1'000'000;    ///< cap for precision mode
  bool track = true;                     ///< time-series bands in the summaries
  ProgressFn progress = {};              ///< runs per model done / planned
  const std::atomic<bool>* cancel = nullptr;
};

/// @brief Means and co-moments of four per-run numbers, streaming and mergeable (Welford; Chan et
/// al. for merges), computed symmetrically so that identical inputs give bitwise-identical entries.
struct CoMoments4 {
  std::uint64_t n = 0;
  std::array<double, 4> mean{};
  std::array<double, 16> m2{};  ///< m2[4 i + j] = sum of (x_i - mean_i)(x_j - mean_j)
  void add(const std::array<double, 4>& x) noexcept;
  void merge(const CoMoments4& o) noexcept;
  double cov(int i, int j) const noexcept { return n > 1 ? m2[static_cast<std::size_t>(4 * i + j)] / static_cast<double>(n - 1) : 0.0; }
};

/// @brief The paired difference of one outcome, variant minus base, from the same runs.
/// Per run i the base gives (u_a, g_a) and the variant (u_b, g_b): g = 1 when the run counts for the
/// outcome (always, unless the outcome is conditional with `given`), u = g * value. Each estimate is
/// the ratio R = mean(u) / mean(g) (the plain mean when every run counts); the difference is
/// D = R_b - R_a and its variance comes from the delta method over the paired runs:
/// Var(D) = w' S w / n with S the 4x4 covariance of (u_a, g_a, u_b, g_b) and
/// w = (-1/g_a, R_a/g_a, 1/g_b, -R_b/g_b) (means of g). For unconditional outcomes this is exactly
/// (Var(a) + Var(b) - 2 Cov(a, b)) / n; the unpaired variance drops the Cov terms.
struct PairedDifference {
  std::string id, label, given;
  OutcomeSpec::Kind kind = OutcomeSpec::Kind::When;
  std::size_t base_index = 0, variant_index = 0;  ///< into the summaries' outcomes
  CoMoments4 moments;                ///< of (u_a, g_a, u_b, g_b) over runs
  std::uint64_t up = 0, down = 0;    ///< runs where the variant's u is above / below the base's
  Estimate base, variant;            ///< the two headline estimates
  double diff = 0.0;                 ///< D = R_b - R_a (NaN when a side never counted a run)
  stats::Interval paired;            ///< D +- t * sqrt(Var(D)), paired runs
  stats::Interval unpaired;          ///< D +- t * sqrt(Var(D) without the covariance between a and b)
  double correlation = 0.0;          ///< correlation of u_a and u_b over runs (NaN when either is constant)
  bool distinguishable = false;      ///< the paired interval excludes 0
  std::uint64_t runs() const { return moments.n; }
  double difference() const { return diff; }
  double half_width() const { return (paired.hi - paired.lo) / 2; }
  double unpaired_half_width() const { return (unpaired.hi - unpaired.lo) / 2; }
};

struct VariantComparison {
  std::string name, description;
  Summary summary;
  std::vector<PairedDifference> differences;  ///< base outcomes the variant also has, base order
};

struct Comparison {
  Summary base;
  std::vector<VariantComparison> variants;
  std::uint64_t runs = 0, seed = 0;
  double precision = 0.0;
  int threads = 1;
  bool cancelled = false;
  double seconds = 0.0;
};

/// @brief Runs the base and every variant on the same run indices with the same seed, so run i of
/// each sees the same random streams, and reduces per-run differences. Blocks of kBlockRuns run
/// indices are computed by worker threads and merged in block order: identical results for any
/// thread count. `names[i]` and `descriptions[i]` label variants[i].
Comparison compare(const Model& base, const std::vector<const Model*>& variants,
                   const std::vector<std::string>& names, const std::vector<std::string>& descriptions,
                   const CompareOptions& options);

/// @brief Largest paired 95% half-width over every variant and outcome.
double max_paired_half_width(const Comparison& c);

// ---------------------------------------------------------------------------------------------
// Many model points, each a Monte Carlo estimate at a fixed seed
// ---------------------------------------------------------------------------------------------

struct PointsOptions {
  std::uint64_t runs = 1000;  ///< runs per point
  std::uint64_t seed = 1;     ///< the same for every point: common random numbers across points
  int threads = 1;
  ProgressFn progress = {};   ///< points done / points
  const std::atomic<bool>* cancel = nullptr;
};

/// @brief Per-outcome tallies of one point.
struct PointResult {
  std::vector<OutcomeTally> outcomes;
};

/// @brief Gives the model of a point: either a stored model, or `scratch` (a per-thread copy of
/// the prototype) prepared for the point. Called from worker threads; must not share state.
using ModelForPoint = std::function<const Model&(std::size_t point, Model& scratch)>;

/// @brief Evaluates `points` models of the same outcomes. Work is cut into (point, block of
/// kBlockRuns runs) pieces merged in block order: identical results for any thread count.
/// Returns fewer results than points only when cancelled.
std::vector<PointResult> evaluate_points(const Model& prototype, std::size_t points, const ModelForPoint& model_for,
                                         const PointsOptions& options);

// ---------------------------------------------------------------------------------------------
// Sweeps
// ---------------------------------------------------------------------------------------------

/// @brief One grid axis: `PATH=LO:HI:N`, N evenly spaced values from LO to HI inclusive.
struct GridAxis {
  std::string path;
  double lo = 0.0, hi = 0.0;
  int n = 1;
  std::vector<double> values() const;
};

/// @brief Parses `PATH=LO:HI:N`; throws std::invalid_argument with a message saying how to fix it.
GridAxis parse_grid_axis(const std::string& text);

/// @brief Every combination of axis values; the last axis varies fastest.
std::vector<std::vector<double>> grid_points(const std::vector<GridAxis>& axes);

/// @brief Latin hypercube of n points in k dimensions: each column has exactly one point in each
/// of the n strata [i/n, (i+1)/n), at a uniform position inside it. Deterministic in `seed`.
std::vector<std::vector<double>> latin_hypercube(std::size_t n, std::size_t k, std::uint64_t seed);

/// @brief A design of points given as a table (`sweep --design FILE.csv`, or a DataFrame from
/// Python): one column per override path, one row per point, every cell a number.
struct DesignTable {
  std::string name;                         ///< where it came from, for messages ("points.csv")
  std::vector<std::string> columns;         ///< override paths
  std::vector<std::vector<double>> rows;    ///< per point, one value per column
  /// Where each header cell and each value cell is (into the Sources the text was added to);
  /// empty when the table did not come from text.
  std::vector<SourceMark> column_marks;
  std::vector<std::vector<SourceMark>> cell_marks;
  SourceMark cell(std::size_t row, std::size_t column) const {
    return row < cell_marks.size() && column < cell_marks[row].size() ? cell_marks[row][column] : SourceMark{};
  }
  SourceMark header(std::size_t column) const { return column < column_marks.size() ? column_marks[column] : SourceMark{}; }
};

/// @brief Reads a design from CSV text (RFC 4180: a header of column names, then one row per
/// point; blank lines skipped). The text is added to `sources` under `name`; every problem (an
/// empty or repeated column name, a row of the wrong length, a cell that is not a finite number,
/// no rows) goes to `diags` at its line and column. Returns nullopt when there was any.
std::optional<DesignTable> parse_design_csv(const std::string& name, const std::string& text, Sources& sources,
                                            Diagnostics& diags);

/// @brief A design given as numbers (a DataFrame from Python), checked as parse_design_csv checks
/// a file: named, distinct columns, one finite number per column in every row, at least one row.
/// Problems go to `diags` without a place, naming the row (from 1) and column.
std::optional<DesignTable> design_table(const std::string& name, const std::vector<std::string>& columns,
                                        const std::vector<std::vector<double>>& rows, Diagnostics& diags);

/// @brief A finished sweep: one row per point.
struct Sweep {
  std::string design;                       ///< "grid", "lhs" or "table"
  std::string design_name;                  ///< table: where the table came from
  std::vector<std::string> parameters;      ///< paths, column order
  std::vector<GridAxis> axes;               ///< grid only
  std::vector<UncertainParameter> uncertain;  ///< lhs: the parameters and their distributions; table: those among the columns
  std::vector<std::vector<double>> quantiles; ///< lhs only: per point, the quantile of each parameter
  std::vector<std::vector<double>> values;  ///< per point, the value of each parameter
  std::vector<PointResult> points;
  std::uint64_t runs = 0, seed = 0, design_seed = 0;
  bool cancelled = false;
  double seconds = 0.0;
};

// ---------------------------------------------------------------------------------------------
// Sensitivity: Morris elementary effects and Sobol indices on the unit hypercube
// ---------------------------------------------------------------------------------------------

/// @brief Morris (1991) trajectories on a p-level grid of [0, 1]^k with step delta = p / (2 (p - 1)).
/// Each trajectory has k + 1 points; consecutive points differ in one coordinate by +-delta.
struct MorrisDesign {
  std::size_t k = 0, trajectories = 0;
  int levels = 4;
  double delta = 0.0;
  std::vector<std::vector<double>> points;  ///< trajectories * (k + 1) points in [0, 1]^k
  std::vector<std::vector<std::size_t>> factor;  ///< per trajectory: coordinate changed at step j
};
MorrisDesign morris_design(std::size_t k, std::size_t trajectories, int levels, std::uint64_t seed);

/// @brief Grid coordinate x in [0, 1] -> quantile in (0, 1): the p levels map to the midpoints of
/// p equal strata, (i + 1/2) / p, so unbounded distributions are never evaluated at 0 or 1.
double morris_quantile(double x, int levels);

struct MorrisEffects {
  std::vector<double> mu, mu_star, sigma;   ///< per factor: mean effect, mean |effect|, sd of effects
  std::vector<stats::Interval> mu_star_ci;  ///< bootstrap 95% percentile interval over trajectories
};
/// @brief Elementary effects from model values f at the design points, per unit of quantile:
/// (f(x') - f(x)) / (q(x'_i) - q(x_i)) with q = morris_quantile, so that a parameter whose effect is
/// linear in its quantile gets the change from the bottom to the top of its distribution.
MorrisEffects morris_effects(const MorrisDesign& d, const std::vector<double>& f, int bootstrap, std::uint64_t seed);

/// @brief Saltelli (2010) design: base matrices A and B (n x k, from a 2k-dimensional Sobol
/// sequence) and k matrices A_B^i (A with column i from B). Points are in the order A (n rows),
/// B (n rows), A_B^1 (n rows), ..., A_B^k: n (k + 2) points in (0, 1)^k.
struct SobolDesign {
  std::size_t n = 0, k = 0;
  std::vector<std::vector<double>> points;
};
SobolDesign sobol_design(std::size_t n, std::size_t k);

struct SobolIndices {
  double mean = 0.0, variance = 0.0;  ///< of f over A and B
  std::vector<double> s1, st;         ///< first-order and total indices per factor
  std::vector<stats::Interval> s1_ci, st_ci;  ///< bootstrap 95% percentile intervals
};
/// @brief First-order indices by the Saltelli (2010) estimator, total indices by Jansen's (1999),
/// from model values f in the design's point order; bootstrap over the n rows.
SobolIndices sobol_indices(std::size_t n, std::size_t k, const std::vector<double>& f, int bootstrap,
                           std::uint64_t seed);

enum class Method { Morris, Sobol };

struct SensitivityOptions {
  Method method = Method::Morris;
  std::uint64_t runs = 0;         ///< runs per point; 0 = the method's default
  std::uint64_t seed = 1;         ///< Monte Carlo seed of every point; the design seed derives from it
  int threads = 1;
  std::size_t trajectories = 20;  ///< Morris
  int levels = 4;                 ///< Morris
  std::size_t samples = 64;       ///< Sobol base sample n (a power of 2)
  int bootstrap = 1000;
  ProgressFn progress = {};
  const std::atomic<bool>* cancel = nullptr;
};

inline constexpr std::uint64_t kMorrisDefaultRuns = 300;
inline constexpr std::uint64_t kSobolDefaultRuns = 100;

/// @brief Indices of one parameter for one outcome (Morris fields or Sobol fields are filled).
struct ParameterIndices {
  double mu = 0.0, mu_star = 0.0, sigma = 0.0;
  stats::Interval mu_star_ci;
  double s1 = 0.0, st = 0.0;
  stats::Interval s1_ci, st_ci;
};

struct OutcomeSensitivity {
  std::string id, label;
  OutcomeSpec::Kind kind = OutcomeSpec::Kind::When;
  double mean = 0.0, variance = 0.0;          ///< of the expected outcome over the design points
  std::size_t empty_points = 0;               ///< conditional outcome: points where no run counted
  std::uint64_t nan_runs = 0;                 ///< value outcome: runs (over all points) whose value was not a number
  std::vector<ParameterIndices> parameters;   ///< in parameter order
  std::vector<std::size_t> ranking;           ///< parameter indices, most influential first
};

struct Sensitivity {
  Method method = Method::Morris;
  std::vector<UncertainParameter> parameters;
  std::vector<OutcomeSensitivity> outcomes;
  std::size_t points = 0;
  std::uint64_t runs = 0, seed = 0, design_seed = 0;
  std::size_t trajectories = 0, samples = 0;
  int levels = 0, bootstrap = 0;
  double delta = 0.0;
  bool cancelled = false;
  double seconds = 0.0;
};

/// @brief Model points a method needs for k parameters: Morris r (k + 1), Sobol n (k + 2).
std::size_t sensitivity_points(const SensitivityOptions& o, std::size_t k);

/// @brief Runs the analysis over the model's uncertain parameters. Each point fixes every
/// parameter at a quantile and estimates each outcome's expected value over `runs` runs at `seed`
/// (the same runs at every point: common random numbers). Throws std::invalid_argument when the
/// model has no uncertain parameters.
Sensitivity run_sensitivity(const Model& m, const SensitivityOptions& options);

// ---------------------------------------------------------------------------------------------
// Documents (JSON, CSV) for the three commands; see docs/analysis.md for their fields.
// ---------------------------------------------------------------------------------------------

nlohmann::ordered_json compare_json(const Model& base, const std::vector<const Model*>& variants, const Comparison& c,
                                    const Provenance& p);
std::string compare_csv(const Comparison& c);

nlohmann::ordered_json sweep_json(const Model& m, const Sweep& s, const Provenance& p);
std::string sweep_csv(const Model& m, const Sweep& s);

nlohmann::ordered_json sensitivity_json(const Model& m, const Sensitivity& s, const Provenance& p);
std::string sensitivity_csv(const Sensitivity& s);

// ---------------------------------------------------------------------------------------------
// Terminal tables. `only` restricts the outcomes shown (ids; empty = all).
// ---------------------------------------------------------------------------------------------

std::string format_compare_table(const Comparison& c, const std::vector<std::string>& only = {});
std::string format_sweep_table(const Model& m, const Sweep& s, const std::vector<std::string>& only = {});
std::string format_sensitivity_table(const Model& m, const Sensitivity& s, const std::vector<std::string>& only = {});

}  // namespace geosim::analysis
