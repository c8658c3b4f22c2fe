// SPDX-License-Identifier: Apache-2.0
// Output files written atomically: a temporary file beside the target, renamed into place only
// when the command succeeds. An interrupted or failed command leaves no partial file behind.
#pragma once

#include <cstdio>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "geosim/scenario.hpp"

namespace geosim::cli {

class OutputFile {
 public:
  /// @brief Prepares `path` ("-" = stdout). Throws UsageError when it exists (without `force`),
  /// is a directory, or its folder is not writable — before any long computation starts.
  OutputFile(std::string path, bool force, const char* flag);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void write(const std::string& text);
  /// @brief Flushes and renames the temporary file into place. Throws std::runtime_error on failure.
  void commit();
  const std::string& path() const { return path_; }

 private:
  std::string path_, temp_;
  std::FILE* f_ = nullptr;
  bool committed_ = false;
};

/// @brief The end of every command that writes documents: `doc` as indented JSON to `json`, then,
/// with the scenario's context added, as the HTML report to `report`; each committed. Either
/// may be absent.
void write_documents(nlohmann::ordered_json& doc, const Scenario& scenario, std::optional<OutputFile>& json,
                     std::optional<OutputFile>& report);

}  // namespace geosim::cli
