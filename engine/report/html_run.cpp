// SPDX-License-Identifier: Apache-2.0
// The report of `geosim run`: outcome table, probabilities with intervals, Kaplan-Meier curves of
// `when` outcomes, distributions of value and count outcomes, and fan charts of tracked variables.
// Reads the JSON of summary_json() (docs/cli.md); every number shown comes from it.
#include <fmt/format.h>

#include "report/html_parts.hpp"
#include "report/svg.hpp"

namespace geosim::report::html {

namespace {

using svg::esc;
using svg::Format;
using svg::format_value;

std::string interval_text(const json& ci, Format f) {
  if (!ci.is_array() || ci.size() != 2) return {};
  const double lo = ci[0].is_number() ? ci[0].get<double>() : kNaN, hi = ci[1].is_number() ? ci[1].get<double>() : kNaN;
  if (f == Format::Percent) return fmt::format("[{:.1f}%, {:.1f}%]", 100 * lo, 100 * hi);
  return fmt::format("[{}, {}]", format_value(lo, f), format_value(hi, f));
}

std::string when_note(const json& o) {
  const json& fd = child(o, "first_day");
  if (num(o, "happened") == 0) return "never happened";
  const double med = num(fd, "median");
  if (std::isfinite(med)) return fmt::format("median day {:.0f} (half of the runs by then)", med);
  return fmt::format("in fewer than half of the runs by day {}", format_value(num(fd, "censored_at"), Format::Number));
}

std::string table(const json& outcomes) {
  std::string rows;
  for (auto it = outcomes.begin(); it != outcomes.end(); ++it) {
    const json& o = *it;
    const std::string kind = str(o, "kind");
    std::string estimate, interval, note;
    if (kind == "when") {
      estimate = format_value(num(o, "probability"), Format::Percent);
      interval = interval_text(child(o, "ci95"), Format::Percent);
      note = when_note(o);
    } else {
      const json& q = child(o, "quantiles");
      estimate = format_value(num(o, "mean"), Format::Number);
      interval = interval_text(child(o, "ci95"), Format::Number);
      note = kind == "count"
                 ? fmt::format("mean count; at least once in {} of runs", format_value(num(o, "probability"), Format::Percent))
                 : fmt::format("mean; median {}, 90% of runs in [{}, {}]", format_value(num(q, "p50"), Format::Number),
                               format_value(num(q, "p05"), Format::Number), format_value(num(q, "p95"), Format::Number));
    }
    if (!str(o, "given").empty()) note += fmt::format("; only the {} runs where {}", str(o, "runs"), str(o, "given"));
    rows += fmt::format(
        "<tr data-outcome=\"{}\"><td>{}</td><td>{}</td><td class=\"num estimate\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
        esc(it.key()), esc(str(o, "label").empty() ? it.key() : str(o, "label")), esc(kind), esc(estimate), esc(interval),
        esc(note));
  }
  return "<table class=\"outcomes\">\n<thead><tr><th>Outcome</th><th>Kind</th><th>Estimate</th><th>95% interval</th>"
         "<th>Notes</th></tr></thead>\n<tbody>\n" +
         rows + "</tbody>\n</table>\n";
}

std::string probabilities(const json& outcomes) {
  std::vector<svg::ProbabilityRow> rows;
  for (auto it = outcomes.begin(); it != outcomes.end(); ++it) {
    const json& o = *it;
    const std::string kind = str(o, "kind");
    if (kind != "when" && kind != "count") continue;
    std::string note = kind == "count" ? "at least once" : "";
    if (!str(o, "given").empty()) note += (note.empty() ? "" : "; ") + fmt::format("of {} runs", str(o, "runs"));
    rows.push_back({it.key(), str(o, "label").empty() ? it.key() : str(o, "label"), note,
                    num(o, "probability"), num_at(o, kind == "when" ? "ci95" : "probability_ci95", 0),
                    num_at(o, kind == "when" ? "ci95" : "probability_ci95", 1), kind == "when" ? 0u : 1u});
  }
  if (rows.empty()) return {};
  return section("probabilities", "How likely is each outcome?",
                 "The share of runs in which each outcome happened by the horizon, with its 95% interval (Wilson).",
                 figure(svg::probability_chart("chart-probabilities", "Probability by the horizon", rows),
                        "Bars: estimated probability. Whiskers: 95% interval, the range of probabilities consistent with "
                        "these runs; more runs make it narrower. Count outcomes show how often the event fired at least once. "
                        "\"Of N runs\": a conditional outcome, measured only over the runs where its condition held."));
}

std::string survival(const json& doc, const json& outcomes) {
  std::string charts;
  std::size_t k = 0;
  const std::string x_title = "days since the start";
  for (auto it = outcomes.begin(); it != outcomes.end(); ++it, ++k) {
    const json& o = *it;
    if (str(o, "kind") != "when") continue;
    const json& fd = child(o, "first_day");
    svg::SurvivalCurve c;
    c.id = it.key();
    c.label = str(o, "label").empty() ? it.key() : str(o, "label");
    c.colour = k;
    c.horizon = std::isfinite(num(fd, "censored_at")) ? num(fd, "censored_at") : num(child(doc, "scenario"), "horizon_days");
    if (!std::isfinite(c.horizon) || c.horizon <= 0) c.horizon = 1;
    c.median = std::isfinite(num(fd, "median")) ? num(fd, "median") : -1;
    c.final_p = std::isfinite(num(o, "probability")) ? 1 - num(o, "probability") : 1;
    const json& curve = child(fd, "curve");
    if (curve.is_array())
      for (const auto& pt : curve) {
        const double s = num(pt, "not_yet");
        if (!std::isfinite(s) || !std::isfinite(num(pt, "day"))) continue;
        c.t.push_back(num(pt, "day"));
        c.s.push_back(s);
        const double lo = num_at(pt, "ci95", 0), hi = num_at(pt, "ci95", 1);
        c.lo.push_back(std::isfinite(lo) ? lo : s);
        c.hi.push_back(std::isfinite(hi) ? hi : s);
      }
    charts += figure(svg::survival_chart("chart-survival-" + it.key(), c, x_title),
                     fmt::format("{}: happened in {} of {} runs.", c.label, str(o, "happened"), str(o, "runs")));
  }
  if (charts.empty()) return {};
  return section("survival", "When does it happen?",
                 "Kaplan-Meier curves: the share of runs in which the outcome has not happened yet, day by day, with a "
                 "95% band. A curve that drops early means the outcome tends to come early; where it ends is one minus "
                 "the probability above. Runs in which it never happened count until the horizon (censored)." +
                     day_zero_note(doc),
                 "<div class=\"grid\">\n" + charts + "</div>\n");
}

std::string values(const json& outcomes) {
  std::string charts;
  std::size_t k = 0;
  for (auto it = outcomes.begin(); it != outcomes.end(); ++it, ++k) {
    const json& o = *it;
    const std::string kind = str(o, "kind");
    if (kind != "value" && kind != "count") continue;
    const json& q = child(o, "quantiles");
    svg::QuantileRow r{it.key(), str(o, "label").empty() ? it.key() : str(o, "label"), num(q, "p05"), num(q, "p25"),
                       num(q, "p50"), num(q, "p75"), num(q, "p95"), num(o, "mean"), num_at(o, "ci95", 0),
                       num_at(o, "ci95", 1), k};
    charts += figure(svg::quantile_chart("chart-values-" + it.key(), r,
                                         kind == "count" ? "times the event fired in a run" : "value at the end of a run"),
                     std::string(kind == "count" ? "How many times the event fired per run" : "The value at the horizon") +
                         ": box = middle 50% of runs, whiskers = middle 90%, thick line = median, diamond = mean." +
                         (child(o, "quantiles_exact").is_boolean() && !child(o, "quantiles_exact").get<bool>()
                              ? " Quantiles from a sample of the runs."
                              : ""));
  }
  if (charts.empty()) return {};
  return section("values", "Values and counts at the end", "How the value and count outcomes vary from run to run.", charts);
}

std::string series(const json& doc) {
  const json& ser = child(doc, "series");
  if (!ser.is_object() || ser.empty()) return {};
  std::string charts;
  std::size_t k = 0;
  for (auto it = ser.begin(); it != ser.end(); ++it, ++k) {
    const json& s = *it;
    svg::FanData f;
    f.id = it.key();
    f.label = it.key();
    // "RUS.resolve" -> "Russia: resolve (RUS.resolve)" when the document names its actors.
    const auto dot = it.key().find('.');
    const std::string owner = dot == std::string::npos ? "" : str(child(child(doc, "scenario"), "names"), it.key().substr(0, dot));
    if (!owner.empty()) f.label = fmt::format("{}: {} ({})", owner, it.key().substr(dot + 1), it.key());
    f.colour = k;
    const json& day = child(s, "day");
    if (!day.is_array()) continue;
    for (std::size_t i = 0; i < day.size(); ++i) f.x.push_back(num_at(s, "day", i));
    const char* keys[] = {"p05", "p25", "p50", "p75", "p95"};
    for (std::size_t l = 0; l < 5; ++l)
      for (std::size_t i = 0; i < day.size(); ++i) f.q[l].push_back(num_at(s, keys[l], i));
    charts += figure(svg::fan_chart("chart-series-" + it.key(), f, "days since the start"),
                     fmt::format("{} over time, from {} runs.", it.key(), str(s, "runs_used")));
  }
  return section("series", "Tracked variables over time",
                 "Fan charts: the line is the median across runs, the dark band holds the middle 50% of runs and the "
                 "light band the middle 90%." + day_zero_note(doc),
                 "<div class=\"grid\">\n" + charts + "</div>\n");
}

}  // namespace

std::string render_run(const json& doc) {
  const json& outcomes = child(doc, "outcomes");
  std::string body = header(doc, "Monte Carlo run");
  body += "<main>\n";
  if (outcomes.is_object() && !outcomes.empty()) {
    body += section("summary", "Outcomes at a glance",
                    "Each outcome with its estimate and 95% interval, as printed by geosim run.", table(outcomes));
    body += probabilities(outcomes);
    body += survival(doc, outcomes);
    body += values(outcomes);
  }
  body += series(doc);
  body += "</main>\n" + footer(doc);
  const std::string name = str(child(doc, "scenario"), "name");
  return page((name.empty() ? std::string("geosim") : name) + " — geosim report", body);
}

}  // namespace geosim::report::html
