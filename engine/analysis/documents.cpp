// SPDX-License-Identifier: Apache-2.0
// JSON and CSV documents of compare, sweep and sensitivity. Every document has a top-level
// "command" and a "provenance" block (the only part that may differ between identical runs:
// timings, host, thread count); docs/analysis.md lists every field.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "geosim/analysis.hpp"

namespace geosim::analysis {

using json = nlohmann::ordered_json;

namespace {

// NaN and infinities are not JSON: they become null.
json num(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }
json interval(const stats::Interval& i) { return json::array({num(i.lo), num(i.hi)}); }
std::string csv_num(double x) { return std::isfinite(x) ? fmt::format("{}", x) : std::string(); }

// Quotes a CSV field when it needs it (RFC 4180).
std::string csv_text(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return q + "\"";
}

json scenario_json(const Model& m) {
  return {{"name", m.name}, {"description", m.description}, {"start", m.start}, {"variant", m.variant},
          {"horizon_days", m.horizon_days}, {"step_days", m.step_days}};
}

json outcome_list(const Model& m) {
  json out = json::array();
  for (const auto& o : m.outcomes)
    out.push_back({{"id", o.id}, {"label", o.label}, {"kind", kind_name(o.kind)}, {"measure", measure_name(o.kind)},
                   {"given", o.conditional ? json(o.given_text) : json(nullptr)}});
  return out;
}

json head(const char* command, const Provenance& p) {
  return {{"command", command}, {"provenance", provenance_json(p)}};
}

}  // namespace

// ---- compare -----------------------------------------------------------------------------------

json compare_json(const Model& base, const std::vector<const Model*>& variants, const Comparison& c, const Provenance& p) {
  json j = head("compare", p);
  j["scenario"] = scenario_json(base);
  j["settings"] = {{"seed", c.seed},
                   {"runs", c.runs},
                   {"block_runs", kBlockRuns},
                   {"precision", c.precision > 0 ? json(c.precision) : json(nullptr)},
                   {"pairing", "common random numbers: run i of the base and of every variant uses the same seed, "
                               "run index and named streams"},
                   {"difference", "variant minus base, per run; 95% t interval of the mean difference"},
                   {"interrupted", c.cancelled}};
  // The base and each variant as `geosim run` would summarise them (without its "command").
  j["base"] = summary_json(base, c.base);
  j["base"].erase("command");
  json vs = json::object();
  for (std::size_t v = 0; v < c.variants.size(); ++v) {
    const VariantComparison& vc = c.variants[v];
    json vj = {{"description", vc.description}};
    vj.update(summary_json(*variants[v], vc.summary));
    vj.erase("command");
    json diffs = json::object();
    for (const auto& d : vc.differences) {
      diffs[d.id] = {{"label", d.label},
                     {"kind", kind_name(d.kind)},
                     {"measure", measure_name(d.kind)},
                     {"given", d.given.empty() ? json(nullptr) : json(d.given)},
                     {"base", num(d.base.value)},
                     {"base_ci95", interval(d.base.ci)},
                     {"variant", num(d.variant.value)},
                     {"variant_ci95", interval(d.variant.ci)},
                     {"difference", num(d.difference())},
                     {"ci95", interval(d.paired)},
                     {"half_width", num(d.half_width())},
                     {"unpaired_ci95", interval(d.unpaired)},
                     {"unpaired_half_width", num(d.unpaired_half_width())},
                     {"width_ratio", d.unpaired_half_width() > 0 ? num(d.half_width() / d.unpaired_half_width()) : json(nullptr)},
                     {"correlation", num(d.correlation)},
                     {"distinguishable", d.distinguishable},
                     {"runs", d.runs()},
                     {"counted_base", static_cast<std::uint64_t>(std::llround(d.moments.mean[1] * static_cast<double>(d.runs())))},
                     {"counted_variant", static_cast<std::uint64_t>(std::llround(d.moments.mean[3] * static_cast<double>(d.runs())))},
                     {"runs_up", d.up},
                     {"runs_down", d.down}};
    }
    vj["differences"] = diffs;
    vs[vc.name] = vj;
  }
  j["variants"] = vs;
  return j;
}

std::string compare_csv(const Comparison& c) {
  std::string out =
      "variant,outcome,kind,measure,base,base_lo,base_hi,variant_estimate,variant_lo,variant_hi,difference,"
      "paired_lo,paired_hi,unpaired_lo,unpaired_hi,distinguishable,runs\n";
  for (const auto& vc : c.variants)
    for (const auto& d : vc.differences)
      out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_text(vc.name), csv_text(d.id),
                         kind_name(d.kind), measure_name(d.kind), csv_num(d.base.value), csv_num(d.base.ci.lo),
                         csv_num(d.base.ci.hi), csv_num(d.variant.value), csv_num(d.variant.ci.lo), csv_num(d.variant.ci.hi),
                         csv_num(d.difference()), csv_num(d.paired.lo), csv_num(d.paired.hi), csv_num(d.unpaired.lo),
                         csv_num(d.unpaired.hi), d.distinguishable ? 1 : 0, d.runs());
  return out;
}

