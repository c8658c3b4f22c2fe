// SPDX-License-Identifier: Apache-2.0
// The report's charts. Each is one self-contained <svg>: its title inside, axes with units, a
// legend, and every number a reader needs as text (so the chart is useful printed in grey and
// its labels can be checked against the JSON by a parser).
#include <algorithm>
#include <cmath>
#include <iterator>

#include <fmt/format.h>

#include "report/svg.hpp"

namespace geosim::report::svg {

namespace {

constexpr double kWide = 760;   // full-width charts
constexpr double kSmall = 480;  // small multiples, two per row on a wide screen

// `s` in at most two lines of at most `max_px` each (the second cut with an ellipsis).
std::vector<std::string> wrap2(std::string_view s, double max_px) {
  if (text_width(s) <= max_px) return {std::string(s)};
  // Break at the last space (dropped) or after the last underscore (kept) that fits.
  std::size_t cut = std::string_view::npos, skip = 0;
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (text_width(s.substr(0, i)) > max_px) break;
    if (s[i] == ' ') cut = i, skip = 1;
    if (s[i - 1] == '_') cut = i, skip = 0;
  }
  if (cut == std::string_view::npos) return {fit(s, max_px)};
  std::string_view rest = s.substr(cut + skip);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  return {std::string(s.substr(0, cut)), fit(rest, max_px)};
}

// A right-aligned label of one or two lines centred on y.
void row_label(Canvas& c, double x, double y, std::string_view s, double max_px) {
  const auto lines = wrap2(s, max_px);
  if (lines.size() == 1) {
    c.text(x, y + 5, lines[0], "end", "class=\"label\"");
    return;
  }
  c.raw(fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\"><tspan x=\"{}\">{}</tspan><tspan x=\"{}\" dy=\"16\">{}</tspan></text>\n",
                    coord(x), coord(y - 3), coord(x), esc(lines[0]), coord(x), esc(lines[1])));
}

// The part of segment `seg` with y in [y0, y1] (empty when none).
std::vector<std::array<double, 2>> clip_y(std::vector<std::array<double, 2>> seg, double y0, double y1) {
  const std::array<double, 2> a = seg[0], b = seg[1];
  double t0 = 0, t1 = 1;
  const double dy = b[1] - a[1];
  for (const auto& [bound, lower] : {std::pair{y0, true}, std::pair{y1, false}}) {
    if (dy == 0) {
      if (lower ? a[1] < bound : a[1] > bound) return {};
      continue;
    }
    const double t = (bound - a[1]) / dy;
    if ((dy > 0) == lower) t0 = std::max(t0, t);
    else t1 = std::min(t1, t);
  }
  if (t0 > t1) return {};
  auto at = [&](double t) { return std::array<double, 2>{a[0] + t * (b[0] - a[0]), a[1] + t * dy}; };
  return {at(t0), at(t1)};
}

std::string attr_num(double v) { return std::isfinite(v) ? fmt::format("{}", v) : "nan"; }

// A chart title inside the SVG, bold, at the top left.
void heading(Canvas& c, std::string_view title, double x = 12) {
  c.text(x, 24, fit(title, c.width() - 2 * x, 10.5), "start", "class=\"chart-title\" font-size=\"17\" font-weight=\"bold\"");
}

// Whisker from lo to hi at height y, with end caps.
void whisker(Canvas& c, double x_lo, double x_hi, double y, std::string_view colour, double cap = 6) {
  c.line(x_lo, y, x_hi, y, colour, 2);
  c.line(x_lo, y - cap, x_lo, y + cap, colour, 2);
  c.line(x_hi, y - cap, x_hi, y + cap, colour, 2);
}

// Vertices of a right-continuous step function starting at (x0, y0), jumping to ys[i] at xs[i],
// held to x_end.
std::vector<std::array<double, 2>> steps(double x0, double y0, const std::vector<double>& xs,
                                         const std::vector<double>& ys, double x_end) {
  std::vector<std::array<double, 2>> v{{x0, y0}};
  double y = y0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    v.push_back({xs[i], y});
    y = ys[i];
    v.push_back({xs[i], y});
  }
  v.push_back({x_end, y});
  return v;
}

std::string polyline_d(const std::vector<std::array<double, 2>>& pts, const Scale& sx, const Scale& sy, bool close) {
  std::string d;
  for (std::size_t i = 0; i < pts.size(); ++i)
    fmt::format_to(std::back_inserter(d), "{}{} {}", i == 0 ? "M" : " L", coord(sx(pts[i][0])), coord(sy(pts[i][1])));
  if (close) d += " Z";
  return d;
}

