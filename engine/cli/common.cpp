// SPDX-License-Identifier: Apache-2.0
#include "cli/common.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <limits>

#include <fmt/format.h>

#include "cli/signals.hpp"
#include "geosim/mc.hpp"
#include "geosim/output.hpp"
#include "geosim/series_points.hpp"
#include "scenario/limits.hpp"

namespace geosim::cli {

std::vector<Override> parse_overrides(const std::vector<std::string>& args) {
  std::vector<Override> out;
  for (const auto& a : args) {
    auto eq = a.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UsageError{fmt::format("--set '{}': expected PATH=VALUE; write e.g. --set events.strike.rate=0.1", a)};
    out.push_back({a.substr(0, eq), a.substr(eq + 1)});
  }
  return out;
}

ResourceLimits& limits() {
  static ResourceLimits l;
  return l;
}

std::vector<std::string>& extends_folders() {
  static std::vector<std::string> f;
  return f;
}

RunPlan& run_plan() {
  static RunPlan p;
  return p;
}

namespace {

// Blocks a worker may finish ahead of the merge (the driver's window), plus those being computed.
std::uint64_t blocks_in_flight(const RunPlan& plan) { return 5 * static_cast<std::uint64_t>(std::max(1, plan.threads)); }

// Runs whose trajectories may be held at once. A fixed number of runs records only its series
// sample (mc::Accumulator::expect_runs). Precision mode past its first runs: the merged sample
// (up to twice kSeriesSample before it is trimmed, plus one block) and every block in flight.
std::uint64_t kept_runs(const RunPlan& plan) {
  if (!plan.precision) return std::min<std::uint64_t>(plan.runs, kSeriesSample);
  const std::uint64_t runs = std::max(plan.runs, plan.max_runs);
  return std::min<std::uint64_t>(runs, 2 * kSeriesSample + kBlockRuns * (1 + blocks_in_flight(plan)));
}

}  // namespace

double estimate_run_bytes(const Model& m, const RunPlan& plan) {
  const double threads = std::max(1, plan.threads);
  const double steps = static_cast<double>(m.steps);
  const double in_flight = static_cast<double>(blocks_in_flight(plan));
  // The tracked variables, and what `run` tracks for its report (geosim/output.hpp).
  const double per_run = static_cast<double>(m.tracked.size() + report_series_count(m)) * series_points(m.steps) * 8;
  const double kept = static_cast<double>(kept_runs(plan));
  double when = 0;
  for (const auto& o : m.outcomes)
    if (o.kind == OutcomeSpec::Kind::When) ++when;
  return per_run * (kept + threads) + when * steps * 8 * (in_flight + 1);
}

namespace {

Loaded load_with(const LoadOptions& options, const std::function<std::optional<Scenario>(const LoadOptions&, Loaded&)>& load) {
  Loaded l;
  LoadOptions o = options;
  o.limits = limits();
  o.extends_from.insert(o.extends_from.end(), extends_folders().begin(), extends_folders().end());
  l.scenario = load(o, l);
  if (stop_requested()) throw Interrupted{};  // what failed to load (a read cut short) is no matter now
  if (l.scenario) l.model = compile_model(*l.scenario, l.diags);
  if (!l.diags.ok()) l.model.reset();
  const RunPlan& plan = run_plan();
  if (l.model && plan.runs > 0) {
    const double bytes = estimate_run_bytes(*l.model, plan);
    const double limit = static_cast<double>(o.limits.max_memory_mb) * 1024.0 * 1024.0;
    if (bytes > limit) {
      const auto need = static_cast<unsigned long long>(bytes / (1024.0 * 1024.0)) + 1;
      l.diags.error({}, fmt::format("this run would need about {} ({} tracked variables x {} points, kept for up to {} runs), "
                                    "over the limit of {} MiB",
                                    scenario::format_bytes(bytes), l.model->tracked.size(), series_points(l.model->steps),
                                    kept_runs(plan),
                                    o.limits.max_memory_mb),
                    fmt::format("raise the limit with --max-memory {}, track fewer variables, or use a longer 'step'", need));
      l.model.reset();
    }
  }
  return l;
}

}  // namespace

Loaded load_and_compile(const std::string& path, const LoadOptions& options) {
  return load_with(options, [&path](const LoadOptions& o, Loaded& l) { return load_scenario(path, o, l.diags, l.sources); });
}

Loaded load_and_compile_text(const std::string& name, const std::string& text, const LoadOptions& options) {
  return load_with(options,
                   [&](const LoadOptions& o, Loaded& l) { return load_scenario_text(name, text, o, l.diags, l.sources); });
}

std::string diagnostics_text(const Loaded& l) {
  // A hostile file can hold hundreds of thousands of errors: the first ones, by place, are shown.
  constexpr std::size_t kMaxShown = 100;
  std::size_t n = l.diags.items().size();
  std::string text;
  if (n <= kMaxShown) {
    text = l.diags.format(*l.sources);
  } else {
    std::vector<Diagnostic> sorted = l.diags.items();
    std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic& a, const Diagnostic& b) {
      if (a.mark.file != b.mark.file) return a.mark.file < b.mark.file;
      if (a.mark.line != b.mark.line) return a.mark.line < b.mark.line;
      return a.mark.col < b.mark.col;
    });
    Diagnostics first;
    for (std::size_t i = 0; i < kMaxShown; ++i) first.error(sorted[i].mark, sorted[i].what, sorted[i].fix);
    text = first.format(*l.sources) + fmt::format("... and {} more errors not shown\n", n - kMaxShown);
  }
  // A problem with no place in a file (a missing file, a bad --variant) is a command-line
  // error: it reads like the other usage errors, "geosim: error: ...".
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    end = end == std::string::npos ? text.size() : end + 1;
    if (text.compare(pos, 7, "error: ") == 0) out += "geosim: ";
    out.append(text, pos, end - pos);
    pos = end;
  }
  if (n > 1) out += fmt::format("{} errors\n", n);
  return terminal_text(out);
}

