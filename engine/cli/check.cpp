// SPDX-License-Identifier: Apache-2.0
// `geosim check FILE...`: load, validate and compile each file; report every problem.
#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "geosim/analysis.hpp"

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/inert_note.hpp"
#include "cli/signals.hpp"

namespace geosim::cli {

namespace {

struct CheckArgs {
  std::vector<std::string> files;
  std::string variant;
  std::vector<std::string> sets;
  bool quiet = false;
};

std::string describe(const Scenario& s, const Model& m) {
  std::string out = fmt::format("{} actors, {} blocs, {} events, {} commitments, {} outcomes", s.actors.size(),
                                s.blocs.size(), s.events.size(), s.commitments.size(), s.outcomes.size());
  if (!s.decisions.empty()) out += fmt::format(", {} decisions", s.decisions.size());
  if (s.perception.present) out += ", perception";
  if (s.negotiation.present) out += ", negotiation";
  if (s.ceasefire.present) out += ", ceasefire";
  if (s.war.present) out += ", war";
  // Counted as sensitivity, --lhs and the per-run CSV count them: a drifting variable's sampled
  // start and the copy its drift keeps are one number (analysis::uncertain_parameters).
  if (!m.sampled.empty()) out += fmt::format(", {} uncertain numbers", analysis::uncertain_parameters(m).size());
  if (!s.variants.empty()) {
    out += "; variants:";
    for (const auto& v : s.variants) out += " " + v.name;
  }
  return out;
}

int run_check(const CheckArgs& a) {
  auto overrides = parse_overrides(a.sets);
  int bad = 0;
  std::size_t done = 0;
  for (const auto& f : a.files) {
    if (stop_requested()) {  // a signal while checking many files: stop between two
      std::fputs(fmt::format("geosim: interrupted by {} after checking {} of {} files\n", stop_signal_name(), done,
                             a.files.size()).c_str(),
                 stderr);
      return kFailure;
    }
    ++done;
    Loaded l = load_and_compile(f, {a.variant, overrides});
    if (!l.ok()) {
      print_diagnostics(l);
      ++bad;
      continue;
    }
    // Every declared variant must load too, so a broken variant is caught before anyone runs it.
    bool variants_ok = true;
    if (a.variant.empty()) {
      for (const auto& v : l.scenario->variants) {
        Loaded lv = load_and_compile(f, {v.name, overrides});
        if (!lv.ok()) {
          print_diagnostics(lv);
          variants_ok = false;
        }
      }
    }
    if (!variants_ok) {
      ++bad;
      continue;
    }
    // A warning, not an error: the file is valid, and the exit code stays 0.
    if (const std::string w = inert_warnings(l, f); !w.empty()) std::fputs(terminal_text(w).c_str(), stderr);
    if (!a.quiet)
      std::fputs(terminal_text(fmt::format("{}: ok ({})\n", f == "-" ? "<stdin>" : f, describe(*l.scenario, *l.model))).c_str(),
                 stdout);
  }
  return bad == 0 ? kOk : kInvalid;
}

}  // namespace

void add_check(CLI::App& app, CommandSet& commands) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* cmd = app.add_subcommand("check", "Validate scenario files and report every problem (exit 2 if any).");
  cmd->add_option("files", args->files, "Scenario files")->required();
  cmd->add_option("--variant", args->variant, "Check only with this variant applied");
  cmd->add_option("--set", args->sets, "Override PATH=VALUE (repeatable)");
  cmd->add_flag("-q,--quiet", args->quiet, "Print nothing for valid files");
  cmd->callback([&commands, args] { commands.selected = [args] { return run_check(*args); }; });
}

}  // namespace geosim::cli
