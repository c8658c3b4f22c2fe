// SPDX-License-Identifier: Apache-2.0
// `geosim sweep FILE --param PATH=LO:HI:N ... | --lhs N`: one Monte Carlo estimate of every
// outcome per point of a grid over override paths, or of a Latin hypercube over the scenario's
// uncertain numbers. Every point uses the same seed and run indices (common random numbers).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "cli/analysis_common.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/engine_choice.hpp"
#include "cli/output_file.hpp"
#include "cli/signals.hpp"
#include "geosim/analysis.hpp"
#include "geosim/random.hpp"

namespace geosim::cli {

namespace {

constexpr std::size_t kMaxPoints = 100'000;     ///< --lhs
constexpr std::size_t kMaxGridPoints = 10'000;  ///< --param: each point is a compiled model in memory

struct SweepArgs {
  std::string file, variant, json, csv, report;
  std::vector<std::string> params, sets, outcomes;
  std::size_t lhs = 0;
  std::uint64_t runs = 1000, seed = 1;
  int threads = 0;
  bool quiet = false, force = false;
  std::string engine = "auto";
};

bool same_outcomes(const Model& a, const Model& b) {
  if (a.outcomes.size() != b.outcomes.size()) return false;
  for (std::size_t k = 0; k < a.outcomes.size(); ++k)
    if (a.outcomes[k].id != b.outcomes[k].id || a.outcomes[k].kind != b.outcomes[k].kind) return false;
  return true;
}

int run_sweep(const SweepArgs& a, const std::vector<std::string>& argv) {
  if (refuse_mpi("sweep")) return kInvalid;
  if (a.params.empty() == (a.lhs == 0))
    throw UsageError{"sweep: nothing to sweep; give either --param PATH=LO:HI:N (repeatable, a grid) or --lhs N (Latin hypercube)"};
  const auto overrides = parse_overrides(a.sets);
  Loaded base = load_and_compile(a.file, {a.variant, overrides});
  if (!base.ok()) {
    print_diagnostics(base);
    return kInvalid;
  }
  const Model& m = *base.model;
  for (const auto& id : a.outcomes)
    if (std::none_of(m.outcomes.begin(), m.outcomes.end(), [&id](const OutcomeRule& o) { return o.id == id; }))
      throw UsageError{fmt::format("--outcome: the scenario has no outcome '{}'; {}", id, outcome_ids(m))};

  const auto start = std::chrono::steady_clock::now();
  analysis::Sweep s;
  s.runs = a.runs;
  s.seed = a.seed;
  // Output files first (as temporaries): a bad path fails before the points are built and run.
  std::optional<OutputFile> json_out, csv_out, report_out;
  if (!a.json.empty()) json_out.emplace(a.json, a.force, "--json");
  if (!a.report.empty()) report_out.emplace(a.report, a.force, "--report");
  if (!a.csv.empty()) csv_out.emplace(a.csv, a.force, "--csv");
  std::vector<Model> models;  // grid: one compiled model per point
  if (!a.params.empty()) {
    s.design = "grid";
    for (const auto& text : a.params) {
      try {
        s.axes.push_back(analysis::parse_grid_axis(text));
      } catch (const std::invalid_argument& e) {
        throw UsageError{e.what()};
      }
      for (const auto& p : s.parameters)
        if (p == s.axes.back().path) throw UsageError{fmt::format("--param: '{}' is given twice; give each path once", p)};
      s.parameters.push_back(s.axes.back().path);
    }
    std::size_t total = 1;
    for (const auto& ax : s.axes) {
      total *= static_cast<std::size_t>(ax.n);
      if (total > kMaxGridPoints) throw UsageError{fmt::format("--param: the grid has more than {} points; use fewer values per axis, or --lhs N to sample the space", kMaxGridPoints)};
    }
    s.values = analysis::grid_points(s.axes);
    models.reserve(s.values.size());
    for (const auto& point : s.values) {
      auto o = overrides;
      std::string where;
      for (std::size_t i = 0; i < s.axes.size(); ++i) {
        o.push_back({s.axes[i].path, fmt::format("{}", point[i])});
        where += fmt::format("{}{}={}", where.empty() ? "" : ", ", s.axes[i].path, point[i]);
      }
      if (stop_requested()) {
        std::fputs(fmt::format("geosim: interrupted by {} while loading the sweep's points; no output files written\n",
                               stop_signal_name()).c_str(),
                   stderr);
        return kFailure;
      }
      Loaded point_model = load_and_compile(a.file, {a.variant, o});
      if (!point_model.ok()) {
        std::fputs(fmt::format("geosim: sweep point {} is not a valid scenario:\n", where).c_str(), stderr);
        print_diagnostics(point_model);
        return kInvalid;
      }
      models.push_back(std::move(*point_model.model));
      if (!same_outcomes(m, models.back()))
        throw UsageError{fmt::format("sweep point {} changes the scenario's outcomes; sweep values, not outcomes", where)};
    }
  } else {
    s.design = "lhs";
    s.uncertain = analysis::uncertain_parameters(m);
    if (s.uncertain.empty())
      throw UsageError{fmt::format("--lhs: {} has no uncertain numbers; make some uncertain with "
                                   "--set 'PATH={{uniform: [LO, HI]}}', or sweep a grid with --param",
                                   a.file)};
    if (a.lhs > kMaxPoints) throw UsageError{fmt::format("--lhs: at most {} points; ask for fewer", kMaxPoints)};
    s.design_seed = random::stream_key(a.seed, 0, stable_hash("analysis:lhs-design"));
    s.quantiles = analysis::latin_hypercube(a.lhs, s.uncertain.size(), s.design_seed);
    for (const auto& u : s.uncertain) s.parameters.push_back(u.path);
    for (const auto& q : s.quantiles) {
      std::vector<double> v(q.size());
      for (std::size_t i = 0; i < q.size(); ++i) v[i] = analysis::parameter_value(s.uncertain[i], q[i]);
      s.values.push_back(std::move(v));
    }
  }


  // A grid runs one compiled model per point; a Latin hypercube fixes sampled numbers in copies
  // of the base model, which share its native code.
  std::vector<Model*> ran;
  if (s.design == "grid")
    for (auto& pm : models) ran.push_back(&pm);
  else
    ran.push_back(&*base.model);
  if (!choose_engine(a.engine, ran, a.runs * s.values.size(), false, !a.quiet)) return kFailure;

  analysis::PointsOptions po;
  po.runs = a.runs;
  po.seed = a.seed;
  po.threads = analysis_threads(a.threads);
  AnalysisProgress progress(!a.quiet, "points");
  po.progress = [&progress](std::uint64_t done, std::uint64_t total) { progress.update(done, total); };
  {
    InterruptGuard guard;
    po.cancel = guard.flag();
    if (s.design == "grid") {
      s.points = analysis::evaluate_points(
          m, s.values.size(), [&models](std::size_t p, Model&) -> const Model& { return models[p]; }, po);
    } else {
      const auto& values = s.values;
      const auto& params = s.uncertain;
      s.points = analysis::evaluate_points(
          m, s.values.size(),
          [&values, &params](std::size_t p, Model& scratch) -> const Model& {
            analysis::fix_parameters(scratch, params, values[p]);
            return scratch;
          },
          po);
    }
  }
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (s.points.size() != s.values.size()) {
    std::fputs(fmt::format("geosim: interrupted{}; no output files written\n",
                           stop_requested() ? " by " + stop_signal_name() : std::string()).c_str(),
               stderr);
    return kFailure;
  }
  if (json_out || report_out) {
    Provenance p{argv, base.scenario->files, s.seconds, po.threads, 1, execution_of({ran.begin(), ran.end()})};
    nlohmann::ordered_json j = analysis::sweep_json(m, s, p);
    write_documents(j, *base.scenario, json_out, report_out);
  }
  if (csv_out) csv_out->write(analysis::sweep_csv(m, s));
  commit_outputs({&json_out, &csv_out, &report_out});
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
  cmd->add_option("--lhs", args->lhs, "Latin hypercube of N points over the scenario's uncertain numbers")
      ->check(CLI::Range(std::size_t{1}, kMaxPoints))
      ->excludes(param);
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
