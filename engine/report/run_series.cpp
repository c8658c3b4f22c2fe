// SPDX-License-Identifier: Apache-2.0
// What the run report charts over time beyond tracked variables: the bargaining range (its
// bounds and which bound binds) and the share of choices per action of each decision. The
// slots are tracked as hidden series ("#" + slot name), recorded like any tracked variable
// without touching a random stream, and summarised here into the JSON's "bargaining.over_time"
// and "decisions"; they never appear in "series".
//
// Shares come from counters: negotiation.steps counts a run's bargaining steps and
// negotiation.binds.demand those in which B's demand set the lower bound, so over a window of
// steps the share of bargaining steps in which the demand bound is (mean increment of binds.demand)
// / (mean increment of steps) over the sampled runs: a difference of means is the mean of the
// differences. Choices likewise: decisions.ID.ACTION.count over decisions.ID.count.
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "geosim/output.hpp"
#include "geosim/series_points.hpp"

namespace geosim {

namespace {

using json = nlohmann::ordered_json;

json num(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

// At most this many windows over the horizon: weekly points for a year of daily steps.
constexpr int kMaxWindows = 52;
// A share over fewer sampled run-steps (or choices) than this is not shown (null).
constexpr double kMinCount = 20.0;

struct Windows {
  std::vector<std::size_t> end;  ///< point index at each window's end (geosim/series_points.hpp)
  std::vector<double> day;       ///< its day
};

// Windows of equal length over the run, each a whole number of the series' points (every step up
// to 1,000 steps, geosim/series_points.hpp); with `every_days` > 0 (a decision taken every K days)
// also a whole number of K-day periods where the points allow, so that every window holds as many
// of its occasions.
Windows windows(const Model& m, const SeriesSummary& any, int every_days = 0) {
  Windows w;
  const int stride = series_stride(m.steps), last = series_points(m.steps) - 1;
  int per = std::max(1, static_cast<int>(std::ceil(static_cast<double>(last) / kMaxWindows)));
  if (every_days > 0) {
    const int k = std::max(1, (every_days + m.step_days - 1) / m.step_days);  // steps per period
    const int k_points = k / std::gcd(k, stride);  // points per whole number of periods
    per = (per + k_points - 1) / k_points * k_points;
  }
  for (int e = per; ; e += per) {
    const auto p = static_cast<std::size_t>(std::min(e, last));
    if (p >= any.day.size()) break;
    w.end.push_back(p);
    w.day.push_back(any.day[p]);
    if (e >= last) break;
  }
  return w;
}

// Per window: the share (mean increment of `part`) / (mean increment of `whole`), null when
// fewer than kMinCount sampled run-steps count for it; and that count.
void shares(const SeriesSummary& part, const SeriesSummary& whole, const Windows& w, json& share, json& count) {
  share = json::array();
  count = json::array();
  std::size_t from = 0;
  for (std::size_t p : w.end) {
    const double dw = whole.mean[p] - whole.mean[from], dp = part.mean[p] - part.mean[from];
    const double n = dw * static_cast<double>(whole.runs_used);
    share.push_back(std::isfinite(n) && n >= kMinCount ? num(std::clamp(dp / dw, 0.0, 1.0)) : json(nullptr));
    count.push_back(std::isfinite(n) ? std::llround(n) : 0);
    from = p;
  }
}

json quartiles(const SeriesSummary& s, const Windows& w) {
  json q = {{"p25", json::array()}, {"p50", json::array()}, {"p75", json::array()}};
  for (std::size_t p : w.end) {
    q["p25"].push_back(num(s.bands[p][1]));
    q["p50"].push_back(num(s.bands[p][2]));
    q["p75"].push_back(num(s.bands[p][3]));
  }
  return q;
}

}  // namespace

void add_report_series(Model& m) {
  // The counters are read through their means only (shares of increments): no quantile bands.
  const auto add = [&m](Slot slot, bool bands) { m.tracked.push_back({slot, "#" + m.slot_names[slot], bands}); };
  const NegotiationRule& n = m.negotiation;
  if (n.present) {
    for (Slot slot : {n.low, n.high}) add(slot, true);
    for (Slot slot : {n.steps, n.binds_demand, n.binds_red_line}) add(slot, false);
  }
  for (const DecisionRule& d : m.decisions) {
    add(d.count, false);
    for (std::uint32_t a = d.first_action; a < d.first_action + d.actions; ++a) add(m.actions[a].count, false);
  }
}

std::size_t report_series_count(const Model& m) {
  std::size_t n = m.negotiation.present ? 5 : 0;
  for (const DecisionRule& d : m.decisions) n += 1 + d.actions;
  return n;
}

void add_report_series_json(const Model& m, const Summary& s, json& out) {
  std::map<std::string, const SeriesSummary*> by_name;
  for (const auto& ser : s.series)
    if (!ser.name.empty() && ser.name[0] == '#' && ser.mean.size() == ser.day.size()) by_name[ser.name.substr(1)] = &ser;
  const auto find = [&](Slot slot) -> const SeriesSummary* {
    auto it = by_name.find(m.slot_names[slot]);
    return it == by_name.end() ? nullptr : it->second;
  };
  const NegotiationRule& n = m.negotiation;
  if (n.present) {
    const SeriesSummary *low = find(n.low), *high = find(n.high), *steps = find(n.steps);
    const SeriesSummary *demand = find(n.binds_demand), *red = find(n.binds_red_line);
    if (low && high && steps && demand && red) {
      const Windows w = windows(m, *steps);
      json t = {{"day", w.day}, {"runs_used", steps->runs_used}, {"low", quartiles(*low, w)}, {"high", quartiles(*high, w)}};
      json share, count;
      shares(*demand, *steps, w, share, count);
      t["demand_binds"] = share;
      t["bargaining_run_steps"] = count;
      shares(*red, *steps, w, share, count);
      t["red_line_binds"] = share;
      out["bargaining"]["over_time"] = t;
    }
  }
  json decisions = json::object();
  for (const DecisionRule& d : m.decisions) {
    const SeriesSummary* total = find(d.count);
    if (!total) continue;
    const Windows w = windows(m, *total, d.has_on ? 0 : d.every_days);
    json j = {{"actor", d.actor >= 0 ? m.actor_ids[static_cast<std::size_t>(d.actor)] : std::string()},
              {"describe", d.describe}, {"day", w.day}, {"runs_used", total->runs_used}};
    json share_by_action = json::object(), count, actions = json::object();
    for (std::uint32_t a = d.first_action; a < d.first_action + d.actions; ++a) {
      const SeriesSummary* chosen = find(m.actions[a].count);
      if (!chosen) continue;
      actions[m.actions[a].id] = m.actions[a].describe;
      json share;
      shares(*chosen, *total, w, share, count);
      share_by_action[m.actions[a].id] = share;
    }
    j["actions"] = actions;
    j["choices"] = count;
    j["share"] = share_by_action;
    decisions[d.id] = j;
  }
  if (!decisions.empty()) out["decisions"] = decisions;
}

}  // namespace geosim
