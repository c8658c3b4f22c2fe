// SPDX-License-Identifier: Apache-2.0
// The rules a report follows so that it can be briefed from (docs/reports.md): a headline first
// with the "conditional, not a forecast" statement; no survival curve for conditional,
// durability, never-seen or duplicate outcomes; durability as held / could have held; one axis
// for small multiples; probability axes within [0, 100%]; one panel per parameter in a Latin
// hypercube sweep; the Sobol table sorted by the index it prints; "no index" said as such.
// Documents are written by hand so that each rule is tested on a case that breaks it.
#include <set>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "geosim/html.hpp"
#include "geosim/output.hpp"
#include "geosim/report.hpp"
#include "geosim/stats.hpp"
#include "geosim/scenario.hpp"
#include "report/svg.hpp"
#include "report_test_util.hpp"

namespace {

using json = nlohmann::ordered_json;
using reporttest::count;
namespace svg = geosim::report::svg;

// A `when` outcome with `happened` of `runs` runs, happening on `days` (one run each).
json when_outcome(const std::string& label, int happened, int runs, const std::vector<double>& days) {
  json curve = json::array();
  double s = 1;
  double at_risk = runs;
  for (double d : days) {
    s *= 1 - 1 / at_risk;
    curve.push_back({{"day", d}, {"not_yet", s}, {"ci95", {s - 0.01, std::min(1.0, s + 0.01)}}, {"at_risk", at_risk}, {"events", 1}});
    at_risk -= 1;
  }
  const double p = static_cast<double>(happened) / runs;
  return {{"probability", p}, {"ci95", {std::max(0.0, p - 0.05), std::min(1.0, p + 0.05)}}, {"happened", happened},
          {"first_day", {{"median", nullptr}, {"q25", nullptr}, {"q75", nullptr}, {"censored_at", 100.0}, {"curve", curve}}},
          {"label", label}, {"kind", "when"}, {"runs", runs}};
}

json run_document() {
  json outs = json::object();
  outs["signed"] = when_outcome("Deal signed", 3, 20, {10, 20, 30});
  outs["signed_early"] = when_outcome("  of which early", 2, 20, {10, 20});
  outs["held"] = when_outcome("  held 30 days", 1, 20, {50});
  // As summary_json writes a share_of outcome (outcome_share): 1 of the 2 early signings.
  const auto w = geosim::stats::wilson(1, 2);
  outs["held"]["share"] = {{"of", "signed_early"}, {"value", 0.5}, {"ci95", {w.lo, w.hi}}, {"happened", 1}, {"runs", 2}};
  outs["twin"] = when_outcome("Deal announced", 3, 20, {10, 20, 30});  // the same curve as 'signed'
  outs["rare"] = when_outcome("Rare thing", 1, 20, {90});
  outs["never"] = when_outcome("Never seen", 0, 20, {});
  json honoured = when_outcome("  guarantee honoured", 2, 3, {40, 60});
  honoured["given"] = "ceasefire.breached > 0";
  outs["honoured"] = honoured;
  json info = {{"held", {{"share_of", "signed_early"}, {"describe", "Held ÷ could have held."}}},
               {"honoured", {{"given_label", "Deal broken"}}}};
  return {{"command", "run"},
          {"scenario", {{"name", "Rules"}, {"horizon_days", 100}, {"step_days", 1}, {"outcome_info", info},
                        {"assumptions", json::array({{{"path", "parameters.c.value"}, {"name", "c"},
                                                      {"describe", "Cost of war"}, {"distribution", "uniform(0.2, 0.4)"}}})}}},
          {"settings", {{"seed", 1}, {"runs", 20}}},
          {"outcomes", outs},
          {"series", json::object()}};
}

// The value of attribute `name` in the tag that starts at `at` ("" when absent).
std::string attribute(const std::string& html, std::size_t at, const std::string& name) {
  const auto end = html.find('>', at);
  const auto k = html.find(" " + name + "=\"", at);
  if (k == std::string::npos || k > end) return {};
  const auto v = k + name.size() + 3;
  return html.substr(v, html.find('"', v) - v);
}

// The ids of the charts of kind `kind`, in page order.
std::vector<std::string> chart_ids(const std::string& html, const std::string& kind) {
  std::vector<std::string> ids;
  for (auto at = html.find("<svg "); at != std::string::npos; at = html.find("<svg ", at + 1))
    if (attribute(html, at, "class") == "chart" && attribute(html, at, "data-chart") == kind) ids.push_back(attribute(html, at, "id"));
  return ids;
}

// The tick labels of chart `id` (class="tick"), in order.
std::vector<std::string> ticks_of(const std::string& html, const std::string& id) {
  const auto at = html.find("id=\"" + id + "\"");
  REQUIRE(at != std::string::npos);
  const auto end = html.find("</svg>", at);
  std::vector<std::string> out;
  const std::string mark = "class=\"tick\">";
  for (auto k = html.find(mark, at); k != std::string::npos && k < end; k = html.find(mark, k + 1)) {
    const auto v = k + mark.size();
    out.push_back(html.substr(v, html.find('<', v) - v));
  }
  return out;
}

}  // namespace

