// SPDX-License-Identifier: Apache-2.0
// The self-contained HTML report: inline CSS and inline SVG charts, no scripts, no network, no
// external fonts, so it opens from a USB stick. It renders from the JSON document a command
// produces, so every command that writes JSON can write a report.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace geosim {

struct Scenario;

/// @brief The report of a command's JSON document. Its top-level "command" picks the layout:
/// "run" (also assumed when absent), "compare", "sweep" or "sensitivity". The result is HTML5
/// that is also well-formed XML (XHTML); all text from the document is escaped.
/// Throws std::invalid_argument for an unknown "command".
std::string html_report(const nlohmann::ordered_json& doc);

/// @brief Adds to doc["scenario"] what the report shows but the summary JSON does not carry:
/// "sources" (key -> citation), "variant_descriptions" (variant name -> description) and
/// "names" (actor or bloc id -> display name), "outcome_info" (id -> describe, given_label,
/// share_of), "assumptions" (the uncertain numbers: path, name, describe, distribution),
/// "path_labels" (override path -> words) and "variables" ("A.x" -> label, describe).
void add_report_context(nlohmann::ordered_json& doc, const Scenario& s);

}  // namespace geosim
