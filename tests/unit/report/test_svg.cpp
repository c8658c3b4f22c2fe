// SPDX-License-Identifier: Apache-2.0
// The SVG toolkit: escaping, number formats, ticks, and charts that are well-formed and carry
// their numbers as labels.
#include <cmath>
#include <string>

#include <doctest/doctest.h>

#include "report/svg.hpp"
#include "report_test_util.hpp"

namespace svg = geosim::report::svg;

TEST_SUITE("report") {

TEST_CASE("svg: esc escapes markup characters and makes any bytes valid XML text") {
  CHECK(svg::esc("a < b & c > \"d\" 'e'") == "a &lt; b &amp; c &gt; &quot;d&quot; &#39;e&#39;");
  CHECK(svg::esc("caf\xC3\xA9 \xE2\x80\x94 ok") == "caf\xC3\xA9 \xE2\x80\x94 ok");  // UTF-8 kept
  CHECK(svg::esc("bad \xFF byte") == "bad \xEF\xBF\xBD byte");                     // invalid -> U+FFFD
  CHECK(svg::esc("cut \xE2\x80") == "cut \xEF\xBF\xBD\xEF\xBF\xBD");               // truncated sequence
  CHECK(svg::esc(std::string("nul\0bell\x07", 9)) == "nul bell ");                 // controls not allowed in XML
  CHECK(svg::esc("tab\tnew\nline") == "tab\tnew\nline");
}

TEST_CASE("svg: coordinates and values are printed compactly") {
  CHECK(svg::coord(12.0) == "12");
  CHECK(svg::coord(12.5) == "12.5");
  CHECK(svg::coord(-0.001) == "0");
  CHECK(svg::coord(NAN) == "0");
  CHECK(svg::format_value(0.301, svg::Format::Percent) == "30.1%");
  CHECK(svg::format_value(0.0214, svg::Format::Points) == "+2.1 pp");
  CHECK(svg::format_value(-0.0004, svg::Format::Points) == "+0.0 pp");
  CHECK(svg::format_value(-0.0214, svg::Format::Points) == "-2.1 pp");
  CHECK(svg::format_value(0.12244, svg::Format::Number) == "0.122");
  CHECK(svg::format_value(5.094, svg::Format::Number) == "5.09");
  CHECK(svg::format_value(365, svg::Format::Number) == "365");
  CHECK(svg::format_value(NAN, svg::Format::Number) == "n/a");
}

TEST_CASE("svg: ticks are round numbers covering the range") {
  auto t = svg::nice_ticks(0, 1, 5);
  REQUIRE(t.size() == 6);
  CHECK(t.front() == 0.0);
  CHECK(t.back() == doctest::Approx(1.0));
  CHECK(t[1] == doctest::Approx(0.2));
  t = svg::nice_ticks(0, 365, 6);
  CHECK(t.front() == 0.0);
  CHECK(t[1] == doctest::Approx(100.0));  // 365 / 6 ~ 61 rounds up to a step of 100
  CHECK(t.back() <= 365.0);
  auto r = svg::nice_range(0.43, 0.74, 4);
  CHECK(r[0] <= 0.43);
  CHECK(r[1] >= 0.74);
  r = svg::nice_range(2.0, 2.0);  // a constant still gets an axis
  CHECK(r[0] < 2.0);
  CHECK(r[1] > 2.0);
  CHECK(svg::tick_label(0.25, 0.25, svg::Format::Percent) == "25%");
  CHECK(svg::tick_label(0.5, 0.25, svg::Format::Number) == "0.50");
  CHECK(svg::tick_label(100, 50, svg::Format::Number) == "100");
  CHECK(svg::tick_label(-0.0, 0.1, svg::Format::Number) == "0.0");
}

TEST_CASE("svg: a probability chart is well-formed and labels each bar with its estimate") {
  std::vector<svg::ProbabilityRow> rows = {{"a", "First & <best>", "", 0.301, 0.281, 0.321, 0},
                                           {"b", "A very long label that will not fit in the space on the left of the bars", "", 0.9, 0.85, 0.95, 0},
                                           {"c", "Counted", "at least once", 0.0, 0.0, 0.01, 1}};
  const std::string s = svg::probability_chart("chart-p", "Probabilities", rows);
  CHECK(reporttest::xml_problem(s) == "");
  CHECK(s.find("First &amp; &lt;best&gt;") != std::string::npos);
  CHECK(s.find(">30.1%</text>") != std::string::npos);
  CHECK(s.find(">90.0%</text>") != std::string::npos);
  CHECK(s.find(">0.0%</text>") != std::string::npos);
  CHECK(s.find("data-outcome=\"c\"") != std::string::npos);
  CHECK(s.find("<title") != std::string::npos);  // accessible name
}

TEST_CASE("svg: every chart kind is well-formed, also with empty or degenerate data") {
  svg::SurvivalCurve k{"k", "K <curve>", {10, 20}, {0.9, 0.8}, {0.85, 0.74}, {0.95, 0.86}, 100, 40, 0.8, 0};
  CHECK(reporttest::xml_problem(svg::survival_chart("s", k, "days")) == "");
  svg::SurvivalCurve flat{"f", "Never", {}, {}, {}, {}, 365, -1, 1.0, 1};
  const std::string fs = svg::survival_chart("s2", flat, "days");
  CHECK(reporttest::xml_problem(fs) == "");
  CHECK(fs.find("100.0% not yet") != std::string::npos);
  svg::FanData f{"v", "A.x", {0, 1, 2}, {{{0, 0, 0}, {1, 1, 1}, {2, 2, 2}, {3, 3, 3}, {4, 4, 4}}}, 10, 0};
  CHECK(reporttest::xml_problem(svg::fan_chart("fan", f, "days")) == "");
  svg::FanData empty{"e", "empty", {}, {}, 0, 0};
  CHECK(reporttest::xml_problem(svg::fan_chart("fan2", empty, "days")) == "");
  svg::QuantileRow q{"q", "Q", 0, 0, 0, 0, 0, 0, 0, 0, 0};  // every run gave 0
  CHECK(reporttest::xml_problem(svg::quantile_chart("q", q, "value")) == "");
  std::vector<svg::ForestRow> fr = {{"Outcome 1", "v1", "v1:o1", 0.02, 0.01, 0.03, true, 0},
                                    {"Outcome 1", "v2", "v2:o1", -0.01, -0.03, 0.01, false, 1},
                                    {"Outcome 2", "v1", "v1:o2", NAN, NAN, NAN, false, 0}};
  const std::string forest = svg::forest_chart("fo", "Differences", fr, svg::Format::Percent, "pp");
  CHECK(reporttest::xml_problem(forest) == "");
  CHECK(forest.find(">+2.0 pp</text>") != std::string::npos);
  CHECK(forest.find(">-1.0 pp</text>") != std::string::npos);
  std::vector<svg::Line> lines = {{"l1", "line 1", {0, 0.5, 1}, {0.1, 0.2, 0.3}, {0.05, 0.15, 0.25}, {0.15, 0.25, 0.35}, 0},
                                  {"l2", "points", {0.2, 0.8}, {0.3, NAN}, {}, {}, 1, svg::Line::Style::Points}};
  CHECK(reporttest::xml_problem(svg::line_chart("li", "Lines", lines, "x", "y", svg::Format::Percent)) == "");
  std::vector<svg::IndexBar> bars = {{"p1", "param one", 0.5, 0.4, 0.6, true, 0.7, 0.6, 0.8}, {"p2", "param two", -0.1, NAN, NAN}};
  const std::string idx = svg::index_chart("ix", "Indices", bars, "S1", "ST", "share");
  CHECK(reporttest::xml_problem(idx) == "");
  CHECK(idx.find(">0.500</text>") != std::string::npos);
}

}  // TEST_SUITE
