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

}  // namespace

std::string render_compare(const json& doc) {
  const json& base = child(doc, "base");
  const json& variants = child(doc, "variants");
  const auto outs = outcome_list(child(base, "outcomes"));
  std::string body = header(doc, "Comparison of policy variants");
  body += "<main>\n";
  std::string vlist = "<table class=\"variants\">\n<thead><tr><th>Variant</th><th>What it changes</th></tr></thead>\n<tbody>\n";
  std::map<std::string, std::size_t> colour_of;
  for (auto v = variants.begin(); v != variants.end(); ++v) {
    colour_of[v.key()] = colour_of.size();
    vlist += fmt::format("<tr><td><code>{}</code></td><td>{}</td></tr>\n", breakable(v.key()), esc(str(*v, "description")));
  }
  vlist += "</tbody>\n</table>\n";
  body += section("variants", "The variants", "Each variant is run on the same run indices and seed as the base scenario "
                  "(common random numbers), so run by run they face the same shocks and their difference is measured "
                  "with far less noise than two separate runs.", vlist);
  body += section("estimates", "Estimates side by side",
                  "Probabilities for when-outcomes, means for value and count outcomes. In bold, with the paired "
                  "difference below: variants whose difference from the base is distinguishable from zero "
                  "(its 95% interval excludes 0).",
                  compare_table(base, variants, outs));
  std::string when_charts, other_charts;
  for (const auto& [id, label, kind] : outs) {
    std::vector<svg::ForestRow> rows;
    for (auto v = variants.begin(); v != variants.end(); ++v) {
      const json& d = child(child(*v, "differences"), id);
      if (d.is_null()) continue;
      rows.push_back({"", v.key(), v.key() + ":" + id, num(d, "difference"), num_at(d, "ci95", 0), num_at(d, "ci95", 1),
                      child(d, "distinguishable").is_boolean() && child(d, "distinguishable").get<bool>(), colour_of[v.key()]});
    }
    if (rows.empty()) continue;
    const bool when = kind == "when";
    const std::string chart =
        svg::forest_chart("chart-diff-" + id, label, rows, when ? Format::Percent : Format::Number,
                          when ? "difference from base (percentage points)"
                               : kind == "count" ? "difference in mean count" : "difference in mean value",
                          kHalf);
    const std::string caption = fmt::format("{}: base {}.", label,
                                            format_value(when ? num(child(child(base, "outcomes"), id), "probability")
                                                              : num(child(child(base, "outcomes"), id), "mean"),
                                                         when ? Format::Percent : Format::Number));
    (when ? when_charts : other_charts) += figure(chart, caption);
  }
  if (!when_charts.empty())
    body += section("differences", "How each variant moves the probabilities",
                    "Forest plots of the paired difference, variant minus base, with 95% intervals (each chart has its own scale). "
                    "A filled marker: the interval excludes zero. A hollow one: these runs cannot tell the variant "
                    "from the base.",
                    "<div class=\"grid\">\n" + when_charts + "</div>\n");
  if (!other_charts.empty())
    body += section("value-differences", "How each variant moves values and counts",
                    "Paired differences of means, variant minus base, with 95% intervals.",
                    "<div class=\"grid\">\n" + other_charts + "</div>\n");
  body += "</main>\n" + footer(doc);
  return page(str(child(doc, "scenario"), "name") + " — variants compared — geosim report", body);
}

// ---- sweep -----------------------------------------------------------------------------------

std::string render_sweep(const json& doc) {
  const json& set = child(doc, "settings");
  const json& params = child(doc, "parameters");
  const json& points = child(doc, "points");
  const auto outs = outcome_list(child(doc, "outcomes"));
  const bool table = str(set, "design") == "table";
  const bool lhs = str(set, "design") == "lhs" || table;  // a table's points are drawn like a hypercube's
  std::string body = header(doc, table ? "Parameter sweep (design table)" : lhs ? "Parameter sweep (Latin hypercube)" : "Parameter sweep (grid)",
                            {{"Points", str(set, "points")}, {"Runs per point", str(set, "runs_per_point")}});
  body += "<main>\n";
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
      ptable += fmt::format("<tr><td><code>{}</code></td><td>{}</td></tr>\n", esc(str(p, "path")), esc(values));
    }
  ptable += "</tbody>\n</table>\n";
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
    } else {
      for (std::size_t a = 0; a < paths.size() && a < 7; ++a) {
        svg::Line pts{paths[a], short_path(paths[a]), {}, {}, {}, {}, a, svg::Line::Style::Points};
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
        lines.push_back(pts);
        if (n >= 2 && n * sxx - sx * sx > 0) {
          const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx), icpt = (sy - slope * sx) / n;
          svg::Line trend{paths[a] + ":trend", "", {0, 1}, {icpt, icpt + slope}, {}, {}, a, svg::Line::Style::Dashed, false};
          lines.push_back(trend);
        }
      }
    }
    const std::string x_title = table ? "value, scaled to its range in the table (0 = lowest, 1 = highest)"
                                : lhs ? "quantile of the parameter (0 = lowest, 1 = highest)"
                                    : (paths.empty() ? std::string("point") : short_path(paths[x_axis]));
    charts += figure(svg::line_chart("chart-sweep-" + id, label, lines, x_title,
                                     kind == "when" ? "probability" : kind == "count" ? "mean count" : "mean", f, kHalf),
                     lhs ? label + ": each dot is one point of the design; dashed lines are least-squares trends. A steep "
                                   "trend marks a parameter that moves this outcome."
                         : label + ": estimate at each point with its 95% band.");
  }
  if (!charts.empty())
    body += section("outcomes", "Outcomes across the sweep", "", "<div class=\"grid\">\n" + charts + "</div>\n");
  body += "</main>\n" + footer(doc);
  return page(str(child(doc, "scenario"), "name") + " — sweep — geosim report", body);
}