std::string band_d(const std::vector<double>& x, const std::vector<double>& lo, const std::vector<double>& hi,
                   const Scale& sx, const Scale& sy) {
  std::vector<std::array<double, 2>> pts;
  for (std::size_t i = 0; i < x.size(); ++i) pts.push_back({x[i], hi[i]});
  for (std::size_t i = x.size(); i-- > 0;) pts.push_back({x[i], lo[i]});
  return polyline_d(pts, sx, sy, true);
}

}  // namespace

double probability_floor(double min_value) {
  for (double f : {0.99, 0.98, 0.95, 0.9, 0.8, 0.6, 0.4, 0.2})
    if (min_value >= f + 0.002) return f;
  return 0.0;
}

double survival_min(const SurvivalCurve& k) {
  double min_v = k.final_p;
  for (double v : k.lo) min_v = std::min(min_v, v);
  for (double v : k.s) min_v = std::min(min_v, v);
  return min_v;
}

std::string probability_chart(std::string_view id, std::string_view title, const std::vector<ProbabilityRow>& rows,
                              std::string_view kind) {
  double label_w = 140;
  for (const auto& r : rows) label_w = std::max(label_w, text_width(r.label + (r.note.empty() ? "" : " (" + r.note + ")")));
  label_w = std::min(label_w, 290.0);
  const double row_h = 40;
  const Area a{label_w + 24, 64, kWide - label_w - 24 - 190, row_h * static_cast<double>(rows.size())};
  Canvas c(kWide, a.bottom() + 60, id, kind, title,
           "Each bar is the share of runs in which the outcome happened by the horizon; the black whisker is its 95% interval.");
  heading(c, title);
  legend(c, a.left, 48, {{"estimate", colour(0), LegendItem::Mark::Band, 0.85}, {"95% interval", "#000000", LegendItem::Mark::Line}});
  const Scale sx{0, 1, a.left, a.right()};
  x_axis(c, a, sx, nice_ticks(0, 1, 5), Format::Percent, "share of runs (%)");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    const double y = a.top + row_h * (static_cast<double>(i) + 0.5);
    const std::string full = r.label + (r.note.empty() ? "" : " (" + r.note + ")");
    c.raw(fmt::format("<g class=\"row\" data-outcome=\"{}\">\n<title>{}: {} (95% interval {} to {})</title>\n", esc(r.id),
                      esc(full), format_value(r.p, Format::Percent), format_value(r.lo, Format::Percent),
                      format_value(r.hi, Format::Percent)));
    row_label(c, a.left - 10, y, full, label_w);
    c.rect(a.left, y - 10, a.width, 20, "#eeeeee");
    c.rect(a.left, y - 10, sx(r.p) - a.left, 20, colour(r.colour), "fill-opacity=\"0.85\" class=\"mark\"");
    whisker(c, sx(r.lo), sx(r.hi), y, "#000000");
    c.text(a.right() + 10, y + 5, format_value(r.p, Format::Percent), "start",
           fmt::format("class=\"value\" data-outcome=\"{}\" data-p=\"{}\" font-weight=\"bold\"", esc(r.id), attr_num(r.p)));
    c.text(a.right() + 70, y + 5, fmt::format("[{:.1f}, {:.1f}]", 100 * r.lo, 100 * r.hi), "start",
           fmt::format("class=\"interval\" data-lo=\"{}\" data-hi=\"{}\" fill=\"#555555\"", attr_num(r.lo), attr_num(r.hi)));
    c.raw("</g>\n");
  }
  return c.str();
}

