// SPDX-License-Identifier: Apache-2.0
// `geosim run FILE`: Monte Carlo over the scenario; prints each outcome with its 95% interval,
// and optionally writes a JSON summary and per-run CSV.
#include <cstdio>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "cli/analysis_common.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/engine_choice.hpp"
#include "cli/output_file.hpp"
#include "cli/signals.hpp"
#include "geosim/mc.hpp"
#include "geosim/output.hpp"
#include "geosim/report.hpp"

namespace geosim::cli {

namespace {

struct RunArgs {
  std::string file, variant, json, csv, report;
  std::vector<std::string> sets;
  std::uint64_t runs = 2000, seed = 1, max_runs = 10'000'000;
  int threads = 0;
  double precision = 0.0;
  bool quiet = false, force = false;
  std::string engine = "auto", csv_format = "wide";
};

McOptions mc_options(const RunArgs& a) {
  McOptions o;
  o.runs = a.runs;
  o.seed = a.seed;
  o.threads = analysis_threads(a.threads);
  o.precision = a.precision;
  o.max_runs = a.max_runs;
  o.distributed = true;
  return o;
}

// A job joined in one text, for the MPI ranks to compare (argv[0] aside).
std::string job_text(const std::vector<std::string>& argv) {
  std::string t;
  for (std::size_t i = 1; i < argv.size(); ++i) t += argv[i] + '\0';
  return t;
}

int run_run(const RunArgs& a, const std::vector<std::string>& argv) {
  Loaded l = load_and_compile(a.file, {a.variant, parse_overrides(a.sets)});
  if (!l.ok()) {
    print_diagnostics(l);
    return kInvalid;
  }
  // Under mpirun every rank runs this command; only rank 0 writes anything.
  const ProcessWorld world = process_world();
  // Output files are opened (as temporaries) before the long part (the native compile, the
  // runs), so a bad path fails fast.
  CommandOutputs out(a.json, a.report, a.csv, a.force, world.rank == 0);
  // The JSON and the report chart the bargaining range and the decisions' choices over time.
  // Tracked whatever the outputs, so that one scenario has one native-code key for `run`.
  add_report_series(*l.model);
  std::string engine_choice;
  if (!choose_engine(a.engine, {&*l.model}, a.runs, a.precision > 0, world.rank == 0 && !a.quiet, &engine_choice)) return kFailure;
  const Model& m = *l.model;
  McOptions o = mc_options(a);
  o.cancel = stop_flag();  // SIGINT, SIGTERM, SIGHUP, from the start: no output file is written
  o.job = job_text(argv);
  if (world.rank != 0) {
    // Per-run rows are made where the runs are, and sent to rank 0 with the blocks.
    if (!a.csv.empty()) o.per_run_row = [](const RunRecord&) {};
    try {
      return run_monte_carlo(m, o).cancelled ? kFailure : kOk;
    } catch (const JobMismatch&) {
      return kInvalid;  // rank 0 says why
    }
  }
  const PerRunCsv per_run(m, a.seed, a.csv_format == "long" ? CsvFormat::Long : CsvFormat::Wide);
  if (out.csv) out.csv->write(per_run.header());

  AnalysisProgress progress(!a.quiet, "runs");
  o.progress = [&progress](std::uint64_t done, std::uint64_t total) { progress.update(done, total); };
  if (out.csv) o.per_run_row = [&](const RunRecord& r) { out.csv->write(per_run.row(r)); };

  Summary s;
  try {
    s = run_monte_carlo(m, o);
  } catch (const JobMismatch& e) {
    std::fputs(fmt::format("geosim: error: {}\n", e.what()).c_str(), stderr);
    return kInvalid;
  }
  if (s.cancelled) {
    std::fputs(fmt::format("geosim: interrupted {} after {} runs; no output files written\n",
                           stop_requested() ? "by " + stop_signal_name() : std::string("on another MPI rank"), s.runs)
                   .c_str(),
               stderr);
    return kFailure;
  }
  for (const auto& os : s.outcomes)
    warn_not_numbers(os.id, os.nan_runs, os.n, "",
                     fmt::format("its statistics are over the other {} runs, and the CSV marks those runs 'nan' or 'inf'",
                                 os.n - os.nan_runs));
  if (out.json || out.report) {
    Provenance p{argv, l.scenario->files, s.seconds, o.threads, world.size, execution_of({&m}), engine_choice};
    nlohmann::ordered_json j = {{"provenance", provenance_json(p)}};
    j.update(summary_json(m, s));
    write_documents(j, *l.scenario, out.json, out.report);
  }
  out.commit();
  bool table_to_stdout = !a.quiet && a.json != "-" && a.csv != "-" && a.report != "-";
  if (table_to_stdout) std::fputs(terminal_text(format_table(s)).c_str(), stdout);
  return kOk;
}

}  // namespace

void add_run(CLI::App& app, CommandSet& commands) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Run a scenario many times and report outcome probabilities.");
  cmd->add_option("file", args->file, "Scenario file")->required();
  cmd->add_option("--runs", args->runs, "Number of runs (default 2000; the minimum with --precision)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1'000'000'000}));
  add_seed_option(cmd, args->seed, "Random seed (default 1)");
  cmd->add_option("--threads", args->threads, "Worker threads (default: all cores)")->check(CLI::Range(1, 1024));
  cmd->add_option("--precision", args->precision, "Add runs until every 95% interval half-width is at most P")
      ->check(CLI::Range(1e-6, 1.0));
  cmd->add_option("--max-runs", args->max_runs, "Cap on runs with --precision (default 10,000,000)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1'000'000'000}));
  cmd->add_option("--variant", args->variant, "Apply a policy variant declared in the file");
  cmd->add_option("--set", args->sets, "Override PATH=VALUE (repeatable), e.g. --set events.strike.rate=0.1");
  cmd->add_option("--json", args->json, "Write the JSON summary to FILE ('-' for stdout)");
  cmd->add_option("--csv", args->csv,
                  "Write one CSV row per run to FILE ('-' for stdout): run, seed, variant, the numbers it drew, its outcomes");
  cmd->add_option("--csv-format", args->csv_format, "wide (one row per run, default) or long (run, outcome, value)")
      ->check(CLI::IsMember({"wide", "long"}));
  cmd->add_option("--report", args->report, "Write a self-contained HTML report with charts to FILE ('-' for stdout)");
  add_engine_option(cmd, args->engine);
  cmd->add_flag("--force", args->force, "Overwrite existing output files");
  cmd->add_flag("-q,--quiet", args->quiet, "No table and no progress bar");
  cmd->callback([&commands, args] { commands.selected = [args, &commands] { return run_run(*args, commands.argv); }; });
}

}  // namespace geosim::cli
