// Benchmark: runs per second and peak memory of the Monte Carlo loop on shipped scenarios.
// Usage: geosim_bench [RUNS] [SCENARIO...]   (defaults: 20000 runs; paris-2026 and bargaining-101)
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "geosim/mc.hpp"
#include "geosim/model.hpp"
#include "geosim/scenario.hpp"

#ifndef GEOSIM_SOURCE_DIR
#define GEOSIM_SOURCE_DIR "."
#endif

int main(int argc, char** argv) {
  std::uint64_t runs = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 20000;
  std::vector<std::string> files;
  for (int i = 2; i < argc; ++i) files.emplace_back(argv[i]);
  if (files.empty()) files = {GEOSIM_SOURCE_DIR "/scenarios/paris-2026.yaml"};
  fmt::print("{:<40} {:>8} {:>6} {:>10} {:>12} {:>12}\n", "scenario", "runs", "steps", "seconds", "runs/s", "peak RSS MB");
  for (const auto& f : files) {
    geosim::Diagnostics d;
    auto sources = std::make_shared<geosim::Sources>();
    auto s = geosim::load_scenario(f, {}, d, sources);
    auto m = s ? geosim::compile_model(*s, d) : std::nullopt;
    if (!m) {
      std::fputs(d.format(*sources).c_str(), stderr);
      return 2;
    }
    auto t0 = std::chrono::steady_clock::now();
    auto summary = geosim::run_monte_carlo(*m, {runs, 1});
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    std::string name = f.substr(f.find_last_of('/') + 1);
    fmt::print("{:<40} {:>8} {:>6} {:>10.3f} {:>12.0f} {:>12.1f}\n", name, runs, m->steps, secs,
               static_cast<double>(runs) / secs, static_cast<double>(ru.ru_maxrss) / 1024.0);
    (void)summary;
  }
  return 0;
}