std::string survival_chart(std::string_view id, const SurvivalCurve& k, std::string_view x_title) {
  const Area a{70, 84, kSmall - 70 - 24, 180};
  Canvas c(kSmall, a.bottom() + 54, id, "survival", k.label,
           fmt::format("Kaplan-Meier curve: share of runs in which '{}' has not happened yet, by day, with a 95% band.", k.label));
  heading(c, k.label);
  const double floor_v = std::isfinite(k.floor) ? std::clamp(k.floor, 0.0, 0.99) : probability_floor(survival_min(k));
  const Scale sx{0, k.horizon, a.left, a.right()};
  const Scale sy{floor_v, 1, a.bottom(), a.top};
  x_axis(c, a, sx, nice_ticks(0, k.horizon, 5), Format::Number, x_title);
  y_axis(c, a, sy, nice_ticks(floor_v, 1, 4), Format::Percent, "share of runs in which it has not happened yet");
  if (floor_v > 0)
    c.text(a.left + 6, a.bottom() - 8, fmt::format("axis starts at {:.0f}%", 100 * floor_v), "start",
           "class=\"note\" font-size=\"12\" fill=\"#555555\"");
  const char* col = colour(k.colour);
  auto hi = steps(0, 1, k.t, k.hi, k.horizon), lo = steps(0, 1, k.t, k.lo, k.horizon);
  std::vector<std::array<double, 2>> band(hi);
  band.insert(band.end(), lo.rbegin(), lo.rend());
  c.path(polyline_d(band, sx, sy, true), col, "none", 0, "fill-opacity=\"0.22\" class=\"band\"");
  c.path(polyline_d(steps(0, 1, k.t, k.s, k.horizon), sx, sy, false), "none", col, 2.5, "class=\"curve mark\"");
  if (k.median >= 0) {
    const double x = sx(k.median);
    const std::string text = fmt::format("median day {:.0f}", k.median);
    // The label on the side of the line where it fits.
    const bool right = x + 4 + text_width(text, 7.2) <= c.width() - 4;
    c.line(x, a.top, x, a.bottom(), "#444444", 1.5, "stroke-dasharray=\"5 3\"");
    c.text(right ? x + 4 : x - 4, a.top + 14, text, right ? "start" : "end", "class=\"note\" font-size=\"12\"");
  }
  c.text(c.width() - 12, 46, fmt::format("day {:.0f}: {:.1f}% not yet", k.horizon, 100 * k.final_p), "end",
         fmt::format("class=\"value\" data-final=\"{}\" font-weight=\"bold\"", attr_num(k.final_p)));
  legend(c, 14, 46, {{"curve", col, LegendItem::Mark::Line}, {"95% band", col, LegendItem::Mark::Band, 0.22}});
  return c.str();
}

std::string survival_overlay_chart(std::string_view id, std::string_view title, const std::vector<SurvivalCurve>& curves,
                                   std::string_view x_title, double width) {
  std::vector<std::vector<LegendItem>> rows(1);
  double used = 0;
  for (const auto& k : curves) {
    LegendItem it{fit(k.label, width - 80), colour(k.colour), &k == &curves.front() ? LegendItem::Mark::Line : LegendItem::Mark::Dashed};
    const double w = 30 + text_width(it.label, 8.2) + 22;
    if (used + w > width - 28 && !rows.back().empty()) rows.emplace_back(), used = 0;
    rows.back().push_back(it);
    used += w;
  }
  const double top = 48 + 22 * static_cast<double>(rows.size()) + 22;
  const Area a{70, top, width - 70 - 24, 220};
  Canvas c(width, a.bottom() + 54, id, "survival-overlay", title,
           "Kaplan-Meier curves of one outcome under several variants on one axis: the share of runs in which it has "
           "not happened yet, by day.");
  heading(c, title);
  for (std::size_t r = 0; r < rows.size(); ++r) legend(c, 14, 50 + 22 * static_cast<double>(r), rows[r]);
  double min_v = 1, horizon = 1;
  for (const auto& k : curves) min_v = std::min(min_v, survival_min(k)), horizon = std::max(horizon, k.horizon);
  const double floor_v = probability_floor(min_v);
  const Scale sx{0, horizon, a.left, a.right()};
  const Scale sy{floor_v, 1, a.bottom(), a.top};
  x_axis(c, a, sx, nice_ticks(0, horizon, width < 700 ? 5 : 7), Format::Number, x_title);
  y_axis(c, a, sy, nice_ticks(floor_v, 1, 4), Format::Percent, "share of runs in which it has not happened yet");
  if (floor_v > 0)
    c.text(a.left + 6, a.bottom() - 8, fmt::format("axis starts at {:.0f}%", 100 * floor_v), "start",
           "class=\"note\" font-size=\"12\" fill=\"#555555\"");
  for (std::size_t i = 0; i < curves.size(); ++i) {
    const auto& k = curves[i];
    c.raw(fmt::format("<g class=\"series\" data-key=\"{}\">\n", esc(k.id)));
    c.path(polyline_d(steps(0, 1, k.t, k.s, k.horizon), sx, sy, false), "none", colour(k.colour), i == 0 ? 3.5 : 2.2,
           fmt::format("class=\"curve mark\" data-final=\"{}\"{}", attr_num(k.final_p), i == 0 ? "" : " stroke-dasharray=\"7 3\""));
    c.raw("</g>\n");
  }
  return c.str();
}

