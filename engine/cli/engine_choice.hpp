// SPDX-License-Identifier: Apache-2.0
// `--engine auto|native|interpreter` of the commands that run a scenario many times (run,
// compare, sweep, sensitivity): whether their models run as native code (geosim/native.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "geosim/model.hpp"

namespace geosim::cli {

/// @brief Work (runs times native_work_per_run) from which `--engine auto` compiles native code
/// when none is cached: about where the CPU time saved (some 0.2 ns per unit) repays the compile
/// (at most about 0.4 s). paris-2026: about 12,000 runs; a 1,000-actor scenario: about 50.
inline constexpr std::uint64_t kNativeAutoWork = 1'600'000'000;

/// @brief Adds `--engine` to a command.
void add_engine_option(CLI::App* cmd, std::string& engine);

/// @brief Attaches native code to each model as `engine` asks: `native` builds it; `auto` uses a
/// cached library, and builds one when `runs` (all runs of the job) times the work of a run reaches
/// kNativeAutoWork, or `build_anyway`; `interpreter` leaves the models alone. With `auto`, a failure is a note on
/// stderr when `report`; with `native` it is an error message and the result is false.
bool choose_engine(const std::string& engine, const std::vector<Model*>& models, std::uint64_t runs, bool build_anyway,
                   bool report);

/// @brief "native" when every model runs native code, "interpreted" when none does, else "mixed"
/// (for provenance blocks).
std::string execution_of(const std::vector<const Model*>& models);

}  // namespace geosim::cli
