// `geosim run FILE`: Monte Carlo over the scenario; prints each outcome with its 95% interval.
#include <cstdio>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "geosim/mc.hpp"
#include "geosim/report.hpp"

namespace geosim::cli {

namespace {

struct RunArgs {
  std::string file, variant;
  std::vector<std::string> sets;
  std::uint64_t runs = 2000, seed = 1;
};

int run_run(const RunArgs& a) {
  Loaded l = load_and_compile(a.file, {a.variant, parse_overrides(a.sets)});
  if (!l.ok()) {
    print_diagnostics(l);
    return kInvalid;
  }
  Summary s = run_monte_carlo(*l.model, {a.runs, a.seed});
  std::fputs(format_table(s).c_str(), stdout);
  return kOk;
}

}  // namespace

void add_run(CLI::App& app, CommandSet& commands) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Run a scenario many times and report outcome probabilities.");
  cmd->add_option("file", args->file, "Scenario file")->required();
  cmd->add_option("--runs", args->runs, "Number of runs (default 2000)")->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1'000'000'000}));
  cmd->add_option("--seed", args->seed, "Random seed (default 1)");
  cmd->add_option("--variant", args->variant, "Apply a policy variant declared in the file");
  cmd->add_option("--set", args->sets, "Override PATH=VALUE (repeatable), e.g. --set events.strike.rate=0.1");
  cmd->callback([&commands, args] { commands.selected = [args] { return run_run(*args); }; });
}

}  // namespace geosim::cli
