// SPDX-License-Identifier: Apache-2.0
#include "geosim/diagnostics.hpp"

#include <algorithm>
#include <cassert>

#include <fmt/format.h>

namespace geosim {

int Sources::add(std::string name, std::string text) {
  entries_.push_back({std::move(name), std::move(text)});
  return static_cast<int>(entries_.size()) - 1;
}

const std::string& Sources::name(int file) const {
  assert(file >= 0 && file < size() && "source index out of range");
  return entries_[static_cast<std::size_t>(file)].name;
}

const std::string& Sources::text(int file) const {
  assert(file >= 0 && file < size() && "source index out of range");
  return entries_[static_cast<std::size_t>(file)].text;
}

std::string_view Sources::line(int file, int line) const {
  if (file < 0 || file >= size() || line <= 0) return {};
  std::string_view text = entries_[static_cast<std::size_t>(file)].text;
  std::size_t start = 0;
  for (int i = 1; i < line; ++i) {
    start = text.find('\n', start);
    if (start == std::string_view::npos) return {};
    ++start;
  }
  std::size_t end = text.find('\n', start);
  std::string_view out = text.substr(start, end == std::string_view::npos ? text.size() - start : end - start);
  if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
  return out;
}

void Diagnostics::error(SourceMark mark, std::string what, std::string fix) {
  items_.push_back({mark, std::move(what), std::move(fix)});
}

std::string format_line(const Sources& sources, const Diagnostic& d) {
  std::string where;
  if (d.mark.file >= 0 && d.mark.file < sources.size()) {
    where = sources.name(d.mark.file);
    if (d.mark.line > 0) where += fmt::format(":{}:{}", d.mark.line, d.mark.col);
    where += ": ";
  }
  std::string out = fmt::format("{}error: {}", where, d.what);
  if (!d.fix.empty()) out += "; " + d.fix;
  return out;
}

namespace {

// Printable form of a source line for context: tabs kept, control bytes shown as '?', long lines cut.
std::string printable(std::string_view line) {
  constexpr std::size_t kMaxShown = 160;
  std::string out;
  for (char c : line.substr(0, kMaxShown)) {
    auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 && c != '\t') || u == 0x7f ? '?' : c;
  }
  if (line.size() > kMaxShown) out += "...";
  return out;
}

}  // namespace

std::string Diagnostics::format(const Sources& sources, bool context) const {
  std::vector<Diagnostic> sorted = items_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.mark.file != b.mark.file) return a.mark.file < b.mark.file;
    if (a.mark.line != b.mark.line) return a.mark.line < b.mark.line;
    return a.mark.col < b.mark.col;
  });
  std::string out;
  for (const auto& d : sorted) {
    out += format_line(sources, d) + '\n';
    if (!context || d.mark.line <= 0) continue;
    std::string_view line = sources.line(d.mark.file, d.mark.line);
    if (line.empty()) continue;
    std::size_t caret = static_cast<std::size_t>(std::max(1, d.mark.col) - 1);
    // On a long line, show a window around the caret so the caret stays under its character.
    constexpr std::size_t kLead = 60;
    std::string shown;
    if (caret > kLead && caret < line.size() && line.size() > 160) {
      std::size_t from = caret - kLead;
      shown = "..." + printable(line.substr(from));
      caret = caret - from + 3;
    } else {
      shown = printable(line);
    }
    if (caret > shown.size()) caret = shown.size();
    std::string pad;
    for (std::size_t i = 0; i < caret; ++i) pad += shown[i] == '\t' ? '\t' : ' ';
    out += fmt::format("  {}\n  {}^\n", shown, pad);
  }
  return out;
}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
  constexpr std::size_t kMaxCompared = 256;  // names longer than this are never misspellings
  if (word.size() > kMaxCompared) return {};
  std::size_t best = std::max<std::size_t>(1, word.size() / 3) + 1;
  std::string found;
  for (const auto& c : candidates) {
    if (c.size() > kMaxCompared) continue;
    std::size_t d = edit_distance(word, c);
    if (d < best) {
      best = d;
      found = c;
    }
  }
  // A truncated name ("horizon" for "horizon_days") is too far by edit distance but still clear.
  if (found.empty() && word.size() >= 4)
    for (const auto& c : candidates)
      if (c.size() > word.size() && c.compare(0, word.size(), word) == 0 && (found.empty() || c.size() < found.size()))
        found = c;
  return found;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  std::string c = closest(word, candidates);
  if (!c.empty()) return fmt::format("did you mean '{}'?", c);
  if (candidates.empty()) return {};
  if (candidates.size() <= 8) {
    std::string list;
    for (const auto& k : candidates) list += (list.empty() ? "'" : ", '") + k + "'";
    return "expected one of " + list;
  }
  return {};
}

}  // namespace geosim
