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
};

/// @brief SHA-256 of a file's bytes as lowercase hex, or "" when unreadable.
std::string sha256_file(const std::string& path);

/// @brief The provenance object: engine version and commit, command line, file hashes, host, timings.
nlohmann::ordered_json provenance_json(const Provenance& p);

/// @brief Every figure of a summary: scenario, settings, outcomes keyed by id, time series.
/// Deterministic for a seed: contains nothing that depends on threads, ranks or timing.
nlohmann::ordered_json summary_json(const Model& m, const Summary& s);

/// @brief CSV header for per-run rows: run, then one or two columns per outcome.
std::string csv_header(const Model& m);
/// @brief One CSV row for a run.
std::string csv_row(std::uint64_t run, const std::vector<OutcomeValue>& values, const Model& m);

}  // namespace geosim
