// SPDX-License-Identifier: Apache-2.0
#include "cli/common.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>

#include <fmt/format.h>

#include "geosim/mc.hpp"
#include "scenario/limits.hpp"

namespace geosim::cli {

std::vector<Override> parse_overrides(const std::vector<std::string>& args) {
  std::vector<Override> out;
  for (const auto& a : args) {
    auto eq = a.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UsageError{fmt::format("--set '{}': expected PATH=VALUE, e.g. --set events.strike.rate=0.1", a)};
    out.push_back({a.substr(0, eq), a.substr(eq + 1)});
  }
  return out;
}

ResourceLimits& limits() {
  static ResourceLimits l;
  return l;
}

RunPlan& run_plan() {
  static RunPlan p;
  return p;
}

namespace {

// Blocks a worker may finish ahead of the merge (the driver's window), plus those being computed.
std::uint64_t blocks_in_flight(const RunPlan& plan) { return 5 * static_cast<std::uint64_t>(std::max(1, plan.threads)); }

// Runs whose trajectories may be held at once: the merged sample (up to twice kSeriesSample
// before it is trimmed, plus one block) and every block in flight.
std::uint64_t kept_runs(const RunPlan& plan) {
  const std::uint64_t runs = plan.precision ? std::max(plan.runs, plan.max_runs) : plan.runs;
  return std::min<std::uint64_t>(runs, 2 * kSeriesSample + kBlockRuns * (1 + blocks_in_flight(plan)));
}

}  // namespace

double estimate_run_bytes(const Model& m, const RunPlan& plan) {
  const double threads = std::max(1, plan.threads);
  const double steps = static_cast<double>(m.steps);
  const double in_flight = static_cast<double>(blocks_in_flight(plan));
  const double per_run = static_cast<double>(m.tracked.size()) * (steps + 1) * 8;
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
  l.scenario = load(o, l);
  if (l.scenario) l.model = compile_model(*l.scenario, l.diags);
  if (!l.diags.ok()) l.model.reset();
  const RunPlan& plan = run_plan();
  if (l.model && plan.runs > 0) {
    const double bytes = estimate_run_bytes(*l.model, plan);
    const double limit = static_cast<double>(o.limits.max_memory_mb) * 1024.0 * 1024.0;
    if (bytes > limit) {
      const auto need = static_cast<unsigned long long>(bytes / (1024.0 * 1024.0)) + 1;
      l.diags.error({}, fmt::format("this run would need about {} ({} tracked variables x {} steps, kept for up to {} runs), "
                                    "over the limit of {} MiB",
                                    scenario::format_bytes(bytes), l.model->tracked.size(), l.model->steps,
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
  return out;
}

void print_diagnostics(const Loaded& l) { std::fputs(diagnostics_text(l).c_str(), stderr); }

Loaded load_or_throw(const std::string& path, const LoadOptions& options, std::string intro) {
  Loaded l = load_and_compile(path, options);
  if (!l.ok()) throw InvalidInput{std::move(intro), std::move(l)};
  return l;
}

}  // namespace geosim::cli
