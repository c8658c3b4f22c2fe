// SPDX-License-Identifier: Apache-2.0
// The loader's entry points: files and `extends` chains -> variant -> overrides -> Scenario.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "geosim/detmath.hpp"
#include "geosim/scenario.hpp"
#include "scenario/format.hpp"
#include "scenario/limits.hpp"
#include "scenario/load_tree.hpp"
#include "scenario/overrides.hpp"
#include "scenario/reader.hpp"
#include "scenario/tree.hpp"

namespace geosim {

namespace {

using scenario::Node;
constexpr int kMaxExtendsDepth = 8;

// Applies every PATH: value of a `set:` map node.
void apply_set_map(Node& root, const Node& set, const std::string& who, Diagnostics& d) {
  if (!set.is_map()) {
    d.error(set.mark, fmt::format("{}: 'set' must map paths to values", who), "write set: {events.strike.rate: 0.1}");
    return;
  }
  for (std::size_t i = 0; i < set.keys.size(); ++i)
    scenario::apply_override(root, set.keys[i], set.items[i], set.key_marks[i], who, d);
}

namespace fs = std::filesystem;

// True when `p` (canonical) is `root` or inside it (component by component, not by prefix).
bool inside(const fs::path& p, fs::path root) {
  if (root.has_relative_path() && root.filename().empty()) root = root.parent_path();
  auto q = p.begin();
  for (const auto& part : root) {
    if (q == p.end() || *q != part) return false;
    ++q;
  }
  return true;
}

// A file whose top level names no section of a scenario: a secrets file of KEY: value lines,
// /etc/passwd, a log. Reported without showing any of its lines.
bool shaped_like_scenario(const Node& root) {
  const auto& known = scenario::object("scenario_file");
  for (const auto& k : root.keys)
    if (known.field(k) != nullptr) return true;
  return false;
}

std::optional<Node> load_chain(const std::string& path, Sources& sources, Diagnostics& d, SourceMark from,
                               std::vector<std::string>& chain, std::vector<std::string>& files,
                               const std::vector<fs::path>& roots) {
  std::error_code ec;
  std::string canon = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec).string();
  if (ec) canon = path;
  if (from.file >= 0) {  // named by `extends`: a scenario file in an allowed folder, or nothing is read
    const fs::path ext = fs::path(path).extension();
    if (ext != ".yaml" && ext != ".yml") {
      d.error(from, fmt::format("'extends' names '{}', which is not a scenario file (.yaml or .yml)", path),
              "name the base scenario's .yaml file");
      return std::nullopt;
    }
    if (std::none_of(roots.begin(), roots.end(), [&](const fs::path& r) { return inside(fs::path(canon), r); })) {
      d.error(from, fmt::format("'extends' names {}, outside the scenario's folder {}", canon, roots.front().string()),
              "keep bases in the scenario's folder or below it, or allow the base's folder with --allow-extends DIR");
      return std::nullopt;
    }
  }
  for (const auto& seen : chain) {
    if (seen == canon) {
      std::string cycle;
      for (const auto& c : chain) cycle += std::filesystem::path(c).filename().string() + " -> ";
      d.error(from, fmt::format("'extends' cycle: {}{}", cycle, std::filesystem::path(canon).filename().string()),
              "make the chain end in a file without 'extends'");
      return std::nullopt;
    }
  }
  if (static_cast<int>(chain.size()) >= kMaxExtendsDepth) {
    d.error(from, fmt::format("'extends' chain deeper than {} files", kMaxExtendsDepth), "extend the base directly");
    return std::nullopt;
  }
  auto node = scenario::load_yaml_file(path, sources, d, from);
  if (!node) return std::nullopt;
  files.push_back(path == scenario::kStdinPath ? std::string(scenario::kStdinName) : path);
  if (!node->is_map()) {
    if (node->is_null())
      d.error({sources.size() - 1, 1, 1}, "the file is empty", "start from a scenario in scenarios/ or docs/scenario-format.md");
    else if (node->is_scalar())  // text: the file may be anything; none of it is shown
      d.error({sources.size() - 1, 0, 0}, "this is not a scenario file: it is plain text, not a map of sections",
              "name a scenario .yaml file (see scenarios/ or docs/scenario-format.md)");
    else
      d.error(node->mark, fmt::format("a scenario file must be a map of sections, not {}", kind_name(*node)),
              "start with 'scenario:' at the left margin");
    return std::nullopt;
  }
  if (!shaped_like_scenario(*node)) {
    d.error({sources.size() - 1, 0, 0},
            "this is not a scenario file: none of its top-level keys is a section of a scenario (geosim, scenario, "
            "actors, outcomes, ...)",
            "name a scenario .yaml file (see scenarios/ or docs/scenario-format.md)");
    return std::nullopt;
  }
  const Node* ext = node->find("extends");
  if (ext == nullptr) return node;
  if (!ext->is_scalar()) {
    d.error(ext->mark, "'extends' must be a file path", "write extends: base.yaml");
    return std::nullopt;
  }
  chain.push_back(canon);
  // A scenario read from standard input has no folder: its base is found from the current one.
  std::filesystem::path base_path =
      (path == scenario::kStdinPath ? std::filesystem::path() : std::filesystem::path(path).parent_path()) / ext->text;
  auto base = load_chain(base_path.string(), sources, d, ext->mark, chain, files, roots);
  chain.pop_back();
  if (!base) return std::nullopt;
  Node child = *node;
  Node set;
  for (std::size_t i = child.keys.size(); i-- > 0;) {
    if (child.keys[i] == "extends" || child.keys[i] == "set") {
      if (child.keys[i] == "set") set = child.items[i];
      child.keys.erase(child.keys.begin() + static_cast<long>(i));
      child.key_marks.erase(child.key_marks.begin() + static_cast<long>(i));
      child.items.erase(child.items.begin() + static_cast<long>(i));
    }
  }
  scenario::deep_merge(*base, child);
  if (!set.is_null()) apply_set_map(*base, set, fmt::format("'set' in {}", path == scenario::kStdinPath ? scenario::kStdinName : std::string_view(path)), d);
  return base;
}

}  // namespace

