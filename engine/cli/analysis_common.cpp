// SPDX-License-Identifier: Apache-2.0
#include "cli/analysis_common.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <thread>

#include <fmt/format.h>

namespace geosim::cli {

namespace {

std::atomic<bool> g_analysis_interrupted{false};
extern "C" void on_analysis_sigint(int) { g_analysis_interrupted.store(true); }

}  // namespace

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

InterruptGuard::InterruptGuard() {
  g_analysis_interrupted.store(false);
  previous_ = std::signal(SIGINT, on_analysis_sigint);
}

InterruptGuard::~InterruptGuard() { std::signal(SIGINT, previous_); }

const std::atomic<bool>* InterruptGuard::flag() const { return &g_analysis_interrupted; }

}  // namespace geosim::cli
