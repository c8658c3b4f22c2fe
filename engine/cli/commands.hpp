// SPDX-License-Identifier: Apache-2.0
// Each subcommand registers its options and, when chosen, the function that runs it.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace geosim::cli {

struct CommandSet {
  std::function<int()> selected;  ///< set by the chosen subcommand's callback
  std::vector<std::string> argv;  ///< the exact command line, for provenance blocks
};

void add_check(CLI::App& app, CommandSet& commands);
void add_run(CLI::App& app, CommandSet& commands);
void add_schema(CLI::App& app, CommandSet& commands);
void add_explain(CLI::App& app, CommandSet& commands);
void add_classroom(CLI::App& app, CommandSet& commands);
void add_compare(CLI::App& app, CommandSet& commands), add_sweep(CLI::App& app, CommandSet& commands), add_sensitivity(CLI::App& app, CommandSet& commands);

}  // namespace geosim::cli
