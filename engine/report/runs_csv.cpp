// SPDX-License-Identifier: Apache-2.0
// The per-run CSV: one row per run with the numbers it drew and its outcomes (wide), or one row per
// run and outcome column (long). Rows are formatted as they stream in, in run order.
#include <cmath>

#include <fmt/format.h>

#include "geosim/analysis.hpp"
#include "geosim/output.hpp"

namespace geosim {

namespace {

std::string num(double x) { return std::isfinite(x) ? fmt::format("{}", x) : std::string(); }

// An outcome's value: NaN and infinities are written as such ("nan", "inf", "-inf"), read as such
// by R, pandas and Stata; an empty cell is a run left out by `given`.
std::string outcome_num(double x) { return std::isnan(x) ? std::string("nan") : fmt::format("{}", x); }

// Quotes a CSV field when it needs it (RFC 4180).
std::string text(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return q + "\"";
}

}  // namespace

PerRunCsv::PerRunCsv(const Model& m, std::uint64_t seed, CsvFormat format) : m_(m), seed_(seed), format_(format) {
  for (const auto& p : analysis::uncertain_parameters(m)) {
    inputs_.push_back(p.path);
    input_slot_.push_back(p.sampled.front());
  }
}

std::string PerRunCsv::header() const {
  if (format_ == CsvFormat::Long) return "run,outcome,value\n";
  std::string h = "run,seed,variant";
  for (const auto& p : inputs_) h += "," + text(p);
  for (const auto& o : m_.outcomes) {
    h += "," + o.id;
    if (o.kind == OutcomeSpec::Kind::When) h += "," + o.id + "_day";
  }
  return h + "\n";
}

std::string PerRunCsv::row(const RunRecord& r) const {
  // The outcome cells of the wide form, in its column order.
  std::vector<std::string> cells;
  cells.reserve(2 * m_.outcomes.size());
  for (std::size_t k = 0; k < m_.outcomes.size(); ++k) {
    const OutcomeValue& v = r.outcomes[k];
    const bool when = m_.outcomes[k].kind == OutcomeSpec::Kind::When;
    if (!v.included) {  // conditional outcome not measured in this run: empty cells
      cells.emplace_back();
      if (when) cells.emplace_back();
    } else if (when) {
      cells.emplace_back(v.happened ? "1" : "0");
      cells.push_back(v.happened ? num(v.time) : std::string());
    } else {
      cells.push_back(outcome_num(v.value));
    }
  }
  std::string out;
  if (format_ == CsvFormat::Long) {
    std::size_t c = 0;
    for (const auto& o : m_.outcomes) {
      out += fmt::format("{},{},{}\n", r.run, o.id, cells[c++]);
      if (o.kind == OutcomeSpec::Kind::When) out += fmt::format("{},{}_day,{}\n", r.run, o.id, cells[c++]);
    }
    return out;
  }
  out = fmt::format("{},{},{}", r.run, seed_, text(m_.variant));
  for (std::size_t slot : input_slot_) out += "," + num(r.drawn[slot]);
  for (const auto& c : cells) out += "," + c;
  return out + "\n";
}

}  // namespace geosim
