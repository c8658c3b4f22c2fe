// SPDX-License-Identifier: Apache-2.0
#include "cli/inert_note.hpp"

#include <fmt/format.h>

#include "geosim/analysis.hpp"

namespace geosim::cli {

namespace {

// Where a parameter or variable's number was written, when the path is one of theirs.
SourceMark declared_at(const Scenario& s, const std::string& path) {
  for (const auto& p : s.parameters)
    if (p.value.path == path) return p.value.mark;
  for (const auto& a : s.actors)
    for (const auto& v : a.variables)
      if (v.initial.path == path) return v.initial.mark;
  for (const auto& b : s.blocs)
    for (const auto& v : b.variables)
      if (v.initial.path == path) return v.initial.mark;
  return {};
}

}  // namespace

std::string inert_warnings(const Loaded& l, const std::string& file) {
  std::string out;
  for (const auto& p : analysis::inert_parameters(*l.model)) {
    const SourceMark at = declared_at(*l.scenario, p.path);
    std::string where = file == "-" ? "<stdin>" : file;
    if (at.file >= 0 && at.file < l.sources->size()) {
      where = l.sources->name(at.file);
      if (at.line > 0) where += fmt::format(":{}:{}", at.line, at.col);
    }
    out += fmt::format("{}: warning: uncertain number '{}' has no path to any outcome: no outcome reads it, nor anything "
                       "that an outcome depends on, so its draws cannot change a result (inert by construction); use it "
                       "in an expression that matters, or make it a fixed number\n",
                       where, p.path);
  }
  return out;
}

}  // namespace geosim::cli
