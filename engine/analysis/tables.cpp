// SPDX-License-Identifier: Apache-2.0
// Terminal tables of compare, sweep and sensitivity, aligned with fmt.
#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "geosim/analysis.hpp"

namespace geosim::analysis {

namespace {

bool shown(const std::vector<std::string>& only, const std::string& id) {
  return only.empty() || std::find(only.begin(), only.end(), id) != only.end();
}

std::string fmt_or_dash(const char* f, double x) { return std::isfinite(x) ? fmt::format(fmt::runtime(f), x) : "-"; }

// Headline estimate as text: probabilities in percent, means with 3 decimals.
std::string est_text(OutcomeSpec::Kind kind, double v) {
  return kind == OutcomeSpec::Kind::When ? fmt_or_dash("{:.1f}%", 100 * v) : fmt_or_dash("{:.3f}", v);
}

std::string ci_text(OutcomeSpec::Kind kind, const stats::Interval& ci) {
  if (kind == OutcomeSpec::Kind::When) return fmt::format("[{}, {}]", fmt_or_dash("{:.1f}%", 100 * ci.lo), fmt_or_dash("{:.1f}%", 100 * ci.hi));
  return fmt::format("[{}, {}]", fmt_or_dash("{:.3f}", ci.lo), fmt_or_dash("{:.3f}", ci.hi));
}

// Differences: probabilities in percentage points.
std::string diff_text(OutcomeSpec::Kind kind, double v) {
  return kind == OutcomeSpec::Kind::When ? fmt_or_dash("{:+.1f} pt", 100 * v) : fmt_or_dash("{:+.3f}", v);
}

std::string diff_ci_text(OutcomeSpec::Kind kind, const stats::Interval& ci) {
  if (kind == OutcomeSpec::Kind::When) return fmt::format("[{}, {}]", fmt_or_dash("{:+.1f}", 100 * ci.lo), fmt_or_dash("{:+.1f}", 100 * ci.hi));
  return fmt::format("[{}, {}]", fmt_or_dash("{:+.3f}", ci.lo), fmt_or_dash("{:+.3f}", ci.hi));
}

std::string hw_text(OutcomeSpec::Kind kind, double hw) {
  return kind == OutcomeSpec::Kind::When ? fmt_or_dash("{:.1f}", 100 * hw) : fmt_or_dash("{:.3f}", hw);
}

// A `share_of` outcome's rows: each side's share of the runs in which the outcome it is a subset
// of happened (held, of the ceasefires that could have held; mc.hpp outcome_share), as the report
// shows it, and their difference with Newcombe's interval. The runs counted differ between base and
// variant, so there is no paired interval.
std::string share_rows(const Comparison& c, std::size_t k, const OutcomeShare& base, std::size_t w, const std::string& head,
                       bool* any_flag) {
  const OutcomeSummary& bo = c.base.outcomes[k];
  // A nested outcome's label is indented for the tables: the name alone here.
  const std::string of = base.of->label.substr(std::min(base.of->label.find_first_not_of(' '), base.of->label.size()));
  std::string out = fmt::format("\n{} ({}, share of the runs where '{}' happened)\n", bo.label, bo.id, of);
  out += head;
  out += fmt::format("  {:<{}}  {:>9}  {:<18}\n", "base", w, est_text(OutcomeSpec::Kind::When, base.p),
                     ci_text(OutcomeSpec::Kind::When, base.ci));
  for (const auto& v : c.variants) {
    const PairedDifference* d = nullptr;
    for (const auto& x : v.differences)
      if (x.base_index == k) d = &x;
    const std::string name = v.name.size() > w ? v.name.substr(0, w - 1) + "~" : v.name;
    const auto vs = d == nullptr ? std::nullopt : outcome_share(v.summary, v.summary.outcomes[d->variant_index]);
    if (!vs) {
      out += fmt::format("  {:<{}}  (no share: the variant has no runs where '{}' happened, or no outcome '{}')\n", name, w, of,
                         bo.id);
      continue;
    }
    const stats::Interval ci = stats::newcombe_difference(vs->p, vs->ci, base.p, base.ci);
    const bool flag = ci.lo > 0 || ci.hi < 0;
    *any_flag = *any_flag || flag;
    out += fmt::format("  {:<{}}  {:>9}  {:<18}  {:>9}{:<2}  {:<18}  {:>7}  {:>9}\n", name, w, est_text(OutcomeSpec::Kind::When, vs->p),
                       ci_text(OutcomeSpec::Kind::When, vs->ci), diff_text(OutcomeSpec::Kind::When, vs->p - base.p), flag ? " *" : "",
                       diff_ci_text(OutcomeSpec::Kind::When, ci), "-", hw_text(OutcomeSpec::Kind::When, (ci.hi - ci.lo) / 2));
  }
  return out;
}

std::string title(const std::string& scenario, const std::string& variant) {
  return variant.empty() ? scenario : fmt::format("{} [variant: {}]", scenario, variant);
}

}  // namespace

std::string format_compare_table(const Comparison& c, const std::vector<std::string>& only) {
  std::string out = fmt::format("{}: {} variant{} against the base\n", c.base.scenario, c.variants.size(),
                                c.variants.size() == 1 ? "" : "s");
  out += fmt::format("{} paired runs per model, seed {}, horizon {} days; common random numbers; difference = variant - base\n",
                     c.runs, c.seed, c.base.horizon_days);
  if (c.variants.empty()) return out;
  std::size_t w = 4;
  for (const auto& v : c.variants) w = std::max(w, v.name.size());
  w = std::min<std::size_t>(w, 40);
  const std::string head = fmt::format("  {:<{}}  {:>9}  {:<18}  {:>11}  {:<18}  {:>7}  {:>9}\n", "", w, "estimate",
                                       "95% interval", "difference", "95% paired", "+-paired", "+-unpaired");
  bool any_flag = false, any_share = false;
  for (std::size_t k = 0; k < c.base.outcomes.size(); ++k) {
    const OutcomeSummary& bo = c.base.outcomes[k];
    if (!shown(only, bo.id)) continue;
    if (const auto share = outcome_share(c.base, bo)) {
      out += share_rows(c, k, *share, w, head, &any_flag);
      any_share = true;
      continue;
    }
    out += fmt::format("\n{} ({}, {})\n", bo.label, bo.id, measure_name(bo.kind));
    out += head;
    const Estimate be = estimate(bo);
    out += fmt::format("  {:<{}}  {:>9}  {:<18}\n", "base", w, est_text(bo.kind, be.value), ci_text(bo.kind, be.ci));
    for (const auto& v : c.variants) {
      const PairedDifference* d = nullptr;
      for (const auto& x : v.differences)
        if (x.base_index == k) d = &x;
      std::string name = v.name.size() > w ? v.name.substr(0, w - 1) + "~" : v.name;
      if (d == nullptr) {
        out += fmt::format("  {:<{}}  (the variant has no outcome '{}')\n", name, w, bo.id);
        continue;
      }
      any_flag = any_flag || d->distinguishable;
      out += fmt::format("  {:<{}}  {:>9}  {:<18}  {:>9}{:<2}  {:<18}  {:>7}  {:>9}\n", name, w, est_text(d->kind, d->variant.value),
                         ci_text(d->kind, d->variant.ci), diff_text(d->kind, d->difference()), d->distinguishable ? " *" : "",
                         diff_ci_text(d->kind, d->paired), hw_text(d->kind, d->half_width()),
                         hw_text(d->kind, d->unpaired_half_width()));
    }
  }
  out += "\npt = percentage points. +-paired: half-width of the paired 95% interval; +-unpaired: what two independent\n"
         "sets of runs of the same size would give.";
  out += any_flag ? " * the interval excludes 0: a real difference at this number of runs.\n" : "\n";
  if (any_share)
    out += "A share (held, of the runs that could show it) counts different runs under base and variant: its difference\n"
           "has Newcombe's unpaired interval (in the paired column) and no paired half-width (-).\n";
  if (c.cancelled) out += "(interrupted: figures cover the runs merged so far)\n";
  return out;
}

std::string format_sweep_table(const Model& m, const Sweep& s, const std::vector<std::string>& only) {
  std::string out = fmt::format("{}: {} sweep, {} points x {} runs, seed {}\n", title(m.name, m.variant), s.design,
                                s.values.size(), s.runs, s.seed);
  if (s.design == "lhs") {
    out += "Latin hypercube over the uncertain numbers, each fixed per point at a quantile of its distribution:\n";
    for (const auto& u : s.uncertain) out += fmt::format("  {}  ~ {}\n", u.path, distribution_text(u.dist));
  } else if (s.design == "table") {
    out += fmt::format("Points from {}, one per row; numbers not in it keep their distributions.\n", s.design_name);
  }
  out += "\n";
  std::vector<std::size_t> cols;
  for (std::size_t k = 0; k < m.outcomes.size(); ++k)
    if (shown(only, m.outcomes[k].id)) cols.push_back(k);
  std::vector<std::size_t> pw;
  std::string line = fmt::format("{:>5}", "point");
  std::string rule = fmt::format("{:->5}", "");
  for (const auto& p : s.parameters) {
    pw.push_back(std::max<std::size_t>(p.size(), 8));
    line += fmt::format("  {:>{}}", p, pw.back());
    rule += fmt::format("  {:->{}}", "", pw.back());
  }
  std::vector<std::size_t> ow;
  for (std::size_t k : cols) {
    ow.push_back(std::max<std::size_t>(m.outcomes[k].id.size(), 8));
    line += fmt::format("  {:>{}}", m.outcomes[k].id, ow.back());
    rule += fmt::format("  {:->{}}", "", ow.back());
  }
  out += line + "\n" + rule + "\n";
  for (std::size_t i = 0; i < s.points.size(); ++i) {
    std::string row = fmt::format("{:>5}", i);
    for (std::size_t a = 0; a < s.parameters.size(); ++a) row += fmt::format("  {:>{}}", fmt::format("{:.4g}", s.values[i][a]), pw[a]);
    for (std::size_t c = 0; c < cols.size(); ++c) {
      const std::size_t k = cols[c];
      row += fmt::format("  {:>{}}", est_text(m.outcomes[k].kind, estimate(s.points[i].outcomes[k], m.outcomes[k].kind).value), ow[c]);
    }
    out += row + "\n";
  }
  out += "\nProbabilities in percent, means with 3 decimals; 95% intervals are in the --csv and --json outputs.\n";
  if (s.cancelled) out += "(interrupted)\n";
  return out;
}

std::string format_sensitivity_table(const Model& m, const Sensitivity& s, const std::vector<std::string>& only) {
  const bool morris = s.method == Method::Morris;
  std::string out = fmt::format("{}: {} over {} uncertain number{}\n", title(m.name, m.variant),
                                morris ? "Morris screening" : "Sobol indices", s.parameters.size(),
                                s.parameters.size() == 1 ? "" : "s");
  if (morris)
    out += fmt::format("{} trajectories x {} points = {} points x {} runs = {} model runs, seed {}, {} levels\n",
                       s.trajectories, s.parameters.size() + 1, s.points, s.runs, s.points * s.runs, s.seed, s.levels);
  else
    out += fmt::format("{} base samples x {} matrices = {} points x {} runs = {} model runs, seed {}\n", s.samples,
                       s.parameters.size() + 2, s.points, s.runs, s.points * s.runs, s.seed);
  for (const auto& u : s.parameters) out += fmt::format("  {}  ~ {}\n", u.path, distribution_text(u.dist));
  std::size_t w = 9;
  for (const auto& u : s.parameters) w = std::max(w, u.path.size());
  w = std::min<std::size_t>(w, 48);
  for (const auto& os : s.outcomes) {
    if (!shown(only, os.id)) continue;
    out += fmt::format("\n{} ({}, {}: {} on average over the design points)\n", os.label, os.id, measure_name(os.kind),
                       est_text(os.kind, os.mean));
    if (morris)
      out += fmt::format("  {:>4}  {:<{}}  {:>8}  {:<18}  {:>8}  {:>8}\n", "rank", "parameter", w, "mu*", "95% interval", "mu", "sigma");
    else
      out += fmt::format("  {:>4}  {:<{}}  {:>6}  {:<16}  {:>6}  {:<16}\n", "rank", "parameter", w, "S1", "95% interval", "ST", "95% interval");
    if (os.empty_points > 0) {
      out += fmt::format("  (no run met this conditional outcome's condition at {} of the {} points: no index)\n",
                         os.empty_points, s.points);
      continue;
    }
    if (!(os.variance > 0)) {
      out += "  (the expected outcome does not change over the design: no index to compute)\n";
      continue;
    }
    for (std::size_t r = 0; r < os.ranking.size(); ++r) {
      const std::size_t i = os.ranking[r];
      const auto& pi = os.parameters[i];
      std::string name = s.parameters[i].path;
      if (name.size() > w) name = name.substr(0, w - 1) + "~";
      if (morris)
        out += fmt::format("  {:>4}  {:<{}}  {:>8}  {:<18}  {:>8}  {:>8}\n", r + 1, name, w, fmt_or_dash("{:.4f}", pi.mu_star),
                           fmt::format("[{}, {}]", fmt_or_dash("{:.4f}", pi.mu_star_ci.lo), fmt_or_dash("{:.4f}", pi.mu_star_ci.hi)),
                           fmt_or_dash("{:+.4f}", pi.mu), fmt_or_dash("{:.4f}", pi.sigma));
      else
        out += fmt::format("  {:>4}  {:<{}}  {:>6}  {:<16}  {:>6}  {:<16}\n", r + 1, name, w, fmt_or_dash("{:.3f}", pi.s1),
                           fmt::format("[{}, {}]", fmt_or_dash("{:.2f}", pi.s1_ci.lo), fmt_or_dash("{:.2f}", pi.s1_ci.hi)),
                           fmt_or_dash("{:.3f}", pi.st),
                           fmt::format("[{}, {}]", fmt_or_dash("{:.2f}", pi.st_ci.lo), fmt_or_dash("{:.2f}", pi.st_ci.hi)));
    }
  }
  if (morris)
    out += "\nmu*: mean absolute elementary effect, the change in the expected outcome per unit of the parameter's\n"
           "quantile (0 to 1 spans its distribution); mu: the same with signs; sigma: spread of the effects\n"
           "(interactions, non-linearity). Ranked by mu*. Intervals: bootstrap 95% over trajectories.\n";
  else
    out += "\nS1: share of the variance of the expected outcome due to the parameter alone; ST: including its\n"
           "interactions. Ranked by ST. Intervals: bootstrap 95%.\n";
  if (s.cancelled) out += "(interrupted)\n";
  return out;
}

}  // namespace geosim::analysis
