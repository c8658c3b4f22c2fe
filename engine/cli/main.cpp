// geosim: the command-line entry point. Subcommands check, run, schema.
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "geosim/version.hpp"

int main(int argc, char** argv) {
  using namespace geosim::cli;
  CLI::App app{"geosim: Monte Carlo simulation of geopolitical scenarios.\n"
               "Exit codes: 0 success, 2 invalid input or usage, 1 any other failure.",
               "geosim"};
  app.set_version_flag("--version", fmt::format("geosim {} (commit {}, scenario format {})", geosim::kVersion,
                                                geosim::kBuildCommit, geosim::kFormatVersion));
  app.require_subcommand(1);
  CommandSet commands;
  commands.argv.assign(argv, argv + argc);
  add_check(app, commands);
  add_run(app, commands);
  add_schema(app, commands);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kOk : kInvalid;
  }
  try {
    return commands.selected ? commands.selected() : kInvalid;
  } catch (const UsageError& e) {
    std::fputs(fmt::format("geosim: error: {}\n", e.message).c_str(), stderr);
    return kInvalid;
  } catch (const std::exception& e) {
    std::fputs(fmt::format("geosim: internal error: {}\n", e.what()).c_str(), stderr);
    return kFailure;
  }
}
