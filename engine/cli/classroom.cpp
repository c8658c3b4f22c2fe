// SPDX-License-Identifier: Apache-2.0
// `geosim classroom FILE -o PAGE.html`: the teaching page of a scenario with a `classroom:`
// section. The scenario is validated here, as `geosim check` does, and again at both ends of each
// lever's range; the page receives the validated tree as JSON (engine/scenario/tree_json.hpp) and
// the browser engine re-reads it, so a lever setting there equals `geosim run --set PATH=VALUE`.
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "cli/classroom_page.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/output_file.hpp"
#include "cli/signals.hpp"
#include "geosim/model.hpp"
#include "geosim/version.hpp"
#include "scenario/load_tree.hpp"
#include "scenario/tree_json.hpp"

namespace geosim::cli {

namespace {

struct ClassroomArgs {
  std::string file, out;
  bool force = false;
};

using nlohmann::ordered_json;

// Loads and compiles the merged tree with `overrides`; diagnostics land in `l`.
bool load_tree_into(Loaded& l, const scenario::Node& root, const std::vector<std::string>& files,
                    std::vector<Override> overrides = {}) {
  LoadOptions o;
  o.overrides = std::move(overrides);
  o.limits = limits();
  l.scenario = scenario::scenario_from_tree(root, o, l.diags, l.sources, files);
  if (l.scenario) l.model = compile_model(*l.scenario, l.diags);
  if (!l.diags.ok()) l.model.reset();
  return l.ok();
}

// Every lever at the two ends of its range must still give a valid scenario: the page offers them.
bool check_lever_ends(Loaded& l, const scenario::Node& root, const std::vector<std::string>& files) {
  bool ok = true;
  for (const LeverSpec& lever : l.scenario->classroom.levers) {
    for (double v : {lever.min, lever.max}) {
      Loaded at;
      if (load_tree_into(at, root, files, {{lever.path, fmt::format("{}", v)}})) continue;
      const Diagnostic& first = at.diags.items().front();
      l.diags.error(lever.mark,
                    fmt::format("lever '{}': at {} the scenario is invalid: {}", lever.id, v, first.what),
                    "narrow the lever's range to values the scenario accepts");
      ok = false;
      break;
    }
  }
  return ok;
}

ordered_json classroom_json(const Scenario& s, const Model& m) {
  const ClassroomSpec& c = s.classroom;
  ordered_json levers = ordered_json::array();
  for (const auto& l : c.levers)
    levers.push_back({{"id", l.id}, {"path", l.path}, {"label", l.label}, {"describe", l.describe},
                      {"min", l.min}, {"max", l.max}, {"step", l.step}, {"value", l.value}});
  ordered_json outcomes = ordered_json::array();
  for (const auto& id : c.outcomes) {
    for (const auto& o : m.outcomes) {
      if (o.id != id) continue;
      const char* kind = "when";
      switch (o.kind) {
        case OutcomeSpec::Kind::When: kind = "when"; break;
        case OutcomeSpec::Kind::Value: kind = "value"; break;
        case OutcomeSpec::Kind::Count: kind = "count"; break;
      }
      outcomes.push_back({{"id", o.id}, {"label", o.label.empty() ? o.id : o.label}, {"kind", kind}});
    }
  }
  ordered_json questions = ordered_json::array();
  for (const auto& [key, text] : c.questions) questions.push_back({{"key", key}, {"text", text}});
  // Role-play: each decision a team can play, with its actor's name and its actions.
  ordered_json roles = ordered_json::array();
  for (const auto& id : c.roles)
    for (const auto& d : s.decisions) {
      if (d.id != id) continue;
      std::string actor = d.actor;
      for (const auto& a : s.actors)
        if (a.id == d.actor && !a.name.empty()) actor = a.name;
      ordered_json actions = ordered_json::array();
      for (const auto& a : d.actions) actions.push_back({{"id", a.id}, {"describe", a.describe}});
      roles.push_back({{"decision", d.id}, {"actor", d.actor}, {"actor_name", actor}, {"describe", d.describe}, {"actions", actions}});
    }
  return {{"title", c.title}, {"intro", c.intro}, {"runs", c.runs}, {"seed", c.seed}, {"levers", levers},
          {"outcomes", outcomes}, {"forecast", c.forecast}, {"questions", questions}, {"roles", roles}};
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

int run_classroom(const ClassroomArgs& a) {
  Loaded l;
  std::vector<std::string> files;
  auto root = scenario::load_merged_tree(a.file, *l.sources, l.diags, files, extends_folders());
  // The page holds the files' texts as they were read, before any override source is added.
  const ordered_json sources = scenario::sources_to_json(*l.sources);
  if (stop_requested()) throw Interrupted{};  // what failed to load (a read cut short) is no matter now
  if (!root || !load_tree_into(l, *root, files)) {
    print_diagnostics(l);
    return kInvalid;
  }
  if (!l.scenario->classroom.present) {
    l.diags.error({}, fmt::format("{} has no 'classroom:' section: the page would have no levers", a.file),
                  "add one with levers, outcomes and questions (docs/classroom.md)");
    print_diagnostics(l);
    return kInvalid;
  }
  if (!check_lever_ends(l, *root, files)) {
    print_diagnostics(l);
    return kInvalid;
  }
  if (stop_requested()) throw Interrupted{};  // a signal while the levers' ends were loaded
  const std::optional<std::string> engine = find_browser_engine();
  if (!engine) {
    std::fputs("geosim: error: the browser engine (geosim-engine.js) is not beside this geosim; it is built when "
               "emscripten is installed; fix: bash scripts/install-deps.sh test, then build again\n",
               stderr);
    return kFailure;
  }
  OutputFile out(a.out, a.force, "-o");
  ordered_json bundle = {
      {"format", "geosim-classroom"}, {"version", 1}, {"geosim", kVersion}, {"commit", kBuildCommit},
      {"scenario", {{"name", l.scenario->name}, {"description", l.scenario->description}, {"start", l.scenario->start},
                    {"horizon_days", l.scenario->horizon_days}, {"file", a.file}}},
      {"classroom", classroom_json(*l.scenario, *l.model)},
      {"sources", sources},
      {"tree", scenario::tree_to_json(*root)}};
  out.write(classroom_page(bundle, read_file(*engine)));
  out.commit();
  return kOk;
}

}  // namespace

void add_classroom(CLI::App& app, CommandSet& commands) {
  auto args = std::make_shared<ClassroomArgs>();
  CLI::App* cmd = app.add_subcommand("classroom", "Write a self-contained HTML page for a class: levers, forecasts, runs in the browser.");
  cmd->add_option("file", args->file, "Scenario file with a classroom: section")->required();
  cmd->add_option("-o,--output", args->out, "The page to write (HTML; '-' for stdout)")->required();
  cmd->add_flag("--force", args->force, "Overwrite an existing page");
  cmd->callback([&commands, args] { commands.selected = [args] { return run_classroom(*args); }; });
}

}  // namespace geosim::cli