// ---- sweep -------------------------------------------------------------------------------------

json sweep_json(const Model& m, const Sweep& s, const Provenance& p) {
  json j = head("sweep", p);
  j["scenario"] = scenario_json(m);
  json settings = {{"design", s.design}, {"seed", s.seed}, {"runs_per_point", s.runs}, {"points", s.values.size()},
                   {"model_runs", s.runs * s.values.size()}, {"block_runs", kBlockRuns}};
  if (s.design == "lhs") settings["design_seed"] = s.design_seed;
  if (s.design == "table") settings["design_file"] = s.design_name;
  settings["interrupted"] = s.cancelled;
  j["settings"] = settings;
  json params = json::array();
  if (s.design == "grid") {
    for (const auto& a : s.axes) params.push_back({{"path", a.path}, {"lo", a.lo}, {"hi", a.hi}, {"n", a.n}, {"values", a.values()}});
  } else if (s.design == "table") {
    // Each column: its range in the table, and the distribution it replaces when it is an uncertain number.
    const auto uncertain = uncertain_parameters(m);
    for (std::size_t a = 0; a < s.parameters.size(); ++a) {
      double lo = 0, hi = 0;
      for (std::size_t i = 0; i < s.values.size(); ++i) {
        lo = i == 0 ? s.values[i][a] : std::min(lo, s.values[i][a]);
        hi = i == 0 ? s.values[i][a] : std::max(hi, s.values[i][a]);
      }
      json pj = {{"path", s.parameters[a]}, {"lo", num(lo)}, {"hi", num(hi)}};
      pj["distribution"] = nullptr;
      for (const auto& u : uncertain)
        if (u.path == s.parameters[a]) pj["distribution"] = distribution_json(u.dist);
      params.push_back(pj);
    }
  } else {
    for (const auto& u : s.uncertain)
      params.push_back({{"path", u.path}, {"distribution", distribution_json(u.dist)}, {"clamp", json::array({num(u.lo), num(u.hi)})}});
  }
  j["parameters"] = params;
  j["outcomes"] = outcome_list(m);
  json points = json::array();
  for (std::size_t i = 0; i < s.points.size(); ++i) {
    json pv = json::object();
    for (std::size_t a = 0; a < s.parameters.size(); ++a) pv[s.parameters[a]] = num(s.values[i][a]);
    json pj = {{"point", i}, {"parameters", pv}};
    if (s.design == "lhs") {
      json q = json::object();
      for (std::size_t a = 0; a < s.parameters.size(); ++a) q[s.parameters[a]] = num(s.quantiles[i][a]);
      pj["quantiles"] = q;
    }
    json oj = json::object();
    for (std::size_t k = 0; k < m.outcomes.size(); ++k) {
      const Estimate e = estimate(s.points[i].outcomes[k], m.outcomes[k].kind);
      oj[m.outcomes[k].id] = {{"estimate", num(e.value)}, {"ci95", interval(e.ci)}, {"runs", s.points[i].outcomes[k].values.n + s.points[i].outcomes[k].nan_runs}};
      if (m.outcomes[k].kind != OutcomeSpec::Kind::When) oj[m.outcomes[k].id]["nan_runs"] = s.points[i].outcomes[k].nan_runs;
    }
    pj["outcomes"] = oj;
    points.push_back(pj);
  }
  j["points"] = points;
  return j;
}

