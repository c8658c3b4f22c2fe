// SPDX-License-Identifier: Apache-2.0
// Inline SVG charts for the HTML report. Everything is written as well-formed XML (so the report
// parses as XHTML too), with colours as presentation attributes so a chart copied out of the page
// still renders. Charts take plain data structs, not JSON: html_*.cpp maps JSON onto them.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace geosim::report::svg {

/// @brief Okabe-Ito colour-blind-safe palette (Okabe & Ito 2008), yellow last (weak on white).
inline constexpr std::array<const char*, 8> kPalette = {"#0072B2", "#E69F00", "#009E73", "#D55E00",
                                                        "#CC79A7", "#56B4E9", "#000000", "#F0E442"};
/// @brief Colour number i of the palette, cycling over the first seven (yellow only on request).
inline const char* colour(std::size_t i) { return kPalette[i % (kPalette.size() - 1)]; }

/// @brief A chart is never drawn smaller than this share of its size (its style's min-width):
/// its smallest text, 12 px, stays at 9 px or more.
inline constexpr double kMinScale = 0.75;

/// @brief Escapes text for XML content and attribute values; drops characters XML forbids and
/// replaces invalid UTF-8 with U+FFFD, so any scenario text yields a well-formed document.
std::string esc(std::string_view text);

/// @brief A coordinate or length with at most 2 decimals, no trailing zeros ("12.5", "3").
std::string coord(double v);

/// @brief How chart values are printed.
enum class Format {
  Percent,       ///< 0.301 -> "30.1%"
  Points,        ///< a difference of probabilities: 0.021 -> "+2.1 pp"
  Number,        ///< 0.1224 -> "0.122"
};

/// @brief A value as shown in labels: Percent with one decimal, Number with 3 significant digits.
std::string format_value(double v, Format f);

/// @brief A linear map from data [d0, d1] to pixels [r0, r1].
struct Scale {
  double d0 = 0, d1 = 1, r0 = 0, r1 = 1;
  double operator()(double v) const { return d1 == d0 ? r0 : r0 + (v - d0) / (d1 - d0) * (r1 - r0); }
};

/// @brief Round tick values covering [lo, hi] (about `target` of them); step 1, 2, 2.5 or 5 x 10^k.
std::vector<double> nice_ticks(double lo, double hi, int target = 5);
/// @brief A tick value printed with the decimals its step needs; Percent ticks as "40%".
std::string tick_label(double v, double step, Format f);
/// @brief [lo, hi] widened to the outer ticks, with a fallback when lo == hi.
std::array<double, 2> nice_range(double lo, double hi, int target = 5);

/// @brief The plot area of a chart, in pixels.
struct Area {
  double left, top, width, height;
  double right() const { return left + width; }
  double bottom() const { return top + height; }
};

/// @brief One <svg> element under construction. `id` names the chart for tests and links;
/// `title` and `desc` give it an accessible name and summary.
class Canvas {
 public:
  Canvas(double width, double height, std::string_view id, std::string_view kind, std::string_view title,
         std::string_view desc);
  /// @brief Appends raw, already-escaped SVG markup.
  void raw(std::string_view markup) { body_ += markup; }
  /// @brief A text element; `attrs` is extra raw attributes (escaped by the caller).
  void text(double x, double y, std::string_view content, std::string_view anchor = "start",
            std::string_view attrs = "");
  void line(double x1, double y1, double x2, double y2, std::string_view stroke, double width = 1,
            std::string_view attrs = "");
  void rect(double x, double y, double w, double h, std::string_view fill, std::string_view attrs = "");
  void path(std::string_view d, std::string_view fill, std::string_view stroke, double width = 1,
            std::string_view attrs = "");
  /// @brief The finished <svg> element.
  std::string str() const;
  double width() const { return width_; }
  double height() const { return height_; }

 private:
  double width_, height_;
  std::string head_, body_;
};

/// @brief Draws a bottom axis with ticks, grid lines up to the top of `a`, and a title.
void x_axis(Canvas& c, const Area& a, const Scale& s, const std::vector<double>& ticks, Format f,
            std::string_view title);
/// @brief Draws a left axis with ticks, horizontal grid lines across `a`, and a title.
void y_axis(Canvas& c, const Area& a, const Scale& s, const std::vector<double>& ticks, Format f,
            std::string_view title);
/// @brief Text of at most `max_px` at `char_px` per character (an estimate), cut with an ellipsis.
std::string fit(std::string_view s, double max_px, double char_px = 8.0);
/// @brief Estimated width of `s` at `char_px` per character.
double text_width(std::string_view s, double char_px = 8.0);

/// @brief A row of legend entries (swatch + text) starting at (x, y).
struct LegendItem {
  std::string label, colour;
  enum class Mark { Line, Band, Dot, Dashed } mark = Mark::Line;
  double opacity = 1.0;
};
void legend(Canvas& c, double x, double y, const std::vector<LegendItem>& items);

// ---- Charts ---------------------------------------------------------------------------------

/// @brief One bar of a probability chart: an estimate with its 95% interval.
struct ProbabilityRow {
  std::string id, label, note;
  double p = 0, lo = 0, hi = 0;
  std::size_t colour = 0;
};
/// @brief Horizontal bars 0-100% with interval whiskers and a label per row.
/// `colour` indexes the palette (the run report uses 0 for `when` outcomes, 1 for counts).
/// `kind` is the chart's data-chart name.
std::string probability_chart(std::string_view id, std::string_view title, const std::vector<ProbabilityRow>& rows,
                              std::string_view kind = "probabilities");