// ---- sensitivity -----------------------------------------------------------------------------

std::string render_sensitivity(const json& doc) {
  const json& set = child(doc, "settings");
  const json& params = child(doc, "parameters");
  const json& outs = child(doc, "outcomes");
  const bool morris = str(set, "method") != "sobol";
  std::string body = header(doc, morris ? "Sensitivity analysis (Morris screening)" : "Sensitivity analysis (Sobol indices)",
                            {{"Design points", str(set, "points")}, {"Runs per point", str(set, "runs_per_point")},
                             {"Model runs", str(set, "model_runs")}});
  body += "<main>\n";
  std::string ptable = "<table class=\"parameters\">\n<thead><tr><th>Parameter</th><th>Path</th><th>Distribution</th></tr></thead>\n<tbody>\n";
  if (params.is_array())
    for (const auto& p : params)
      ptable += fmt::format("<tr><td>{}</td><td><code>{}</code></td><td>{}</td></tr>\n", esc(short_path(str(p, "path"))),
                            esc(str(p, "path")), esc(distribution_text(child(p, "distribution"))));
  ptable += "</tbody>\n</table>\n";
  body += section("parameters", "The uncertain assumptions",
                  "The scenario's uncertain numbers: each is varied across its distribution while the others vary too.", ptable);
  std::string top = "<table class=\"ranking\">\n<thead><tr><th>Outcome</th><th>Most influential</th><th>Second</th><th>Third</th></tr></thead>\n<tbody>\n";
  std::string charts;
  const std::string first_key = morris ? "mu_star" : "S1", second_key = morris ? "sigma" : "ST";
  const json& outcomes = outs.is_object() ? outs : kEmptyObject;
  for (auto it = outcomes.begin(); it != outcomes.end(); ++it) {
    const json& o = *it;
    const std::string label = label_of(o, it.key());
    std::vector<svg::IndexBar> bars;
    std::string cells;
    const json& ranking = child(o, "ranking");
    for (std::size_t r = 0; ranking.is_array() && r < ranking.size(); ++r) {
      const std::string path = ranking[r].is_string() ? ranking[r].get<std::string>() : "";
      const json& e = child(child(o, "parameters"), path);
      svg::IndexBar b{path, short_path(path), num(e, first_key), num_at(e, first_key + "_ci95", 0),
                      num_at(e, first_key + "_ci95", 1), true, num(e, second_key), num_at(e, second_key + "_ci95", 0),
                      num_at(e, second_key + "_ci95", 1)};
      bars.push_back(b);
      if (r < 3) cells += fmt::format("<td>{} <span class=\"note\">{}</span></td>", esc(short_path(path)), format_value(b.value, Format::Number));
    }
    top += fmt::format("<tr data-outcome=\"{}\"><td>{}</td>{}</tr>\n", esc(it.key()), esc(label), cells);
    if (bars.empty()) continue;
    const std::string measure = str(o, "measure").empty() ? "outcome" : str(o, "measure");
    charts += figure(
        svg::index_chart("chart-sensitivity-" + it.key(), label, bars, morris ? "μ* (mean effect)" : "S1 (first order)",
                         morris ? "σ (spread)" : "ST (total)",
                         morris ? "change in the " + measure + " across the parameter's range" : "share of the variance", kHalf),
        morris ? fmt::format("{}: mean {} over the design.", label, format_value(num(o, "mean"), str(o, "kind") == "when" ? Format::Percent : Format::Number))
               : fmt::format("{}: variance {} over the design.", label, format_value(num(o, "variance"), Format::Number)));
  }
  top += "</tbody>\n</table>\n";
  body += section("ranking", "Which assumptions drive each outcome?",
                  morris ? "Morris screening: μ* is the mean absolute change in the outcome when one parameter moves "
                           "across its range with the others held; σ is how much that change varies with the others "
                           "(interactions or non-linearity). Larger μ*: more influential."
                         : "Sobol indices: S1 is the share of the outcome's variance due to the parameter alone; ST "
                           "includes its interactions. ST near 0: the parameter can be fixed anywhere in its range.",
                  top);
  if (!charts.empty()) body += section("indices", "Indices by outcome", "", "<div class=\"grid\">\n" + charts + "</div>\n");
  body += "</main>\n" + footer(doc);
  return page(str(child(doc, "scenario"), "name") + " — sensitivity — geosim report", body);
}

}  // namespace geosim::report::html
