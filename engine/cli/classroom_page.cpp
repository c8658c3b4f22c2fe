// SPDX-License-Identifier: Apache-2.0
#include "cli/classroom_page.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "cli/common.hpp"

namespace geosim::cli {

namespace {

// Text that may not appear inside a <script> element: "</script" ends it, "<!--" can change how
// the rest of it is parsed.
bool breaks_script(std::string_view text) {
  if (text.find("<!--") != std::string_view::npos) return true;
  for (std::size_t i = text.find("</"); i != std::string_view::npos; i = text.find("</", i + 1)) {
    std::string_view rest = text.substr(i + 2, 6);
    std::string lower(rest);
    for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (lower == "script") return true;
  }
  return false;
}

std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

void replace_once(std::string& page, std::string_view marker, const std::string& with) {
  const std::size_t at = page.find(marker);
  if (at == std::string::npos) throw std::logic_error("classroom page template: no marker " + std::string(marker));
  page.replace(at, marker.size(), with);
}

}  // namespace

std::optional<std::string> find_browser_engine() {
  std::error_code ec;
  if (const char* env = std::getenv("GEOSIM_BROWSER_ENGINE"); env != nullptr && *env != '\0')
    return std::filesystem::is_regular_file(env, ec) ? std::optional<std::string>(env) : std::nullopt;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return std::nullopt;
  for (const auto& candidate : {exe.parent_path() / "geosim-engine.js",
                                exe.parent_path() / ".." / "share" / "geosim" / "geosim-engine.js"}) {
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate.string();
  }
  return std::nullopt;
}

std::string classroom_page(const nlohmann::ordered_json& bundle, const std::string& engine_js) {
  // Every '<' (only ever inside a JSON string) becomes \u003c, the same string in JSON, so no
  // text of the scenario can end the element or open a comment in it.
  const std::string raw = bundle.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  std::string data;
  data.reserve(raw.size());
  for (char c : raw) data += c == '<' ? std::string("\\u003c") : std::string(1, c);
  for (std::string_view script : {std::string_view(engine_js), classroom_asset("worker.js"), classroom_asset("classroom.js")})
    if (breaks_script(script))
      throw std::runtime_error("a script of the classroom page contains '</script' or '<!--': it cannot be inlined");
  std::string page(classroom_asset("classroom.html"));
  const std::string title = bundle["classroom"]["title"].get<std::string>();
  replace_once(page, "<!--GEOSIM_TITLE-->", html_escape(title));
  replace_once(page, "/*GEOSIM_STYLE*/", std::string(classroom_asset("classroom.css")));
  replace_once(page, "<!--GEOSIM_BUNDLE-->", data);
  replace_once(page, "<!--GEOSIM_WORKER-->", std::string(classroom_asset("worker.js")));
  replace_once(page, "<!--GEOSIM_ENGINE-->", engine_js);
  replace_once(page, "/*GEOSIM_SCRIPT*/", std::string(classroom_asset("classroom.js")));
  return page;
}

}  // namespace geosim::cli
