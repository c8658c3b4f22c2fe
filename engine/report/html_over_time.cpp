// SPDX-License-Identifier: Apache-2.0
// The run report's charts over time beyond tracked variables, from the JSON that
// report/run_series.cpp writes: the bargaining range (its bounds' median and middle half over the
// runs, and which bound binds) and, per decision, the share of choices that took each action.
#include <cmath>

#include <fmt/format.h>

#include "geosim/chronicle.hpp"
#include "report/html_parts.hpp"
#include "report/svg.hpp"

namespace geosim::report::html {

namespace {

using svg::Format;

// A JSON array of numbers and nulls as doubles (null: NaN).
std::vector<double> numbers(const json& a) {
  std::vector<double> out;
  if (!a.is_array()) return out;
  for (const auto& v : a) out.push_back(v.is_number() ? v.get<double>() : kNaN);
  return out;
}

bool any_finite(const std::vector<double>& v) {
  for (double x : v)
    if (std::isfinite(x)) return true;
  return false;
}

// An actor's name where the document names its actors, else its id.
std::string name_of(const json& doc, const std::string& id) {
  const std::string name = str(child(child(doc, "scenario"), "names"), id);
  return name.empty() ? id : name;
}

std::string humanise(std::string s) {
  for (char& ch : s)
    if (ch == '_') ch = ' ';
  return s;
}

// The days a period spans, for captions: "7-day periods".
std::string period_words(const std::vector<double>& day) {
  const double span = day.size() > 1 ? day[1] - day[0] : day.empty() ? 0 : day[0];
  return fmt::format("{}-day periods", format_value(span, Format::Number));
}

}  // namespace

std::string bargaining_over_time(const json& doc) {
  const json& b = child(doc, "bargaining");
  const json& t = child(b, "over_time");
  const std::vector<double> day = numbers(child(t, "day"));
  if (day.empty()) return {};
  const json& ids = child(b, "parties");
  const auto party = [&](std::size_t i, const char* fallback) {
    return ids.is_array() && ids.size() == 2 && ids[i].is_string() ? name_of(doc, ids[i].get<std::string>()) : std::string(fallback);
  };
  const std::string holder = party(0, "A"), claimant = party(1, "B");
  const auto bound = [&](const char* key, const std::string& label, std::size_t colour) {
    const json& q = child(t, key);
    return svg::Line{key, label, day, numbers(child(q, "p50")), numbers(child(q, "p25")), numbers(child(q, "p75")), colour};
  };
  std::vector<svg::Line> range;
  for (auto line : {bound("low", fmt::format("lower bound: the least {} accepts", claimant), 3),
                    bound("high", fmt::format("upper bound: the most {} gives", holder), 0)})
    if (any_finite(line.y)) range.push_back(line);
  std::vector<svg::Line> binds;
  for (auto line : {svg::Line{"demand_binds", fmt::format("{} demand sets the lower bound", possessive(claimant)), day,
                              numbers(child(t, "demand_binds")), {}, {}, 3},
                    svg::Line{"red_line_binds", fmt::format("{} red line sets the upper bound", possessive(holder)), day,
                              numbers(child(t, "red_line_binds")), {}, {}, 0}})
    if (any_finite(line.y)) binds.push_back(line);
  if (range.empty() && binds.empty()) return {};
  const std::string runs = str(t, "runs_used");
  std::string charts;
  if (!range.empty())
    charts += figure(svg::line_chart("chart-bargaining-range", "The bargaining range over time", range, "days since the start",
                                     fmt::format("share of the issue to {}", claimant), Format::Number),
                     fmt::format("The bounds of the range at the end of each of {}: the line is the median over {} runs, the band "
                                 "holds the middle 50% of runs. A deal both sides prefer to fighting exists where the upper "
                                 "bound lies above the lower. A run with a deal in force keeps the range of its last day of "
                                 "bargaining.",
                                 period_words(day), runs));
  if (!binds.empty())
    charts += figure(svg::line_chart("chart-bargaining-binds", "Which bound binds, over time", binds, "days since the start",
                                     "share of bargaining steps", Format::Percent, 760, {0, 1}),
                     fmt::format("Of the steps in each of {} in which the {} runs sampled bargained (no deal in force), the "
                                 "share in which a stated position, not the war's prospects, set each side of the range. A "
                                 "period with fewer than 20 bargaining steps is left out.",
                                 period_words(day), runs));
  return section("bargaining-time", "The bargaining range over time",
                 "Where the range lies and what sets it, through the run: a bound set by a demand or a red line does not move "
                 "with the costs and chances of war." + day_zero_note(doc),
                 charts);
}

std::string decision_shares(const json& doc) {
  const json& decisions = child(doc, "decisions");
  if (!decisions.is_object() || decisions.empty()) return {};
  std::string charts;
  for (auto it = decisions.begin(); it != decisions.end(); ++it) {
    const json& d = *it;
    const std::vector<double> day = numbers(child(d, "day"));
    const json& share = child(d, "share");
    std::vector<svg::Line> lines;
    std::size_t k = 0;
    for (auto a = share.begin(); share.is_object() && a != share.end(); ++a, ++k) {
      svg::Line l{a.key(), humanise(a.key()), day, numbers(*a), {}, {}, k};
      if (any_finite(l.y)) lines.push_back(l);
    }
    if (lines.empty()) continue;  // too few choices in every period
    const std::string who = name_of(doc, str(d, "actor")), describe = str(d, "describe");
    const std::string title = fmt::format("{}: {}", who, humanise(it.key()));
    charts += figure(svg::line_chart("chart-decision-" + it.key(), title, lines, "days since the start", "share of choices",
                                     Format::Percent, 760, {0, 1}),
                     fmt::format("{}Of the choices {} made in each of {}, over the {} runs sampled, the share that took each "
                                 "action. A period with fewer than 20 choices is left out.",
                                 describe.empty() ? "" : describe + " ", who, period_words(day), str(d, "runs_used")));
  }
  if (charts.empty()) return {};
  return section("decisions", "What the actors chose, over time",
                 "Each decision's choices through the run: a shift from one action to another is the actors responding to a "
                 "changed state (a guarantee's credibility, a war's course)." + day_zero_note(doc),
                 charts);
}

}  // namespace geosim::report::html