TEST_SUITE("report") {

TEST_CASE("rules: a run report opens with the headline, the assumptions and 'conditional, not a forecast'") {
  const std::string html = geosim::html_report(run_document());
  CHECK(reporttest::xml_problem(html) == "");
  const auto headline = html.find("id=\"headline\"");
  REQUIRE(headline != std::string::npos);
  CHECK(headline < html.find("<main>"));
  CHECK(html.find("Conditional on the assumptions, not a forecast.") > headline);
  CHECK(html.find("Cost of war") != std::string::npos);         // the assumption's describe text
  CHECK(html.find("data-key-outcome=\"signed\"") != std::string::npos);
  CHECK(html.find("data-key-outcome=\"held\"") == std::string::npos);  // indented: not a key outcome
  CHECK(count(html, "<!-- end of the headline -->") == 1);
  CHECK(html.find("<!-- end of the headline -->") < html.find("<!-- end of the brief -->"));
  CHECK(html.find("@media screen and (max-width") != std::string::npos);
  CHECK(html.find("break-after: avoid") != std::string::npos);
}

TEST_CASE("rules: no survival curve for given, durability or never-seen outcomes, one panel for one curve") {
  const std::string html = geosim::html_report(run_document());
  const auto ids = chart_ids(html, "survival");
  CHECK(ids == std::vector<std::string>{"chart-survival-signed", "chart-survival-signed_early", "chart-survival-rare"});
  CHECK(html.find("The same curve as &#39;Deal announced&#39;") != std::string::npos);
  CHECK(html.find("No curve for the conditional outcomes (&#39;guarantee honoured&#39;)") != std::string::npos);
  CHECK(html.find("Never happened in these runs: &#39;Never seen&#39;") != std::string::npos);
  // The condition in words, not as an expression.
  CHECK(html.find("only the 3 runs in which &#39;Deal broken&#39; happened") != std::string::npos);
  CHECK(html.find("ceasefire.breached &gt; 0") == std::string::npos);
}

TEST_CASE("rules: durability is shown as held / could have held, with its Wilson interval") {
  const std::string html = geosim::html_report(run_document());
  // 1 of the 2 early signings held: 50%, not the 5% of all runs.
  CHECK(html.find("data-outcome=\"held\" data-p=\"0.5\"") != std::string::npos);
  CHECK(html.find("of the 2 runs in which &#39;of which early&#39; happened, 1 held: 50.0%") != std::string::npos);
}

TEST_CASE("rules: the summary reads a share_of outcome as its share, in the table and the JSON") {
  geosim::Summary s;
  s.scenario = "Rules";
  s.runs = 20;
  geosim::OutcomeSummary early, held, plain;
  early.id = "early";
  early.label = "  of which early";
  early.n = 20;
  early.happened = 8;
  held.id = "held";
  held.label = "  held 30 days";
  held.n = 20;
  held.happened = 2;
  held.share_of = "early";
  plain = held;
  plain.id = "plain";
  plain.share_of.clear();
  s.outcomes = {early, held, plain};
  const auto sh = geosim::outcome_share(s, s.outcomes[1]);
  REQUIRE(sh.has_value());
  CHECK(sh->k == 2);
  CHECK(sh->n == 8);
  CHECK(sh->p == doctest::Approx(0.25));
  CHECK(sh->ci.lo == doctest::Approx(geosim::stats::wilson(2, 8).lo));
  CHECK_FALSE(geosim::outcome_share(s, s.outcomes[2]).has_value());
  // A denominator that does not contain the outcome is no share.
  s.outcomes[0].happened = 1;
  CHECK_FALSE(geosim::outcome_share(s, s.outcomes[1]).has_value());
  s.outcomes[0].happened = 8;
  const std::string table = geosim::format_table(s);
  CHECK(table.find("25.0%  [") != std::string::npos);           // the share, not 10.0% of all runs
  CHECK(table.find("share of 'of which early': 2 of 8 runs; 10.0% of all runs") != std::string::npos);
  const auto j = geosim::summary_json(geosim::Model{}, s);
  CHECK(j["outcomes"]["held"]["share"]["value"] == doctest::Approx(0.25));
  CHECK(j["outcomes"]["held"]["share"]["runs"] == 8);
  CHECK(j["outcomes"]["held"]["probability"] == doctest::Approx(0.1));  // the unconditional figure stays
  CHECK_FALSE(j["outcomes"]["plain"].contains("share"));
}

TEST_CASE("rules: survival panels share one vertical axis") {
  const std::string html = geosim::html_report(run_document());
  const auto a = ticks_of(html, "chart-survival-signed"), b = ticks_of(html, "chart-survival-rare");
  // The y ticks (after the x ticks) are the same on every panel, although 'rare' alone would
  // start its axis far higher.
  REQUIRE(a.size() >= 4);
  CHECK(std::vector<std::string>(a.end() - 3, a.end()) == std::vector<std::string>(b.end() - 3, b.end()));
  CHECK(html.find("All panels share one vertical axis") != std::string::npos);
}

TEST_CASE("rules: an outcome with parts gets a 'who enters when' chart, in order of the median day") {
  json outs = json::object();
  outs["war"] = when_outcome("War", 4, 20, {1, 2, 3, 4});             // median day 2 among the 4 runs
  outs["b_in"] = when_outcome("  B enters", 2, 20, {30, 40});          // 30
  outs["a_in"] = when_outcome("  A enters", 3, 20, {5, 10, 20});       // 10
  outs["later"] = when_outcome("Later thing", 2, 20, {50, 60});        // not a part of 'war'
  const json doc = {{"command", "run"}, {"scenario", {{"name", "Cascade"}, {"horizon_days", 100}}},
                    {"settings", {{"runs", 20}}}, {"outcomes", outs}, {"series", json::object()}};
  const std::string html = geosim::html_report(doc);
  CHECK(reporttest::xml_problem(html) == "");
  CHECK(chart_ids(html, "timeline") == std::vector<std::string>{"chart-cascade-war"});
  const auto war = html.find("<g class=\"row\" data-outcome=\"war\">", html.find("id=\"chart-cascade-war\""));
  const auto a = html.find("<g class=\"row\" data-outcome=\"a_in\">", war), b = html.find("<g class=\"row\" data-outcome=\"b_in\">", war);
  REQUIRE(war != std::string::npos);
  CHECK(war < a);
  CHECK(a < b);  // in order of the median day
  CHECK(html.find("data-median=\"2\"") != std::string::npos);
  CHECK(html.find("data-median=\"10\"") != std::string::npos);
  CHECK(html.find("data-median=\"30\"") != std::string::npos);
  CHECK(html.find("<g class=\"row\" data-outcome=\"later\">", war) == std::string::npos);
}

TEST_CASE("rules: probability axes stay within [0, 100%]") {
  // A constant 0 would widen to [-1, 1] without the clamp.
  svg::Line flat{"k", "flat", {0, 0.5, 1}, {0, 0, 0}, {}, {}, 0, svg::Line::Style::Points};
  const std::string chart = svg::line_chart("c", "flat", {flat}, "x", "probability", svg::Format::Percent, 560);
  const auto ticks = ticks_of(chart, "c");
  REQUIRE_FALSE(ticks.empty());
  for (const auto& t : ticks) {
    INFO(t);
    if (t.back() != '%') continue;  // x ticks
    CHECK(t.front() != '-');
    CHECK(std::stod(t) <= 100);
  }
  CHECK(svg::probability_floor(-0.5) == 0.0);
  CHECK(svg::probability_floor(0.995) == doctest::Approx(0.99));
}

TEST_CASE("rules: an interval end that rounds to zero keeps its sign") {
  CHECK(svg::interval_label(-0.097, -0.0004, svg::Format::Points) == "[-9.7 pp, -0.04 pp]");
  CHECK(svg::interval_label(-0.097, 0.0, svg::Format::Points) == "[-9.7 pp, +0.0 pp]");
  CHECK(svg::interval_label(0.01, 0.02, svg::Format::Points) == "[+1.0 pp, +2.0 pp]");
}

TEST_CASE("rules: compare panels share one scale, and a panel with nothing to show is left out") {
  auto diff = [](double d, double lo, double hi) {
    return json{{"label", ""}, {"kind", "when"}, {"difference", d}, {"ci95", {lo, hi}}, {"distinguishable", lo > 0 || hi < 0}};
  };
  json base = {{"outcomes", {{"small", when_outcome("Small effect", 5, 20, {1, 2, 3, 4, 5})},
                             {"big", when_outcome("Big effect", 5, 20, {1, 2, 3, 4, 5})},
                             {"none", when_outcome("No effect", 0, 20, {})}}}};
  json variants = {{"v", {{"description", "a variant"}, {"outcomes", base["outcomes"]},
                          {"differences", {{"small", diff(0.01, -0.005, 0.015)}, {"big", diff(0.16, 0.12, 0.2)},
                                           {"none", diff(0, 0, 0)}}}}}};
  const json doc = {{"command", "compare"}, {"scenario", {{"name", "C"}}}, {"settings", {{"runs", 20}}},
                    {"base", base}, {"variants", variants}};
  const std::string html = geosim::html_report(doc);
  CHECK(reporttest::xml_problem(html) == "");
  CHECK(ticks_of(html, "chart-diff-small") == ticks_of(html, "chart-diff-big"));
  CHECK(html.find("id=\"chart-diff-none\"") == std::string::npos);
  CHECK(html.find("No panel for outcomes no variant moves at all: &#39;No effect&#39;") != std::string::npos);
  CHECK(html.find("id=\"chart-headline\"") != std::string::npos);
  CHECK(chart_ids(html, "survival-overlay").size() == 2);  // 'none' never happened: no curves
}

TEST_CASE("rules: a Latin hypercube sweep has one panel per parameter on a shared outcome axis") {
  json points = json::array();
  for (int i = 0; i < 4; ++i) {
    const double q = (i + 0.5) / 4;
    points.push_back({{"point", i},
                      {"parameters", {{"parameters.a.value", q}, {"parameters.b.value", 1 - q}}},
                      {"quantiles", {{"parameters.a.value", q}, {"parameters.b.value", 1 - q}}},
                      {"outcomes", {{"p", {{"estimate", 0.2 + 0.5 * q}, {"ci95", {0.1, 0.9}}, {"runs", 10}}}}}});
  }
  const json doc = {{"command", "sweep"}, {"scenario", {{"name", "S"}}},
                    {"settings", {{"design", "lhs"}, {"points", 4}, {"runs_per_point", 10}}},
                    {"parameters", json::array({{{"path", "parameters.a.value"}, {"distribution", {{"uniform", {0, 1}}}}},
                                                {{"path", "parameters.b.value"}, {"distribution", {{"uniform", {0, 1}}}}}})},
                    {"outcomes", json::array({{{"id", "p"}, {"label", "P"}, {"kind", "when"}}})},
                    {"points", points}};
  const std::string html = geosim::html_report(doc);
  CHECK(reporttest::xml_problem(html) == "");
  const auto a = ticks_of(html, "chart-sweep-p-a"), b = ticks_of(html, "chart-sweep-p-b");
  CHECK_FALSE(a.empty());
  CHECK(a == b);
  CHECK(count(html, "data-chart=\"lines\"") == 2);
}

TEST_CASE("rules: the Sobol table is sorted by the index it prints, and 'no index' is said as such") {
  auto e = [](double s1, double st) {
    return json{{"S1", s1}, {"S1_ci95", {s1 - 0.1, s1 + 0.1}}, {"ST", st}, {"ST_ci95", {st - 0.1, st + 0.1}}};
  };
  json outs = {
      // The document's ranking puts b first, although a has the larger ST (the printed index).
      {"deal", {{"label", "Deal"}, {"kind", "when"}, {"measure", "probability"}, {"mean", 0.5}, {"variance", 0.1},
                {"points_without_runs", 0}, {"ranking", {"parameters.b.value", "parameters.a.value"}},
                {"parameters", {{"parameters.a.value", e(0.2, 0.7)}, {"parameters.b.value", e(0.5, 0.55)}}}}},
      {"cond", {{"label", "Conditional"}, {"kind", "when"}, {"measure", "probability"}, {"mean", 0.9}, {"variance", 0.01},
                {"points_without_runs", 3}, {"ranking", {"parameters.a.value", "parameters.b.value"}},
                {"parameters", {{"parameters.a.value", {{"S1", nullptr}, {"ST", nullptr}}},
                                {"parameters.b.value", {{"S1", nullptr}, {"ST", nullptr}}}}}}}};
  const json doc = {{"command", "sensitivity"}, {"scenario", {{"name", "X"}}},
                    {"settings", {{"method", "sobol"}, {"points", 12}, {"runs_per_point", 10}, {"samples", 8}}},
                    {"parameters", json::array()}, {"outcomes", outs}};
  const std::string html = geosim::html_report(doc);
  CHECK(reporttest::xml_problem(html) == "");
  const auto row = html.find("<tr data-outcome=\"deal\">");
  REQUIRE(row != std::string::npos);
  const auto first = html.find("data-rank-value=\"", row), second = html.find("data-rank-value=\"", first + 1);
  CHECK(std::stod(html.substr(first + 17)) == doctest::Approx(0.7));
  CHECK(std::stod(html.substr(second + 17)) == doctest::Approx(0.55));
  CHECK(html.find("ranked by ST, the printed index") != std::string::npos);
  CHECK(html.find("no index: no run met its condition at 3 of the 12 design points") != std::string::npos);
  CHECK(html.find("id=\"chart-sensitivity-cond\"") == std::string::npos);  // no empty chart
  CHECK(html.find("A quick look") != std::string::npos);
}

TEST_CASE("rules: share_of must name another 'when' outcome (FILE:LINE:COL, did you mean)") {
  auto load = [](const std::string& yaml) {
    auto sources = std::make_shared<geosim::Sources>();
    geosim::Diagnostics diags;
    auto s = geosim::load_scenario_text("r.yaml", yaml, {}, diags, sources);
    return std::pair{s.has_value(), diags.format(*sources)};
  };
  auto with = [&](const std::string& extra) {
    std::string yaml = reporttest::kScenario;
    const auto at = yaml.find("  x_end:");
    return yaml.insert(at, extra);
  };
  const auto [ok, msg] = load(with("  kept: {label: \"Kept\", when: \"ceasefire.in_force\", share_of: signed}\n"));
  CHECK(ok);
  const auto [bad, bad_msg] = load(with("  kept: {label: \"Kept\", when: \"ceasefire.in_force\", share_of: signd}\n"));
  CHECK_FALSE(bad);
  CHECK(bad_msg.find("r.yaml:") != std::string::npos);
  CHECK(bad_msg.find("share_of: 'signd' is not another 'when' outcome") != std::string::npos);
  CHECK(bad_msg.find("signed") != std::string::npos);
  const auto [bad2, bad2_msg] = load(with("  kept: {label: \"Kept\", value: \"A.x\", share_of: signed}\n"));
  CHECK_FALSE(bad2);
  CHECK(bad2_msg.find("'share_of' needs a 'when' outcome") != std::string::npos);
}

}  // TEST_SUITE