namespace scenario {

std::optional<Node> load_merged_tree(const std::string& path, Sources& sources, Diagnostics& diags,
                                     std::vector<std::string>& files, const std::vector<std::string>& extends_from) {
  std::vector<std::string> chain;
  // The folders `extends` may read from: the scenario's own, and those allowed explicitly.
  std::vector<fs::path> roots;
  std::error_code ec;
  const fs::path own = path == kStdinPath ? fs::current_path(ec) : fs::absolute(path, ec).parent_path();
  roots.push_back(fs::weakly_canonical(own, ec));
  for (const auto& extra : extends_from) roots.push_back(fs::weakly_canonical(fs::absolute(extra, ec), ec));
  auto root = load_chain(path, sources, diags, {}, chain, files, roots);
  if (!root || !diags.ok()) return std::nullopt;
  std::reverse(files.begin(), files.end());
  return root;
}

std::optional<Scenario> scenario_from_tree(Node root, const LoadOptions& options, Diagnostics& d,
                                           std::shared_ptr<Sources> sources, std::vector<std::string> files) {
  if (root.find("set") != nullptr)
    d.error(root.key_mark("set"), "'set' is only allowed in a file that 'extends' another",
            "put overrides in a variant, or add 'extends: BASE.yaml'");
  if (!options.variant.empty()) {
    const Node* variants = root.find("variants");
    const Node* v = variants && variants->is_map() ? variants->find(options.variant) : nullptr;
    if (v == nullptr) {
      std::vector<std::string> names = variants && variants->is_map() ? variants->keys : std::vector<std::string>{};
      std::string fix = did_you_mean(options.variant, names);
      d.error({}, fmt::format("--variant: the scenario has no variant '{}'", options.variant),
              fix.empty() ? (names.empty() ? "this scenario declares no variants" : "run 'geosim check' to list them") : fix);
      return std::nullopt;
    }
    if (const Node* set = v->is_map() ? v->find("set") : nullptr) {
      Node copy = *set;
      apply_set_map(root, copy, fmt::format("variant '{}'", options.variant), d);
    }
  }
  for (const auto& o : options.overrides) {
    std::string who = fmt::format("--set {}", o.path);
    int file = sources->add(who, o.value);
    auto value = scenario::parse_yaml(*sources, file, d);
    if (!value) continue;
    if (!scenario::apply_override(root, o.path, *value, {}, "--set", d)) continue;
  }
  // Resource limits: counts before the tree is read, the model's memory before it is built.
  if (!scenario::check_counts(root, options.limits, d)) return std::nullopt;
  Scenario s;
  s.sources = sources;
  s.files = std::move(files);
  s.variant = options.variant;
  scenario::read_scenario(root, s, d);
  if (!d.ok()) return std::nullopt;
  if (!scenario::check_model_memory(s, options.limits, d)) return std::nullopt;
  return s;
}

}  // namespace scenario

std::optional<Scenario> load_scenario(const std::string& path, const LoadOptions& options, Diagnostics& diags,
                                      std::shared_ptr<Sources> sources) {
  std::vector<std::string> files;
  auto root = scenario::load_merged_tree(path, *sources, diags, files, options.extends_from);
  if (!root) return std::nullopt;
  return scenario::scenario_from_tree(std::move(*root), options, diags, std::move(sources), std::move(files));
}

std::optional<Scenario> load_scenario_text(const std::string& name, const std::string& text,
                                           const LoadOptions& options, Diagnostics& diags,
                                           std::shared_ptr<Sources> sources) {
  int file = sources->add(name, text);
  auto root = scenario::parse_yaml(*sources, file, diags);
  if (!root) return std::nullopt;
  if (!root->is_map()) {
    diags.error(root->is_null() ? SourceMark{file, 1, 1} : root->mark,
                root->is_null() ? std::string("the scenario is empty")
                                : fmt::format("a scenario must be a map of sections, not {}", kind_name(*root)),
                "start with 'scenario:' at the left margin");
    return std::nullopt;
  }
  if (root->find("extends"))
    diags.error(root->key_mark("extends"), "'extends' needs a scenario loaded from a file", "load it with load_scenario");
  return scenario::scenario_from_tree(std::move(*root), options, diags, std::move(sources), {name});
}

double Distribution::mean() const {
  switch (kind) {
    case Kind::Fixed: return a;
    case Kind::Normal: return a;
    case Kind::LogNormal: return det::exp(a + b * b / 2);
    case Kind::Beta: return a / (a + b);
    case Kind::Uniform: return (a + b) / 2;
    case Kind::Triangular: return (a + b + c) / 3;
  }
  return a;
}

}  // namespace geosim
