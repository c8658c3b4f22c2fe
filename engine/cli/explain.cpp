// SPDX-License-Identifier: Apache-2.0
// `geosim explain FILE`: the chronicle of one run in plain language, or as JSON. With --outcome,
// the first run (from --run) in which that outcome happened, or with --not did not.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>

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
  std::vector<std::string> sets, outcomes, wheres;
  std::uint64_t run = 0, seed = 1, count = 1;
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
        throw UsageError{fmt::format("--outcome '{}' is a value outcome, which has no 'happened'; compare its value "
                                     "instead, e.g. --where '{} > 0.5'",
                                     id, id)};
      return {k, happened};
    }
    if (m.outcomes[k].kind != OutcomeSpec::Kind::Value) known += (known.empty() ? "" : ", ") + m.outcomes[k].id;
  }
  throw UsageError{fmt::format("--outcome '{}' is not an outcome of this scenario; known: {}", id, known)};
}

// --where 'ID OP NUMBER': a value, count or when (1/0) outcome compared with a number. Parsed
// by hand: three tokens need no grammar (and std::regex trips GCC 12's -Wmaybe-uninitialized in
// the sanitizer build).
RunCondition where_condition(const Model& m, const std::string& text) {
  const auto bad = [&text] {
    return UsageError{fmt::format("--where '{}' is not OUTCOME OP NUMBER; e.g. --where 'donbas_ceded > 0.8' (OP: < <= > >= == !=)", text)};
  };
  std::size_t i = 0;
  auto skip = [&] { while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i; };
  skip();
  const std::size_t id0 = i;
  while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_')) ++i;
  const std::string id = text.substr(id0, i - id0);
  if (id.empty() || std::isdigit(static_cast<unsigned char>(id[0]))) throw bad();
  skip();
  using C = RunCondition::Compare;
  static const std::pair<const char*, C> kOps[] = {{"<=", C::LessEqual}, {">=", C::GreaterEqual}, {"==", C::Equal},
                                                   {"!=", C::NotEqual},  {"<", C::Less},          {">", C::Greater}};
  C op = C::None;
  for (const auto& [word, c] : kOps)
    if (text.compare(i, std::strlen(word), word) == 0) {
      op = c;
      i += std::strlen(word);
      break;
    }
  if (op == C::None) throw bad();
  skip();
  const std::string rest = text.substr(i);
  char* end = nullptr;
  const double threshold = std::strtod(rest.c_str(), &end);
  if (rest.empty() || end == rest.c_str() || !std::isfinite(threshold)) throw bad();
  for (const char* q = end; *q != '\0'; ++q)
    if (!std::isspace(static_cast<unsigned char>(*q))) throw bad();
  std::string known;
  for (std::size_t k = 0; k < m.outcomes.size(); ++k) {
    known += (known.empty() ? "" : ", ") + m.outcomes[k].id;
    if (m.outcomes[k].id == id) return {k, true, op, threshold};
  }
  throw UsageError{fmt::format("--where '{}': '{}' is not an outcome of this scenario; known: {}", text, id, known)};
}

std::string label(const Model& m, const RunCondition& c) {
  const OutcomeRule& o = m.outcomes[c.outcome];
  std::string l = o.label.empty() ? o.id : o.label;
  l.erase(0, l.find_first_not_of(' '));
  using C = RunCondition::Compare;
  switch (c.compare) {
    case C::None: return fmt::format("'{}' {}", l, c.happened ? "happened" : "did not happen");
    case C::Less: return fmt::format("'{}' < {}", l, c.threshold);
    case C::LessEqual: return fmt::format("'{}' <= {}", l, c.threshold);
    case C::Greater: return fmt::format("'{}' > {}", l, c.threshold);
    case C::GreaterEqual: return fmt::format("'{}' >= {}", l, c.threshold);
    case C::Equal: return fmt::format("'{}' == {}", l, c.threshold);
    case C::NotEqual: return fmt::format("'{}' != {}", l, c.threshold);
  }
  return l;
}

