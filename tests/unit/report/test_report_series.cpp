// SPDX-License-Identifier: Apache-2.0
// The run report's series over time (report/run_series.cpp): the bargaining range and which bound
// binds, and each decision's share of choices per action, from counters tracked as hidden series.
#include <cmath>
#include <memory>
#include <string>

#include <doctest/doctest.h>

#include "geosim/chronicle.hpp"
#include "geosim/html.hpp"
#include "geosim/mc.hpp"
#include "geosim/output.hpp"
#include "geosim/scenario.hpp"
#include "report_test_util.hpp"

namespace {

using json = nlohmann::ordered_json;

geosim::Model compiled(const std::string& text) {
  auto sources = std::make_shared<geosim::Sources>();
  geosim::Diagnostics diags;
  auto s = geosim::load_scenario_text("t.yaml", text, {"", {}}, diags, sources);
  REQUIRE_MESSAGE(s.has_value(), diags.format(*sources));
  auto m = geosim::compile_model(*s, diags);
  REQUIRE_MESSAGE(m.has_value(), diags.format(*sources));
  return std::move(*m);
}

json summary(geosim::Model m, std::uint64_t runs, bool report_series = true) {
  if (report_series) geosim::add_report_series(m);
  geosim::McOptions o;
  o.runs = runs;
  o.seed = 7;
  return geosim::summary_json(m, geosim::run_monte_carlo(m, o));
}

// A coin flip every day: the logit rule at precision 0 takes each action with chance 1/2.
constexpr const char* kCoin = R"(geosim: 1
scenario: {name: coin, horizon_days: 60}
actors:
  A: {name: Ardia, variables: {x: 0}}
decisions:
  toss:
    actor: A
    precision: 0
    actions:
      heads: {utility: 1}
      tails: {utility: "self.x"}
outcomes:
  any: {when: "decisions.toss.heads.count > 0"}
)";

}  // namespace

TEST_SUITE("report") {

TEST_CASE("report series: over a horizon past 1,000 steps the windows are whole numbers of the series' points") {
  std::string coin = kCoin;
  coin.replace(coin.find("horizon_days: 60"), 16, "horizon_days: 2000");  // points every 2 days
  const json j = summary(compiled(coin), 100);
  REQUIRE(j.contains("decisions"));
  const json& d = j["decisions"]["toss"];
  REQUIRE(d["day"].size() == 50);  // 1,000 points after the start, windows of 20 points (40 days)
  CHECK(d["day"][0] == 40.0);
  CHECK(d["day"][49] == 2000.0);
  for (std::size_t w = 0; w < d["day"].size(); ++w) {
    INFO("window " << w);
    CHECK(d["choices"][w] == 4000);  // 100 runs x 40 days
  }
}

TEST_CASE("report series: each decision's share of choices per action, within 4 SE of the logit rule") {
  const json j = summary(compiled(kCoin), 400);
  REQUIRE(j.contains("decisions"));
  const json& d = j["decisions"]["toss"];
  CHECK(d["actor"] == "A");
  REQUIRE(d["day"].size() == 30);  // 60 daily steps in windows of 2 days
  CHECK(d["day"][0] == 2.0);
  CHECK(d["runs_used"] == 400);
  for (std::size_t w = 0; w < d["day"].size(); ++w) {
    INFO("window " << w);
    CHECK(d["choices"][w] == 800);  // 400 runs x 2 days
    const double heads = d["share"]["heads"][w].get<double>(), tails = d["share"]["tails"][w].get<double>();
    CHECK(heads + tails == doctest::Approx(1.0).epsilon(1e-12));
    CHECK(std::abs(heads - 0.5) <= 4 * std::sqrt(0.25 / 800));
  }
  // Hidden series stay out of "series", and they change no result.
  for (auto it = j["series"].begin(); it != j["series"].end(); ++it) CHECK(it.key().front() != '#');
  CHECK(j["outcomes"] == summary(compiled(kCoin), 400, false)["outcomes"]);
  CHECK_FALSE(summary(compiled(kCoin), 400, false).contains("decisions"));
  const std::string html = geosim::html_report(j);
  CHECK(html.find("id=\"chart-decision-toss\"") != std::string::npos);
}

TEST_CASE("report series: the bargaining range over time, and which bound binds") {
  // No demand, no red line: the rational bounds set the range on every bargaining step.
  const json plain = summary(compiled(reporttest::kScenario), 300);
  const json& t = plain["bargaining"]["over_time"];
  REQUIRE(t["day"].size() == 40);  // 120 daily steps in windows of 3 days
  bool any = false;
  for (std::size_t w = 0; w < t["day"].size(); ++w) {
    INFO("window " << w);
    CHECK(t["low"]["p25"][w].get<double>() <= t["low"]["p50"][w].get<double>());
    CHECK(t["low"]["p50"][w].get<double>() <= t["low"]["p75"][w].get<double>());
    if (t["demand_binds"][w].is_null()) {
      CHECK(t["bargaining_run_steps"][w].get<double>() < 20);
      continue;
    }
    any = true;
    CHECK(t["demand_binds"][w] == 0.0);
    CHECK(t["red_line_binds"][w] == 0.0);
  }
  CHECK(any);
  // No run has a deal at the start: every run bargains on the first day, and at most on all 3.
  CHECK(t["bargaining_run_steps"][0].get<double>() >= 300);
  CHECK(t["bargaining_run_steps"][0].get<double>() <= 900);
  // A demand of 0.99 sets the lower bound on every bargaining step, and is the lower bound.
  std::string text = reporttest::kScenario;
  const std::string at = "\n  rate: 0.05\n";
  text.insert(text.find(at) + at.size(), "  demand: 0.99\n");
  const json demanded = summary(compiled(text), 300);
  const json& d = demanded["bargaining"]["over_time"];
  for (std::size_t w = 0; w < d["day"].size(); ++w) {
    if (d["demand_binds"][w].is_null()) continue;
    CHECK(d["demand_binds"][w] == 1.0);
    CHECK(d["low"]["p50"][w].get<double>() == doctest::Approx(0.99));
  }
  const std::string html = geosim::html_report(plain);
  CHECK(html.find("id=\"chart-bargaining-range\"") != std::string::npos);
  CHECK(html.find("id=\"chart-bargaining-binds\"") != std::string::npos);
  CHECK(html.find("A&#39;s red line sets the upper bound") != std::string::npos);  // ids: no names in a bare summary
}

TEST_CASE("report series: a possessive of a name ending in s takes an apostrophe alone") {
  CHECK(geosim::possessive("United States") == "United States'");
  CHECK(geosim::possessive("Germany") == "Germany's");
}

}  // TEST_SUITE
