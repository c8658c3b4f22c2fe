// SPDX-License-Identifier: Apache-2.0
#include "cli/sweep_setup.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "cli/signals.hpp"
#include "geosim/random.hpp"

namespace geosim::cli {

namespace {

bool same_outcomes(const Model& a, const Model& b) {
  if (a.outcomes.size() != b.outcomes.size()) return false;
  for (std::size_t k = 0; k < a.outcomes.size(); ++k)
    if (a.outcomes[k].id != b.outcomes[k].id || a.outcomes[k].kind != b.outcomes[k].kind) return false;
  return true;
}

std::string value_text(double v) { return fmt::format("{}", v); }

// The diagnostics of a table point that did not load, moved onto the table: a problem in the value
// given for a column (the loader's source "--set PATH") is put at its cell, a problem with a
// column's path at its header cell, so that messages read `points.csv:LINE:COL: error: ...`.
// `rows[c]`: the row whose value the failed load gave column c.
InvalidInput table_point_error(const SweepRequest& r, const std::vector<std::string>& uncertain_paths,
                               const std::vector<std::size_t>& rows, Loaded failed, std::string intro) {
  const analysis::DesignTable& t = *r.table;
  Loaded out;
  out.sources = r.table_sources ? std::make_shared<Sources>(*r.table_sources) : std::make_shared<Sources>();
  std::map<int, int> copied;  // failed's source -> out's
  auto copy_source = [&](int f) {
    if (f < 0) return f;
    auto it = copied.find(f);
    if (it != copied.end()) return it->second;
    return copied[f] = out.sources->add(failed.sources->name(f), failed.sources->text(f));
  };
  // The loader adds one source "--set PATH" per override, in order: the table's columns come last.
  std::vector<int> column_source(t.columns.size(), -1);
  for (std::size_t c = t.columns.size(); c-- > 0;)
    for (int f = failed.sources->size(); f-- > 0;)
      if (failed.sources->name(f) == "--set " + t.columns[c] &&
          std::find(column_source.begin(), column_source.end(), f) == column_source.end()) {
        column_source[c] = f;
        break;
      }
  const bool marked = !t.cell_marks.empty();
  for (const Diagnostic& d : failed.diags.items()) {
    Diagnostic moved = d;
    moved.mark.file = copy_source(d.mark.file);
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      const std::string last = t.columns[c].substr(t.columns[c].rfind('.') + 1);
      if (d.mark.file >= 0 && d.mark.file == column_source[c] &&
          d.what.find("unknown key '" + last + "'") != std::string::npos) {  // a key the column adds
        moved.mark = t.header(c);
        moved.what = fmt::format("{}column '{}' is not a path of the scenario ({})", marked ? "" : t.name + ": ",
                                 t.columns[c], d.what);
        break;
      }
      if (d.mark.file >= 0 && d.mark.file == column_source[c]) {  // the value of column c
        moved.mark = t.cell(rows[c], c);
        moved.what = marked ? fmt::format("column '{}': {}", t.columns[c], d.what)
                            : fmt::format("{} row {}, column '{}': {}", t.name, rows[c] + 1, t.columns[c], d.what);
        break;
      }
      if (d.mark.line == 0 && d.what.rfind("--set", 0) == 0 && d.what.find("'" + t.columns[c] + "'") != std::string::npos) {
        moved.mark = t.header(c);
        std::string what = d.what.substr(d.what.find(' ') == std::string::npos ? 0 : d.what.find(' ') + 1);
        moved.what = fmt::format("{}column '{}' is not a path of the scenario ({})", marked ? "" : t.name + ": ",
                                 t.columns[c], what);
        const std::string near = closest(t.columns[c], uncertain_paths);
        moved.fix = near.empty() ? (d.fix.empty() ? std::string() : d.fix + "; ") +
                                       "a column names a --set path, e.g. events.strike.rate, or one of the "
                                       "scenario's uncertain numbers (geosim sweep --lhs lists them)"
                                 : fmt::format("did you mean '{}'?", near);
        break;
      }
    }
    out.diags.error(moved.mark, moved.what, moved.fix);
  }
  return {std::move(intro), std::move(out)};
}

}  // namespace

std::vector<Model*> SweepSetup::ran() {
  std::vector<Model*> out;
  if (!models.empty())
    for (auto& pm : models) out.push_back(&pm);
  else
    out.push_back(&*base.model);
  return out;
}

