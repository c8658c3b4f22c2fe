// SPDX-License-Identifier: Apache-2.0
// Pieces shared by the HTML report's layouts (html.cpp: page, header, footer; html_run.cpp;
// html_analysis.cpp). Internal to engine/report.
#pragma once

#include <cmath>
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

std::string render_run(const json& doc);
std::string render_compare(const json& doc);
std::string render_sweep(const json& doc);
std::string render_sensitivity(const json& doc);

}  // namespace geosim::report::html
