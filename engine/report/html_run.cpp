// SPDX-License-Identifier: Apache-2.0
// The report of `geosim run`: outcome table, probabilities with intervals, Kaplan-Meier curves of
// `when` outcomes, distributions of value and count outcomes, and fan charts of tracked variables.
// Reads the JSON of summary_json() (docs/cli.md); every number shown comes from it.
#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "geosim/chronicle.hpp"
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

std::string table(const json& doc, const json& outcomes) {
  std::string rows;
  for (auto it = outcomes.begin(); it != outcomes.end(); ++it) {
    const json& o = *it;
    const std::string kind = str(o, "kind");
    std::string estimate, interval, note;
    if (kind == "when") {
      estimate = format_value(num(o, "probability"), Format::Percent);
      interval = interval_text(child(o, "ci95"), Format::Percent);
      note = when_note(o);
      const Share sh = share_of(doc, outcomes, it.key());
      if (sh.ok)
        note = fmt::format("of the {} runs in which '{}' happened, {} held: {} [{:.1f}%, {:.1f}%]", sh.n, sh.of_label, sh.k,
                           format_value(sh.p, Format::Percent), 100 * sh.lo, 100 * sh.hi);
      else if (!sh.of.empty())
        note = fmt::format("'{}' never happened: no share to show", sh.of_label);
    } else {
      const json& q = child(o, "quantiles");
      estimate = format_value(num(o, "mean"), Format::Number);
      interval = interval_text(child(o, "ci95"), Format::Number);
      note = kind == "count"
                 ? fmt::format("mean count; at least once in {} of runs", format_value(num(o, "probability"), Format::Percent))
                 : fmt::format("mean; median {}, 90% of runs in [{}, {}]", format_value(num(q, "p50"), Format::Number),
                               format_value(num(q, "p05"), Format::Number), format_value(num(q, "p95"), Format::Number));
    }
    if (!str(o, "given").empty()) note += "; " + given_phrase(doc, it.key(), o);
    const std::string describe = str(outcome_info(doc, it.key()), "describe");
    const int depth = std::min(outcome_depth(o), 2);
    rows += fmt::format(
        "<tr data-outcome=\"{}\"{}><td{}>{}</td><td>{}</td><td class=\"num estimate\">{}</td><td class=\"num\">{}</td><td>{}{}</td></tr>\n",
        esc(it.key()), depth > 0 ? " class=\"sub\"" : "", depth > 0 ? fmt::format(" class=\"depth{}\"", depth) : "",
        esc(outcome_label(o, it.key())), esc(kind), esc(estimate), esc(interval), esc(note),
        describe.empty() ? "" : fmt::format(" <span class=\"note\">{}</span>", esc(describe)));
  }
  return "<div class=\"wide\">\n<table class=\"outcomes\">\n<thead><tr><th>Outcome</th><th>Kind</th><th>Estimate</th><th>95% interval</th>"
         "<th>Notes</th></tr></thead>\n<tbody>\n" +
         rows + "</tbody>\n</table>\n</div>\n";
}

std::string probabilities(const json& doc, const json& outcomes) {
  std::vector<svg::ProbabilityRow> rows;
  for (auto it = outcomes.begin(); it != outcomes.end(); ++it) {
    const json& o = *it;
    const std::string kind = str(o, "kind");
    if (kind != "when" && kind != "count") continue;
    std::string note = kind == "count" ? "at least once" : "";
    if (!str(o, "given").empty()) note += (note.empty() ? "" : "; ") + fmt::format("of {} runs", str(o, "runs"));
    const Share sh = share_of(doc, outcomes, it.key());
    if (sh.ok) {
      rows.push_back({it.key(), outcome_label(o, it.key()), fmt::format("share of the {} runs where '{}'", sh.n, sh.of_label),
                      sh.p, sh.lo, sh.hi, 2u});
      continue;
    }
    rows.push_back({it.key(), outcome_label(o, it.key()), note, num(o, "probability"),
                    num_at(o, kind == "when" ? "ci95" : "probability_ci95", 0),
                    num_at(o, kind == "when" ? "ci95" : "probability_ci95", 1), kind == "when" ? 0u : 1u});
  }
  if (rows.empty()) return {};
  return section("probabilities", "How likely is each outcome?",
                 "The share of runs in which each outcome happened by the horizon, with its 95% interval (Wilson).",
                 figure(svg::probability_chart("chart-probabilities", "Probability by the horizon", rows),
                        "Bars: estimated probability. Whiskers: 95% interval, the range of probabilities consistent with "
                        "these runs; more runs make it narrower. Orange: count outcomes, how often the event fired at "
                        "least once. \"Of N runs\": a conditional outcome, measured only over the runs where its "
                        "condition held. Green: durability, the share of the runs that could show it (held ÷ could "
                        "have held), which is not cut short by the horizon."));
}

