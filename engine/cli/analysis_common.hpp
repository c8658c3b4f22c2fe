// SPDX-License-Identifier: Apache-2.0
// Pieces shared by the long-running commands (run, compare, sweep, sensitivity): a progress bar on stderr,
// the cancel flag (SIGINT, SIGTERM, SIGHUP), and the default thread count.
#pragma once

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <string>

namespace geosim::cli {

/// @brief Worker threads: `requested` when > 0, else every core.
int analysis_threads(int requested);

/// @brief A progress bar on stderr, shown only on a terminal and only once the work has taken a
/// second. `unit` names what is counted ("runs", "points").
class AnalysisProgress {
 public:
  AnalysisProgress(bool enabled, std::string unit);
  ~AnalysisProgress();
  AnalysisProgress(const AnalysisProgress&) = delete;
  AnalysisProgress& operator=(const AnalysisProgress&) = delete;
  void update(std::uint64_t done, std::uint64_t total);

 private:
  bool enabled_, shown_ = false;
  std::string unit_;
  std::chrono::steady_clock::time_point start_, last_{};
};

/// @brief The cancel flag of a long phase: set by SIGINT, SIGTERM or SIGHUP, whenever they came
/// (the handlers are installed when geosim starts; cli/signals.hpp).
class InterruptGuard {
 public:
  InterruptGuard() = default;
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
  const std::atomic<bool>* flag() const;
};

}  // namespace geosim::cli
