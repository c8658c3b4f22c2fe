// SPDX-License-Identifier: Apache-2.0
// geosim: the command-line entry point. Subcommands check, run, schema, compare, sweep, sensitivity.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/signals.hpp"
#include "geosim/mc.hpp"
#include "geosim/diagnostics.hpp"
#include "geosim/version.hpp"
#include "mc/transport.hpp"

namespace {

using namespace geosim::cli;

std::vector<std::string> command_names(CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  return names;
}

CLI::App* find_command(CLI::App& app, std::string_view name) {
  for (CLI::App* sub : app.get_subcommands({}))
    if (sub->get_name() == name) return sub;
  return nullptr;
}

// The subcommand named on the command line (the first word that is one), or nullptr.
CLI::App* named_command(CLI::App& app, int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (CLI::App* sub = find_command(app, argv[i])) return sub;
  return nullptr;
}

std::string first_word(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (argv[i][0] != '-') return argv[i];
  return {};
}

std::string after(std::string_view text, std::string_view prefix) {
  return text.rfind(prefix, 0) == 0 ? std::string(text.substr(prefix.size())) : std::string();
}

// CLI11's message for a parse error, rewritten as one line in geosim's words.
std::string usage_message(CLI::App& app, int argc, char** argv, const CLI::ParseError& e) {
  std::string raw = e.what();
  for (char& c : raw)
    if (c == '\n') c = ' ';
  CLI::App* sub = named_command(app, argc, argv);
  const std::string commands = fmt::format("{}", fmt::join(command_names(app), ", "));
  if (sub == nullptr) {
    std::string word = first_word(argc, argv);
    if (!word.empty()) {
      std::string fix = geosim::did_you_mean(word, command_names(app));
      return fmt::format("unknown command '{}'; {}", word,
                         fix.empty() || fix.rfind("expected", 0) == 0 ? "the commands are " + commands : fix);
    }
    for (int i = 1; i < argc; ++i)
      if (argv[i][0] == '-')
        return fmt::format("unknown option '{}' (options go after the command); the commands are {}", argv[i], commands);
    if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr)
      return fmt::format("no command given; the commands are {} (see 'geosim --help')", commands);
  }
  const std::string name = sub ? sub->get_name() : std::string();
  const std::string help = sub ? fmt::format("see 'geosim {} --help'", name) : "see 'geosim --help'";
  std::string what = raw;
  // An unknown option, with the closest real one when it looks like a misspelling.
  auto unknown_option = [&](const std::string& word) {
    std::string flag = word.substr(0, word.find('='));
    std::string out = fmt::format("unknown option '{}'", flag);
    if (sub == nullptr) return out;
    std::vector<std::string> options;
    for (const CLI::Option* o : sub->get_options())
      for (const auto& l : o->get_lnames()) options.push_back("--" + l);
    std::string fix = geosim::did_you_mean(flag, options);
    return fix.empty() || fix.rfind("expected", 0) == 0 ? out : out + " (" + fix + ")";
  };
  if (std::string extra = after(raw, "The following argument was not expected: "); !extra.empty()) {
    what = extra[0] == '-' ? unknown_option(extra) : fmt::format("unexpected argument '{}'", extra);
  } else if (std::string extras = after(raw, "The following arguments were not expected: "); !extras.empty()) {
    // CLI11 lists them last first; an unknown option explains the rest (its value).
    std::vector<std::string> words;
    for (std::size_t pos = 0; pos < extras.size();) {
      std::size_t end = std::min(extras.find(' ', pos), extras.size());
      words.insert(words.begin(), extras.substr(pos, end - pos));
      pos = end + 1;
    }
    what = fmt::format("unexpected arguments '{}'", fmt::join(words, " "));
    for (const auto& w : words)
      if (!w.empty() && w[0] == '-') {
        what = unknown_option(w);
        break;
      }
  } else if (std::string conv = after(raw, "Could not convert: "); !conv.empty()) {
    // "--seed = abc"
    auto eq = conv.find(" = ");
    std::string opt = conv.substr(0, eq), value = eq == std::string::npos ? std::string() : conv.substr(eq + 3);
    const CLI::Option* o = sub ? sub->get_option_no_throw(opt) : nullptr;
    std::string type = o ? o->get_type_name() : std::string();
    std::string expected = type == "UINT" ? "a whole number, 0 or more"
                           : type == "INT" ? "a whole number"
                           : type == "FLOAT" ? "a number"
                                             : "a valid value";
    what = fmt::format("{} '{}': expected {}", opt, value, expected);
  } else if (auto colon = raw.find(": '"); raw.rfind("--", 0) == 0 && colon != std::string::npos &&
                                            colon < raw.find(' ') && raw.find("': expected ", colon) != std::string::npos) {
    // A validator's refusal: "--seed: '-1': expected a whole number from 0 to ..."
    what = raw.substr(0, colon) + " " + raw.substr(colon + 2);
  } else if (auto pos = raw.find(": Value "); pos != std::string::npos && raw.find(" not in range ") != std::string::npos) {
    // "--runs: Value -5 not in range 1 to 1000000000"
    std::string opt = raw.substr(0, pos), rest = raw.substr(pos + 8);
    auto r = rest.find(" not in range ");
    std::string value = rest.substr(0, r), range = rest.substr(r + 14);
    auto to = range.find(" to ");
    char* end = nullptr;
    std::strtod(value.c_str(), &end);
    const bool number = !value.empty() && end != nullptr && *end == '\0';
    if (to != std::string::npos)
      what = number ? fmt::format("{} {}: out of range; must be from {} to {}", opt, value, range.substr(0, to), range.substr(to + 4))
                    : fmt::format("{} '{}': expected a number from {} to {}", opt, value, range.substr(0, to), range.substr(to + 4));
  } else if (auto req = raw.find(" required "); raw.rfind("--", 0) == 0 && req != std::string::npos &&
                                                 raw.size() > 8 && raw.compare(raw.size() - 8, 8, " missing") == 0) {
    // "--json: 1 required TEXT missing"
    what = fmt::format("{} needs a value", raw.substr(0, raw.find(':')));
  } else if (raw.size() > 12 && raw.compare(raw.size() - 12, 12, " is required") == 0) {
    std::string arg = raw.substr(0, raw.size() - 12);
    what = arg == "file" ? "a scenario FILE is required" : arg == "files" ? "one or more scenario FILEs are required"
                                                                          : fmt::format("{} is required", arg);
  }
  return name.empty() ? fmt::format("{}; {}", what, help) : fmt::format("{}: {}; {}", name, what, help);
}

