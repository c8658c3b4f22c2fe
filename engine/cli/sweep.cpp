// SPDX-License-Identifier: Apache-2.0
// `geosim sweep FILE --param PATH=LO:HI:N ... | --lhs N | --design FILE.csv`: one Monte Carlo
// estimate of every outcome per point of a grid over override paths, of a Latin hypercube over the
// scenario's uncertain numbers, or of a table of points. Every point uses the same seed and run
// indices (common random numbers); cli/sweep_setup.hpp lays the points out.
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "cli/analysis_common.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/engine_choice.hpp"
#include "cli/output_file.hpp"
#include "cli/sweep_setup.hpp"
#include "cli/signals.hpp"
#include "geosim/analysis.hpp"

namespace geosim::cli {

namespace {

struct SweepArgs {
  std::string file, variant, json, csv, report, design;
  std::vector<std::string> params, sets, outcomes;
  std::size_t lhs = 0;
  std::uint64_t runs = 1000, seed = 1;
  int threads = 0;
  bool quiet = false, force = false;
  std::string engine = "auto";
};

// The --design file ('-': standard input, unless the scenario is read from it): read whole, then
// parsed with a place for every problem.
void read_design(const std::string& path, SweepRequest& r) {
  std::ostringstream text;
  if (path == "-") {
    if (r.file == "-")
      throw UsageError{"--design -: standard input already holds the scenario; give the design as a file"};
    text << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::error_code ec;
      throw UsageError{std::filesystem::is_directory(path, ec)
                           ? fmt::format("--design '{}': is a directory; name a CSV file", path)
                           : fmt::format("--design '{}': cannot read it ({}); check the path", path, std::strerror(errno))};
    }
    text << in.rdbuf();
  }
  r.table_sources = std::make_shared<Sources>();
  Loaded bad;
  bad.sources = r.table_sources;
  r.table = analysis::parse_design_csv(path == "-" ? "<stdin>" : path, text.str(), *r.table_sources, bad.diags);
  if (!r.table) throw InvalidInput{"", std::move(bad)};
}

int run_sweep(const SweepArgs& a, const std::vector<std::string>& argv) {
  if (refuse_mpi("sweep")) return kInvalid;
  // Output files first (as temporaries): a bad path fails before the points are built and run.
  CommandOutputs out(a.json, a.report, a.csv, a.force);
  SweepRequest r;
  r.file = a.file;
  r.variant = a.variant;
  r.overrides = parse_overrides(a.sets);
  r.grid = a.params;
  r.lhs = a.lhs;
  r.seed = a.seed;
  if (!a.design.empty()) read_design(a.design, r);
  const auto start = std::chrono::steady_clock::now();
  SweepSetup setup = setup_sweep(r);
  const Model& m = *setup.base.model;
  for (const auto& id : a.outcomes)
    if (std::none_of(m.outcomes.begin(), m.outcomes.end(), [&id](const OutcomeRule& o) { return o.id == id; }))
      throw UsageError{fmt::format("--outcome: the scenario has no outcome '{}'; {}", id, outcome_ids(m))};
  analysis::Sweep& s = setup.sweep;
  s.runs = a.runs;


  // A grid runs one compiled model per point; a Latin hypercube fixes sampled numbers in copies
  // of the base model, which share its native code.
  std::vector<Model*> ran = setup.ran();
  std::string engine_choice;
  if (!choose_engine(a.engine, ran, a.runs * s.values.size(), false, !a.quiet, &engine_choice)) return kFailure;

  analysis::PointsOptions po;
  po.runs = a.runs;
  po.seed = a.seed;
  po.threads = analysis_threads(a.threads);
  AnalysisProgress progress(!a.quiet, "points");
  po.progress = [&progress](std::uint64_t done, std::uint64_t total) { progress.update(done, total); };
  {
    InterruptGuard guard;
    po.cancel = guard.flag();
    s.points = setup.evaluate(po);
  }
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (s.points.size() != s.values.size()) {
    std::fputs(fmt::format("geosim: interrupted{}; no output files written\n",
                           stop_requested() ? " by " + stop_signal_name() : std::string()).c_str(),
               stderr);
    return kFailure;
  }
  for (std::size_t k = 0; k < m.outcomes.size(); ++k) {
    std::uint64_t nan = 0;
    for (const auto& pt : s.points) nan += pt.outcomes[k].nan_runs;
    warn_not_numbers(m.outcomes[k].id, nan, s.runs * s.points.size(), fmt::format(" over the {} points", s.points.size()),
                     "each point's estimate leaves those runs out (nan_runs per point in the JSON)");
  }
  if (out.json || out.report) {
    Provenance p{argv, setup.base.scenario->files, s.seconds, po.threads, 1, execution_of({ran.begin(), ran.end()}), engine_choice};
    nlohmann::ordered_json j = analysis::sweep_json(m, s, p);
    write_documents(j, *setup.base.scenario, out.json, out.report);
  }
  if (out.csv) out.csv->write(analysis::sweep_csv(m, s));
  out.commit();
  if (!a.quiet && a.json != "-" && a.csv != "-" && a.report != "-")
    std::fputs(terminal_text(analysis::format_sweep_table(m, s, a.outcomes)).c_str(), stdout);
  return kOk;
}

}  // namespace

void add_sweep(CLI::App& app, CommandSet& commands) {
  auto args = std::make_shared<SweepArgs>();
  CLI::App* cmd = app.add_subcommand(
      "sweep", "Estimate every outcome over a grid of values (--param) or a Latin hypercube of the uncertain numbers (--lhs).");
  cmd->add_option("file", args->file, "Scenario file")->required();
  auto* param = cmd->add_option("--param", args->params,
                                "Grid axis PATH=LO:HI:N: N values from LO to HI, set like --set (repeatable; every combination)");
  auto* lhs = cmd->add_option("--lhs", args->lhs, "Latin hypercube of N points over the scenario's uncertain numbers")
                  ->check(CLI::Range(std::size_t{1}, kMaxSweepPoints))
                  ->excludes(param);
  cmd->add_option("--design", args->design,
                  "A table of points: CSV with one column per --set path or uncertain number, one row per point ('-' for stdin)")
      ->excludes(param)
      ->excludes(lhs);
  cmd->add_option("--runs", args->runs, "Runs per point (default 1000)")->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1'000'000'000}));
  add_seed_option(cmd, args->seed, "Random seed of every point, and of the --lhs design (default 1)");
  cmd->add_option("--threads", args->threads, "Worker threads (default: all cores)")->check(CLI::Range(1, 1024));
  cmd->add_option("--variant", args->variant, "Apply a policy variant declared in the file first");
  cmd->add_option("--set", args->sets, "Override PATH=VALUE at every point (repeatable)");
  cmd->add_option("--outcome", args->outcomes, "Show only these outcomes in the table (ids, repeatable or a,b)")->delimiter(',');
  cmd->add_option("--json", args->json, "Write the JSON document to FILE ('-' for stdout)");
  cmd->add_option("--report", args->report, "Write a self-contained HTML report with charts to FILE");
  cmd->add_option("--csv", args->csv, "Write one CSV row per point to FILE ('-' for stdout)");
  add_engine_option(cmd, args->engine);
  cmd->add_flag("--force", args->force, "Overwrite existing output files");
  cmd->add_flag("-q,--quiet", args->quiet, "No table and no progress bar");
  cmd->callback([&commands, args] { commands.selected = [args, &commands] { return run_sweep(*args, commands.argv); }; });
}

}  // namespace geosim::cli