std::string timeline_chart(std::string_view id, std::string_view title, const std::vector<TimelineRow>& rows,
                           double horizon, std::string_view x_title) {
  double label_w = 140;
  for (const auto& r : rows) label_w = std::max(label_w, text_width(r.label));
  label_w = std::min(label_w, 260.0);
  const double row_h = 34;
  const Area a{label_w + 24, 64, kWide - label_w - 24 - 140, row_h * static_cast<double>(rows.size())};
  Canvas c(kWide, a.bottom() + 60, id, "timeline", title,
           "For each outcome, the middle half of the days on which it happened (bar) and the median day (dot), among the "
           "runs in which it happened; its share of all runs on the right.");
  heading(c, title);
  legend(c, 14, 48, {{"middle 50% of days", colour(0), LegendItem::Mark::Band, 0.45}, {"median day", "#000000", LegendItem::Mark::Dot}});
  const double h = horizon > 0 ? horizon : 1;
  const Scale sx{0, h, a.left, a.right()};
  x_axis(c, a, sx, nice_ticks(0, h, 6), Format::Number, x_title);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    const double y = a.top + row_h * (static_cast<double>(i) + 0.5);
    c.raw(fmt::format("<g class=\"row\" data-outcome=\"{}\">\n", esc(r.id)));
    c.text(a.left - 10, y + 5, fit(r.label, label_w), "end", "class=\"label\"");
    const char* col = colour(r.colour);
    c.rect(sx(r.q25), y - 8, std::max(2.0, sx(r.q75) - sx(r.q25)), 16, col, "fill-opacity=\"0.45\" class=\"mark\"");
    c.raw(fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"#000000\" class=\"mark\" data-median=\"{}\"/>\n", coord(sx(r.q50)),
                      coord(y), attr_num(r.q50)));
    c.text(a.right() + 10, y + 5, fmt::format("{} of runs", format_value(r.p, Format::Percent)), "start",
           fmt::format("class=\"value\" data-p=\"{}\"", attr_num(r.p)));
    c.raw("</g>\n");
  }
  return c.str();
}

std::string fan_chart(std::string_view id, const FanData& f, std::string_view x_title, std::string_view y_title) {
  const Area a{70, 84, kSmall - 70 - 24, 180};
  Canvas c(kSmall, a.bottom() + 54, id, "fan", f.label,
           fmt::format("Spread of {} across runs over time: median, middle 50% and middle 90% of runs.", f.label));
  heading(c, f.label);
  // Keep at most about 400 points per line: a chart is ~400 px wide.
  std::vector<std::size_t> idx;
  const std::size_t stride = std::max<std::size_t>(1, f.x.size() / 400);
  for (std::size_t i = 0; i < f.x.size(); ++i) {
    if (i % stride != 0 && i + 1 != f.x.size()) continue;
    bool ok = std::isfinite(f.x[i]);
    for (const auto& q : f.q) ok = ok && i < q.size() && std::isfinite(q[i]);
    if (ok) idx.push_back(i);
  }
  double lo = INFINITY, hi = -INFINITY, x_end = 1;
  for (std::size_t i : idx) {
    lo = std::min(lo, f.q[0][i]);
    hi = std::max(hi, f.q[4][i]);
    x_end = std::max(x_end, f.x[i]);
  }
  if (idx.empty()) lo = 0, hi = 1;
  const auto yr = nice_range(lo, hi, 4);
  const Scale sx{0, x_end, a.left, a.right()};
  const Scale sy{yr[0], yr[1], a.bottom(), a.top};
  x_axis(c, a, sx, nice_ticks(0, x_end, 6), Format::Number, x_title);
  y_axis(c, a, sy, nice_ticks(yr[0], yr[1], 4), Format::Number, y_title);
  auto pick = [&](const std::vector<double>& v) {
    std::vector<double> out;
    for (std::size_t i : idx) out.push_back(v[i]);
    return out;
  };
  const std::vector<double> xs = pick(f.x);
  const char* col = colour(f.colour);
  c.path(band_d(xs, pick(f.q[0]), pick(f.q[4]), sx, sy), col, "none", 0, "fill-opacity=\"0.18\" class=\"band90\"");
  c.path(band_d(xs, pick(f.q[1]), pick(f.q[3]), sx, sy), col, "none", 0, "fill-opacity=\"0.38\" class=\"band50\"");
  std::vector<std::array<double, 2>> med;
  const auto q50 = pick(f.q[2]);
  for (std::size_t i = 0; i < xs.size(); ++i) med.push_back({xs[i], q50[i]});
  c.path(polyline_d(med, sx, sy, false), "none", col, 2.5, "class=\"median mark\"");
  legend(c, 14, 46, {{"median", col, LegendItem::Mark::Line}, {"50% of runs", col, LegendItem::Mark::Band, 0.45},
                         {"90%", col, LegendItem::Mark::Band, 0.18}});
  return c.str();
}

