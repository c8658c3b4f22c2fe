#include "cli/common.hpp"

#include <cstdio>

#include <fmt/format.h>

namespace geosim::cli {

std::vector<Override> parse_overrides(const std::vector<std::string>& args) {
  std::vector<Override> out;
  for (const auto& a : args) {
    auto eq = a.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UsageError{fmt::format("--set '{}': expected PATH=VALUE, e.g. --set events.strike.rate=0.1", a)};
    out.push_back({a.substr(0, eq), a.substr(eq + 1)});
  }
  return out;
}

Loaded load_and_compile(const std::string& path, const LoadOptions& options) {
  Loaded l;
  l.scenario = load_scenario(path, options, l.diags, l.sources);
  if (l.scenario) l.model = compile_model(*l.scenario, l.diags);
  if (!l.diags.ok()) l.model.reset();
  return l;
}

void print_diagnostics(const Loaded& l) {
  std::string text = l.diags.format(*l.sources);
  std::size_t n = l.diags.items().size();
  std::fputs(text.c_str(), stderr);
  if (n > 1) std::fputs(fmt::format("{} errors\n", n).c_str(), stderr);
}

}  // namespace geosim::cli
