// SPDX-License-Identifier: Apache-2.0
#include <cmath>

#include <fmt/format.h>

#include "geosim/report.hpp"

namespace geosim {

namespace {

std::string estimate(const OutcomeSummary& o) {
  switch (o.kind) {
    case OutcomeSpec::Kind::When:
    case OutcomeSpec::Kind::Count:
      if (o.kind == OutcomeSpec::Kind::Count)
        return fmt::format("{:.3f}", o.values.mean);
      return fmt::format("{:.1f}%", 100 * o.probability());
    case OutcomeSpec::Kind::Value: return fmt::format("{:.3f}", o.values.mean);
  }
  return {};
}

std::string interval(const OutcomeSummary& o) {
  if (o.kind == OutcomeSpec::Kind::When) return fmt::format("[{:.1f}%, {:.1f}%]", 100 * o.ci.lo, 100 * o.ci.hi);
  auto ci = o.values.mean_interval();
  return fmt::format("[{:.3f}, {:.3f}]", ci.lo, ci.hi);
}

std::string detail(const OutcomeSummary& o) {
  switch (o.kind) {
    case OutcomeSpec::Kind::When: {
      if (o.n == 0) return "no run met its condition";
      if (o.happened == 0) return "never happened";
      auto km = o.survival();
      double med = km.quantile_time(0.5);
      return std::isnan(med) ? fmt::format("probability by the horizon")
                             : fmt::format("median day {:.0f}", med);
    }
    case OutcomeSpec::Kind::Count:
      return fmt::format("mean count; fired at least once in {:.1f}% of runs", 100 * o.probability());
    case OutcomeSpec::Kind::Value:
      if (o.sorted_values.empty()) return {};
      return fmt::format("median {:.3f}, 90% of runs in [{:.3f}, {:.3f}]",
                         o.quantile(0.5), o.quantile(0.05), o.quantile(0.95));
  }
  return {};
}

std::string trimmed(const std::string& label) {
  const auto a = label.find_first_not_of(' ');
  return a == std::string::npos ? std::string{} : label.substr(a);
}

}  // namespace

std::string format_table(const Summary& s) {
  std::string out = fmt::format("{}{}\n{} runs, seed {}, horizon {} days, {}-day steps\n\n", s.scenario,
                                s.variant.empty() ? "" : " [variant: " + s.variant + "]", s.runs, s.seed,
                                s.horizon_days, s.step_days);
  std::size_t w = 7;
  for (const auto& o : s.outcomes) w = std::max(w, o.label.size());
  w = std::min<std::size_t>(w, 48);
  out += fmt::format("{:<{}}  {:>9}  {:<20}  {}\n", "outcome", w, "estimate", "95% interval", "notes");
  out += fmt::format("{:-<{}}  {:->9}  {:-<20}  {:-<5}\n", "", w, "", "", "");
  for (const auto& o : s.outcomes) {
    std::string label = o.label.size() > w ? o.label.substr(0, w - 1) + "~" : o.label;
    std::string note = detail(o);
    std::string est = estimate(o), ci = interval(o);
    if (const auto sh = outcome_share(s, o)) {
      // Durability under censoring: the share of the runs that could show it (share_of), with
      // the share of all runs in the note.
      est = fmt::format("{:.1f}%", 100 * sh->p);
      ci = fmt::format("[{:.1f}%, {:.1f}%]", 100 * sh->ci.lo, 100 * sh->ci.hi);
      note = fmt::format("share of '{}': {} of {} runs; {:.1f}% of all runs", trimmed(sh->of->label), sh->k, sh->n,
                         100 * o.probability());
    }
    if (!o.given.empty()) note += fmt::format(" [given {}: {} runs]", o.given, o.n);
    if (o.nan_runs > 0) note += fmt::format(" [not a number in {} runs, left out]", o.nan_runs);
    out += fmt::format("{:<{}}  {:>9}  {:<20}  {}\n", label, w, est, ci, note);
  }
  return out;
}

}  // namespace geosim