bool point_mass(const QuantileRow& r) { return r.p05 == r.p25 || r.p75 == r.p95; }

std::string quantile_chart(std::string_view id, const QuantileRow& r, std::string_view unit) {
  const Area a{24, 78, kWide - 48, 44};
  const bool dots = point_mass(r);
  Canvas c(kWide, a.bottom() + 60, id, "quantiles", r.label,
           dots ? fmt::format("Distribution of '{}' across runs: the 5%, 25%, 50%, 75% and 95% quantiles as dots, and the mean.", r.label)
                : fmt::format("Distribution of '{}' across runs: middle 50% (box), middle 90% (whiskers), median and mean.", r.label));
  heading(c, r.label);
  const auto xr = nice_range(std::min(r.p05, r.mean_lo), std::max(r.p95, r.mean_hi), 6);
  const Scale sx{xr[0], xr[1], a.left, a.right()};
  x_axis(c, a, sx, nice_ticks(xr[0], xr[1], 8), Format::Number, unit);
  const char* col = colour(r.colour);
  const double y = a.top + a.height / 2;
  if (dots) {
    // A quarter or more of the runs at one value: a box would suggest values in between.
    const std::array<std::pair<double, const char*>, 5> q{{{r.p05, "5%"}, {r.p25, "25%"}, {r.p50, "50%"}, {r.p75, "75%"}, {r.p95, "95%"}}};
    double last_x = -1e9;
    int stack = 0;
    for (const auto& [v, name] : q) {
      const double x = sx(v);
      stack = std::abs(x - last_x) < 1 ? stack + 1 : 0;
      last_x = x;
      c.raw(fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"7\" fill=\"{}\" class=\"mark\"/>\n", coord(x), coord(y - 12 + 12 * stack), col));
    }
  } else {
    whisker(c, sx(r.p05), sx(r.p95), y, "#444444", 10);
    c.rect(sx(r.p25), y - 14, sx(r.p75) - sx(r.p25), 28, col,
           fmt::format("fill-opacity=\"0.4\" stroke=\"{}\" stroke-width=\"1.5\" class=\"mark\"", col));
    c.line(sx(r.p50), y - 16, sx(r.p50), y + 16, col, 4, "class=\"median\"");
  }
  const double mx = sx(r.mean);
  c.raw(fmt::format("<path d=\"M{} {} L{} {} L{} {} L{} {} Z\" fill=\"#000000\" class=\"mean mark\"/>\n", coord(mx), coord(y - 7),
                    coord(mx + 7), coord(y), coord(mx), coord(y + 7), coord(mx - 7), coord(y)));
  const std::string text =
      dots ? fmt::format("quantiles 5%: {} · 25%: {} · 50%: {} · 75%: {} · 95%: {} · mean {} [{}, {}]",
                         format_value(r.p05, Format::Number), format_value(r.p25, Format::Number),
                         format_value(r.p50, Format::Number), format_value(r.p75, Format::Number),
                         format_value(r.p95, Format::Number), format_value(r.mean, Format::Number),
                         format_value(r.mean_lo, Format::Number), format_value(r.mean_hi, Format::Number))
           : fmt::format("median {} · mean {} [{}, {}] · 90% of runs in [{}, {}]", format_value(r.p50, Format::Number),
                         format_value(r.mean, Format::Number), format_value(r.mean_lo, Format::Number),
                         format_value(r.mean_hi, Format::Number), format_value(r.p05, Format::Number),
                         format_value(r.p95, Format::Number));
  c.text(24, 50, text, "start",
         fmt::format("class=\"value\" data-outcome=\"{}\" data-mean=\"{}\" data-p50=\"{}\" data-p05=\"{}\" data-p95=\"{}\"",
                     esc(r.id), attr_num(r.mean), attr_num(r.p50), attr_num(r.p05), attr_num(r.p95)));
  return c.str();
}

// "[-9.7, -0.04]": an end that rounds to zero but is not zero gets the digits that show its sign,
// so an interval that excludes 0 never reads as touching it.
std::string interval_label(double lo, double hi, Format f) {
  auto end = [f](double v) {
    std::string t = format_value(v, f);
    if (f != Format::Points || v == 0 || !std::isfinite(v) || std::abs(100 * v) >= 0.05) return t;
    for (int d = 2; d <= 4; ++d) {
      t = fmt::format("{:+.{}f} pp", 100 * v, d);
      if (std::abs(100 * v) >= 0.5 * std::pow(10.0, -d)) break;
    }
    return t;
  };
  return fmt::format("[{}, {}]", end(lo), end(hi));
}

