// SPDX-License-Identifier: Apache-2.0
// Table-driven reading of one YAML object: unknown and missing keys are reported on
// construction; typed getters convert and range-check leaf values and apply the table's defaults.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "geosim/scenario.hpp"
#include "scenario/format.hpp"
#include "scenario/tree.hpp"

namespace geosim::scenario {

/// @brief Parses a decimal number (no units); nullopt when the text is not one.
std::optional<double> parse_number(std::string_view text);

/// @brief Reads a number or distribution node. Reports problems as `where: ...`.
std::optional<Distribution> read_distribution(const Node& n, std::string_view where, Diagnostics& d);

/// @brief Reads one object described by `def`. Holds references: use while the node lives.
class Fields {
 public:
  /// @param where  how messages name the object, e.g. "event 'strike'"
  /// @param path   override path of the object, e.g. "events.strike"
  Fields(const Node& node, const ObjectDef& def, std::string where, std::string path, Diagnostics& d);

  bool ok() const { return ok_; }
  bool has(std::string_view key) const;
  const Node* node(std::string_view key) const;
  SourceMark mark_of(std::string_view key) const;

  std::string string(std::string_view key, std::string fallback = {}) const;
  bool boolean(std::string_view key, bool fallback) const;
  int integer(std::string_view key, int fallback) const;
  /// @brief A Quantity field; the table's default when absent (or `fallback` if given).
  NumberSpec number(std::string_view key, std::optional<double> fallback = std::nullopt) const;
  /// @brief A Number field: like number(), but a distribution is an error.
  double fixed(std::string_view key) const;
  /// @brief An Expr field; `present` is false when absent.
  ExprSpec expr(std::string_view key) const;
  std::string id(std::string_view key) const;
  std::vector<std::pair<std::string, SourceMark>> ids(std::string_view key) const;
  std::vector<EffectText> effects(std::string_view key) const;
  std::string enumeration(std::string_view key) const;
  const std::string& where() const { return where_; }
  const std::string& path() const { return path_; }
  Diagnostics& diags() const { return d_; }

 private:
  const Field& field(std::string_view key) const;
  void check_range(const Field& f, const Distribution& dist, SourceMark m) const;

  const Node& node_;
  const ObjectDef& def_;
  std::string where_, path_;
  Diagnostics& d_;
  bool ok_ = true;
};

/// @brief Reads an Expr-typed node (outside a Fields object, e.g. list items).
ExprSpec read_expr(const Node& n, const std::string& path, std::string_view where, Diagnostics& d);

/// @brief The column of the first character of a scalar's text (after an opening quote).
SourceMark text_mark(const Node& n, const Sources* sources);

/// @brief Calls fn(id, node, key_mark) for each entry of a map section, reporting a section
/// that is not a map and keys that are not valid ids.
template <typename Fn>
void each_entry(const Node* section, std::string_view what, Diagnostics& d, Fn fn) {
  if (section == nullptr || section->is_null()) return;
  if (!section->is_map()) {
    d.error(section->mark, "'" + std::string(what) + "' must be a map of names to definitions, not " +
                               std::string(kind_name(*section)),
            "write one 'ID:' per entry under it");
    return;
  }
  for (std::size_t i = 0; i < section->keys.size(); ++i) {
    if (!is_identifier(section->keys[i])) {
      d.error(section->key_marks[i], "'" + section->keys[i] + "' is not a valid name in '" + std::string(what) + "'",
              "use letters, digits and '_', starting with a letter (at most 64 characters)");
      continue;
    }
    fn(section->keys[i], section->items[i], section->key_marks[i]);
  }
}

}  // namespace geosim::scenario
