// SPDX-License-Identifier: Apache-2.0
// `geosim sensitivity FILE [--method morris|sobol]`: which uncertain numbers drive each outcome.
// Morris elementary effects for screening; Sobol first-order and total indices with bootstrap
// intervals. Each design point is a Monte Carlo estimate at a fixed seed (common random numbers).
#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "cli/analysis_common.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/engine_choice.hpp"
#include "cli/inert_note.hpp"
#include "cli/output_file.hpp"
#include "cli/signals.hpp"
#include "geosim/analysis.hpp"

namespace geosim::cli {

void check_sensitivity(const Model& m, int levels, const std::string& file) {
  if (analysis::uncertain_parameters(m).empty())
    throw UsageError{fmt::format("sensitivity: {} has no uncertain numbers; make some uncertain with "
                                 "--set 'PATH={{uniform: [LO, HI]}}' (e.g. --set 'events.strike_campaign.rate={{uniform: [0.01, 0.05]}}')",
                                 file)};
  if (levels % 2 != 0) throw UsageError{"--levels: the number of levels must be even; use 4 or 6, the usual choices"};
}

namespace {

struct SensitivityArgs {
  std::string file, variant, json, csv, report, method = "morris";
  std::vector<std::string> sets, outcomes;
  std::uint64_t runs = 0, seed = 1;
  std::size_t trajectories = 20, samples = 64;
  int levels = 4, bootstrap = 1000, threads = 0;
  bool quiet = false, force = false;
  std::string engine = "auto";
};

int run_sensitivity_command(const SensitivityArgs& a, const std::vector<std::string>& argv) {
  if (refuse_mpi("sensitivity")) return kInvalid;
  Loaded base = load_and_compile(a.file, {a.variant, parse_overrides(a.sets)});
  if (!base.ok()) {
    print_diagnostics(base);
    return kInvalid;
  }
  const Model& m = *base.model;
  for (const auto& id : a.outcomes)
    if (std::none_of(m.outcomes.begin(), m.outcomes.end(), [&id](const OutcomeRule& o) { return o.id == id; }))
      throw UsageError{fmt::format("--outcome: the scenario has no outcome '{}'; {}", id, outcome_ids(m))};
  check_sensitivity(m, a.levels, a.file);
  if (const std::string w = a.quiet ? std::string() : inert_warnings(base, a.file); !w.empty())  // indices 0 by construction
    std::fputs(terminal_text(w).c_str(), stderr);
  const std::size_t k = analysis::uncertain_parameters(m).size();
  // Every design point fixes only sampled numbers, so one library serves them all.
  const bool sobol = a.method == "sobol";
  const std::uint64_t points = sobol ? a.samples * (k + 2) : a.trajectories * (k + 1);
  const std::uint64_t per_point = a.runs > 0 ? a.runs : sobol ? analysis::kSobolDefaultRuns : analysis::kMorrisDefaultRuns;
  // Output files first (as temporaries): a bad path fails before the native compile and the runs.
  CommandOutputs out(a.json, a.report, a.csv, a.force);
  std::string engine_choice;
  if (!choose_engine(a.engine, {&*base.model}, points * per_point, false, !a.quiet, &engine_choice)) return kFailure;

  analysis::SensitivityOptions o;
  o.method = a.method == "sobol" ? analysis::Method::Sobol : analysis::Method::Morris;
  o.runs = a.runs;
  o.seed = a.seed;
  o.threads = analysis_threads(a.threads);
  o.trajectories = a.trajectories;
  o.levels = a.levels;
  o.samples = a.samples;
  o.bootstrap = a.bootstrap;
  AnalysisProgress progress(!a.quiet, "points");
  o.progress = [&progress](std::uint64_t done, std::uint64_t total) { progress.update(done, total); };
  analysis::Sensitivity s;
  {
    InterruptGuard guard;
    o.cancel = guard.flag();
    s = analysis::run_sensitivity(m, o);
  }
  if (s.cancelled) {
    std::fputs(fmt::format("geosim: interrupted{}; no output files written\n",
                           stop_requested() ? " by " + stop_signal_name() : std::string()).c_str(),
               stderr);
    return kFailure;
  }
  for (const auto& os : s.outcomes)
    warn_not_numbers(os.id, os.nan_runs, s.runs * s.points, fmt::format(" over the {} points", s.points),
                     "each point's expected value leaves those runs out (nan_runs in the JSON)");
  if (out.json || out.report) {
    Provenance p{argv, base.scenario->files, s.seconds, o.threads, 1, execution_of({&m}), engine_choice};
    nlohmann::ordered_json j = analysis::sensitivity_json(m, s, p);
    write_documents(j, *base.scenario, out.json, out.report);
  }
  if (out.csv) out.csv->write(analysis::sensitivity_csv(s));
  out.commit();
  if (!a.quiet && a.json != "-" && a.csv != "-" && a.report != "-")
    std::fputs(terminal_text(analysis::format_sensitivity_table(m, s, a.outcomes)).c_str(), stdout);
  return kOk;
}

}  // namespace

void add_sensitivity(CLI::App& app, CommandSet& commands) {
  auto args = std::make_shared<SensitivityArgs>();
  CLI::App* cmd = app.add_subcommand(
      "sensitivity", "Rank the scenario's uncertain numbers by their effect on each outcome (Morris or Sobol).");
  cmd->add_option("file", args->file, "Scenario file")->required();
  cmd->add_option("--method", args->method, "morris (screening, default) or sobol (variance shares)")
      ->check(CLI::IsMember({"morris", "sobol"}));
  cmd->add_option("--runs", args->runs,
                  fmt::format("Runs per design point (default {} for morris, {} for sobol)", analysis::kMorrisDefaultRuns,
                              analysis::kSobolDefaultRuns))
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{100'000'000}));
  add_seed_option(cmd, args->seed, "Random seed of every point; the design's seed derives from it (default 1)");
  cmd->add_option("--threads", args->threads, "Worker threads (default: all cores)")->check(CLI::Range(1, 1024));
  cmd->add_option("--trajectories", args->trajectories, "Morris: trajectories r (default 20); points = r (k + 1)")
      ->check(CLI::Range(std::size_t{2}, std::size_t{10'000}));
  cmd->add_option("--levels", args->levels, "Morris: grid levels p, even (default 4)")->check(CLI::Range(2, 100));
  cmd->add_option("--samples", args->samples, "Sobol: base sample n, a power of 2 is best (default 64); points = n (k + 2)")
      ->check(CLI::Range(std::size_t{4}, std::size_t{1'000'000}));
  cmd->add_option("--bootstrap", args->bootstrap, "Bootstrap resamples for the 95% intervals (default 1000; 0 = none)")
      ->check(CLI::Range(0, 100'000));
  cmd->add_option("--variant", args->variant, "Apply a policy variant declared in the file first");
  cmd->add_option("--set", args->sets, "Override PATH=VALUE first (repeatable); a distribution makes a number uncertain");
  cmd->add_option("--outcome", args->outcomes, "Show only these outcomes in the table (ids, repeatable or a,b)")->delimiter(',');
  cmd->add_option("--json", args->json, "Write the JSON document to FILE ('-' for stdout)");
  cmd->add_option("--report", args->report, "Write a self-contained HTML report with charts to FILE");
  cmd->add_option("--csv", args->csv, "Write one CSV row per outcome and parameter to FILE ('-' for stdout)");
  add_engine_option(cmd, args->engine);
  cmd->add_flag("--force", args->force, "Overwrite existing output files");
  cmd->add_flag("-q,--quiet", args->quiet, "No table and no progress bar");
  cmd->callback([&commands, args] {
    commands.selected = [args, &commands] { return run_sensitivity_command(*args, commands.argv); };
  });
}

}  // namespace geosim::cli