std::string forest_chart(std::string_view id, std::string_view title, const std::vector<ForestRow>& rows, Format f,
                         std::string_view axis_title, double width, std::array<double, 2> range, std::string_view kind,
                         bool compact) {
  const double value_w = compact ? 250 : width < 700 ? 150 : 190;
  double label_w = 120;
  std::size_t lines = 0;
  std::string group;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    if (!r.group.empty() && (r.group != group || i == 0)) ++lines, group = r.group;
    ++lines;
    label_w = std::max(label_w, text_width(r.label));
  }
  label_w = std::min(label_w, width < 700 ? 170.0 : 290.0);
  const double row_h = compact ? 24 : 36;
  const Area a{label_w + 24, 64, width - label_w - 24 - value_w, row_h * static_cast<double>(lines)};
  Canvas c(width, a.bottom() + 60, id, kind, title,
           "Paired difference from the base scenario for each variant, with its 95% interval; filled markers: the "
           "interval excludes zero.");
  heading(c, title);
  double lo = 0, hi = 0;
  for (const auto& r : rows) {
    if (std::isfinite(r.lo)) lo = std::min(lo, r.lo);
    if (std::isfinite(r.hi)) hi = std::max(hi, r.hi);
  }
  if (std::isfinite(range[0]) && std::isfinite(range[1])) lo = std::min(lo, range[0]), hi = std::max(hi, range[1]);
  const auto xr = nice_range(lo, hi, width < 700 ? 4 : 6);
  const Scale sx{xr[0], xr[1], a.left, a.right()};
  x_axis(c, a, sx, nice_ticks(xr[0], xr[1], width < 700 ? 4 : 6), f == Format::Percent ? Format::Points : f, axis_title);
  c.line(sx(0), a.top, sx(0), a.bottom(), "#000000", 1.5, "stroke-dasharray=\"4 3\" class=\"zero\"");
  legend(c, 14, 48, {{"interval excludes 0", "#000000", LegendItem::Mark::Dot}, {"95% interval", "#000000", LegendItem::Mark::Line}});
  std::size_t line = 0;
  group.clear();
  const Format vf = f == Format::Percent ? Format::Points : f;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    if (!r.group.empty() && (r.group != group || i == 0)) {
      group = r.group;
      const double gy = a.top + row_h * (static_cast<double>(line) + 0.5);
      c.rect(4, gy - (compact ? 11 : 14), width - 8, compact ? 22 : 26, "#f3f3f3");
      c.text(12, gy + 5, fit(r.group, width - 24), "start", "class=\"group\" font-weight=\"bold\"");
      ++line;
    }
    const double y = a.top + row_h * (static_cast<double>(line) + 0.5);
    ++line;
    const char* col = colour(r.colour);
    c.raw(fmt::format("<g class=\"row\" data-key=\"{}\">\n", esc(r.key)));
    if (compact) c.text(a.left - 10, y + 5, fit(r.label, label_w), "end", "class=\"label\"");
    else row_label(c, a.left - 10, y, r.label, label_w);
    if (std::isfinite(r.lo) && std::isfinite(r.hi)) whisker(c, sx(r.lo), sx(r.hi), y, col, compact ? 4 : 5);
    c.raw(fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"6\" fill=\"{}\" stroke=\"{}\" stroke-width=\"2\" class=\"mark\"/>\n", coord(sx(r.est)),
                      coord(y), r.distinguishable ? col : "#ffffff", col));
    c.text(a.right() + 10, y + (compact ? 5 : 2), format_value(r.est, vf), "start",
           fmt::format("class=\"value\" data-key=\"{}\" data-est=\"{}\" font-weight=\"{}\"", esc(r.key), attr_num(r.est),
                       r.distinguishable ? "bold" : "normal"));
    c.text(a.right() + (compact ? 92 : 10), y + (compact ? 5 : 19), interval_label(r.lo, r.hi, vf), "start",
           "class=\"interval\" fill=\"#555555\" font-size=\"12\"");
    c.raw("</g>\n");
  }
  return c.str();
}

