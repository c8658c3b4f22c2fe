// SPDX-License-Identifier: Apache-2.0
// Diagnostics for bad input: `FILE:LINE:COL: error: WHAT; HOW TO FIX`, the source line and a caret.
// Errors from user input are values collected here; broken invariants are assertions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace geosim {

/// @brief A place in a source: index into Sources, 1-based line and column. line 0 = no place.
struct SourceMark {
  int file = -1;
  int line = 0;
  int col = 0;
};

/// @brief The texts that marks point into (scenario files, `--set` arguments). Owns them.
class Sources {
 public:
  /// @brief Adds a source and returns its index for SourceMark::file.
  int add(std::string name, std::string text);
  const std::string& name(int file) const;
  /// @brief The text of line `line` (1-based) of `file`, without its newline; empty if none.
  std::string_view line(int file, int line) const;
  const std::string& text(int file) const;
  int size() const { return static_cast<int>(entries_.size()); }

 private:
  struct Entry {
    std::string name;
    std::string text;
  };
  std::vector<Entry> entries_;
};

/// @brief One problem found in the input.
struct Diagnostic {
  SourceMark mark;
  std::string what;  ///< what is wrong, e.g. "unknown actor 'RUZ'"
  std::string fix;   ///< how to fix it, e.g. "did you mean 'RUS'?"; may be empty
};

/// @brief An ordered list of problems; loaders report all they find, not only the first.
class Diagnostics {
 public:
  void error(SourceMark mark, std::string what, std::string fix = {});
  bool ok() const { return items_.empty(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  /// @brief Every diagnostic formatted as `file:line:col: error: what; fix`, each followed by
  /// the source line and a caret when the mark has a line. Sorted by file and position.
  std::string format(const Sources& sources, bool context = true) const;

 private:
  std::vector<Diagnostic> items_;
};

/// @brief One diagnostic, formatted (first line only, no context).
std::string format_line(const Sources& sources, const Diagnostic& d);

/// @brief The candidate closest to `word` by edit distance, if close enough to be a likely
/// misspelling (distance <= max(1, |word| / 3)), else the shortest candidate that starts with
/// `word` (at least 4 characters); empty otherwise.
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

/// @brief "did you mean 'X'?" for the closest candidate, or a list of the valid choices when
/// there are few, or empty.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace geosim