// Two curves are the same when they drop on the same days by the same amounts.
bool same_curve(const json& a, const json& b) {
  return num(a, "happened") == num(b, "happened") && child(child(a, "first_day"), "curve") == child(child(b, "first_day"), "curve");
}

std::string survival(const json& doc, const json& outcomes) {
  // Which outcomes get a curve: `when` outcomes that happened, are not conditional (the day a
  // `given:` outcome happened is a calendar day, not a time since its condition) and are not
  // durability shares; one panel for outcomes with the same curve.
  struct Panel {
    std::string id;
    const json* o;
    std::vector<std::string> same;
  };
  std::vector<Panel> panels;
  std::vector<std::string> conditional, never, shares;
  for (auto it = outcomes.begin(); it != outcomes.end(); ++it) {
    const json& o = *it;
    if (str(o, "kind") != "when") continue;
    const std::string label = outcome_label(o, it.key());
    if (!str(o, "given").empty()) {
      conditional.push_back(label);
      continue;
    }
    if (!str(outcome_info(doc, it.key()), "share_of").empty()) {
      shares.push_back(label);
      continue;
    }
    if (!(num(o, "happened") > 0)) {
      never.push_back(label);
      continue;
    }
    auto twin = std::find_if(panels.begin(), panels.end(), [&](const Panel& p) { return same_curve(*p.o, o); });
    if (twin != panels.end()) {
      twin->same.push_back(label);
      continue;
    }
    panels.push_back({it.key(), &o, {}});
  }
  std::vector<svg::SurvivalCurve> curves;
  double min_v = 1;
  std::size_t k = 0;
  for (const auto& p : panels) {
    const json& o = *p.o;
    const json& fd = child(o, "first_day");
    svg::SurvivalCurve c;
    c.id = p.id;
    c.label = outcome_label(o, p.id);
    c.colour = k++;
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
    min_v = std::min(min_v, svg::survival_min(c));
    curves.push_back(std::move(c));
  }
  // One vertical axis for every panel, so that their drops compare.
  const double floor_v = svg::probability_floor(min_v);
  std::string charts;
  for (std::size_t i = 0; i < curves.size(); ++i) {
    curves[i].floor = floor_v;
    const json& o = *panels[i].o;
    std::string caption = fmt::format("{}: happened in {} of {} runs.", curves[i].label, str(o, "happened"), str(o, "runs"));
    if (!panels[i].same.empty())
      caption += fmt::format(" The same curve as {}: they happen in the same runs on the same days.", label_list(panels[i].same));
    charts += figure(svg::survival_chart("chart-survival-" + panels[i].id, curves[i], "days since the start"), caption);
  }
  std::string notes;
  if (!conditional.empty())
    notes += fmt::format("No curve for the conditional outcomes ({}): the day they happened is a day of the calendar, "
                         "not a time since their condition, and would read as a delay. The table gives their share. ",
                         label_list(conditional));
  if (!shares.empty())
    notes += fmt::format("Durability ({}) is shown as a share of the ceasefires that could have held that long, above. ",
                         label_list(shares));
  if (!never.empty()) notes += fmt::format("Never happened in these runs: {}. ", label_list(never));
  if (charts.empty() && notes.empty()) return {};
  std::string intro =
      "Kaplan-Meier curves: the share of runs in which the outcome has not happened yet, day by day, with a 95% band. "
      "A curve that drops early means the outcome tends to come early; where it ends is one minus the probability "
      "above. Runs in which it never happened count until the horizon (censored).";
  if (!charts.empty())
    intro += floor_v > 0 ? fmt::format(" All panels share one vertical axis, from {:.0f}% to 100% (it starts above 0%).", 100 * floor_v)
                         : " All panels share one vertical axis, from 0% to 100%.";
  intro += day_zero_note(doc);
  return section("survival", "When does it happen?", intro,
                 (charts.empty() ? "" : "<div class=\"grid\">\n" + charts + "</div>\n") +
                     (notes.empty() ? "" : "<p class=\"note\">" + esc(notes) + "</p>\n"));
}

// Quartiles of the day an outcome happened, among the runs where it did, from its Kaplan-Meier
// curve: every run reaches the horizon, so 1 - S(t) is the share of runs in which it happened by
// day t, and divided by its value at the horizon, the same share among the runs where it happened.
std::optional<std::array<double, 3>> conditional_days(const json& o) {
  const json& curve = child(child(o, "first_day"), "curve");
  const double end = 1 - (std::isfinite(num(o, "probability")) ? 1 - num(o, "probability") : 1);
  if (!curve.is_array() || curve.empty() || !(end > 0)) return std::nullopt;
  std::array<double, 3> q{kNaN, kNaN, kNaN};
  const std::array<double, 3> levels{0.25, 0.5, 0.75};
  for (const auto& pt : curve) {
    const double f = (1 - num(pt, "not_yet")) / end;
    for (std::size_t l = 0; l < 3; ++l)
      if (!std::isfinite(q[l]) && f >= levels[l] - 1e-12) q[l] = num(pt, "day");
  }
  for (double v : q)
    if (!std::isfinite(v)) return std::nullopt;
  return q;
}

