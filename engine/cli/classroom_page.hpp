// SPDX-License-Identifier: Apache-2.0
// The classroom page: one self-contained HTML file holding the browser engine, the validated
// scenario and its `classroom:` section (docs/classroom.md). The page's own HTML, CSS and script
// (web/page/) are compiled into geosim; the engine (geosim-engine.js, web/) is read at run time
// from beside the geosim binary, where the build puts it when emscripten is installed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace geosim::cli {

/// @brief The text of a page asset from web/page/ ("classroom.html", "classroom.css",
/// "classroom.js", "worker.js"); empty when there is none.
std::string_view classroom_asset(std::string_view name);

/// @brief Where the browser engine is looked for: the file named by GEOSIM_BROWSER_ENGINE when set
/// (the sanitizer build's tests use a stand-in), else beside the executable, then in
/// ../share/geosim/ of it (an installed tree); the first that exists, or nullopt.
std::optional<std::string> find_browser_engine();

/// @brief The whole page: the template with `bundle` (the scenario and its classroom section)
/// and `engine_js` inlined. `bundle` goes in as JSON that cannot close its <script> element.
std::string classroom_page(const nlohmann::ordered_json& bundle, const std::string& engine_js);

}  // namespace geosim::cli
