// Shared pieces of the command-line front end: loading with diagnostics, and exit codes.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "geosim/model.hpp"
#include "geosim/scenario.hpp"

namespace geosim::cli {

/// @brief Exit codes of every command.
enum Exit : int { kOk = 0, kFailure = 1, kInvalid = 2 };

/// @brief A usage error: printed as one line, exit 2.
struct UsageError {
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

/// @brief Loads and compiles `path` with `options`; never throws for bad input.
Loaded load_and_compile(const std::string& path, const LoadOptions& options);

/// @brief Prints the diagnostics to stderr with a count line.
void print_diagnostics(const Loaded& l);

}  // namespace geosim::cli
