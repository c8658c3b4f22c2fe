// SPDX-License-Identifier: Apache-2.0
// Design tables: points given as CSV, one column per override path and one row per point
// (what SALib, EMA Workbench or a spreadsheet produce), read with a place for every problem.
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "geosim/analysis.hpp"
#include "scenario/fields.hpp"

namespace geosim::analysis {

namespace {

struct Field {
  std::string text;
  int col = 1;  ///< 1-based column of its first character in the line
  bool quoted = false;
};

// Splits one line into fields (RFC 4180 quoting within the line; spaces around a field dropped).
// Returns false with `bad_col` set when a quote is not closed.
bool split_line(std::string_view line, std::vector<Field>& out, int& bad_col) {
  out.clear();
  std::size_t i = 0;
  for (;;) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    Field f;
    f.col = static_cast<int>(i) + 1;
    if (i < line.size() && line[i] == '"') {
      f.quoted = true;
      const std::size_t open = i++;
      for (;;) {
        if (i >= line.size()) {
          bad_col = static_cast<int>(open) + 1;
          return false;
        }
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            f.text += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        f.text += line[i++];
      }
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      if (i < line.size() && line[i] != ',') {
        bad_col = static_cast<int>(i) + 1;
        return false;
      }
    } else {
      const std::size_t start = i;
      while (i < line.size() && line[i] != ',') ++i;
      std::size_t end = i;
      while (end > start && (line[end - 1] == ' ' || line[end - 1] == '\t')) --end;
      f.text = std::string(line.substr(start, end - start));
    }
    out.push_back(std::move(f));
    if (i >= line.size()) return true;
    ++i;  // the comma
  }
}

}  // namespace

std::optional<DesignTable> parse_design_csv(const std::string& name, const std::string& text, Sources& sources,
                                            Diagnostics& diags) {
  const int file = sources.add(name, text);
  const std::size_t errors_before = diags.items().size();
  DesignTable t;
  t.name = name;
  std::vector<Field> fields;
  int line_no = 0;
  bool header = true;
  std::size_t pos = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;  // a byte-order mark, not a column
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;  // blank line
    int bad_col = 0;
    if (!split_line(line, fields, bad_col)) {
      diags.error({file, line_no, bad_col}, "a quoted field is not closed, or has text after its closing quote",
                  "close the quote, and write \"\" for a quote inside a quoted field");
      if (header) return std::nullopt;
      continue;
    }
    if (header) {
      header = false;
      std::set<std::string> seen;
      for (std::size_t c = 0; c < fields.size(); ++c) {
        const SourceMark at{file, line_no, fields[c].col};
        if (fields[c].text.empty()) {
          diags.error(at, fmt::format("column {} of the header has no name", c + 1),
                      c == 0 ? "name every column with a --set path, e.g. events.strike.rate; from pandas, write the "
                               "table with to_csv(index=False), which leaves out the unnamed index column"
                             : "name every column with a --set path, e.g. events.strike.rate, or delete the empty column");
        } else if (!seen.insert(fields[c].text).second) {
          diags.error(at, fmt::format("column '{}' appears twice in the header", fields[c].text),
                      "keep one column per path");
        }
        t.columns.push_back(fields[c].text);
        t.column_marks.push_back(at);
      }
      continue;
    }
    if (fields.size() != t.columns.size()) {
      const int col = fields.size() > t.columns.size() ? fields[t.columns.size()].col : static_cast<int>(line.size()) + 1;
      diags.error({file, line_no, col},
                  fmt::format("this row has {} cells, the header {} columns", fields.size(), t.columns.size()),
                  "give every row one number per column, in the header's order");
      continue;
    }
    std::vector<double> row(fields.size());
    std::vector<SourceMark> marks(fields.size());
    for (std::size_t c = 0; c < fields.size(); ++c) {
      marks[c] = {file, line_no, fields[c].col};
      if (const auto v = scenario::parse_number(fields[c].text)) row[c] = *v;
      else
        diags.error(marks[c],
                    fields[c].text.empty() ? fmt::format("the cell of column '{}' is empty", t.columns[c])
                                           : fmt::format("'{}' in column '{}' is not a number", fields[c].text, t.columns[c]),
                    "write a finite number such as 0.25 or 1e-3 in every cell (a distribution belongs in the scenario "
                    "or in --set, not in a design)");
    }
    t.rows.push_back(std::move(row));
    t.cell_marks.push_back(std::move(marks));
  }
  if (header) {
    diags.error({file, 1, 1}, "the design is empty",
                "write a header of --set paths, then one row of numbers per point, e.g. 'events.strike.rate' then '0.05'");
  } else if (t.rows.empty() && diags.items().size() == errors_before) {
    diags.error({file, line_no > 0 ? line_no : 1, 1}, "the design has a header but no points",
                "add one row of numbers per point below the header");
  }
  if (diags.items().size() != errors_before) return std::nullopt;
  return t;
}

std::optional<DesignTable> design_table(const std::string& name, const std::vector<std::string>& columns,
                                        const std::vector<std::vector<double>>& rows, Diagnostics& diags) {
  const std::size_t errors_before = diags.items().size();
  std::set<std::string> seen;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (columns[c].empty())
      diags.error({}, fmt::format("{}: column {} has no name", name, c + 1),
                  "name every column with a --set path, e.g. events.strike.rate");
    else if (!seen.insert(columns[c]).second)
      diags.error({}, fmt::format("{}: column '{}' appears twice", name, columns[c]), "keep one column per path");
  }
  if (columns.empty()) diags.error({}, fmt::format("{}: the design has no columns", name), "give one column per --set path");
  if (rows.empty() && !columns.empty())
    diags.error({}, fmt::format("{}: the design has no points", name), "give one row of numbers per point");
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].size() != columns.size()) {
      diags.error({}, fmt::format("{}: row {} has {} values for {} columns", name, r + 1, rows[r].size(), columns.size()),
                  "give every row one number per column");
      continue;
    }
    for (std::size_t c = 0; c < columns.size(); ++c)
      if (!std::isfinite(rows[r][c]))
        diags.error({}, fmt::format("{}: row {}, column '{}': {} is not a finite number", name, r + 1, columns[c], rows[r][c]),
                    "fill every cell with a finite number (drop or fill missing values first)");
  }
  if (diags.items().size() != errors_before) return std::nullopt;
  return DesignTable{name, columns, rows, {}, {}};
}

}  // namespace geosim::analysis
