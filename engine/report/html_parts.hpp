// SPDX-License-Identifier: Apache-2.0
// Pieces shared by the HTML report's layouts (html.cpp: page, header, footer; html_run.cpp;
// html_analysis.cpp). Internal to engine/report.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace geosim::report::html {

using json = nlohmann::ordered_json;

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// @brief j[key] as a number; NaN when absent, null or not a number.
double num(const json& j, std::string_view key);
/// @brief j[key][i] as a number; NaN when absent or not a number.
double num_at(const json& j, std::string_view key, std::size_t i);
/// @brief j[key] as text ("" when absent); numbers are printed.
std::string str(const json& j, std::string_view key);
/// @brief j[key] when it is an object or array, else an empty null.
const json& child(const json& j, std::string_view key);

/// @brief A complete document: doctype, head with the inline style sheet, and `body`.
std::string page(std::string_view title, std::string_view body);
/// @brief The report's header: scenario name, description, and the settings (seed, runs,
/// variant, engine version). `what` names the kind of report, e.g. "Monte Carlo run".
std::string header(const json& doc, std::string_view what,
                   const std::vector<std::pair<std::string, std::string>>& extra = {});
/// @brief The scenario's sources and the provenance block (command line, files, host).
std::string footer(const json& doc);
/// @brief A <figure> around a chart with a caption.
std::string figure(std::string_view svg, std::string_view caption);
/// @brief A section with an id and a heading; `intro` is escaped text, `content` raw markup.
std::string section(std::string_view id, std::string_view heading, std::string_view intro, std::string_view content);
/// @brief A short display name of an override path: "parameters.X.value" -> "X",
/// "actors.A.variables.V.value" -> "A.V".
std::string short_path(std::string_view path);
/// @brief "day 0 = 6 January 2026" style note when the scenario has a start date, else "".
std::string day_zero_note(const json& doc);

// ---- The brief (html_brief.cpp) -----------------------------------------------------------

/// @brief Markers in the page where the headline and the whole brief end: the print test cuts
/// the page there to count the pages each takes.
inline constexpr std::string_view kHeadlineEnd = "<!-- end of the headline -->\n";
inline constexpr std::string_view kBriefEnd = "<!-- end of the brief -->\n";

/// @brief An outcome's label without the indentation the scenario gives sub-outcomes.
std::string outcome_label(const json& o, const std::string& id);
/// @brief The indentation level of an outcome's label: two leading spaces per level.
int outcome_depth(const json& o);
/// @brief doc.scenario.outcome_info[id] (add_report_context), or null.
const json& outcome_info(const json& doc, const std::string& id);
/// @brief "only the 141 runs in which 'Coalition guarantee invoked' happened" for a `given:`
/// outcome, "" for others.
std::string given_phrase(const json& doc, const std::string& id, const json& o);
/// @brief A `share_of` outcome as a share of the runs of the outcome it is a subset of
/// (held / could have held), with its Wilson interval.
struct Share {
  bool ok = false;
  std::string of, of_label;
  std::uint64_t k = 0, n = 0;
  double p = kNaN, lo = kNaN, hi = kNaN;
};
Share share_of(const json& doc, const json& outcomes, const std::string& id);
/// @brief 95% interval of a.p - b.p for independent shares (Newcombe's hybrid score method).
std::array<double, 2> newcombe(const Share& a, const Share& b);
/// @brief "'a', 'b' and 'c'".
std::string label_list(const std::vector<std::string>& labels);
/// @brief A top-level outcome (not indented, not conditional): one for the headline.
bool is_key_outcome(const json& o);
/// @brief The sentence that the figures are conditional on the assumptions, not forecasts.
std::string conditional_statement(const json& doc, std::string_view what);
/// @brief The variant, horizon and uncertain assumptions (with their describe texts), as a list.
std::string assumptions_list(const json& doc);
/// @brief The headline of a run report: key outcomes in words and as a chart, and assumptions.
std::string run_headline(const json& doc);

// ---- Charts over time (html_over_time.cpp) ------------------------------------------------

/// @brief The bargaining range over time (JSON bargaining.over_time): its bounds, and which bound
/// binds; "" without it.
std::string bargaining_over_time(const json& doc);
/// @brief Per decision (JSON "decisions"), the share of choices taking each action over time.
std::string decision_shares(const json& doc);

std::string render_run(const json& doc);
std::string render_compare(const json& doc);
std::string render_sweep(const json& doc);
std::string render_sensitivity(const json& doc);

}  // namespace geosim::report::html