int run_explain(const ExplainArgs& a) {
  if (a.negate && a.outcomes.empty()) throw UsageError{"--not needs --outcome ID; add the outcome whose absence to look for, e.g. --outcome ceasefire_signed --not"};
  if (a.count > 1 && a.outcomes.empty() && a.wheres.empty())
    throw UsageError{"--count K needs --outcome or --where: it tells the first K runs that meet them"};
  Loaded l = load_and_compile(a.file, {a.variant, parse_overrides(a.sets)});
  if (!l.ok()) {
    print_diagnostics(l);
    return kInvalid;
  }
  const Model& m = *l.model;
  std::optional<OutputFile> json_out;
  if (!a.json.empty()) json_out.emplace(a.json, a.force, "--json");

  std::vector<std::uint64_t> runs{a.run};
  std::string found_line;
  nlohmann::ordered_json search;
  if (!a.outcomes.empty() || !a.wheres.empty()) {
    std::vector<RunCondition> conditions;
    std::string what;
    nlohmann::ordered_json wanted = nlohmann::ordered_json::array();
    for (const auto& id : a.outcomes) {
      conditions.push_back(condition(m, id, a.negate));
      what += (what.empty() ? "" : " and ") + label(m, conditions.back());
      wanted.push_back({{"outcome", m.outcomes[conditions.back().outcome].id}, {"happened", conditions.back().happened}});
    }
    for (const auto& w : a.wheres) {
      conditions.push_back(where_condition(m, w));
      what += (what.empty() ? "" : " and ") + label(m, conditions.back());
      wanted.push_back({{"where", w}});
    }
    // The first `count` runs from --run that meet every condition, searched in slices so that a
    // signal stops a long search.
    runs.clear();
    constexpr std::uint64_t kSlice = 1000;
    std::uint64_t tried = 0, from = a.run;
    while (runs.size() < a.count && tried < a.max_search) {
      if (stop_requested()) {
        std::fputs(fmt::format("geosim: interrupted by {} after searching {} runs; no output files written\n",
                               stop_signal_name(), tried).c_str(),
                   stderr);
        return kFailure;
      }
      std::uint64_t n = 0;
      auto r = find_run(m, a.seed, conditions, from, std::min(kSlice, a.max_search - tried), &n);
      tried += n;
      if (r) {
        runs.push_back(*r);
        from = *r + 1;
      } else {
        if (n == 0) break;
        from += n;
      }
    }
    if (runs.empty()) {
      std::fputs(fmt::format("geosim: no run in which {}: searched runs {} to {} with seed {}\n", what, a.run,
                             a.run + tried - 1, a.seed).c_str(), stderr);
      return kFailure;
    }
    std::string list;
    for (std::size_t i = 0; i < runs.size(); ++i) list += (i == 0 ? "" : i + 1 == runs.size() ? " and " : ", ") + std::to_string(runs[i]);
    found_line = runs.size() == 1
                     ? fmt::format("Run {} is the first run from run {} in which {} ({} run{} simulated).\n\n", runs[0], a.run,
                                   what, tried, tried == 1 ? "" : "s")
                     : fmt::format("Runs {} are the first {} runs from run {} in which {} ({} runs simulated){}.\n\n", list,
                                   runs.size(), a.run, what, tried,
                                   runs.size() < a.count ? fmt::format("; only {} of the {} asked for", runs.size(), a.count) : "");
    search = {{"conditions", wanted}, {"from_run", a.run}, {"runs_tried", tried}, {"runs_found", runs}};
  }

  std::string text = found_line;
  nlohmann::ordered_json chronicles = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < runs.size(); ++i) {
    Chronicle c = make_chronicle(m, a.seed, runs[i], &*l.scenario);
    if (i > 0) text += "\n" + std::string(100, '=') + "\n\n";
    text += format_chronicle(c);
    chronicles.push_back(chronicle_json(c));
  }
  if (json_out) {
    nlohmann::ordered_json j;
    if (chronicles.size() == 1) {
      j = chronicles[0];
    } else {
      j = {{"command", "explain"}, {"chronicles", chronicles}};
    }
    if (!search.is_null()) j["search"] = search;
    json_out->write(j.dump(2) + "\n");
    json_out->commit();
  }
  if (a.json != "-") std::fputs(terminal_text(text).c_str(), stdout);
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
  cmd->add_option("--where", args->wheres,
                  "Explain the first run (from --run) in which OUTCOME OP NUMBER holds, e.g. 'donbas_ceded > 0.8' "
                  "(value, count or when outcomes; OP: < <= > >= == !=; repeatable: all must hold)");
  cmd->add_option("--count", args->count, "With --outcome or --where: tell the first K runs that meet them (default 1)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1000}));
  cmd->add_option("--max-search", args->max_search, "With --outcome: runs to try before giving up (default 100,000)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1'000'000'000}));
  cmd->add_option("--json", args->json, "Write the chronicle as JSON to FILE ('-' for stdout, instead of the text)");
  cmd->add_flag("--force", args->force, "Overwrite an existing --json file");
  cmd->callback([&commands, args] { commands.selected = [args] { return run_explain(*args); }; });
}

}  // namespace geosim::cli
