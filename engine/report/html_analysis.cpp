// SPDX-License-Identifier: Apache-2.0
// Reports of the analysis commands, from the JSON documents of engine/analysis/documents.cpp
// (docs/analysis.md): compare (paired differences as forest plots), sweep (outcome against the
// swept parameter; for a Latin hypercube, against each parameter's quantile) and sensitivity
// (Morris or Sobol indices as bar charts, largest first).
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "report/html_parts.hpp"
#include "report/svg.hpp"

namespace geosim::report::html {

namespace {

using svg::esc;
using svg::Format;
using svg::format_value;

constexpr double kHalf = 560;  // width of small-multiple charts, two per row on a wide screen
const json kEmptyObject = json::object();
const json kEmptyArray = json::array();

std::string label_of(const json& o, const std::string& id) {
  std::string l = str(o, "label");
  l.erase(0, l.find_first_not_of(' '));
  return l.empty() ? id : l;
}

// The outcomes of a document: "outcomes" as an array of {id, label, kind} (sweep) or as an
// object keyed by id (run, sensitivity), in document order.
std::vector<std::array<std::string, 3>> outcome_list(const json& outs) {
  std::vector<std::array<std::string, 3>> v;
  if (outs.is_array())
    for (const auto& o : outs) v.push_back({str(o, "id"), label_of(o, str(o, "id")), str(o, "kind")});
  else if (outs.is_object())
    for (auto it = outs.begin(); it != outs.end(); ++it) v.push_back({it.key(), label_of(*it, it.key()), str(*it, "kind")});
  return v;
}

std::string distribution_text(const json& d) {
  if (!d.is_object() || d.empty()) return d.dump();
  const auto first = d.begin();  // not *d.items().begin(): its proxy dies at once (ASan: stack-use-after-scope)
  const std::string& name = first.key();
  const json& args = first.value();
  std::string inner;
  if (args.is_array())
    for (const auto& a : args) inner += (inner.empty() ? "" : ", ") + (a.is_number() ? format_value(a.get<double>(), Format::Number) : a.dump());
  else if (args.is_object())
    for (auto it = args.begin(); it != args.end(); ++it)
      inner += (inner.empty() ? "" : ", ") + it.key() + " " +
               (it->is_number() ? format_value(it->get<double>(), Format::Number) : it->dump());
  else
    inner = args.dump();
  return fmt::format("{}({})", name, inner);
}

// ---- compare ---------------------------------------------------------------------------------

// An identifier that may wrap after its underscores (long variant names in table headings).
std::string breakable(std::string_view id) {
  std::string out;
  for (char ch : id) out += ch == '_' ? std::string("_<wbr/>") : esc(std::string_view(&ch, 1));
  return out;
}

std::string compare_table(const json& base, const json& variants, const std::vector<std::array<std::string, 3>>& outs) {
  std::string head = "<tr><th class=\"outcome\">Outcome</th><th>Base</th>";
  for (auto v = variants.begin(); v != variants.end(); ++v) head += fmt::format("<th>{}</th>", breakable(v.key()));
  head += "</tr>\n";
  std::string rows;
  for (const auto& [id, label, kind] : outs) {
    const Format f = kind == "when" ? Format::Percent : Format::Number;
    const json& bo = child(child(base, "outcomes"), id);
    const double b = kind == "when" ? num(bo, "probability") : num(bo, "mean");
    rows += fmt::format("<tr data-outcome=\"{}\"><td>{}</td><td class=\"num\">{}</td>", esc(id), esc(label), format_value(b, f));
    for (auto v = variants.begin(); v != variants.end(); ++v) {
      const json& d = child(child(*v, "differences"), id);
      if (d.is_null()) {
        rows += "<td class=\"num\">—</td>";
        continue;
      }
      const bool dist = child(d, "distinguishable").is_boolean() && child(d, "distinguishable").get<bool>();
      const double diff = num(d, "difference");
      const std::string value = esc(format_value(num(d, "variant"), f));
      rows += dist ? fmt::format("<td class=\"num\"><b>{}</b><br/><span class=\"diff\">{}</span></td>", value,
                                 esc(format_value(diff, kind == "when" ? Format::Points : Format::Number)))
                   : fmt::format("<td class=\"num\">{}</td>", value);
    }
    rows += "</tr>\n";
  }
  return "<div class=\"wide\">\n<table class=\"compare\">\n<thead>" + head + "</thead>\n<tbody>\n" + rows +
         "</tbody>\n</table>\n</div>\n";
}


// The forest rows of one outcome: each variant's paired difference from the base. A durability
// outcome (share_of) shows the difference of the shares instead (held / could have held), with
// an unpaired interval: the difference of shares of different runs has no paired interval.
std::vector<svg::ForestRow> difference_rows(const json& doc, const std::string& id, const std::string& group,
                                            const std::map<std::string, std::size_t>& colour_of, bool* shares) {
  const json& base = child(doc, "base");
  const json& variants = child(doc, "variants");
  std::vector<svg::ForestRow> rows;
  const Share b = share_of(doc, child(base, "outcomes"), id);
  if (shares != nullptr) *shares = !b.of.empty();
  for (auto v = variants.begin(); v != variants.end(); ++v) {
    const json& d = child(child(*v, "differences"), id);
    if (d.is_null()) continue;
    const std::size_t colour = colour_of.count(v.key()) ? colour_of.at(v.key()) : 0;
    if (!b.of.empty()) {
      const Share x = share_of(doc, child(*v, "outcomes"), id);
      if (!b.ok || !x.ok) continue;
      const auto ci = newcombe(x, b);
      rows.push_back({group, v.key(), v.key() + ":" + id, x.p - b.p, ci[0], ci[1], ci[0] > 0 || ci[1] < 0, colour});
      continue;
    }
    rows.push_back({group, v.key(), v.key() + ":" + id, num(d, "difference"), num_at(d, "ci95", 0), num_at(d, "ci95", 1),
                    child(d, "distinguishable").is_boolean() && child(d, "distinguishable").get<bool>(), colour});
  }
  return rows;
}

// A panel with nothing to show: every difference and interval end is 0 (e.g. an outcome that
// never happened under any variant).
bool all_zero(const std::vector<svg::ForestRow>& rows) {
  for (const auto& r : rows)
    if (r.est != 0 || r.lo != 0 || r.hi != 0) return false;
  return true;
}

// One scale for every probability panel, so that a +1.5 pp difference looks smaller than +16 pp.
std::array<double, 2> shared_range(const std::vector<std::vector<svg::ForestRow>>& panels) {
  double lo = 0, hi = 0;
  for (const auto& rows : panels)
    for (const auto& r : rows) {
      if (std::isfinite(r.lo)) lo = std::min(lo, r.lo);
      if (std::isfinite(r.hi)) hi = std::max(hi, r.hi);
    }
  return {lo, hi};
}

svg::SurvivalCurve curve_of(const json& o, const std::string& id, const std::string& label, std::size_t colour) {
  svg::SurvivalCurve c;
  c.id = id;
  c.label = label;
  c.colour = colour;
  const json& fd = child(o, "first_day");
  c.horizon = std::isfinite(num(fd, "censored_at")) && num(fd, "censored_at") > 0 ? num(fd, "censored_at") : 1;
  c.final_p = std::isfinite(num(o, "probability")) ? 1 - num(o, "probability") : 1;
  const json& curve = child(fd, "curve");
  if (curve.is_array())
    for (const auto& pt : curve) {
      if (!std::isfinite(num(pt, "not_yet")) || !std::isfinite(num(pt, "day"))) continue;
      c.t.push_back(num(pt, "day"));
      c.s.push_back(num(pt, "not_yet"));
    }
  return c;
}

std::string compare_headline(const json& doc, const std::vector<std::array<std::string, 3>>& outs,
                             const std::map<std::string, std::size_t>& colour_of) {
  const json& base_outs = child(child(doc, "base"), "outcomes");
  // At most four key outcomes, each once (two outcomes with the same differences are one row).
  constexpr std::size_t kKeyOutcomes = 4;
  std::vector<svg::ForestRow> rows;
  std::vector<std::vector<double>> seen;
  std::size_t shown = 0;
  for (const auto& [id, label, kind] : outs) {
    const json& o = child(base_outs, id);
    if (kind != "when" || !is_key_outcome(o) || shown == kKeyOutcomes) continue;
    auto r = difference_rows(doc, id, fmt::format("{} (base {})", label, format_value(num(o, "probability"), Format::Percent)),
                             colour_of, nullptr);
    if (r.empty() || all_zero(r)) continue;
    std::vector<double> key;
    for (const auto& x : r) key.insert(key.end(), {x.est, x.lo, x.hi});
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(key);
    ++shown;
    rows.insert(rows.end(), r.begin(), r.end());
  }
  std::string chart;
  if (!rows.empty())
    chart = figure(svg::forest_chart("chart-headline", "How each variant moves the key outcomes", rows, Format::Percent,
                                     "difference from base (percentage points)", 760, {kNaN, kNaN}, "headline", true),
                   "Each variant's paired difference from the base, variant minus base, run by run, with its 95% "
                   "interval; one scale for every outcome. Filled: the interval excludes zero. The detail follows.");
  return "<section id=\"headline\" class=\"headline\">\n<h2>Headline</h2>\n" +
         conditional_statement(doc, "The figures below compare the policy variants over the") + chart +
         std::string(kHeadlineEnd) + assumptions_list(doc) + "</section>\n";
}

}  // namespace

std::string render_compare(const json& doc) {
  const json& base = child(doc, "base");
  const json& variants = child(doc, "variants");
  const auto outs = outcome_list(child(base, "outcomes"));
  std::string brief = header(doc, "Comparison of policy variants");
  std::string vlist = "<div class=\"wide\">\n<table class=\"variants\">\n<thead><tr><th>Variant</th><th>What it changes</th></tr></thead>\n<tbody>\n";
  std::map<std::string, std::size_t> colour_of;
  for (auto v = variants.begin(); v != variants.end(); ++v) {
    colour_of[v.key()] = colour_of.size() + 1;  // colour 0 is the base
    vlist += fmt::format("<tr><td><code>{}</code></td><td>{}</td></tr>\n", breakable(v.key()), esc(str(*v, "description")));
  }
  vlist += "</tbody>\n</table>\n</div>\n";
  brief += compare_headline(doc, outs, colour_of);
  brief += section("variants", "The variants", "Each variant is run on the same run indices and seed as the base scenario "
                   "(common random numbers), so run by run they face the same shocks and their difference is measured "
                   "with far less noise than two separate runs.", vlist);
  std::string body = "<div class=\"brief\">\n" + brief + "</div>\n" + std::string(kBriefEnd) + "<main>\n<div class=\"detail\">\n";
  body += section("estimates", "Estimates side by side",
                  "Probabilities for when-outcomes, means for value and count outcomes. In bold, with the paired "
                  "difference below: variants whose difference from the base is distinguishable from zero "
                  "(its 95% interval excludes 0).",
                  compare_table(base, variants, outs));
  // Every probability panel on one scale; value and count panels each on their own (their units differ).
  struct Panel {
    std::string id, label, kind;
    std::vector<svg::ForestRow> rows;
    bool shares = false;
  };
  std::vector<Panel> panels;
  std::vector<std::string> empty;
  for (const auto& [id, label, kind] : outs) {
    Panel p{id, label, kind, {}, false};
    p.rows = difference_rows(doc, id, "", colour_of, &p.shares);
    if (p.rows.empty()) continue;
    if (all_zero(p.rows)) {
      empty.push_back(label);
      continue;
    }
    panels.push_back(std::move(p));
  }
  std::vector<std::vector<svg::ForestRow>> when_rows;
  for (const auto& p : panels)
    if (p.kind == "when") when_rows.push_back(p.rows);
  const auto range = shared_range(when_rows);
  std::string when_charts, other_charts;
  for (const auto& p : panels) {
    const bool when = p.kind == "when";
    const std::string chart =
        svg::forest_chart("chart-diff-" + p.id, p.label, p.rows, when ? Format::Percent : Format::Number,
                          p.shares ? "difference in the share that held (percentage points)"
                          : when   ? "difference from base (percentage points)"
                          : p.kind == "count" ? "difference in mean count" : "difference in mean value",
                          kHalf, when ? range : std::array<double, 2>{kNaN, kNaN});
    const json& bo = child(child(base, "outcomes"), p.id);
    std::string caption = fmt::format("{}: base {}.", p.label, format_value(when ? num(bo, "probability") : num(bo, "mean"),
                                                                             when ? Format::Percent : Format::Number));
    if (p.shares) {
      const Share b = share_of(doc, child(base, "outcomes"), p.id);
      caption = fmt::format("{}: as a share of the runs in which '{}' happened (base {} of {}: {}). Differences of shares "
                            "with an unpaired interval (Newcombe), wider than a paired one.",
                            p.label, b.of_label, b.k, b.n, format_value(b.p, Format::Percent));
    }
    if (!str(bo, "given").empty()) caption += " Measured over " + given_phrase(doc, p.id, bo) + " (in the base).";
    (when ? when_charts : other_charts) += figure(chart, caption);
  }
  if (!when_charts.empty() || !empty.empty())
    body += section("differences", "How each variant moves the probabilities",
                    "Forest plots of the paired difference, variant minus base, with 95% intervals, all on one scale. "
                    "A filled marker: the interval excludes zero. A hollow one: these runs cannot tell the variant "
                    "from the base." +
                        (empty.empty() ? std::string()
                                       : " No panel for outcomes no variant moves at all: " + label_list(empty) + "."),
                    when_charts.empty() ? std::string() : "<div class=\"grid\">\n" + when_charts + "</div>\n");
  if (!other_charts.empty())
    body += section("value-differences", "How each variant moves values and counts",
                    "Paired differences of means, variant minus base, with 95% intervals; each panel has its own scale "
                    "(their units differ).",
                    "<div class=\"grid\">\n" + other_charts + "</div>\n");
  // When: base and variants on one axis, for the key outcomes that are not conditional.
  std::string overlays;
  for (const auto& [id, label, kind] : outs) {
    const json& bo = child(child(base, "outcomes"), id);
    if (kind != "when" || !is_key_outcome(bo) || !(num(bo, "happened") > 0)) continue;
    std::vector<svg::SurvivalCurve> curves{curve_of(bo, "base", "base", 0)};
    for (auto v = variants.begin(); v != variants.end(); ++v) {
      const json& vo = child(child(*v, "outcomes"), id);
      if (vo.is_object()) curves.push_back(curve_of(vo, v.key(), v.key(), colour_of[v.key()]));
    }
    overlays += figure(svg::survival_overlay_chart("chart-overlay-" + id, label, curves, "days since the start"),
                       label + ": the share of runs in which it has not happened yet, by day, under the base (thick) "
                               "and each variant (dashed).");
  }
  if (!overlays.empty())
    body += section("timing", "When: the base and the variants on one axis",
                    "Kaplan-Meier curves of the key outcomes. Where a variant's curve runs below the base, the outcome "
                    "comes sooner or more often under it." + day_zero_note(doc),
                    overlays);
  body += "</div>\n</main>\n" + footer(doc);
  return page(str(child(doc, "scenario"), "name") + " — variants compared — geosim report", body);
}

// ---- sweep -----------------------------------------------------------------------------------

namespace {

// The headline of a sweep: for each key outcome, the lowest and highest estimate over the points.
std::string sweep_headline(const json& doc, const std::vector<std::array<std::string, 3>>& outs) {
  const json& points = child(doc, "points");
  std::string items;
  for (const auto& [id, label, kind] : outs) {
    const json* o = nullptr;
    for (const auto& x : child(doc, "outcomes").is_array() ? child(doc, "outcomes") : kEmptyArray)
      if (str(x, "id") == id) o = &x;
    if (o == nullptr || !str(*o, "given").empty() || outcome_depth(*o) > 0) continue;
    double lo = INFINITY, hi = -INFINITY;
    for (const auto& pt : points.is_array() ? points : kEmptyArray) {
      const double y = num(child(child(pt, "outcomes"), id), "estimate");
      if (std::isfinite(y)) lo = std::min(lo, y), hi = std::max(hi, y);
    }
    if (!std::isfinite(lo)) continue;
    const Format f = kind == "when" ? Format::Percent : Format::Number;
    items += fmt::format("<li data-key-outcome=\"{}\">{}: from <b>{}</b> to <b>{}</b> across the points</li>\n", esc(id),
                         esc(label), esc(format_value(lo, f)), esc(format_value(hi, f)));
  }
  return "<section id=\"headline\" class=\"headline\">\n<h2>Headline</h2>\n" +
         conditional_statement(doc, "The figures below are estimates at each point of the sweep, each from the") +
         (items.empty() ? std::string() : "<ul class=\"key\">\n" + items + "</ul>\n") + std::string(kHeadlineEnd) +
         "</section>\n";
}

}  // namespace

std::string render_sweep(const json& doc) {
  const json& set = child(doc, "settings");
  const json& params = child(doc, "parameters");
  const json& points = child(doc, "points");
  const auto outs = outcome_list(child(doc, "outcomes"));
  const bool table = str(set, "design") == "table";
  const bool lhs = str(set, "design") == "lhs" || table;  // a table's points are drawn like a hypercube's
  const json& path_labels = child(child(doc, "scenario"), "path_labels");
  std::string body = header(doc, table ? "Parameter sweep (design table)" : lhs ? "Parameter sweep (Latin hypercube)" : "Parameter sweep (grid)",
                            {{"Points", str(set, "points")}, {"Runs per point", str(set, "runs_per_point")}});
  body += sweep_headline(doc, outs) + std::string(kBriefEnd) + "<main>\n";
  std::vector<std::string> paths;
  std::string ptable = "<table class=\"parameters\">\n<thead><tr><th>Parameter</th><th>Values</th></tr></thead>\n<tbody>\n";
  if (params.is_array())
    for (const auto& p : params) {
      paths.push_back(str(p, "path"));
      const std::string values =
          table ? fmt::format("{} to {}", format_value(num(p, "lo"), Format::Number), format_value(num(p, "hi"), Format::Number))
          : lhs ? distribution_text(child(p, "distribution"))
              : fmt::format("{} to {} in {} steps", format_value(num(p, "lo"), Format::Number), format_value(num(p, "hi"), Format::Number),
                            str(p, "n"));
      const std::string words = str(path_labels, str(p, "path"));
      ptable += fmt::format("<tr><td>{}{}</td><td>{}</td></tr>\n", esc(words.empty() ? short_path(str(p, "path")) : words),
                            fmt::format(" <code>{}</code>", esc(str(p, "path"))), esc(values));
    }
  ptable += "</tbody>\n</table>\n</div>\n";
  ptable = "<div class=\"wide\">\n" + ptable;
  body += section("parameters", "What was swept",
                  table ? "The points of the design table, one per row: each point sets every column at once; numbers "
                          "not in the table keep their distributions; every point uses the same seed (common random numbers)."
                  : lhs ? "Every uncertain parameter of the scenario, sampled together by a Latin hypercube: each point "
                        "fixes all of them at once; every point uses the same seed (common random numbers)."
                      : "Every combination of these values; every point uses the same seed (common random numbers), so "
                        "differences between points are not run-to-run noise.",
                  ptable);
  // Grid: x is the axis with the most values; each combination of the others is one line.
  std::size_t x_axis = 0;
  if (!lhs)
    for (std::size_t a = 0; a < paths.size(); ++a)
      if (num(params[a], "n") > num(params[x_axis], "n")) x_axis = a;
  std::string charts;
  for (const auto& [id, label, kind] : outs) {
    const Format f = kind == "when" ? Format::Percent : Format::Number;
    std::vector<svg::Line> lines;
    if (!lhs) {
      std::map<std::string, std::size_t> line_of;
      for (const auto& pt : points.is_array() ? points : kEmptyArray) {
        std::string key;
        for (std::size_t a = 0; a < paths.size(); ++a)
          if (a != x_axis)
            key += (key.empty() ? "" : ", ") + short_path(paths[a]) + " = " +
                   format_value(num(child(pt, "parameters"), paths[a]), Format::Number);
        if (!line_of.count(key)) {
          if (line_of.size() >= 7) continue;  // the palette's distinct colours
          line_of[key] = lines.size();
          lines.push_back({key, key.empty() ? label : key, {}, {}, {}, {}, lines.size()});
        }
        svg::Line& l = lines[line_of[key]];
        const json& e = child(child(pt, "outcomes"), id);
        l.x.push_back(num(child(pt, "parameters"), paths.empty() ? "" : paths[x_axis]));
        l.y.push_back(num(e, "estimate"));
        l.lo.push_back(num_at(e, "ci95", 0));
        l.hi.push_back(num_at(e, "ci95", 1));
      }
      if (lines.size() == 1) lines[0].in_legend = false;
      charts += figure(svg::line_chart("chart-sweep-" + id, label, lines, short_path(paths.empty() ? "" : paths[x_axis]),
                                       kind == "when" ? "probability" : kind == "count" ? "mean count" : "mean", f, kHalf),
                       label + ": estimate at each point with its 95% band.");
      continue;
    }
    // Latin hypercube: one panel per parameter, all on the outcome's one vertical axis, so that
    // the steepness of the trends compares across panels.
    double y0 = INFINITY, y1 = -INFINITY;
    for (const auto& pt : points.is_array() ? points : kEmptyArray) {
      const double y = num(child(child(pt, "outcomes"), id), "estimate");
      if (std::isfinite(y)) y0 = std::min(y0, y), y1 = std::max(y1, y);
    }
    std::array<double, 2> yr = svg::nice_range(std::isfinite(y0) ? y0 : 0, std::isfinite(y1) ? y1 : 1, 5);
    if (f == Format::Percent) yr = {std::max(0.0, yr[0]), std::min(1.0, yr[1])};
    if (yr[1] <= yr[0]) yr = {0, 1};
    std::string panels;
    for (std::size_t a = 0; a < paths.size(); ++a) {
      svg::Line pts{paths[a], "design points", {}, {}, {}, {}, 0, svg::Line::Style::Points};
      const double lo = num(params[a], "lo"), hi = num(params[a], "hi");
      for (const auto& pt : points.is_array() ? points : kEmptyArray) {
        if (table) {  // the value scaled to its range in the table
          const double v = num(child(pt, "parameters"), paths[a]);
          pts.x.push_back(hi > lo ? (v - lo) / (hi - lo) : 0.5);
        } else {
          pts.x.push_back(num(child(pt, "quantiles"), paths[a]));
        }
        pts.y.push_back(num(child(child(pt, "outcomes"), id), "estimate"));
      }
      // Least-squares trend of the estimate on this parameter's quantile.
      double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
      for (std::size_t i = 0; i < pts.x.size(); ++i)
        if (std::isfinite(pts.x[i]) && std::isfinite(pts.y[i]))
          n += 1, sx += pts.x[i], sy += pts.y[i], sxx += pts.x[i] * pts.x[i], sxy += pts.x[i] * pts.y[i];
      std::vector<svg::Line> panel{pts};
      if (n >= 2 && n * sxx - sx * sx > 0) {
        const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx), icpt = (sy - slope * sx) / n;
        panel.push_back({paths[a] + ":trend", "least-squares trend", {0, 1}, {icpt, icpt + slope}, {}, {}, 1,
                         svg::Line::Style::Dashed, true});
      }
      const std::string words = str(path_labels, paths[a]);
      panels += figure(svg::line_chart(fmt::format("chart-sweep-{}-{}", id, short_path(paths[a])), short_path(paths[a]), panel,
                                       (table ? short_path(paths[a]) + ", scaled to its range in the table" : "quantile of " + short_path(paths[a])) + " (0 = lowest, 1 = highest)",
                                       kind == "when" ? "probability" : kind == "count" ? "mean count" : "mean", f, kHalf, yr),
                       words.empty() ? short_path(paths[a]) : words);
    }
    if (!panels.empty())
      charts += fmt::format("<h3>{}</h3>\n<p class=\"note\">{}</p>\n<div class=\"grid\">\n{}</div>\n", esc(label),
                            esc("One panel per parameter, all on the same vertical axis: each dot is one point of the design "
                                "(every parameter varies at once); the dashed line is the least-squares trend on this "
                                "parameter's quantile. The steeper the trend, the more this parameter moves the outcome; "
                                "the scatter around it is the other parameters and run-to-run noise."),
                            panels);
  }
  if (!charts.empty())
    body += section("outcomes", "Outcomes across the sweep", "", lhs ? charts : "<div class=\"grid\">\n" + charts + "</div>\n");
  body += "</main>\n" + footer(doc);
  return page(str(child(doc, "scenario"), "name") + " — sweep — geosim report", body);
}

