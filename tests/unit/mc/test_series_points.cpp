// SPDX-License-Identifier: Apache-2.0
// Tracked series at a stride chosen from the horizon (geosim/series_points.hpp): the rule gives
// the stated points, the summaries carry those points' days, and with the number of runs known
// in advance only the runs of the series sample record a trajectory, which gives the same bands
// as recording every run that might enter it.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "geosim/mc.hpp"
#include "geosim/run.hpp"
#include "geosim/scenario.hpp"
#include "geosim/series_points.hpp"
#include "mc/block.hpp"
#include "../sim/sim_test_util.hpp"

namespace {

using simtest::compile_yaml;

std::string drifting(int horizon_days, const std::string& step) {
  return "geosim: 1\nscenario: {name: drift, step: " + step + ", horizon_days: " + std::to_string(horizon_days) +
         "}\nactors:\n  A:\n    variables:\n      x: {value: 0.5, min: 0, max: 1, track: true}\n"
         "dynamics:\n  - {variable: A.x, toward: 0.5, rate: 0.01, noise: 0.05}\noutcomes:\n  x_end: {value: A.x}\n";
}

}  // namespace

TEST_SUITE("mc") {

TEST_CASE("series points: every step up to 1,000 steps, then at most 1,000 points after the start") {
  using geosim::series_points, geosim::series_point_step, geosim::series_stride;
  CHECK(series_stride(1) == 1);
  CHECK(series_points(1) == 2);
  CHECK(series_stride(365) == 1);
  CHECK(series_points(365) == 366);
  CHECK(series_stride(1000) == 1);
  CHECK(series_points(1000) == 1001);
  CHECK(series_stride(1001) == 2);
  CHECK(series_points(1001) == 502);  // 0, 2, ..., 1000, then 1001
  CHECK(series_point_step(1001, 501) == 1001);
  CHECK(series_stride(2000) == 2);
  CHECK(series_points(2000) == 1001);
  CHECK(series_stride(36500) == 37);  // a century of days: 37-day points
  CHECK(series_points(36500) == 988);
  CHECK(series_point_step(36500, 1) == 37);
  CHECK(series_point_step(36500, 986) == 36482);
  CHECK(series_point_step(36500, 987) == 36500);  // the last step is always a point
  for (int steps : {1, 7, 365, 999, 1000, 1001, 1999, 2000, 2001, 5214, 36499, 36500}) {
    INFO("steps " << steps);
    const int points = series_points(steps);
    CHECK(points - 1 <= geosim::kSeriesMaxPoints);
    // series_point_at is the inverse of series_point_step: each point is recorded at one step.
    std::vector<int> seen(static_cast<std::size_t>(points), 0);
    bool inverse = true;
    for (int done = 1; done <= steps; ++done) {
      const int p = geosim::series_point_at(steps, done);
      if (p < 0) continue;
      inverse = inverse && p < points && series_point_step(steps, p) == done;
      if (p < points) ++seen[static_cast<std::size_t>(p)];
    }
    CHECK(inverse);
    CHECK(seen[0] == 0);  // the start is recorded before the first step
    CHECK(std::all_of(seen.begin() + 1, seen.end(), [](int n) { return n == 1; }));
    CHECK(series_point_step(steps, 0) == 0);
    CHECK(series_point_step(steps, points - 1) == steps);
  }
}

TEST_CASE("series points: the summary's days are the points', daily steps and weekly") {
  for (const auto& [horizon, step, step_days] : {std::tuple{365, "day", 1}, std::tuple{3000, "day", 1}, std::tuple{36500, "week", 7}}) {
    INFO("horizon " << horizon << " step " << step);
    const geosim::Model m = compile_yaml(drifting(horizon, step));
    geosim::McOptions o;
    o.runs = 40;
    const geosim::Summary s = geosim::run_monte_carlo(m, o);
    REQUIRE(s.series.size() == 1);
    const geosim::SeriesSummary& x = s.series[0];
    REQUIRE(x.day.size() == static_cast<std::size_t>(geosim::series_points(m.steps)));
    CHECK(x.bands.size() == x.day.size());
    CHECK(x.mean.size() == x.day.size());
    bool days = true;
    for (std::size_t p = 0; p < x.day.size(); ++p)
      days = days && x.day[p] == std::min(geosim::series_point_step(m.steps, static_cast<int>(p)) * step_days, horizon);
    CHECK(days);
    CHECK(x.day.back() == horizon);
    CHECK(x.bands.front()[2] == 0.5);  // every run starts at 0.5
  }
}

TEST_CASE("series points: a run records the series' points, a trace (every_step) every step") {
  const geosim::Model m = compile_yaml(drifting(2500, "day"));  // stride 3
  REQUIRE(geosim::series_stride(m.steps) == 3);
  geosim::RunState points, every;
  points.prepare(m);
  every.every_step = true;
  every.prepare(m);
  geosim::run_one(m, 5, 17, points, nullptr, true);
  std::vector<geosim::LogEntry> log;
  geosim::run_one(m, 5, 17, every, &log, true);  // a chronicle's run: with a log, interpreted
  REQUIRE(points.tracked[0].size() == static_cast<std::size_t>(geosim::series_points(m.steps)));
  REQUIRE(every.tracked[0].size() == static_cast<std::size_t>(m.steps) + 1);
  bool same = true;
  for (int p = 0; p < geosim::series_points(m.steps); ++p)
    same = same && points.tracked[0][static_cast<std::size_t>(p)] ==
                       every.tracked[0][static_cast<std::size_t>(geosim::series_point_step(m.steps, p))];
  CHECK(same);
  CHECK(every.tracked[0][1] != every.tracked[0][2]);  // the noise moves it every step
}

TEST_CASE("series sample: with the runs known, exactly the sampled runs record, with the same bands") {
  const std::uint64_t runs = 6000;
  geosim::McOptions o;
  o.runs = runs;
  o.seed = 3;
  const geosim::Model m = compile_yaml(drifting(1500, "day"));  // stride 2
  geosim::mc::Accumulator known(m, o);
  known.expect_runs(runs);
  std::uint64_t below = 0;
  std::vector<std::uint64_t> keys;
  for (std::uint64_t r = 0; r < runs; ++r) {
    keys.push_back(geosim::mc::sample_key(r));
    if (keys.back() < known.series_threshold()) ++below;
  }
  CHECK(below == geosim::kSeriesSample);
  std::nth_element(keys.begin(), keys.begin() + static_cast<long>(geosim::kSeriesSample), keys.end());
  CHECK(known.series_threshold() == keys[geosim::kSeriesSample]);  // the first key left out

  // Without expect_runs every run that may still enter the sample records (the threshold falls as
  // blocks merge): the same bands, from the same runs.
  geosim::mc::Accumulator open(m, o);
  geosim::RunState rs;
  rs.prepare(m);
  std::uint64_t recorded = 0;
  for (std::uint64_t b = 0; b * geosim::kBlockRuns < runs; ++b) {
    geosim::mc::BlockResult r;
    r.block = b;
    r.first_run = b * geosim::kBlockRuns;
    r.runs = std::min(geosim::kBlockRuns, runs - r.first_run);
    geosim::mc::run_block(m, o.seed, r, rs, true, false, open.series_threshold());
    recorded += r.series.size();
    open.merge(r);
  }
  CHECK(recorded > geosim::kSeriesSample);
  const geosim::Summary expected = open.finish(0.0);
  for (int threads : {1, 3}) {
    INFO("threads " << threads);
    geosim::McOptions t = o;
    t.threads = threads;
    const geosim::Summary got = geosim::run_monte_carlo(m, t);
    REQUIRE(got.series.size() == 1);
    CHECK(got.series[0].runs_used == geosim::kSeriesSample);
    CHECK(got.series[0].day == expected.series[0].day);
    CHECK(got.series[0].bands == expected.series[0].bands);
    CHECK(got.series[0].mean == expected.series[0].mean);
  }
}

}  // TEST_SUITE
