// `--engine auto|native|interpreter` of the commands that run a scenario many times (run,
// compare, sweep, sensitivity): whether their models run as native code (geosim/native.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "geosim/model.hpp"

namespace geosim::cli {

/// @brief Runs from which `--engine auto` compiles native code when none is cached: below it,
/// compiling (about half a second) costs more than it saves.
inline constexpr std::uint64_t kNativeAutoRuns = 50'000;

/// @brief Adds `--engine` to a command.
void add_engine_option(CLI::App* cmd, std::string& engine);

/// @brief Attaches native code to each model as `engine` asks: `native` builds it; `auto` uses a
/// cached library, and builds one when `runs` (all runs of the job) reaches kNativeAutoRuns or
/// `build_anyway`; `interpreter` leaves the models alone. With `auto`, a failure is a note on
/// stderr when `report`; with `native` it is an error message and the result is false.
bool choose_engine(const std::string& engine, const std::vector<Model*>& models, std::uint64_t runs, bool build_anyway,
                   bool report);

/// @brief "native" when every model runs native code, "interpreted" when none does, else "mixed"
/// (for provenance blocks).
std::string execution_of(const std::vector<const Model*>& models);

}  // namespace geosim::cli
