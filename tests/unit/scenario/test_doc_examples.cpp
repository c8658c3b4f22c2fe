// SPDX-License-Identifier: Apache-2.0
// docs/scenario-format.md stays true: every ```yaml block in it is a complete scenario that loads
// and compiles without a diagnostic (with each of its variants applied too, as `geosim check`
// does), and its key tables agree with the format table in engine/scenario/format.cpp.
// Fragments that are not complete scenarios are fenced as ```text and are not checked here.
#include <doctest/doctest.h>

#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "geosim/diagnostics.hpp"
#include "geosim/model.hpp"
#include "geosim/scenario.hpp"
#include "scenario/format.hpp"

namespace {

constexpr const char* kDoc = GEOSIM_SOURCE_DIR "/docs/scenario-format.md";

std::string read_doc() {
  std::ifstream in(kDoc, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read ", kDoc);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

std::string_view trim_left(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

std::string_view trim(std::string_view s) {
  s = trim_left(s);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// One ```yaml block: the 1-based line of its first content line, and its text padded with
/// blank lines so that line numbers in diagnostics are line numbers of the page.
struct Block {
  int line = 0;
  std::string text;
};

std::vector<Block> yaml_blocks(const std::vector<std::string>& lines) {
  std::vector<Block> out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (trim(lines[i]) != "```yaml") continue;
    Block b;
    b.line = static_cast<int>(i) + 2;
    b.text.assign(i + 1, '\n');
    std::size_t j = i + 1;
    for (; j < lines.size() && trim_left(lines[j]).rfind("```", 0) != 0; ++j) b.text += lines[j] + '\n';
    REQUIRE_MESSAGE(j < lines.size(), "```yaml block at line ", b.line, " is never closed");
    out.push_back(std::move(b));
    i = j;
  }
  return out;
}

/// Loads (with `variant` applied, if any) and compiles one block; returns the diagnostics text,
/// empty when everything is clean.
std::string problems(const Block& b, const std::string& variant, std::vector<std::string>* variants = nullptr) {
  geosim::Diagnostics diags;
  auto sources = std::make_shared<geosim::Sources>();
  geosim::LoadOptions options;
  options.variant = variant;
  auto scenario = geosim::load_scenario_text("docs/scenario-format.md", b.text, options, diags, sources);
  if (scenario) {
    auto model = geosim::compile_model(*scenario, diags);
    if (!model && diags.ok()) return "compile_model failed without a diagnostic\n";
    if (variants != nullptr)
      for (const auto& v : scenario->variants) variants->push_back(v.name);
  } else if (diags.ok()) {
    return "load_scenario_text failed without a diagnostic\n";
  }
  return diags.ok() ? std::string{} : diags.format(*sources);
}

/// The table row documenting `key`: a line starting "| `key` |" that also contains `doc`.
std::optional<std::string> row_for(const std::vector<std::string>& lines, const std::string& key,
                                   const std::string& doc) {
  const std::string head = "| `" + key + "` |";
  for (const auto& l : lines)
    if (l.rfind(head, 0) == 0 && l.find(doc) != std::string::npos) return l;
  return std::nullopt;
}

}  // namespace

TEST_SUITE("docs") {
  TEST_CASE("every yaml example in docs/scenario-format.md is a valid scenario") {
    const auto lines = split_lines(read_doc());
    const auto blocks = yaml_blocks(lines);
    CHECK_MESSAGE(blocks.size() >= 12, "expected at least 12 ```yaml examples, found ", blocks.size());
    for (const auto& b : blocks) {
      std::vector<std::string> variants;
      const std::string base = problems(b, {}, &variants);
      INFO("```yaml block starting at docs/scenario-format.md:", b.line, "\n", base);
      CHECK(base.empty());
      for (const auto& v : variants) {
        const std::string with_variant = problems(b, v);
        INFO("variant '", v, "' of the block starting at line ", b.line, "\n", with_variant);
        CHECK(with_variant.empty());
      }
    }
  }

  TEST_CASE("the key tables of docs/scenario-format.md match the format table") {
    const auto lines = split_lines(read_doc());
    for (const auto& def : geosim::scenario::objects()) {
      for (const auto& f : def.fields) {
        INFO("object '", def.name, "', key '", f.key, "'");
        const auto row = row_for(lines, f.key, f.doc);
        CHECK_MESSAGE(row.has_value(), "no table row \"| `", f.key, "` | ... ", f.doc, " |\"");
        if (!row) continue;
        if (!f.fallback.empty()) CHECK_MESSAGE(row->find(f.fallback) != std::string::npos, "default ", f.fallback);
        if (!f.units.empty()) CHECK_MESSAGE(row->find(f.units) != std::string::npos, "units ", f.units);
        if (f.type == geosim::scenario::Type::Enum)
          for (const auto& c : geosim::scenario::enum_choices(f))
            CHECK_MESSAGE(row->find("`" + c + "`") != std::string::npos, "choice ", c);
      }
    }
    for (const auto& t : geosim::scenario::commitment_types()) {
      INFO("commitment type '", t.name, "'");
      const auto row = row_for(lines, t.name, t.basis);
      CHECK_MESSAGE(row.has_value(), "no row for the type with basis: ", t.basis);
      if (!row) continue;
      CHECK(row->find(fmt::format("| [{}, {}] |", t.prior_honoured, t.prior_reneged)) != std::string::npos);
      CHECK(row->find(fmt::format("| {} | {} |", t.ceasefire_effect, t.bargaining_effect)) != std::string::npos);
    }
  }
}