std::string line_chart(std::string_view id, std::string_view title, const std::vector<Line>& lines,
                       std::string_view x_title, std::string_view y_title, Format y_format, double width,
                       std::array<double, 2> y_range) {
  // Legend rows under the title, wrapped to the chart width.
  std::vector<std::vector<LegendItem>> legend_rows(1);
  double used = 0;
  for (const auto& l : lines) {
    if (!l.in_legend) continue;
    LegendItem it{fit(l.label, width - 120), colour(l.colour),
                  l.style == Line::Style::Points ? LegendItem::Mark::Dot : LegendItem::Mark::Line};
    const double w = 30 + 8.2 * static_cast<double>(it.label.size()) + 22;
    if (used + w > width - 40 && !legend_rows.back().empty()) legend_rows.emplace_back(), used = 0;
    legend_rows.back().push_back(it);
    used += w;
  }
  if (legend_rows.back().empty()) legend_rows.pop_back();
  const double top = 40 + 22 * static_cast<double>(legend_rows.size()) + 30;
  const Area a{76, top, width - 76 - 24, width < 700 ? 200.0 : 260.0};
  Canvas c(width, a.bottom() + 56, id, "lines", title,
           fmt::format("{} against {}, one line per series, with 95% bands.", y_title, x_title));
  heading(c, title);
  for (std::size_t r = 0; r < legend_rows.size(); ++r) legend(c, 14, 50 + 22 * static_cast<double>(r), legend_rows[r]);
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  for (const auto& l : lines)
    for (std::size_t i = 0; i < l.x.size() && i < l.y.size(); ++i) {
      if (!std::isfinite(l.x[i])) continue;
      x0 = std::min(x0, l.x[i]), x1 = std::max(x1, l.x[i]);
      if (l.style == Line::Style::Dashed) continue;  // trend lines are clipped to the y range instead
      const double lo = i < l.lo.size() && std::isfinite(l.lo[i]) ? l.lo[i] : l.y[i];
      const double hi = i < l.hi.size() && std::isfinite(l.hi[i]) ? l.hi[i] : l.y[i];
      if (std::isfinite(lo)) y0 = std::min(y0, lo);
      if (std::isfinite(hi)) y1 = std::max(y1, hi);
    }
  if (!std::isfinite(x0)) x0 = 0, x1 = 1;
  if (!std::isfinite(y0)) y0 = 0, y1 = 1;
  if (!std::isfinite(y_range[0]) || !std::isfinite(y_range[1])) {
    y_range = nice_range(y0, y1, 5);
    // A probability axis stays within [0, 100%] (a constant 0 would otherwise widen to -100%).
    if (y_format == Format::Percent) y_range = {std::max(0.0, y_range[0]), std::min(1.0, y_range[1])};
    if (y_range[1] <= y_range[0]) y_range = {0, 1};
  }
  const auto yr = y_range;
  const auto xr = x1 > x0 ? std::array<double, 2>{x0, x1} : nice_range(x0, x1, 5);
  const Scale sx{xr[0], xr[1], a.left, a.right()};
  const Scale sy{yr[0], yr[1], a.bottom(), a.top};
  x_axis(c, a, sx, nice_ticks(xr[0], xr[1], width < 700 ? 5 : 7), Format::Number, x_title);
  y_axis(c, a, sy, nice_ticks(yr[0], yr[1], 5), y_format, y_title);
  if (y_format == Format::Percent && yr[0] > 0)
    c.text(a.left + 6, a.bottom() - 8, fmt::format("axis starts at {:.0f}%", 100 * yr[0]), "start",
           "class=\"note\" font-size=\"12\" fill=\"#555555\"");
  for (const auto& l : lines) {
    const char* col = colour(l.colour);
    c.raw(fmt::format("<g class=\"series\" data-key=\"{}\">\n", esc(l.key)));
    std::vector<std::array<double, 2>> pts;
    for (std::size_t i = 0; i < l.x.size() && i < l.y.size(); ++i)
      if (std::isfinite(l.x[i]) && std::isfinite(l.y[i])) pts.push_back({l.x[i], l.y[i]});
    const bool band = l.lo.size() == l.x.size() && l.hi.size() == l.x.size() && !l.x.empty();
    if (band && l.style == Line::Style::Line) {
      std::vector<double> xs, lo, hi;
      for (std::size_t i = 0; i < l.x.size(); ++i) {
        if (!std::isfinite(l.x[i]) || !std::isfinite(l.y[i])) continue;
        xs.push_back(l.x[i]);
        lo.push_back(std::isfinite(l.lo[i]) ? l.lo[i] : l.y[i]);
        hi.push_back(std::isfinite(l.hi[i]) ? l.hi[i] : l.y[i]);
      }
      if (!xs.empty()) c.path(band_d(xs, lo, hi, sx, sy), col, "none", 0, "fill-opacity=\"0.15\"");
    }
    if (band && l.style == Line::Style::Points)
      for (std::size_t i = 0; i < l.x.size(); ++i)
        if (std::isfinite(l.x[i]) && std::isfinite(l.lo[i]) && std::isfinite(l.hi[i]))
          c.line(sx(l.x[i]), sy(l.lo[i]), sx(l.x[i]), sy(l.hi[i]), col, 1, "stroke-opacity=\"0.5\"");
    if (!pts.empty() && l.style == Line::Style::Line) c.path(polyline_d(pts, sx, sy, false), "none", col, 2.5, "class=\"mark\"");
    if (l.style == Line::Style::Dashed)
      for (std::size_t i = 1; i < pts.size(); ++i) {
        auto seg = clip_y({pts[i - 1], pts[i]}, yr[0], yr[1]);
        if (seg.size() == 2) c.path(polyline_d(seg, sx, sy, false), "none", col, 2, "stroke-dasharray=\"6 4\" class=\"mark\"");
      }
    if (l.style != Line::Style::Dashed)
      for (const auto& p : pts)
        c.raw(fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\" class=\"mark\" data-x=\"{}\" data-y=\"{}\"/>\n", coord(sx(p[0])),
                          coord(sy(p[1])), l.style == Line::Style::Points ? "4" : "3.5", col, attr_num(p[0]), attr_num(p[1])));
    c.raw("</g>\n");
  }
  return c.str();
}

