// SPDX-License-Identifier: Apache-2.0
// A YAML document as a plain tree with source marks, independent of yaml-cpp's reference
// semantics so variants, `extends` and `--set` can edit copies safely. Built with budgets
// (bytes, depth, nodes) so hostile input ends in a diagnostic, not a crash or a blow-up.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "geosim/diagnostics.hpp"

namespace geosim::scenario {

/// @brief One YAML node. Maps keep keys in file order (keys[i] names items[i]).
struct Node {
  enum class Kind : unsigned char { Null, Scalar, Map, Seq };
  Kind kind = Kind::Null;
  std::string text;  ///< scalar text
  bool quoted = false;
  SourceMark mark;   ///< where the value starts
  std::vector<std::string> keys;
  std::vector<SourceMark> key_marks;
  std::vector<Node> items;

  bool is_map() const { return kind == Kind::Map; }
  bool is_seq() const { return kind == Kind::Seq; }
  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_null() const { return kind == Kind::Null; }
  /// @brief The value under `key` in a map, or nullptr.
  const Node* find(std::string_view key) const;
  Node* find(std::string_view key);
  /// @brief Mark of `key` in a map, or this node's mark.
  SourceMark key_mark(std::string_view key) const;
};

/// @brief Limits on what a scenario source may contain.
struct Limits {
  std::size_t max_bytes = 16u << 20;  ///< 16 MiB
  int max_depth = 128;                ///< nesting of maps and sequences
  std::size_t max_nodes = 1'000'000;  ///< after aliases are expanded
  std::size_t max_text = 64u << 20;   ///< bytes of keys and values after aliases are expanded
};

/// @brief Parses YAML `text` registered as source `file`. On error, adds diagnostics and
/// returns nullopt. Never throws.
std::optional<Node> parse_yaml(const Sources& sources, int file, Diagnostics& diags,
                               const Limits& limits = {});

/// @brief The path that names standard input, and the name its messages give it.
inline constexpr std::string_view kStdinPath = "-";
inline constexpr std::string_view kStdinName = "<stdin>";

/// @brief The scenario text read from standard input ("" when none was read).
const std::string& stdin_scenario_text();

/// @brief Reads a file (or, for "-", standard input, read once per process) into `sources` (refusing directories, unreadable and oversized files)
/// and parses it. `from` is where the file was named (a mark in another file), if any.
std::optional<Node> load_yaml_file(const std::string& path, Sources& sources, Diagnostics& diags,
                                   SourceMark from = {}, const Limits& limits = {});

/// @brief A short description of a node's kind for messages ("a map", "a list", "text").
std::string_view kind_name(const Node& n);

}  // namespace geosim::scenario
