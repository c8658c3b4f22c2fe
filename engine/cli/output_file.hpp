// SPDX-License-Identifier: Apache-2.0
// Output files written atomically: each output gets its own temporary file beside its target
// (NAME.tmp-PID-RANDOM, created exclusively, never through a link), and the temporaries are
// renamed into place only when the command has succeeded and every output is completely written
// (commit_outputs). An interrupted or failed command leaves neither a partial file nor a temporary.
//
// Targets: a regular file (replaced only with --force), a new file, '-' (standard output) or
// /dev/null (written nowhere, no --force needed). A symbolic link, a FIFO, a device or a socket is
// refused, with or without --force; so are two outputs of one command naming the same file.
// Without --force a file that another process creates meanwhile is not replaced either.
#pragma once

#include <sys/types.h>

#include <cstdio>
#include <initializer_list>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "geosim/scenario.hpp"

namespace geosim::cli {

class OutputFile {
 public:
  /// @brief Prepares `path` for option `flag`. Throws UsageError when it cannot be an output
  /// (see above) or its temporary cannot be created — before any long computation starts.
  OutputFile(std::string path, bool force, const char* flag);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  /// @brief Appends to the temporary. Throws Failure when the write fails.
  void write(const std::string& text);
  /// @brief Flushes and closes the temporary (first phase of a commit). Throws Failure.
  void finish();
  /// @brief Renames the finished temporary into place (second phase). Throws Failure.
  void place();
  /// @brief finish() then place(): for a command with one output.
  void commit();
  /// @brief Removes a placed file again (when a later output of the same command failed);
  /// only a file this output created, not one it replaced.
  void withdraw() noexcept;

  const std::string& path() const { return path_; }
  bool force() const { return force_; }
  bool placed() const { return placed_; }

 private:
  enum class Kind { Stdout, Discard, File };
  Kind kind_ = Kind::File;
  std::string path_, temp_, flag_;
  bool force_ = false, finished_ = false, placed_ = false, created_ = false;
  std::FILE* f_ = nullptr;
  int signal_slot_ = -1;
  dev_t dir_dev_ = 0;
  ino_t dir_ino_ = 0;
  std::string name_;  ///< file name within its folder, for telling two outputs apart
  friend void check_distinct(const OutputFile& a, const OutputFile& b);
};

/// @brief Throws UsageError when `a` and `b` write the same file (or both write to stdout). The
/// constructor checks every new output against those alive.
void check_distinct(const OutputFile& a, const OutputFile& b);

/// @brief Commits the outputs that are present: every temporary is finished first, and only then
/// are they renamed into place (new files first, then replacements with --force); when one
/// cannot be placed, the files this call created are removed again. Throws Failure.
void commit_outputs(std::initializer_list<std::optional<OutputFile>*> outputs);

/// @brief The --json, --report and --csv outputs of run, compare, sweep and sensitivity, prepared
/// (as temporaries, in that order) when the command starts, before its long part, so a bad path
/// fails fast. An empty path, or `here` false (an MPI rank other than 0), prepares nothing.
struct CommandOutputs {
  std::optional<OutputFile> json, report, csv;
  CommandOutputs(const std::string& json_path, const std::string& report_path, const std::string& csv_path,
                 bool force, bool here = true);
  /// @brief commit_outputs of the three.
  void commit();
};

/// @brief The documents of a command: `doc` as indented JSON to `json`, then, with the scenario's
/// context added, as the HTML report to `report` (written, not yet committed). Either may be absent.
void write_documents(nlohmann::ordered_json& doc, const Scenario& scenario, std::optional<OutputFile>& json,
                     std::optional<OutputFile>& report);

}  // namespace geosim::cli