// "Who enters when": for an outcome with indented parts (a chain of commitments, a cascade of
// entries), when each happens in the runs where it does, in order.
std::string cascades(const json& doc, const json& outcomes) {
  std::string charts;
  std::vector<std::pair<std::string, const json*>> list;
  for (auto it = outcomes.begin(); it != outcomes.end(); ++it) list.emplace_back(it.key(), &*it);
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json& top = *list[i].second;
    if (outcome_depth(top) != 0 || str(top, "kind") != "when" || !str(top, "given").empty()) continue;
    std::vector<svg::TimelineRow> rows;
    auto add = [&](const std::string& id, const json& o) {
      if (str(o, "kind") != "when" || !str(o, "given").empty() || !str(outcome_info(doc, id), "share_of").empty()) return;
      if (auto q = conditional_days(o)) rows.push_back({id, outcome_label(o, id), num(o, "probability"), (*q)[0], (*q)[1], (*q)[2], 0});
    };
    add(list[i].first, top);
    for (std::size_t j = i + 1; j < list.size() && outcome_depth(*list[j].second) > 0; ++j) add(list[j].first, *list[j].second);
    if (rows.size() < 3) continue;  // a chain: the outcome and at least two of its parts
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.q50 < b.q50; });
    for (std::size_t r = 0; r < rows.size(); ++r) rows[r].colour = r;
    const double horizon = num(child(top, "first_day"), "censored_at");
    charts += figure(svg::timeline_chart("chart-cascade-" + list[i].first, "When each part happens: " + outcome_label(top, list[i].first),
                                         rows, horizon, "day, among the runs in which it happened"),
                     "In the order of their median day. Each row counts only the runs in which that outcome happened "
                     "(its share of all runs on the right), so the days compare the timing, not the likelihood.");
  }
  if (charts.empty()) return {};
  return section("cascades", "Who enters when",
                 "For outcomes with parts (a chain of commitments, a cascade of entries into a war): when each part "
                 "happens, in the runs where it does." + day_zero_note(doc),
                 charts);
}

std::string values(const json& doc, const json& outcomes) {
  std::string charts;
  std::size_t k = 0;
  for (auto it = outcomes.begin(); it != outcomes.end(); ++it, ++k) {
    const json& o = *it;
    const std::string kind = str(o, "kind");
    if (kind != "value" && kind != "count") continue;
    const json& q = child(o, "quantiles");
    svg::QuantileRow r{it.key(), outcome_label(o, it.key()), num(q, "p05"), num(q, "p25"),
                       num(q, "p50"), num(q, "p75"), num(q, "p95"), num(o, "mean"), num_at(o, "ci95", 0),
                       num_at(o, "ci95", 1), k};
    const bool lumpy = svg::point_mass(r);
    std::string caption = std::string(kind == "count" ? "How many times the event fired per run" : "The value at the horizon") +
                          (lumpy ? ": dots at the 5%, 25%, 50%, 75% and 95% quantiles of the runs; a quarter or more of "
                                   "the runs share one value, so no box is drawn. Diamond = mean."
                                 : ": box = middle 50% of runs, whiskers = middle 90%, thick line = median, diamond = mean.");
    if (child(o, "quantiles_exact").is_boolean() && !child(o, "quantiles_exact").get<bool>()) caption += " Quantiles from a sample of the runs.";
    const std::string d = str(outcome_info(doc, it.key()), "describe");
    if (!d.empty()) caption += " " + d;
    charts += figure(svg::quantile_chart("chart-values-" + it.key(), r,
                                         kind == "count" ? "times the event fired in a run" : "value at the end of a run"),
                     caption);
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
    const auto dot = it.key().find('.');
    const std::string var = dot == std::string::npos ? it.key() : it.key().substr(dot + 1);
    // "RUS.resolve" -> "Russia: resolve (RUS.resolve)" when the document names its actors.
    const std::string owner = dot == std::string::npos ? "" : str(child(child(doc, "scenario"), "names"), it.key().substr(0, dot));
    if (!owner.empty()) f.label = fmt::format("{}: {} ({})", owner, var, it.key());
    f.colour = k;
    const json& day = child(s, "day");
    if (!day.is_array()) continue;
    for (std::size_t i = 0; i < day.size(); ++i) f.x.push_back(num_at(s, "day", i));
    const char* keys[] = {"p05", "p25", "p50", "p75", "p95"};
    for (std::size_t l = 0; l < 5; ++l)
      for (std::size_t i = 0; i < day.size(); ++i) f.q[l].push_back(num_at(s, keys[l], i));
    const std::string d = str(child(child(child(doc, "scenario"), "variables"), it.key()), "describe");
    charts += figure(svg::fan_chart("chart-series-" + it.key(), f, "days since the start", var),
                     fmt::format("{} over time, from {} runs.{}", owner.empty() ? it.key() : possessive(owner) + " " + var,
                                 str(s, "runs_used"), d.empty() ? "" : " " + d));
  }
  return section("series", "Tracked variables over time",
                 "Fan charts: the line is the median across runs, the dark band holds the middle 50% of runs and the "
                 "light band the middle 90%. Each panel has its own vertical scale, fitted to its variable." +
                     day_zero_note(doc),
                 "<div class=\"grid\">\n" + charts + "</div>\n");
}