// --max-actors, --max-memory and --allow-extends on every command that loads scenarios (those with --set).
void add_limit_options(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_option_no_throw("--set") == nullptr) continue;
    sub->add_option("--max-actors", limits().max_actors,
                    fmt::format("Refuse scenarios with more actors (or blocs) than N (default {})", limits().max_actors))
        ->type_name("N")
        ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}));
    sub->add_option("--max-memory", limits().max_memory_mb,
                    fmt::format("Refuse scenarios and runs estimated to need more than MB MiB (default {})",
                                limits().max_memory_mb))
        ->type_name("MB")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30));
    sub->add_option("--allow-extends", extends_folders(),
                    "Let 'extends:' read scenario files from DIR too (repeatable; default: only the scenario's own "
                    "folder and below)")
        ->type_name("DIR");
  }
}

// What `geosim run` will do, for the memory estimate made when it loads the scenario.
void plan_run(CLI::App& app) {
  CLI::App* run = find_command(app, "run");
  if (run == nullptr || !run->parsed()) return;
  auto value = [run](const char* name, std::uint64_t fallback) {
    const CLI::Option* o = run->get_option_no_throw(name);
    return o != nullptr && o->count() > 0 ? o->as<std::uint64_t>() : fallback;
  };
  RunPlan& p = run_plan();
  p.runs = value("--runs", 2000);
  p.max_runs = value("--max-runs", 10'000'000);
  const CLI::Option* precision = run->get_option_no_throw("--precision");
  p.precision = precision != nullptr && precision->count() > 0;
  p.threads = static_cast<int>(value("--threads", std::max(1u, std::thread::hardware_concurrency())));
}

}  // namespace

int main(int argc, char** argv) {
  // First of all: a signal at any later moment (loading, compiling, running) is honoured.
  install_signal_handlers();
  CLI::App app{"geosim: Monte Carlo simulation of geopolitical scenarios.\n"
               "Exit codes: 0 success, 2 invalid input or usage, 1 any other failure.",
               "geosim"};
  app.set_version_flag("--version", fmt::format("geosim {} (commit {}, scenario format {})", geosim::kVersion,
                                                geosim::kBuildCommit, geosim::kFormatVersion));
  app.require_subcommand(1);
  CommandSet commands;
  commands.argv.assign(argv, argv + argc);
  add_check(app, commands);
  add_run(app, commands);
  add_schema(app, commands);
  add_compare(app, commands); add_sweep(app, commands); add_sensitivity(app, commands);
  add_explain(app, commands);
  add_classroom(app, commands);
  add_limit_options(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {  // --help, --version
      app.exit(e);
      return kOk;
    }
    std::fputs(fmt::format("geosim: error: {}\n", usage_message(app, argc, argv, e)).c_str(), stderr);
    return kInvalid;
  }
  try {
    plan_run(app);
    return commands.selected ? commands.selected() : kInvalid;
  } catch (const UsageError& e) {
    if (geosim::process_world().rank == 0) std::fputs(terminal_text(fmt::format("geosim: error: {}\n", e.message)).c_str(), stderr);
    return kInvalid;
  } catch (const InvalidInput& e) {
    if (!e.intro.empty()) std::fputs(terminal_text(e.intro + "\n").c_str(), stderr);
    print_diagnostics(e.loaded);
    return kInvalid;
  } catch (const Interrupted&) {
    if (geosim::process_world().rank == 0)
      std::fputs(fmt::format("geosim: interrupted by {} while loading; no output files written\n", stop_signal_name()).c_str(),
                 stderr);
    return kFailure;
  } catch (const Failure& e) {
    if (geosim::process_world().rank == 0) std::fputs(terminal_text(fmt::format("geosim: error: {}\n", e.message)).c_str(), stderr);
    return kFailure;
  } catch (const std::exception& e) {
    std::fputs(fmt::format("geosim: internal error: {}\n", e.what()).c_str(), stderr);
    // Under mpirun the other ranks may be waiting for this one: end them all.
    if (geosim::process_world().size > 1) geosim::mc::abort_job(kFailure);
    return kFailure;
  }
}
