// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <thread>

#include "geosim/series_points.hpp"
#include "mc/block.hpp"

namespace geosim::mc {

namespace {

bool by_key(const KeyedValue& a, const KeyedValue& b) { return a.key != b.key ? a.key < b.key : a.run < b.run; }
bool by_key_series(const KeyedSeries& a, const KeyedSeries& b) { return a.key != b.key ? a.key < b.key : a.run < b.run; }

// Keeps the k entries with the smallest keys; the kept set does not depend on arrival order.
template <typename T, typename Less>
void trim(std::vector<T>& v, std::size_t k, Less less) {
  if (v.size() <= k) return;
  std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end(), less);
  v.resize(k);
}

}  // namespace

Accumulator::Accumulator(const Model& m, const McOptions& o) : m_(m), o_(o) {
  s_.scenario = m.name;
  s_.variant = m.variant;
  s_.seed = o.seed;
  s_.horizon_days = m.horizon_days;
  s_.step_days = m.step_days;
  s_.threads = o.threads;
  std::vector<double> ends(static_cast<std::size_t>(m.steps));
  for (int i = 0; i < m.steps; ++i)
    ends[static_cast<std::size_t>(i)] = std::min(static_cast<double>((i + 1) * m.step_days), static_cast<double>(m.horizon_days));
  if (m.negotiation.present)
    for (const char* name : {"rational_low", "demand", "rational_high", "red_line"}) s_.binds.push_back({name, {}});
  s_.outcomes.resize(m.outcomes.size());
  samples_.resize(m.outcomes.size());
  for (std::size_t k = 0; k < m.outcomes.size(); ++k) {
    OutcomeSummary& os = s_.outcomes[k];
    os.id = m.outcomes[k].id;
    os.label = m.outcomes[k].label;
    os.kind = m.outcomes[k].kind;
    os.given = m.outcomes[k].given_text;
    os.share_of = m.outcomes[k].share_of;
    if (os.kind == OutcomeSpec::Kind::When) {
      os.first_passage.assign(static_cast<std::size_t>(m.steps), 0);
      os.step_end_day = ends;
    }
  }
}

void Accumulator::merge(BlockResult& b) {
  for (std::size_t k = 0; k < b.outcomes.size(); ++k) {
    OutcomeSummary& os = s_.outcomes[k];
    OutcomeBlock& ob = b.outcomes[k];
    os.n += ob.n;
    os.happened += ob.happened;
    os.nan_runs += ob.nan_runs;
    os.values.merge(ob.values);
    for (std::size_t i = 0; i < ob.first_passage.size(); ++i) os.first_passage[i] += ob.first_passage[i];
    auto& sample = samples_[k];
    sample.insert(sample.end(), ob.sample.begin(), ob.sample.end());
    if (sample.size() > kValueSample + 4 * kBlockRuns) trim(sample, kValueSample, by_key);
  }
  for (std::size_t k = 0; k < b.binds.size() && k < s_.binds.size(); ++k) s_.binds[k].share.merge(b.binds[k]);
  s_.runs += b.runs;
  if (!b.series.empty()) {
    for (auto& ks : b.series) series_.push_back(std::move(ks));
    if (series_.size() > kSeriesSample + 4 * kBlockRuns) {
      trim(series_, kSeriesSample, by_key_series);
      std::uint64_t top = 0;
      for (const auto& ks : series_) top = std::max(top, ks.key);
      series_threshold_ = std::min(series_threshold_, top);  // only runs with smaller keys can still enter the sample
    }
  }
}

const Summary& Accumulator::partial() {
  for (auto& os : s_.outcomes) os.ci = stats::wilson(os.happened, os.n);
  return s_;
}

void Accumulator::expect_runs(std::uint64_t runs) {
  // The sample of the first 4 Mi runs bounds the final one (more runs only lower the threshold,
  // which merging then does as before) in some 20 ms: a billion-run job starts as soon.
  runs = std::min<std::uint64_t>(runs, std::uint64_t{1} << 22);
  if (runs <= kSeriesSample) return;
  // The kSeriesSample + 1 smallest keys of runs 0..runs-1, largest on top (keys are distinct:
  // sample_key is a bijection). Runs with a smaller key than the top make the sample.
  std::priority_queue<std::uint64_t> smallest;
  for (std::uint64_t run = 0; run < runs; ++run) {
    const std::uint64_t key = sample_key(run);
    if (smallest.size() <= kSeriesSample) {
      smallest.push(key);
    } else if (key < smallest.top()) {
      smallest.pop();
      smallest.push(key);
    }
  }
  series_threshold_ = std::min(series_threshold_, smallest.top());
}

