// SPDX-License-Identifier: Apache-2.0
#include "cli/analysis_common.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <thread>

#include <fmt/format.h>

#include "cli/signals.hpp"

namespace geosim::cli {

int analysis_threads(int requested) {
  return requested > 0 ? requested : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

AnalysisProgress::AnalysisProgress(bool enabled, std::string unit)
    : enabled_(enabled && isatty(STDERR_FILENO)), unit_(std::move(unit)), start_(std::chrono::steady_clock::now()) {}

AnalysisProgress::~AnalysisProgress() {
  if (shown_) std::fputs("\r\033[K", stderr);
}

void AnalysisProgress::update(std::uint64_t done, std::uint64_t total) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - start_ < std::chrono::seconds(1) || now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  shown_ = true;
  double f = total ? static_cast<double>(done) / static_cast<double>(total) : 0.0;
  int bar = static_cast<int>(f * 30);
  std::fputs(fmt::format("\r[{:=<{}}{: <{}}] {:>5.1f}%  {} / {} {}", "", bar, "", 30 - bar, 100 * f, done, total, unit_).c_str(),
             stderr);
}

const std::atomic<bool>* InterruptGuard::flag() const { return stop_flag(); }

}  // namespace geosim::cli