void print_diagnostics(const Loaded& l) { std::fputs(diagnostics_text(l).c_str(), stderr); }

Loaded load_or_throw(const std::string& path, const LoadOptions& options, std::string intro) {
  Loaded l = load_and_compile(path, options);
  if (!l.ok()) throw InvalidInput{std::move(intro), std::move(l)};
  return l;
}

std::string outcome_ids(const Model& m) {
  std::string ids;
  for (const auto& o : m.outcomes) ids += (ids.empty() ? "" : ", ") + o.id;
  return "its outcomes are " + ids;
}

void warn_not_numbers(const std::string& id, std::uint64_t nan_runs, std::uint64_t runs, const std::string& where,
                      const std::string& left_out) {
  if (nan_runs == 0) return;
  std::fputs(terminal_text(fmt::format("geosim: warning: outcome '{}' was not a number (NaN) or infinite in {} of {} "
                                       "runs{}; {}; check the expression of 'value:' for a division by zero or a "
                                       "log of a negative number\n",
                                       id, nan_runs, runs, where, left_out))
                 .c_str(),
             stderr);
}

std::string terminal_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out += (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f ? '?' : static_cast<char>(c);
      ++i;
      continue;
    }
    // A UTF-8 sequence: its length from the lead byte, every continuation byte checked.
    std::size_t len = 0;
    if (c >= 0xc2 && c <= 0xdf) len = 2;
    else if (c >= 0xe0 && c <= 0xef) len = 3;
    else if (c >= 0xf0 && c <= 0xf4) len = 4;
    bool ok = len > 0 && i + len <= text.size();
    char32_t cp = 0;
    if (ok) {
      cp = len == 2 ? c & 0x1f : len == 3 ? c & 0x0f : c & 0x07;
      for (std::size_t k = 1; k < len && ok; ++k) {
        const auto cc = static_cast<unsigned char>(text[i + k]);
        ok = (cc & 0xc0) == 0x80;
        cp = (cp << 6) | (cc & 0x3f);
      }
    }
    // Overlong forms, surrogates, beyond U+10FFFF; C1 controls; bidirectional controls.
    if (ok && ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff)))
      ok = false;
    if (ok && (cp < 0xa0 || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f ||
               cp == 0x061c))
      ok = false;
    if (!ok) {
      out += '?';
      ++i;
      continue;
    }
    out.append(text.substr(i, len));
    i += len;
  }
  return out;
}

CLI::Option* add_seed_option(CLI::App* cmd, std::uint64_t& seed, const std::string& help, const std::string& name) {
  const CLI::Validator whole(
      [](std::string& text) -> std::string {
        const std::string range = fmt::format("a whole number from 0 to {}", std::numeric_limits<std::uint64_t>::max());
        bool digits = !text.empty() && text.size() <= 20;
        for (char c : text) digits = digits && c >= '0' && c <= '9';
        if (!digits || (text.size() == 20 && text > "18446744073709551615"))
          return fmt::format("'{}': expected {}", text, range);
        return {};
      },
      "");
  return cmd->add_option(name, seed, help)->check(whole);
}

bool refuse_mpi(const std::string& command) {
  const ProcessWorld w = process_world();
  if (w.size <= 1) return false;
  if (w.rank == 0)
    std::fputs(fmt::format("geosim: error: {} does not split its work over MPI ranks, and {} copies of it would each "
                           "do all of it; run it without mpirun (it uses every core of one machine: --threads N), "
                           "or split a Monte Carlo over machines with 'mpirun geosim run'\n",
                           command, w.size)
                   .c_str(),
               stderr);
  return true;
}

}  // namespace geosim::cli