std::vector<analysis::PointResult> SweepSetup::evaluate(const analysis::PointsOptions& o) const {
  const Model& m = *base.model;
  if (!models.empty())
    return analysis::evaluate_points(
        m, models.size(), [this](std::size_t p, Model&) -> const Model& { return models[p]; }, o);
  return analysis::evaluate_points(
      m, sweep.values.size(),
      [this](std::size_t p, Model& scratch) -> const Model& {
        analysis::fix_parameters(scratch, fixed, sweep.values[p]);
        return scratch;
      },
      o);
}

SweepSetup setup_sweep(const SweepRequest& r) {
  const int designs = (r.grid.empty() ? 0 : 1) + (r.lhs > 0 ? 1 : 0) + (r.table ? 1 : 0);
  if (designs != 1)
    throw UsageError{"sweep: nothing to sweep; give one of --param PATH=LO:HI:N (repeatable, a grid), --lhs N (Latin hypercube) "
                     "or --design FILE.csv (a table of points)"};
  SweepSetup out;
  auto load = [&r](const std::vector<Override>& overrides) {
    return r.text ? load_and_compile_text(r.file, *r.text, {r.variant, overrides})
                  : load_and_compile(r.file, {r.variant, overrides});
  };
  out.base = load(r.overrides);
  if (!out.base.ok()) throw InvalidInput{"", std::move(out.base)};
  const Model& m = *out.base.model;
  analysis::Sweep& s = out.sweep;
  s.seed = r.seed;

  // Points that are each a model of their own: the scenario loaded with these overrides.
  auto point_model = [&](const std::vector<Override>& extra, const std::string& where) -> std::optional<Loaded> {
    auto o = r.overrides;
    o.insert(o.end(), extra.begin(), extra.end());
    if (stop_requested()) throw Interrupted{};  // a signal while loading the sweep's points
    Loaded l = load(o);
    if (!l.ok()) return l;
    if (!same_outcomes(m, *l.model))
      throw UsageError{fmt::format("sweep point {} changes the scenario's outcomes; sweep values, not outcomes", where)};
    out.models.push_back(std::move(*l.model));
    return std::nullopt;
  };

  if (!r.grid.empty()) {
    s.design = "grid";
    for (const auto& text : r.grid) {
      try {
        s.axes.push_back(analysis::parse_grid_axis(text));
      } catch (const std::invalid_argument& e) {
        throw UsageError{e.what()};
      }
      for (const auto& p : s.parameters)
        if (p == s.axes.back().path) throw UsageError{fmt::format("--param: '{}' is given twice; give each path once", p)};
      s.parameters.push_back(s.axes.back().path);
    }
    std::size_t total = 1;
    for (const auto& ax : s.axes) {
      total *= static_cast<std::size_t>(ax.n);
      if (total > kMaxModelPoints) throw UsageError{fmt::format("--param: the grid has more than {} points; use fewer values per axis, or --lhs N to sample the space", kMaxModelPoints)};
    }
    s.values = analysis::grid_points(s.axes);
    out.models.reserve(s.values.size());
    for (const auto& point : s.values) {
      std::vector<Override> o;
      std::string where;
      for (std::size_t i = 0; i < s.axes.size(); ++i) {
        o.push_back({s.axes[i].path, value_text(point[i])});
        where += fmt::format("{}{}={}", where.empty() ? "" : ", ", s.axes[i].path, point[i]);
      }
      if (auto bad = point_model(o, where))
        throw InvalidInput{fmt::format("geosim: sweep point {} is not a valid scenario:", where), std::move(*bad)};
    }
    return out;
  }

  const auto uncertain = analysis::uncertain_parameters(m);
  std::vector<std::string> uncertain_paths;
  for (const auto& u : uncertain) uncertain_paths.push_back(u.path);
  if (r.lhs > 0) {
    s.design = "lhs";
    s.uncertain = uncertain;
    if (s.uncertain.empty())
      throw UsageError{fmt::format("--lhs: {} has no uncertain numbers; make some uncertain with "
                                   "--set 'PATH={{uniform: [LO, HI]}}', or sweep a grid with --param",
                                   r.file)};
    if (r.lhs > kMaxSweepPoints) throw UsageError{fmt::format("--lhs: at most {} points; ask for fewer", kMaxSweepPoints)};
    s.design_seed = random::stream_key(r.seed, 0, stable_hash("analysis:lhs-design"));
    s.quantiles = analysis::latin_hypercube(r.lhs, s.uncertain.size(), s.design_seed);
    s.parameters = uncertain_paths;
    for (const auto& q : s.quantiles) {
      std::vector<double> v(q.size());
      for (std::size_t i = 0; i < q.size(); ++i) v[i] = analysis::parameter_value(s.uncertain[i], q[i]);
      s.values.push_back(std::move(v));
    }
    out.fixed = s.uncertain;
    return out;
  }

  // A table: one column per path, one row per point.
  const analysis::DesignTable& t = *r.table;
  s.design = "table";
  s.design_name = t.name;
  s.parameters = t.columns;
  s.values = t.rows;
  for (std::size_t c = 0; c < t.columns.size(); ++c)
    for (const auto& o : r.overrides)
      if (o.path == t.columns[c])
        throw UsageError{fmt::format("--design: column '{}' is also given with --set; the table's value would "
                                     "replace it at every point, so drop one of them", o.path)};
  bool all_uncertain = true;
  for (const auto& c : t.columns) {
    auto it = std::find(uncertain_paths.begin(), uncertain_paths.end(), c);
    if (it == uncertain_paths.end()) {
      all_uncertain = false;
      continue;
    }
    s.uncertain.push_back(uncertain[static_cast<std::size_t>(it - uncertain_paths.begin())]);
  }
  if (all_uncertain) {
    // Every column is an uncertain number: each point fixes them in a copy of the base model (the
    // same as --set PATH=VALUE, without compiling a model per point). A value its draws could
    // never take is refused, as --set refuses it.
    if (t.rows.size() > kMaxSweepPoints)
      throw UsageError{fmt::format("--design: at most {} points ({} has {}); split the table into smaller ones", kMaxSweepPoints, t.name, t.rows.size())};
    Loaded bad;
    bad.sources = r.table_sources ? r.table_sources : std::make_shared<Sources>();
    for (std::size_t p = 0; p < t.rows.size(); ++p)
      for (std::size_t c = 0; c < t.columns.size(); ++c) {
        const analysis::UncertainParameter& u = s.uncertain[c];
        const double v = t.rows[p][c];
        if (v >= u.lo && v <= u.hi) continue;
        const std::string where = t.cell_marks.empty() ? fmt::format("{} row {}: ", t.name, p + 1) : std::string();
        bad.diags.error(t.cell(p, c),
                        fmt::format("{}{} is outside the range of '{}' ({} to {})", where, value_text(v), u.path,
                                    value_text(u.lo), value_text(u.hi)),
                        "give a value inside its bounds");
      }
    if (!bad.diags.ok()) throw InvalidInput{"", std::move(bad)};
    // What else --set checks (a probability above 1, a rate below 0): the scenario loads with
    // every column at its lowest value in the table, and at its highest.
    for (const bool highest : {false, true}) {
      std::vector<std::size_t> rows(t.columns.size(), 0);
      std::vector<Override> o;
      for (std::size_t c = 0; c < t.columns.size(); ++c) {
        for (std::size_t p = 1; p < t.rows.size(); ++p)
          if (highest ? t.rows[p][c] > t.rows[rows[c]][c] : t.rows[p][c] < t.rows[rows[c]][c]) rows[c] = p;
        o.push_back({t.columns[c], value_text(t.rows[rows[c]][c])});
      }
      auto all = r.overrides;
      all.insert(all.end(), o.begin(), o.end());
      Loaded l = load(all);
      if (!l.ok())
        throw table_point_error(r, uncertain_paths, rows, std::move(l),
                                fmt::format("geosim: {}: the scenario is not valid with each column at its {} value:", t.name,
                                            highest ? "highest" : "lowest"));
    }
    out.fixed = s.uncertain;
    return out;
  }
  if (t.rows.size() > kMaxModelPoints)
    throw UsageError{fmt::format("--design: at most {} points when a column is not an uncertain number ({} has {}); "
                                 "each such point is a scenario of its own",
                                 kMaxModelPoints, t.name, t.rows.size())};
  out.models.reserve(t.rows.size());
  for (std::size_t p = 0; p < t.rows.size(); ++p) {
    std::vector<Override> o;
    std::string where;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      o.push_back({t.columns[c], value_text(t.rows[p][c])});
      where += fmt::format("{}{}={}", where.empty() ? "" : ", ", t.columns[c], t.rows[p][c]);
    }
    if (auto bad = point_model(o, where)) {
      const bool marked = !t.cell_marks.empty();
      throw table_point_error(r, uncertain_paths, std::vector<std::size_t>(t.columns.size(), p), std::move(*bad),
                              fmt::format("geosim: design point {} ({}{}) is not a valid scenario:", p, t.name,
                                          marked ? fmt::format(" line {}", t.cell(p, 0).line) : fmt::format(" row {}", p + 1)));
    }
  }
  return out;
}

}  // namespace geosim::cli
