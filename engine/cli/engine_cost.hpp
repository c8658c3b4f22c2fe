// SPDX-License-Identifier: Apache-2.0
// What `--engine auto` weighs: the interpreter's time for the job against the compile plus the
// native time. A pure function of measured numbers (engine_choice.cpp measures them), so that the
// rule can be tested with given costs. Only the choice depends on the machine, never a result:
// both engines give the same bits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace geosim::cli {

/// @brief Native time per run over interpreted time per run: the largest measured on this machine
/// (docs/performance.md, "When native code pays": 0.52 for paris-2026, 0.60 and 0.66 for synthetic
/// scenarios of 1,000 and 100 actors), so that a job compiled for is one where the compile pays.
inline constexpr double kNativeRatio = 0.66;
/// @brief Expected CPU seconds to generate and compile one library: a fixed part and a part per
/// byte of generated source (measured 0.25–0.35 s for 85 kB to 870 kB).
inline constexpr double kCompileFixedSeconds = 0.3;
inline constexpr double kCompileSecondsPerMB = 0.1;

/// @brief Expected compile time of a generated source of `bytes` bytes.
double expected_compile_seconds(std::size_t bytes);

/// @brief The measured and estimated costs of a job, in CPU seconds.
struct EngineCosts {
  bool cached = false;            ///< every model's library is in the cache (nothing to compile)
  bool runs_unknown = false;      ///< --precision: runs until the intervals are narrow enough
  std::uint64_t runs = 0;         ///< runs of the job, all models together
  double interpreted_run = 0.0;   ///< per run through the interpreter (a timed pilot of runs)
  double native_ratio = kNativeRatio;
  double compile = 0.0;           ///< the libraries not cached (expected_compile_seconds each)
};

struct EngineDecision {
  bool native = false;
  std::string why;  ///< one line for provenance: what was weighed
};

/// @brief Native when the library is cached, or when the number of runs is not known in advance
/// (precision mode: the job can grow to max_runs), or when compile + runs x interpreted_run x
/// native_ratio is less than runs x interpreted_run; else the interpreter.
EngineDecision decide_engine(const EngineCosts& c);

}  // namespace geosim::cli