std::string sweep_csv(const Model& m, const Sweep& s) {
  std::string out = "point";
  for (const auto& path : s.parameters) out += "," + csv_text(path);
  for (const auto& o : m.outcomes) out += fmt::format(",{0},{0}_lo,{0}_hi", csv_text(o.id));
  out += "\n";
  for (std::size_t i = 0; i < s.points.size(); ++i) {
    out += fmt::format("{}", i);
    for (double v : s.values[i]) out += "," + csv_num(v);
    for (std::size_t k = 0; k < m.outcomes.size(); ++k) {
      const Estimate e = estimate(s.points[i].outcomes[k], m.outcomes[k].kind);
      out += fmt::format(",{},{},{}", csv_num(e.value), csv_num(e.ci.lo), csv_num(e.ci.hi));
    }
    out += "\n";
  }
  return out;
}

// ---- sensitivity -------------------------------------------------------------------------------

json sensitivity_json(const Model& m, const Sensitivity& s, const Provenance& p) {
  const bool morris = s.method == Method::Morris;
  json j = head("sensitivity", p);
  j["scenario"] = scenario_json(m);
  json settings = {{"method", morris ? "morris" : "sobol"}, {"seed", s.seed}, {"design_seed", s.design_seed},
                   {"runs_per_point", s.runs}, {"points", s.points}, {"model_runs", s.runs * s.points}};
  if (morris) {
    settings["trajectories"] = s.trajectories;
    settings["levels"] = s.levels;
    settings["delta"] = s.delta;
  } else {
    settings["samples"] = s.samples;
  }
  settings["bootstrap"] = s.bootstrap;
  settings["interrupted"] = s.cancelled;
  j["settings"] = settings;
  json params = json::array();
  for (const auto& u : s.parameters)
    params.push_back({{"path", u.path}, {"distribution", distribution_json(u.dist)}, {"clamp", json::array({num(u.lo), num(u.hi)})}});
  j["parameters"] = params;
  json outs = json::object();
  for (const auto& os : s.outcomes) {
    json ranking = json::array();
    for (std::size_t i : os.ranking) ranking.push_back(s.parameters[i].path);
    json pj = json::object();
    for (std::size_t r = 0; r < os.ranking.size(); ++r) {
      const std::size_t i = os.ranking[r];
      const auto& pi = os.parameters[i];
      json e = {{"rank", r + 1}};
      if (morris) {
        e["mu_star"] = num(pi.mu_star);
        e["mu_star_ci95"] = interval(pi.mu_star_ci);
        e["mu"] = num(pi.mu);
        e["sigma"] = num(pi.sigma);
      } else {
        e["S1"] = num(pi.s1);
        e["S1_ci95"] = interval(pi.s1_ci);
        e["ST"] = num(pi.st);
        e["ST_ci95"] = interval(pi.st_ci);
      }
      pj[s.parameters[i].path] = e;
    }
    outs[os.id] = {{"label", os.label}, {"kind", kind_name(os.kind)}, {"measure", measure_name(os.kind)},
                   {"mean", num(os.mean)}, {"variance", num(os.variance)}, {"points_without_runs", os.empty_points},
                   {"ranking", ranking}, {"parameters", pj}};
    if (os.kind != OutcomeSpec::Kind::When) outs[os.id]["nan_runs"] = os.nan_runs;
  }
  j["outcomes"] = outs;
  return j;
}

std::string sensitivity_csv(const Sensitivity& s) {
  const bool morris = s.method == Method::Morris;
  std::string out = morris ? "outcome,parameter,rank,mu_star,mu_star_lo,mu_star_hi,mu,sigma\n"
                           : "outcome,parameter,rank,S1,S1_lo,S1_hi,ST,ST_lo,ST_hi\n";
  for (const auto& os : s.outcomes)
    for (std::size_t r = 0; r < os.ranking.size(); ++r) {
      const std::size_t i = os.ranking[r];
      const auto& pi = os.parameters[i];
      out += fmt::format("{},{},{}", csv_text(os.id), csv_text(s.parameters[i].path), r + 1);
      if (morris)
        out += fmt::format(",{},{},{},{},{}\n", csv_num(pi.mu_star), csv_num(pi.mu_star_ci.lo), csv_num(pi.mu_star_ci.hi),
                           csv_num(pi.mu), csv_num(pi.sigma));
      else
        out += fmt::format(",{},{},{},{},{},{}\n", csv_num(pi.s1), csv_num(pi.s1_ci.lo), csv_num(pi.s1_ci.hi),
                           csv_num(pi.st), csv_num(pi.st_ci.lo), csv_num(pi.st_ci.hi));
    }
  return out;
}

}  // namespace geosim::analysis
