// SPDX-License-Identifier: Apache-2.0
// Machine-readable outputs: the JSON summary (with a provenance block) and per-run CSV.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "geosim/mc.hpp"
#include "geosim/model.hpp"

namespace geosim {

/// @brief Where and how a result was produced. Only this block may differ between runs that
/// used the same seed (command line, timings, host, thread count).
struct Provenance {
  std::vector<std::string> command_line;
  std::vector<std::string> files;  ///< every scenario file read, base first
  double seconds = 0.0;
  int threads = 1;
  int ranks = 1;
  std::string execution = "interpreted";  ///< how the steps ran: "native" code or "interpreted"
  std::string engine_choice;  ///< why (`--engine`, cli/engine_choice.hpp); written when not empty
};

/// @brief SHA-256 of a file's bytes as lowercase hex, or "" when unreadable.
std::string sha256_file(const std::string& path);

/// @brief The provenance object: engine version and commit, command line, file hashes, host, timings.
nlohmann::ordered_json provenance_json(const Provenance& p);

/// @brief Every figure of a summary: scenario, settings, outcomes keyed by id, time series.
/// Deterministic for a seed: contains nothing that depends on threads, ranks or timing.
nlohmann::ordered_json summary_json(const Model& m, const Summary& s);

/// @brief Adds to `m.tracked` what the run report charts over time (engine/report/run_series.cpp):
/// with a negotiation, the bounds of its range and the counters of which bound binds; per
/// decision, its choices and each action's. Hidden series ("#" + slot name): summary_json writes
/// them as "bargaining.over_time" and "decisions", never under "series". Results are unchanged.
/// Call it once per model: it appends.
void add_report_series(Model& m);
/// @brief How many series add_report_series adds to `m` (for memory estimates).
std::size_t report_series_count(const Model& m);

/// @brief The JSON of those series: out["bargaining"]["over_time"] and out["decisions"].
void add_report_series_json(const Model& m, const Summary& s, nlohmann::ordered_json& out);

/// @brief Layout of the per-run CSV: one row per run (`wide`), or one row per run and outcome
/// column (`long`: run, outcome, value).
enum class CsvFormat { Wide, Long };

/// @brief The per-run CSV of `geosim run --csv` (docs/outputs.md). Wide: `run,seed,variant`, the
/// value each run drew for every uncertain number (one column per override path, as
/// analysis::uncertain_parameters lists them), then one or two columns per outcome (`ID`, and
/// `ID_day` for a `when` outcome). Long: `run,outcome,value`, one row per outcome column of the
/// wide form. Numbers in the shortest form that reads back exactly; empty cells where the wide
/// form has none.
class PerRunCsv {
 public:
  PerRunCsv(const Model& m, std::uint64_t seed, CsvFormat format = CsvFormat::Wide);
  std::string header() const;
  std::string row(const RunRecord& r) const;
  /// @brief The uncertain numbers' columns (override paths) and, per column, its index in Model::sampled.
  const std::vector<std::string>& input_columns() const { return inputs_; }

 private:
  const Model& m_;
  std::uint64_t seed_;
  CsvFormat format_;
  std::vector<std::string> inputs_;
  std::vector<std::size_t> input_slot_;
};

}  // namespace geosim
