// SPDX-License-Identifier: Apache-2.0
// `geosim explain FILE`: the chronicle of one run in plain language, or as JSON. With --outcome,
// the first run (from --run) in which that outcome happened, or with --not did not.
#include <cstdio>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/output_file.hpp"
#include "cli/signals.hpp"
#include "geosim/chronicle.hpp"

namespace geosim::cli {

namespace {

struct ExplainArgs {
  std::string file, variant, json;
  std::vector<std::string> sets, outcomes;
  std::uint64_t run = 0, seed = 1;
  std::uint64_t max_search = 100'000;  ///< runs examined by --outcome before giving up
  bool negate = false, force = false;
};

// The outcome named `id` ("!ID": it did not happen; `negate` flips that), or a usage error.
RunCondition condition(const Model& m, std::string id, bool negate) {
  bool happened = !negate;
  if (!id.empty() && id[0] == '!') id.erase(0, 1), happened = !happened;
  std::string known;
  for (std::size_t k = 0; k < m.outcomes.size(); ++k) {
    if (m.outcomes[k].id == id) {
      if (m.outcomes[k].kind == OutcomeSpec::Kind::Value)
        throw UsageError{fmt::format("--outcome '{}' is a value outcome, which has no 'happened'; pick a when: or count: outcome", id)};
      return {k, happened};
    }
    if (m.outcomes[k].kind != OutcomeSpec::Kind::Value) known += (known.empty() ? "" : ", ") + m.outcomes[k].id;
  }
  throw UsageError{fmt::format("--outcome '{}' is not an outcome of this scenario; known: {}", id, known)};
}

std::string label(const Model& m, const RunCondition& c) {
  const OutcomeRule& o = m.outcomes[c.outcome];
  std::string l = o.label.empty() ? o.id : o.label;
  l.erase(0, l.find_first_not_of(' '));
  return fmt::format("'{}' {}", l, c.happened ? "happened" : "did not happen");
}

int run_explain(const ExplainArgs& a) {
  if (a.negate && a.outcomes.empty()) throw UsageError{"--not needs --outcome ID; add the outcome whose absence to look for, e.g. --outcome ceasefire_signed --not"};
  Loaded l = load_and_compile(a.file, {a.variant, parse_overrides(a.sets)});
  if (!l.ok()) {
    print_diagnostics(l);
    return kInvalid;
  }
  const Model& m = *l.model;
  std::optional<OutputFile> json_out;
  if (!a.json.empty()) json_out.emplace(a.json, a.force, "--json");

  std::uint64_t run = a.run;
  std::string found_line;
  nlohmann::ordered_json search;
  if (!a.outcomes.empty()) {
    std::vector<RunCondition> conditions;
    std::string what;
    nlohmann::ordered_json wanted = nlohmann::ordered_json::array();
    for (const auto& id : a.outcomes) {
      conditions.push_back(condition(m, id, a.negate));
      what += (what.empty() ? "" : " and ") + label(m, conditions.back());
      wanted.push_back({{"outcome", m.outcomes[conditions.back().outcome].id}, {"happened", conditions.back().happened}});
    }
    // Searched in slices, so that a signal stops a long search.
    std::uint64_t tried = 0;
    std::optional<std::uint64_t> r;
    constexpr std::uint64_t kSlice = 1000;
    while (!r && tried < a.max_search) {
      if (stop_requested()) {
        std::fputs(fmt::format("geosim: interrupted by {} after searching {} runs; no output files written\n",
                               stop_signal_name(), tried).c_str(),
                   stderr);
        return kFailure;
      }
      std::uint64_t slice_tried = 0;
      r = find_run(m, a.seed, conditions, a.run + tried, std::min(kSlice, a.max_search - tried), &slice_tried);
      tried += slice_tried;
      if (slice_tried == 0) break;
    }
    if (!r) {
      std::fputs(fmt::format("geosim: no run in which {}: searched runs {} to {} with seed {}\n", what, a.run,
                             a.run + tried - 1, a.seed).c_str(), stderr);
      return kFailure;
    }
    run = *r;
    found_line = fmt::format("Run {} is the first run from run {} in which {} ({} run{} simulated).\n\n", run, a.run, what,
                             tried, tried == 1 ? "" : "s");
    search = {{"conditions", wanted}, {"from_run", a.run}, {"runs_tried", tried}};
  }

  Chronicle c = make_chronicle(m, a.seed, run, &*l.scenario);
  if (json_out) {
    nlohmann::ordered_json j = chronicle_json(c);
    if (!search.is_null()) j["search"] = search;
    json_out->write(j.dump(2) + "\n");
    json_out->commit();
  }
  if (a.json != "-") std::fputs(terminal_text(found_line + format_chronicle(c)).c_str(), stdout);
  return kOk;
}

}  // namespace

void add_explain(CLI::App& app, CommandSet& commands) {
  auto args = std::make_shared<ExplainArgs>();
  CLI::App* cmd = app.add_subcommand("explain", "Tell the story of one run, day by day, in plain language.");
  cmd->add_option("file", args->file, "Scenario file")->required();
  add_seed_option(cmd, args->run, "Run index (default 0; with --outcome, where the search starts)", "--run");
  add_seed_option(cmd, args->seed, "Random seed (default 1), as for geosim run");
  cmd->add_option("--variant", args->variant, "Apply a policy variant declared in the file");
  cmd->add_option("--set", args->sets, "Override PATH=VALUE (repeatable)");
  cmd->add_option("--outcome", args->outcomes,
                  "Explain the first run (from --run) in which this outcome happened; '!ID': did not happen (repeatable: all must hold)");
  cmd->add_flag("--not", args->negate, "With --outcome: the first run in which it did not happen");
  cmd->add_option("--max-search", args->max_search, "With --outcome: runs to try before giving up (default 100,000)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1'000'000'000}));
  cmd->add_option("--json", args->json, "Write the chronicle as JSON to FILE ('-' for stdout, instead of the text)");
  cmd->add_flag("--force", args->force, "Overwrite an existing --json file");
  cmd->callback([&commands, args] { commands.selected = [args] { return run_explain(*args); }; });
}

}  // namespace geosim::cli
