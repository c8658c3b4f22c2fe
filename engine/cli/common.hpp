// SPDX-License-Identifier: Apache-2.0
// Shared pieces of the command-line front end: loading with diagnostics, and exit codes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "geosim/model.hpp"
#include "geosim/scenario.hpp"

namespace geosim::cli {

/// @brief Exit codes of every command.
enum Exit : int { kOk = 0, kFailure = 1, kInvalid = 2 };

/// @brief A usage error: printed as one line, exit 2.
struct UsageError {
  std::string message;
};

/// @brief Thrown when a signal arrived while a scenario was loading: main says so, exit 1 (the
/// output files' temporaries are removed as the stack unwinds).
struct Interrupted {};

/// @brief A failure that is not a bug (an output that could not be completed, runs that do not
/// agree): printed as one line "geosim: error: ...", exit 1.
struct Failure {
  std::string message;
};

/// @brief Parses `PATH=VALUE` arguments of --set; throws UsageError when malformed.
std::vector<Override> parse_overrides(const std::vector<std::string>& args);

/// @brief A scenario loaded and compiled, or the diagnostics that stopped it.
struct Loaded {
  std::optional<Scenario> scenario;
  std::optional<Model> model;
  std::shared_ptr<Sources> sources = std::make_shared<Sources>();
  Diagnostics diags;
  bool ok() const { return model.has_value(); }
};

/// @brief The resource limits of this command (--max-actors, --max-memory); load_and_compile
/// applies them to every load.
ResourceLimits& limits();

/// @brief Folders besides a scenario's own from which `extends` may read (--allow-extends);
/// load_and_compile applies them to every load.
std::vector<std::string>& extends_folders();

/// @brief What `geosim run` will do, for its memory estimate (set from its options by main).
struct RunPlan {
  std::uint64_t runs = 0;  ///< 0: not a run, no estimate
  std::uint64_t max_runs = 0;
  bool precision = false;
  int threads = 1;
};
RunPlan& run_plan();

/// @brief Bytes a Monte Carlo run of `m` may hold at once: kept trajectories of tracked
/// variables (runs x tracked variables x steps, bounded by the sample size) and per-step
/// first-passage counts of the blocks in flight.
double estimate_run_bytes(const Model& m, const RunPlan& plan);

/// @brief Loads and compiles `path` with `options` (and limits()); never throws for bad input.
/// With a run_plan(), also refuses a run whose memory estimate exceeds --max-memory.
Loaded load_and_compile(const std::string& path, const LoadOptions& options);
/// @brief The same for a scenario given as text (from Python); `name` stands for it in messages.
/// Such a scenario cannot `extends` another.
Loaded load_and_compile_text(const std::string& name, const std::string& text, const LoadOptions& options);

/// @brief The diagnostics as print_diagnostics prints them: the first 100 by place, each
/// `FILE:LINE:COL: error: WHAT; HOW TO FIX` with its source line, and a count line.
std::string diagnostics_text(const Loaded& l);

/// @brief Prints the diagnostics to stderr with a count line.
void print_diagnostics(const Loaded& l);

/// @brief The variants `compare` runs: those `requested` (in order, repeats dropped), or every
/// variant the scenario declares when none is. Throws UsageError for an unknown name, or when
/// there is nothing to compare; `file` names the scenario in messages.
std::vector<std::string> select_variants(const Scenario& scenario, const std::vector<std::string>& requested,
                                         const std::string& file);

/// @brief What `sensitivity` refuses before it starts: a model without uncertain numbers, an odd
/// number of Morris levels. Throws UsageError.
void check_sensitivity(const Model& m, int levels, const std::string& file);

/// @brief A scenario, sweep point or design that is not valid: what it was (empty, or a line such
/// as "sweep point X is not a valid scenario:") and its diagnostics (Loaded::diags, sources).
struct InvalidInput {
  std::string intro;
  Loaded loaded;
};

/// @brief load_and_compile, throwing InvalidInput when the scenario is not valid.
Loaded load_or_throw(const std::string& path, const LoadOptions& options, std::string intro = {});

/// @brief "its outcomes are a, b, c" (the how-to-fix part of an unknown --outcome).
std::string outcome_ids(const Model& m);

/// @brief `text` made safe for a terminal: control characters other than newline and tab (escape
/// sequences, carriage returns, C1 controls), bidirectional overrides and bytes that are not
/// UTF-8 become '?'. Everything printed from a scenario goes through it.
std::string terminal_text(std::string_view text);

/// @brief Warns on stderr, when `nan_runs` > 0, that outcome `id` was not a number (NaN) or
/// infinite in that many of `runs` runs (`where`: e.g. " of variant 'v'"), that its statistics
/// leave those runs out (`left_out` says what else does, e.g. the CSV's marker), and how to fix it.
void warn_not_numbers(const std::string& id, std::uint64_t nan_runs, std::uint64_t runs, const std::string& where,
                      const std::string& left_out);

/// @brief Adds a --seed option (a whole number from 0 to 2^64 - 1, refused otherwise: no
/// negative number or overflow wraps around) to `cmd`.
CLI::Option* add_seed_option(CLI::App* cmd, std::uint64_t& seed, const std::string& help, const std::string& name = "--seed");

/// @brief Under mpirun (more than one rank): says on rank 0 that `command` does not split its
/// work over ranks and how to run it instead, and returns true (the command then exits 2).
bool refuse_mpi(const std::string& command);

}  // namespace geosim::cli