std::string index_chart(std::string_view id, std::string_view title, const std::vector<IndexBar>& bars,
                        std::string_view first_name, std::string_view second_name, std::string_view axis_title,
                        double width) {
  double label_w = 120;
  bool any_second = false;
  for (const auto& b : bars) label_w = std::max(label_w, text_width(b.label)), any_second = any_second || b.has_second;
  label_w = std::min(label_w, width < 700 ? 180.0 : 300.0);
  const double row_h = any_second ? 46 : 34;
  const Area a{label_w + 24, 64, width - label_w - 24 - 80, row_h * static_cast<double>(bars.size())};
  Canvas c(width, a.bottom() + 60, id, "indices", title,
           "Sensitivity index of each uncertain parameter, largest first, with 95% intervals.");
  heading(c, title);
  double lo = 0, hi = 0;
  for (const auto& b : bars) {
    for (double v : {b.value, b.lo, b.hi})
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    if (b.has_second)
      for (double v : {b.second, b.second_lo, b.second_hi})
        if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  }
  const auto xr = nice_range(lo, hi, width < 700 ? 4 : 5);
  const Scale sx{xr[0], xr[1], a.left, a.right()};
  x_axis(c, a, sx, nice_ticks(xr[0], xr[1], width < 700 ? 4 : 5), Format::Number, axis_title);
  std::vector<LegendItem> leg{{std::string(first_name), colour(0), LegendItem::Mark::Band, 0.85}};
  if (any_second) leg.push_back({std::string(second_name), colour(1), LegendItem::Mark::Band, 0.85});
  leg.push_back({"95% interval", "#000000", LegendItem::Mark::Line});
  legend(c, 14, 48, leg);
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const auto& b = bars[i];
    const double top = a.top + row_h * static_cast<double>(i);
    const double y1 = top + (any_second ? 14 : row_h / 2);
    c.raw(fmt::format("<g class=\"row\" data-key=\"{}\">\n<title>{}</title>\n", esc(b.key), esc(b.key)));
    row_label(c, a.left - 10, top + row_h / 2, b.label, label_w);
    auto bar = [&](double v, double l, double h, double y, std::size_t col, std::string_view cls) {
      const double x0 = sx(std::min(0.0, v)), x1 = sx(std::max(0.0, v));
      c.rect(x0, y - 8, x1 - x0, 16, colour(col), "fill-opacity=\"0.85\" class=\"mark\"");
      if (std::isfinite(l) && std::isfinite(h)) whisker(c, sx(l), sx(h), y, "#000000", 4);
      c.text(a.right() + 10, y + 5, format_value(v, Format::Number), "start",
             fmt::format("class=\"value {}\" data-key=\"{}\" data-v=\"{}\"", cls, esc(b.key), attr_num(v)));
    };
    bar(b.value, b.lo, b.hi, y1, 0, "first");
    if (b.has_second) bar(b.second, b.second_lo, b.second_hi, y1 + 19, 1, "second");
    c.raw("</g>\n");
  }
  if (xr[0] < 0) c.line(sx(0), a.top, sx(0), a.bottom(), "#000000", 1);
  return c.str();
}

}  // namespace geosim::report::svg
