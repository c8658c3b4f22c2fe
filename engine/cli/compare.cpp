// SPDX-License-Identifier: Apache-2.0
// `geosim compare FILE [--variants a,b | --all] [--decompose]`: the base and each variant on the
// same runs (common random numbers), with paired differences and their 95% intervals. With
// --decompose, one model per enabled commitment leaves that commitment out: the deterrence
// decomposition (docs/model.md), each commitment's effect with the others in place.
#include <algorithm>
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
#include "geosim/analysis.hpp"

namespace geosim::cli {

std::vector<std::string> select_variants(const Scenario& scenario, const std::vector<std::string>& requested,
                                         const std::string& file) {
  const auto& declared = scenario.variants;
  std::string names_list;
  for (const auto& v : declared) names_list += (names_list.empty() ? "" : ", ") + v.name;
  std::vector<std::string> names;
  if (requested.empty()) {
    if (declared.empty())
      throw UsageError{fmt::format("{}: the scenario declares no variants to compare; add some under 'variants:'", file)};
    for (const auto& v : declared) names.push_back(v.name);
    return names;
  }
  for (const auto& n : requested) {
    if (n.empty()) continue;
    if (std::find(names.begin(), names.end(), n) != names.end()) continue;
    if (std::none_of(declared.begin(), declared.end(), [&n](const VariantInfo& v) { return v.name == n; }))
      throw UsageError{declared.empty() ? fmt::format("--variants: the scenario declares no variants (asked for '{}'); add some under 'variants:'", n)
                                        : fmt::format("--variants: the scenario has no variant '{}'; it declares: {}", n, names_list)};
    names.push_back(n);
  }
  if (names.empty()) throw UsageError{"--variants: no variant named; name at least one, e.g. --variants a,b (or use --all)"};
  return names;
}

namespace {

struct CompareArgs {
  std::string file, json, csv, report;
  std::vector<std::string> variants, sets, outcomes;
  std::uint64_t runs = 2000, seed = 1, max_runs = 1'000'000;
  int threads = 0;
  double precision = 0.0;
  bool all = false, quiet = false, force = false, decompose = false;
  std::string engine = "auto";
};

int run_compare(const CompareArgs& a, const std::vector<std::string>& argv) {
  if (refuse_mpi("compare")) return kInvalid;
  const auto overrides = parse_overrides(a.sets);
  Loaded base = load_and_compile(a.file, {"", overrides});
  if (!base.ok()) {
    print_diagnostics(base);
    return kInvalid;
  }
  const auto& declared = base.scenario->variants;
  // With --decompose alone, only the decomposition; declared variants join when named (--variants, --all).
  const bool declared_too = !a.decompose || a.all || !a.variants.empty();
  const std::vector<std::string> names =
      declared_too ? select_variants(*base.scenario, a.variants, a.file) : std::vector<std::string>{};
  for (const auto& id : a.outcomes)
    if (std::none_of(base.model->outcomes.begin(), base.model->outcomes.end(), [&id](const OutcomeRule& o) { return o.id == id; }))
      throw UsageError{fmt::format("--outcome: the scenario has no outcome '{}'; {}", id, outcome_ids(*base.model))};

  std::vector<Loaded> loaded;
  loaded.reserve(names.size() + base.scenario->commitments.size());  // models point into it: no reallocation
  std::vector<const Model*> models;
  std::vector<std::string> descriptions;
  bool bad = false;
  for (const auto& n : names) {
    loaded.push_back(load_and_compile(a.file, {n, overrides}));
    if (!loaded.back().ok()) {
      print_diagnostics(loaded.back());
      bad = true;
      continue;
    }
    models.push_back(&*loaded.back().model);
    for (const auto& v : declared)
      if (v.name == n) descriptions.push_back(v.description);
  }
  if (bad) return kInvalid;
  std::vector<std::string> labels = names;
  if (a.decompose) {
    std::size_t enabled = 0;
    for (const CommitmentSpec& k : base.scenario->commitments) {
      if (!k.enabled) continue;
      ++enabled;
      std::vector<Override> without = overrides;
      without.push_back({fmt::format("commitments.{}.enabled", k.id), "false"});
      loaded.push_back(load_and_compile(a.file, {"", without}));
      if (!loaded.back().ok()) {
        print_diagnostics(loaded.back());
        return kInvalid;
      }
      models.push_back(&*loaded.back().model);
      labels.push_back("without " + k.id);
      descriptions.push_back(fmt::format("The base without commitment '{}' ({}); everything else as in the base", k.id,
                                         k.type));
    }
    if (enabled == 0)
      throw UsageError{fmt::format("--decompose: {} has no enabled commitment to leave out; add one under 'commitments:'",
                                   a.file)};
  }
  std::vector<Model*> all_models{&*base.model};
  for (auto& l : loaded) all_models.push_back(&*l.model);
  // Output files first (as temporaries): a bad path fails before the native compile and the runs.
  CommandOutputs out(a.json, a.report, a.csv, a.force);
  std::string engine_choice;
  if (!choose_engine(a.engine, all_models, a.runs * all_models.size(), a.precision > 0, !a.quiet, &engine_choice)) return kFailure;

  analysis::CompareOptions o;
  o.runs = a.runs;
  o.seed = a.seed;
  o.threads = analysis_threads(a.threads);
  o.precision = a.precision;
  o.max_runs = a.max_runs;
  AnalysisProgress progress(!a.quiet, "runs per model");
  o.progress = [&progress](std::uint64_t done, std::uint64_t total) { progress.update(done, total); };
  analysis::Comparison c;
  {
    InterruptGuard guard;
    o.cancel = guard.flag();
    c = analysis::compare(*base.model, models, labels, descriptions, o);
  }
  if (c.cancelled) {
    std::fputs(fmt::format("geosim: interrupted{} after {} runs per model; no output files written\n",
                           stop_requested() ? " by " + stop_signal_name() : std::string(), c.runs).c_str(),
               stderr);
    return kFailure;
  }
  const auto warn = [](const Summary& s, const std::string& where) {
    for (const auto& os : s.outcomes)
      warn_not_numbers(os.id, os.nan_runs, os.n, where,
                       "its estimate and its paired differences leave those runs out (nan_runs in the JSON)");
  };
  warn(c.base, " of the base");
  for (std::size_t v = 0; v < c.variants.size(); ++v) warn(c.variants[v].summary, fmt::format(" of variant '{}'", c.variants[v].name));
  if (out.json || out.report) {
    std::vector<const Model*> ran{&*base.model};
    ran.insert(ran.end(), models.begin(), models.end());
    Provenance p{argv, base.scenario->files, c.seconds, o.threads, 1, execution_of(ran), engine_choice};
    nlohmann::ordered_json j = analysis::compare_json(*base.model, models, c, p);
    write_documents(j, *base.scenario, out.json, out.report);
  }
  if (out.csv) out.csv->write(analysis::compare_csv(c));
  out.commit();
  if (!a.quiet && a.json != "-" && a.csv != "-" && a.report != "-")
    std::fputs(terminal_text(analysis::format_compare_table(c, a.outcomes)).c_str(), stdout);
  return kOk;
}

}  // namespace

void add_compare(CLI::App& app, CommandSet& commands) {
  auto args = std::make_shared<CompareArgs>();
  CLI::App* cmd = app.add_subcommand(
      "compare", "Compare policy variants with the base on the same runs (common random numbers): paired differences.");
  cmd->add_option("file", args->file, "Scenario file")->required();
  auto* variants = cmd->add_option("--variants", args->variants, "Variants to compare, e.g. --variants a,b (default: all)")
                       ->delimiter(',');
  cmd->add_flag("--all", args->all, "Compare every variant declared in the file (the default)")->excludes(variants);
  cmd->add_flag("--decompose", args->decompose,
                "Deterrence decomposition: add one model per enabled commitment that leaves it out (with --variants or "
                "--all, the declared variants too)");
  cmd->add_option("--runs", args->runs, "Runs of each model (default 2000; the minimum with --precision)")
      ->check(CLI::Range(std::uint64_t{2}, std::uint64_t{1'000'000'000}));
  add_seed_option(cmd, args->seed, "Random seed (default 1)");
  cmd->add_option("--threads", args->threads, "Worker threads (default: all cores)")->check(CLI::Range(1, 1024));
  cmd->add_option("--precision", args->precision,
                  "Add runs until every paired difference's 95% half-width is at most P (e.g. 0.01 = 1 point)")
      ->check(CLI::Range(1e-6, 1.0));
  cmd->add_option("--max-runs", args->max_runs, "Cap on runs per model with --precision (default 1,000,000)")
      ->check(CLI::Range(std::uint64_t{2}, std::uint64_t{1'000'000'000}));
  cmd->add_option("--set", args->sets, "Override PATH=VALUE in the base and every variant (repeatable)");
  cmd->add_option("--outcome", args->outcomes, "Show only these outcomes in the table (ids, repeatable or a,b)")->delimiter(',');
  cmd->add_option("--json", args->json, "Write the JSON document to FILE ('-' for stdout)");
  cmd->add_option("--report", args->report, "Write a self-contained HTML report with charts to FILE");
  cmd->add_option("--csv", args->csv, "Write one CSV row per variant and outcome to FILE ('-' for stdout)");
  add_engine_option(cmd, args->engine);
  cmd->add_flag("--force", args->force, "Overwrite existing output files");
  cmd->add_flag("-q,--quiet", args->quiet, "No table and no progress bar");
  cmd->callback([&commands, args] { commands.selected = [args, &commands] { return run_compare(*args, commands.argv); }; });
}

}  // namespace geosim::cli