// ---- sensitivity -----------------------------------------------------------------------------

std::string render_sensitivity(const json& doc) {
  const json& set = child(doc, "settings");
  const json& params = child(doc, "parameters");
  const json& outs = child(doc, "outcomes");
  const json& path_labels = child(child(doc, "scenario"), "path_labels");
  const bool morris = str(set, "method") != "sobol";
  std::string body = header(doc, morris ? "Sensitivity analysis (Morris screening)" : "Sensitivity analysis (Sobol indices)",
                            {{"Design points", str(set, "points")}, {"Runs per point", str(set, "runs_per_point")},
                             {"Model runs", str(set, "model_runs")}});
  // The index that ranks and is printed: Morris mu*, Sobol ST (the total index, which says
  // whether a parameter can be fixed); the bars show both of each pair.
  const std::string rank_key = morris ? "mu_star" : "ST", rank_name = morris ? "μ*" : "ST (total)";
  const std::string first_key = morris ? "mu_star" : "S1", second_key = morris ? "sigma" : "ST";
  const bool quick = morris ? num(set, "trajectories") <= 20 : num(set, "samples") <= 64;
  std::string quick_note =
      quick ? fmt::format("A quick look: {} design points of {} runs each. The intervals say how settled each index "
                          "is; where two overlap, their order is not settled. Raise {} for a firmer ranking.",
                          str(set, "points"), str(set, "runs_per_point"), morris ? "--trajectories" : "--samples")
            : std::string();
  std::string ptable = "<div class=\"wide\">\n<table class=\"parameters\">\n<thead><tr><th>Parameter</th><th>What it is</th><th>Distribution</th></tr></thead>\n<tbody>\n";
  if (params.is_array())
    for (const auto& p : params)
      ptable += fmt::format("<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>\n", esc(short_path(str(p, "path"))),
                            esc(str(path_labels, str(p, "path"))), esc(distribution_text(child(p, "distribution"))));
  ptable += "</tbody>\n</table>\n</div>\n";
  std::string top = fmt::format("<div class=\"wide\">\n<table class=\"ranking\">\n<thead><tr><th>Outcome</th><th>Most influential</th>"
                                "<th>Second</th><th>Third</th></tr></thead>\n<tbody>\n");
  std::string charts, key_items;
  const json& outcomes = outs.is_object() ? outs : kEmptyObject;
  for (auto it = outcomes.begin(); it != outcomes.end(); ++it) {
    const json& o = *it;
    const std::string label = label_of(o, it.key());
    std::vector<svg::IndexBar> bars;
    const json& ranking = child(o, "ranking");
    for (std::size_t r = 0; ranking.is_array() && r < ranking.size(); ++r) {
      const std::string path = ranking[r].is_string() ? ranking[r].get<std::string>() : "";
      const json& e = child(child(o, "parameters"), path);
      bars.push_back({path, short_path(path), num(e, first_key), num_at(e, first_key + "_ci95", 0),
                      num_at(e, first_key + "_ci95", 1), true, num(e, second_key), num_at(e, second_key + "_ci95", 0),
                      num_at(e, second_key + "_ci95", 1)});
    }
    // Sorted by the index printed in the table, largest first (a parameter without one last).
    auto rank_value = [&](const svg::IndexBar& b) {
      const double v = num(child(child(o, "parameters"), b.key), rank_key);
      return std::isfinite(v) ? v : -INFINITY;
    };
    std::stable_sort(bars.begin(), bars.end(), [&](const auto& x, const auto& y) { return rank_value(x) > rank_value(y); });
    const bool any = std::any_of(bars.begin(), bars.end(), [&](const auto& b) { return std::isfinite(rank_value(b)); });
    const bool flat = num(o, "variance") == 0;
    if (!any || flat) {
      const std::string why = !any && num(o, "points_without_runs") > 0
                                  ? fmt::format("no index: no run met its condition at {} of the {} design points",
                                                str(o, "points_without_runs"), str(set, "points"))
                                  : "no index: the outcome does not change over the design";
      top += fmt::format("<tr data-outcome=\"{}\" class=\"no-index\"><td>{}</td><td colspan=\"3\" class=\"note\">{}</td></tr>\n",
                         esc(it.key()), esc(label), esc(why));
      continue;
    }
    std::string cells;
    for (std::size_t r = 0; r < 3 && r < bars.size(); ++r)
      cells += fmt::format("<td>{} <span class=\"note\" data-rank-value=\"{}\">{} {}</span></td>", esc(bars[r].label),
                           fmt::format("{}", rank_value(bars[r])), esc(rank_name),
                           esc(format_value(rank_value(bars[r]), Format::Number)));
    top += fmt::format("<tr data-outcome=\"{}\"><td>{}</td>{}</tr>\n", esc(it.key()), esc(label), cells);
    if (outcome_depth(o) == 0 && !bars.empty())
      key_items += fmt::format("<li data-key-outcome=\"{}\">{}: most moved by <b>{}</b> ({} {})</li>\n", esc(it.key()), esc(label),
                               esc(str(path_labels, bars[0].key).empty() ? bars[0].label : str(path_labels, bars[0].key)),
                               esc(rank_name), esc(format_value(rank_value(bars[0]), Format::Number)));
    const std::string measure = str(o, "measure").empty() ? "outcome" : str(o, "measure");
    charts += figure(
        svg::index_chart("chart-sensitivity-" + it.key(), label, bars, morris ? "μ* (mean effect)" : "S1 (first order)",
                         morris ? "σ (spread)" : "ST (total)",
                         morris ? "change in the " + measure + " per unit of the parameter's quantile" : "share of the variance",
                         kHalf),
        morris ? fmt::format("{}: mean {} over the design. μ* is the mean size of the change in the {} when one parameter "
                             "moves across its whole range (quantile 0 to 1), the others held.",
                             label, format_value(num(o, "mean"), str(o, "kind") == "when" ? Format::Percent : Format::Number), measure)
               : fmt::format("{}: variance {} over the design.", label, format_value(num(o, "variance"), Format::Number)));
  }
  top += "</tbody>\n</table>\n</div>\n";
  body += "<section id=\"headline\" class=\"headline\">\n<h2>Headline</h2>\n" +
          conditional_statement(doc, "The rankings below come from the") +
          (key_items.empty() ? std::string() : "<ul class=\"key\">\n" + key_items + "</ul>\n") +
          (quick_note.empty() ? std::string() : "<p class=\"note quick\">" + esc(quick_note) + "</p>\n") +
          std::string(kHeadlineEnd) + "</section>\n" + std::string(kBriefEnd) + "<main>\n";
  body += section("parameters", "The uncertain assumptions",
                  "The scenario's uncertain numbers: each is varied across its distribution while the others vary too.", ptable);
  body += section("ranking", "Which assumptions drive each outcome?",
                  (morris ? "Morris screening, ranked by μ*: the mean absolute change in the outcome when one parameter moves "
                            "across its range (from quantile 0 to 1) with the others held, so a μ* of 0.4 for a probability "
                            "is 40 percentage points over the whole range; σ is how much that change varies with the others "
                            "(interactions or non-linearity). Larger μ*: more influential."
                          : "Sobol indices, ranked by ST, the printed index: ST is the share of the outcome's variance that "
                            "involves the parameter (alone or with others); S1 the share due to it alone. ST near 0: the "
                            "parameter can be fixed anywhere in its range.") +
                      std::string(" Outcomes that have no index say why."),
                  top);
  if (!charts.empty()) body += section("indices", "Indices by outcome", "", "<div class=\"grid\">\n" + charts + "</div>\n");
  body += "</main>\n" + footer(doc);
  return page(str(child(doc, "scenario"), "name") + " — sensitivity — geosim report", body);
}

}  // namespace geosim::report::html