// Which bound set the bargaining range (JSON "bargaining.binds"): a small table, lower side
// first; each side's shares add up to 100% of the bargaining steps.
std::string bargaining(const json& doc) {
  const json& binds = child(child(doc, "bargaining"), "binds");
  if (!binds.is_object() || binds.empty()) return {};
  // The parties by name where the document names its actors ("A" and "B" otherwise).
  const auto party = [&](std::size_t i, const char* fallback) {
    const json& ids = child(child(doc, "bargaining"), "parties");
    const std::string id = ids.is_array() && ids.size() == 2 && ids[i].is_string() ? ids[i].get<std::string>() : "";
    const std::string name = id.empty() ? "" : str(child(child(doc, "scenario"), "names"), id);
    return !name.empty() ? name : !id.empty() ? id : std::string(fallback);
  };
  const std::string holder = party(0, "A"), claimant = party(1, "B");
  const std::pair<const char*, std::string> rows[] = {
      {"rational_low", fmt::format("lower: {} rational bound (p_win - its cost of war + uncertainty/2 + its commitment problem)", possessive(claimant))},
      {"demand", fmt::format("lower: {} demand", possessive(claimant))},
      {"rational_high", fmt::format("upper: {} rational bound (p_win + its cost of war - uncertainty/2 - its commitment problem)", possessive(holder))},
      {"red_line", fmt::format("upper: {} red line", possessive(holder))}};
  std::string body;
  for (const auto& [key, words] : rows) {
    const json& b = child(binds, key);
    if (!b.is_object()) continue;
    body += fmt::format("<tr><td>{}</td><td><code>negotiation.binds.{}</code></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
                        esc(words), key, esc(format_value(num(b, "mean_share"), Format::Percent)),
                        esc(interval_text(child(b, "ci95"), Format::Percent)), esc(fmt::format("{}", num(b, "runs"))));
  }
  return section("bargaining", "Which bound binds",
                 "For each side of the bargaining range, the share of the steps without a ceasefire in force in which each "
                 "bound set it (mean over the runs that bargained). A bound that never binds is a number whose changes "
                 "cannot move the range.",
                 "<div class=\"wide\">\n<table class=\"outcomes\">\n<thead><tr><th>Bound</th><th>Name</th><th>Share of steps</th>"
                 "<th>95% interval</th><th>Runs</th></tr></thead>\n<tbody>\n" + body + "</tbody>\n</table>\n</div>\n");
}

}  // namespace

std::string render_run(const json& doc) {
  const json& outcomes = child(doc, "outcomes");
  std::string brief = header(doc, "Monte Carlo run");
  std::string detail;
  if (outcomes.is_object() && !outcomes.empty()) {
    brief += run_headline(doc);
    detail += section("summary", "Outcomes at a glance",
                      "Each outcome with its estimate and 95% interval, as printed by geosim run. Indented rows are "
                      "parts of the outcome above them.",
                      table(doc, outcomes));
    detail += probabilities(doc, outcomes);
    detail += survival(doc, outcomes);
    detail += cascades(doc, outcomes);
    detail += values(doc, outcomes);
  }
  detail += bargaining(doc);
  detail += bargaining_over_time(doc);
  detail += decision_shares(doc);
  detail += series(doc);
  std::string body = "<div class=\"brief\">\n" + brief + "</div>\n" + std::string(kBriefEnd) + "<main>\n<div class=\"detail\">\n" +
                     detail + "</div>\n</main>\n" + footer(doc);
  const std::string name = str(child(doc, "scenario"), "name");
  return page((name.empty() ? std::string("geosim") : name) + " — geosim report", body);
}

}  // namespace geosim::report::html
