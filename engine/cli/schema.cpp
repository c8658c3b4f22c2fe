// SPDX-License-Identifier: Apache-2.0
// `geosim schema`: the JSON Schema of the scenario format, for editors and validators.
#include <cstdio>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "geosim/scenario.hpp"

namespace geosim::cli {

void add_schema(CLI::App& app, CommandSet& commands) {
  CLI::App* cmd = app.add_subcommand("schema", "Print the JSON Schema of the scenario format.");
  cmd->callback([&commands] {
    commands.selected = [] {
      std::fputs(scenario_json_schema().c_str(), stdout);
      return kOk;
    };
  });
}

}  // namespace geosim::cli
