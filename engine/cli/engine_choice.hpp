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

/// @brief Adds `--engine` to a command.
void add_engine_option(CLI::App* cmd, std::string& engine);

/// @brief Attaches native code to each model as `engine` asks: `native` builds it; `auto` uses a
/// cached library, and builds the others when decide_engine (engine_cost.hpp) finds that the compile
/// pays for `runs` (all runs of the job), timing the interpreter on a pilot of runs whose results are
/// thrown away, or when `build_anyway` (the runs are not known in advance); `interpreter` leaves the
/// models alone. `why`, when given, gets one line saying which engine and why (for provenance).
/// With `auto`, a failure is a note on stderr when `report`; with `native` it is an error message
/// and the result is false.
bool choose_engine(const std::string& engine, const std::vector<Model*>& models, std::uint64_t runs, bool build_anyway,
                   bool report, std::string* why = nullptr);

/// @brief "native" when every model runs native code, "interpreted" when none does, else "mixed"
/// (for provenance blocks).
std::string execution_of(const std::vector<const Model*>& models);

}  // namespace geosim::cli