SeriesSummary Accumulator::series_bands(std::size_t v) const {
  const auto points = static_cast<std::size_t>(series_points(m_.steps));
  SeriesSummary ss;
  ss.name = m_.tracked[v].name;
  ss.runs_used = series_.size();
  const std::size_t n = series_.size();
  // The means in one pass over the trajectories front to back; each point's sum still adds the
  // runs in run-key order, like the bands.
  std::vector<double> sum(points, 0.0);
  std::vector<std::size_t> finite(points, 0);
  for (const auto& ks : series_) {
    const double* traj = ks.values.data() + v * points;
    for (std::size_t p = 0; p < points; ++p)
      if (std::isfinite(traj[p])) sum[p] += traj[p], ++finite[p];
  }
  for (std::size_t p = 0; p < points; ++p) {
    const int step = series_point_step(m_.steps, static_cast<int>(p));
    ss.day.push_back(std::min(static_cast<double>(step) * static_cast<double>(m_.step_days), static_cast<double>(m_.horizon_days)));
    ss.mean.push_back(finite[p] > 0 ? sum[p] / static_cast<double>(finite[p]) : std::numeric_limits<double>::quiet_NaN());
  }
  if (!m_.tracked[v].bands) return ss;
  // Transpose (tiles of runs, each trajectory read front to back), so that each point's column
  // is contiguous: gathering it across thousands of separate trajectories was cache-bound.
  std::vector<double> columns(points * n);
  constexpr std::size_t kTile = 16;
  for (std::size_t r0 = 0; r0 < n; r0 += kTile) {
    const std::size_t r1 = std::min(n, r0 + kTile);
    for (std::size_t p = 0; p < points; ++p)
      for (std::size_t r = r0; r < r1; ++r) columns[p * n + r] = series_[r].values[v * points + p];
  }
  std::vector<double> column;
  for (std::size_t p = 0; p < points; ++p) {
    const auto first = columns.begin() + static_cast<long>(p * n);
    column.assign(first, first + static_cast<long>(n));  // quantiles leaves out NaN, shortening the column
    std::array<double, 5> q{};
    stats::quantiles(column, SeriesSummary::kLevels.data(), q.size(), q.data());
    ss.bands.push_back(q);
  }
  return ss;
}

Summary Accumulator::finish(double seconds, int threads) {
  partial();
  for (std::size_t k = 0; k < s_.outcomes.size(); ++k) {
    OutcomeSummary& os = s_.outcomes[k];
    auto& sample = samples_[k];
    os.values_exact = sample.size() <= kValueSample;
    trim(sample, kValueSample, by_key);
    os.sorted_values.clear();
    for (const auto& kv : sample) os.sorted_values.push_back(kv.value);
    std::sort(os.sorted_values.begin(), os.sorted_values.end());
  }
  trim(series_, kSeriesSample, by_key_series);
  std::sort(series_.begin(), series_.end(), by_key_series);
  if (series_.empty()) {
    s_.seconds = seconds;
    return std::move(s_);
  }
  // The bands of each tracked variable are independent of the others': they are computed on up
  // to `threads` threads (variable v on thread v mod threads), each into its own place, so the
  // result does not depend on the thread count. This is most of the end-of-job work.
  std::vector<SeriesSummary> series(m_.tracked.size());
  const auto bands = [&](std::size_t first, std::size_t stride) {
    for (std::size_t v = first; v < series.size(); v += stride) series[v] = series_bands(v);
  };
  const std::size_t workers = std::min<std::size_t>(static_cast<std::size_t>(std::max(1, threads)), series.size());
  {
    std::vector<std::jthread> pool;
    for (std::size_t t = 1; t < workers; ++t) pool.emplace_back(bands, t, workers);
    bands(0, std::max<std::size_t>(1, workers));
  }
  for (auto& ss : series) s_.series.push_back(std::move(ss));
  s_.seconds = seconds;
  return std::move(s_);
}

}  // namespace geosim::mc

namespace geosim {

stats::KaplanMeier OutcomeSummary::survival() const {
  std::vector<stats::SurvivalGroup> groups;
  std::uint64_t events = 0;
  for (std::size_t i = 0; i < first_passage.size(); ++i) {
    if (first_passage[i] == 0) continue;
    groups.push_back({step_end_day[i], first_passage[i], 0});
    events += first_passage[i];
  }
  if (n > events) {
    const double horizon = step_end_day.empty() ? 0.0 : step_end_day.back();
    if (!groups.empty() && groups.back().time == horizon) groups.back().censored += n - events;
    else groups.push_back({horizon, 0, n - events});
  }
  return stats::kaplan_meier_grouped(groups);
}

double OutcomeSummary::quantile(double p) const { return stats::quantile_sorted(sorted_values, p); }

}  // namespace geosim
