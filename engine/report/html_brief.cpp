// SPDX-License-Identifier: Apache-2.0
// The first page of a report, the part a policy team briefs from: the headline (key outcomes
// with their intervals), the main assumptions, and the statement that the figures are conditional
// on those assumptions. Also the words the layouts share: outcome labels without their
// indentation, `given:` conditions as the label of the outcome that tests them, and durability
// outcomes as a share of the runs that could show them (share_of).
#include <algorithm>

#include <fmt/format.h>

#include "geosim/stats.hpp"
#include "report/html_parts.hpp"
#include "report/svg.hpp"

namespace geosim::report::html {

using svg::esc;
using svg::Format;
using svg::format_value;

std::string outcome_label(const json& o, const std::string& id) {
  std::string l = str(o, "label");
  l.erase(0, l.find_first_not_of(' '));
  return l.empty() ? id : l;
}

int outcome_depth(const json& o) {
  const std::string l = str(o, "label");
  const auto first = l.find_first_not_of(' ');
  return first == std::string::npos ? 0 : static_cast<int>(first / 2);
}

const json& outcome_info(const json& doc, const std::string& id) {
  return child(child(child(doc, "scenario"), "outcome_info"), id);
}

std::string given_phrase(const json& doc, const std::string& id, const json& o) {
  if (str(o, "given").empty()) return {};
  const std::string label = str(outcome_info(doc, id), "given_label");
  const std::string runs = str(o, "runs");
  if (!label.empty()) {
    std::string l = label;
    l.erase(0, l.find_first_not_of(' '));
    return fmt::format("only the {} runs in which '{}' happened", runs, l);
  }
  return fmt::format("only the {} runs in which its condition held at the end", runs);
}

Share share_of(const json&, const json& outcomes, const std::string& id) {
  // The share is the summary's own (outcome_share, written as "share" in the JSON), so the report,
  // the table and the JSON cannot disagree.
  Share s;
  const json& sh = child(child(outcomes, id), "share");
  if (!sh.is_object()) return s;
  s.of = str(sh, "of");
  s.of_label = outcome_label(child(outcomes, s.of), s.of);
  const double k = num(sh, "happened"), n = num(sh, "runs");
  if (!std::isfinite(k) || !std::isfinite(n) || n <= 0) return s;
  s.k = static_cast<std::uint64_t>(k);
  s.n = static_cast<std::uint64_t>(n);
  s.ok = true;
  s.p = num(sh, "value");
  s.lo = num_at(sh, "ci95", 0);
  s.hi = num_at(sh, "ci95", 1);
  return s;
}

std::array<double, 2> newcombe(const Share& a, const Share& b) {
  // Paired runs would give a narrower interval; this one is conservative.
  const stats::Interval d = stats::newcombe_difference(a.p, {a.lo, a.hi}, b.p, {b.lo, b.hi});
  return {d.lo, d.hi};
}

std::string label_list(const std::vector<std::string>& labels) {
  std::string out;
  for (std::size_t i = 0; i < labels.size(); ++i)
    out += (i == 0 ? "" : i + 1 == labels.size() ? " and " : ", ") + ("'" + labels[i] + "'");
  return out;
}

bool is_key_outcome(const json& o) {
  const std::string kind = str(o, "kind");
  return outcome_depth(o) == 0 && str(o, "given").empty() && (kind == "when" || kind == "count" || kind == "value");
}

std::string conditional_statement(const json& doc, std::string_view what) {
  const std::string runs = str(child(doc, "settings"), "runs");
  return fmt::format(
      "<p class=\"conditional\"><strong>Conditional on the assumptions, not a forecast.</strong> {} {} of this "
      "scenario as written: they say what follows if its assumptions hold, not what will happen. Change an "
      "assumption and they change.</p>\n",
      esc(what), runs.empty() ? std::string("the simulated runs") : esc(runs + " simulated runs"));
}

std::string assumptions_list(const json& doc) {
  const json& sc = child(doc, "scenario");
  std::string items;
  const std::string variant = str(sc, "variant");
  if (!variant.empty()) {
    const std::string d = str(child(sc, "variant_descriptions"), variant);
    items += fmt::format("<li><b>Variant {}</b>{}</li>\n", esc(variant), d.empty() ? "" : ": " + esc(d));
  }
  if (!str(sc, "horizon_days").empty())
    items += fmt::format("<li>A horizon of {} days{}, in steps of {} day{}.</li>\n", esc(str(sc, "horizon_days")),
                         str(sc, "start").empty() ? "" : " from " + esc(str(sc, "start")), esc(str(sc, "step_days")),
                         str(sc, "step_days") == "1" ? "" : "s");
  const json& as = child(sc, "assumptions");
  constexpr std::size_t kShown = 8;
  std::size_t shown = 0;
  if (as.is_array())
    for (const auto& a : as) {
      if (shown++ == kShown) break;
      const std::string d = str(a, "describe");
      items += fmt::format("<li>{}{}: <span class=\"mono\">{}</span></li>\n", esc(d.empty() ? str(a, "name") : d),
                           d.empty() ? "" : fmt::format(" <span class=\"note\">({})</span>", esc(str(a, "name"))),
                           esc(str(a, "distribution")));
    }
  if (as.is_array() && as.size() > kShown)
    items += fmt::format("<li>and {} more uncertain numbers, each drawn once per run (listed in the scenario file).</li>\n",
                         as.size() - kShown);
  if (items.empty()) return {};
  return "<h3>Main assumptions</h3>\n<p class=\"note\">Uncertain numbers are drawn once per run from these "
         "distributions; everything else is as the scenario file sets it.</p>\n<ul class=\"assumptions\">\n" +
         items + "</ul>\n";
}

std::string key_outcome_item(const json& doc, const std::string& id, const json& o) {
  const std::string kind = str(o, "kind");
  const std::string label = outcome_label(o, id);
  std::string d = str(outcome_info(doc, id), "describe");
  const std::string note = d.empty() ? "" : fmt::format(" <span class=\"note\">{}</span>", esc(d));
  if (kind == "when" || kind == "count") {
    const json& ci = child(o, kind == "when" ? "ci95" : "probability_ci95");
    return fmt::format("<li data-key-outcome=\"{}\"><b>{}</b> {}{} <span class=\"interval\">(95% interval {}–{})</span>{}</li>\n",
                       esc(id), esc(format_value(num(o, "probability"), Format::Percent)), esc(label),
                       kind == "count" ? " (at least once)" : "",
                       esc(format_value(num_at(o, kind == "when" ? "ci95" : "probability_ci95", 0), Format::Percent)),
                       esc(format_value(ci.is_array() ? num_at(o, kind == "when" ? "ci95" : "probability_ci95", 1) : kNaN,
                                        Format::Percent)),
                       note);
  }
  const json& q = child(o, "quantiles");
  return fmt::format("<li data-key-outcome=\"{}\"><b>{}</b> {}, mean over runs <span class=\"interval\">(95% interval "
                     "{}–{}; half of the runs at most {})</span>{}</li>\n",
                     esc(id), esc(format_value(num(o, "mean"), Format::Number)), esc(label),
                     esc(format_value(num_at(o, "ci95", 0), Format::Number)),
                     esc(format_value(num_at(o, "ci95", 1), Format::Number)), esc(format_value(num(q, "p50"), Format::Number)),
                     note);
}

std::string run_headline(const json& doc) {
  const json& outs = child(doc, "outcomes");
  std::string items;
  std::vector<svg::ProbabilityRow> rows;
  std::size_t k = 0;
  for (auto it = outs.begin(); outs.is_object() && it != outs.end(); ++it, ++k) {
    if (!is_key_outcome(*it)) continue;
    items += key_outcome_item(doc, it.key(), *it);
    const std::string kind = str(*it, "kind");
    if (kind == "when" || kind == "count")
      rows.push_back({it.key(), outcome_label(*it, it.key()), kind == "count" ? "at least once" : "",
                      num(*it, "probability"), num_at(*it, kind == "when" ? "ci95" : "probability_ci95", 0),
                      num_at(*it, kind == "when" ? "ci95" : "probability_ci95", 1), kind == "when" ? 0u : 1u});
  }
  std::string chart;
  if (!rows.empty())
    chart = figure(svg::probability_chart("chart-headline", "Key outcomes: probability by the horizon", rows, "headline"),
                   "The scenario's top-level outcomes: share of runs in which each happened, with its 95% interval. The "
                   "detail follows on the next pages.");
  return "<section id=\"headline\" class=\"headline\">\n<h2>Headline</h2>\n" +
         conditional_statement(doc, "The figures below are shares of the") + "<ul class=\"key\">\n" + items + "</ul>\n" +
         chart + std::string(kHeadlineEnd) + assumptions_list(doc) + "</section>\n";
}

}  // namespace geosim::report::html