/// @brief A Kaplan-Meier step curve: S(t) after each event time, with a pointwise band.
struct SurvivalCurve {
  std::string id, label;
  std::vector<double> t, s, lo, hi;
  double horizon = 0, median = -1;  ///< median < 0: not reached
  double final_p = 1;               ///< share of runs where it had not happened by the horizon
  double floor = NAN;               ///< bottom of the vertical axis; NaN: from this curve alone
  std::size_t colour = 0;
};
std::string survival_chart(std::string_view id, const SurvivalCurve& c, std::string_view x_title);
/// @brief The lowest value a survival chart of `c` must show (curve, band and end point).
double survival_min(const SurvivalCurve& c);
/// @brief Largest round lower bound (0.99, 0.98, 0.95, ... 0) for a 0..1 axis that still shows
/// every value >= `min_value`: one call over all panels gives small multiples one axis.
double probability_floor(double min_value);

/// @brief Several Kaplan-Meier curves on one axis (e.g. base and variants), with a legend.
std::string survival_overlay_chart(std::string_view id, std::string_view title, const std::vector<SurvivalCurve>& curves,
                                   std::string_view x_title, double width = 760);

/// @brief One row of a timeline: when an outcome happens in the runs where it does.
struct TimelineRow {
  std::string id, label;
  double p = 0;                       ///< share of runs in which it happened
  double q25 = 0, q50 = 0, q75 = 0;   ///< quartiles of its day among those runs
  std::size_t colour = 0;
};
/// @brief "Who enters when": a row per outcome, its middle 50% of days (bar) and median day
/// (dot) among the runs where it happened, on one day axis from 0 to `horizon`, with its share.
std::string timeline_chart(std::string_view id, std::string_view title, const std::vector<TimelineRow>& rows,
                           double horizon, std::string_view x_title);

/// @brief Quantile bands over time: q[0..4] = 5, 25, 50, 75, 95% at each x.
struct FanData {
  std::string id, label;
  std::vector<double> x;
  std::array<std::vector<double>, 5> q;
  std::size_t runs_used = 0;
  std::size_t colour = 0;
};
std::string fan_chart(std::string_view id, const FanData& f, std::string_view x_title, std::string_view y_title = "value");

/// @brief Distribution of a value across runs: quantiles and the mean with its interval.
struct QuantileRow {
  std::string id, label;
  double p05 = 0, p25 = 0, p50 = 0, p75 = 0, p95 = 0, mean = 0, mean_lo = 0, mean_hi = 0;
  std::size_t colour = 0;
};
std::string quantile_chart(std::string_view id, const QuantileRow& r, std::string_view unit);
/// @brief True when a quarter or more of the runs share the lowest or the highest value shown
/// (p05 == p25 or p75 == p95, e.g. "0 when there is no deal"): a box would hide the lump, so the
/// chart draws the quantiles as dots instead.
bool point_mass(const QuantileRow& r);

/// @brief One row of a forest plot: an estimate and interval, in a labelled group.
struct ForestRow {
  std::string group, label, key;
  double est = 0, lo = 0, hi = 0;
  bool distinguishable = false;  ///< interval excludes zero
  std::size_t colour = 0;
};
/// @brief Paired differences with intervals around a zero line; filled markers = distinguishable.
/// Rows with an empty group get no group heading. `range` fixes the x axis (NaN: from the data),
/// so small multiples can share one scale.
/// @brief "[lo, hi]" of a forest row; an end that rounds to zero but is not zero keeps its sign.
std::string interval_label(double lo, double hi, Format f);
std::string forest_chart(std::string_view id, std::string_view title, const std::vector<ForestRow>& rows,
                         Format f, std::string_view axis_title, double width = 760,
                         std::array<double, 2> range = {NAN, NAN}, std::string_view kind = "forest",
                         bool compact = false);

/// @brief A line (optionally with a band) for an x-y chart.
struct Line {
  std::string key, label;
  std::vector<double> x, y, lo, hi;  ///< lo/hi empty: no band
  std::size_t colour = 0;
  enum class Style { Line, Points, Dashed } style = Style::Line;  ///< Points: a scatter; Dashed: no markers
  bool in_legend = true;
};
/// `y_range` fixes the vertical axis (NaN: from the data; a Percent axis stays within [0, 1]), so
/// small multiples can share one scale.
std::string line_chart(std::string_view id, std::string_view title, const std::vector<Line>& lines,
                       std::string_view x_title, std::string_view y_title, Format y_format, double width = 760,
                       std::array<double, 2> y_range = {NAN, NAN});

/// @brief One bar of a tornado / index chart: a primary value (and optional second value) with intervals.
struct IndexBar {
  std::string key, label;
  double value = 0, lo = 0, hi = 0;   ///< first index (e.g. Sobol first-order, Morris mu*)
  bool has_second = false;
  double second = 0, second_lo = 0, second_hi = 0;  ///< e.g. Sobol total index, Morris sigma
};
std::string index_chart(std::string_view id, std::string_view title, const std::vector<IndexBar>& bars,
                        std::string_view first_name, std::string_view second_name, std::string_view axis_title,
                        double width = 760);

}  // namespace geosim::report::svg
