// SPDX-License-Identifier: Apache-2.0
#include "cli/engine_choice.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <time.h>

#include <fmt/format.h>

#include "cli/common.hpp"
#include "cli/engine_cost.hpp"
#include "cli/signals.hpp"
#include "geosim/mc.hpp"
#include "geosim/native.hpp"
#include "geosim/run.hpp"

namespace geosim::cli {

void add_engine_option(CLI::App* cmd, std::string& engine) {
  cmd->add_option("--engine", engine,
                  "How steps run: native (the scenario compiled to machine code, cached), interpreter, or auto "
                  "(native when cached, or when the compile plus the native runs are expected to take less CPU "
                  "than the interpreter, timed on a few runs; default)")
      ->check(CLI::IsMember({"auto", "native", "interpreter"}));
}

namespace {

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// CPU seconds per run of `m` through the interpreter, timed on its first runs (at most kPilotRuns,
// or as many as take kPilotSeconds, at least one). The pilot's results are thrown away: they
// change nothing in the job's, which the chosen engine computes from its first run.
double pilot_seconds_per_run(const Model& m, std::uint64_t runs) {
  constexpr std::uint64_t kPilotRuns = 64;
  constexpr double kPilotSeconds = 0.02;
  RunState rs;
  rs.prepare(m);
  const double start = thread_cpu_seconds();
  double spent = 0.0;
  std::uint64_t done = 0;
  while (done < std::max<std::uint64_t>(1, std::min(runs, kPilotRuns)) && spent < kPilotSeconds && !stop_requested()) {
    run_one(m, 1, done++, rs, nullptr, false);
    spent = thread_cpu_seconds() - start;
  }
  return done > 0 ? spent / static_cast<double>(done) : 0.0;
}

}  // namespace

bool choose_engine(const std::string& engine, const std::vector<Model*>& models, std::uint64_t runs, bool build_anyway,
                   bool report, std::string* why) {
  if (engine == "interpreter") {
    if (why) *why = "interpreted: --engine interpreter";
    return true;
  }
  NativeOptions o;
  o.cancel = stop_flag();  // a signal during the compile kills the compiler; the command then stops
  std::string failure, fix;
  bool refused = false;
  const auto attach = [&](Model& m, bool build) {
    o.build = build;
    const NativeStatus st = attach_native(m, o);
    if (st.attached || st.interrupted || !failure.empty()) return st;
    if (build || engine == "native" || st.refused) {
      failure = st.message;
      fix = st.fix;
      refused = st.refused;
    }
    return st;
  };
  std::string chosen = "native: --engine native";
  if (engine == "native") {
    for (Model* m : models)
      if (attach(*m, true).interrupted) return true;  // the runs see the flag at once and say so
  } else {
    // auto: what the cache holds first, then what is left is weighed (engine_cost.hpp).
    std::vector<Model*> left;
    for (Model* m : models) {
      const NativeStatus st = attach(*m, false);
      if (st.interrupted) return true;
      if (!st.attached && !st.refused) left.push_back(m);
    }
    EngineCosts c;
    c.cached = left.empty() && failure.empty();
    c.runs_unknown = build_anyway;
    c.runs = runs;
    if (!left.empty() && !build_anyway) {
      // Models that differ only in slot values share one library; each other one is a compile.
      std::set<std::string> sources;
      for (const Model* m : left)
        if (std::string src = native_source(*m); !sources.contains(src)) {
          c.compile += expected_compile_seconds(src.size());
          sources.insert(std::move(src));
        }
      const Model* largest = *std::max_element(left.begin(), left.end(), [](const Model* a, const Model* b) {
        return native_work_per_run(*a) < native_work_per_run(*b);
      });
      c.interpreted_run = pilot_seconds_per_run(*largest, runs);
      if (stop_requested()) return true;  // the runs see the flag at once and say so
    }
    EngineDecision d = left.empty() && !c.cached ? EngineDecision{false, "interpreted"} : decide_engine(c);
    // Many different models (a grid over numbers written into expressions) would each need a
    // compile: auto leaves those interpreted, whatever the estimate.
    constexpr std::size_t kMaxAutoBuilds = 16;
    if (d.native && left.size() > kMaxAutoBuilds && !c.cached) {
      std::set<std::string> sources;
      for (const Model* m : left) sources.insert(native_source(*m));
      if (sources.size() > kMaxAutoBuilds)
        d = {false, fmt::format("interpreted: {} different models would need as many compiles", sources.size())};
    }
    chosen = d.why;
    if (d.native)
      for (Model* m : left)
        if (attach(*m, true).interrupted) return true;
  }
  if (why) *why = failure.empty() ? chosen : fmt::format("{}; ran interpreted: {}", chosen, failure);
  if (failure.empty()) return true;
  if (engine == "native") {
    std::fputs(terminal_text(fmt::format("geosim: --engine native: {}; {}\n", failure,
                                         fix.empty() ? "use --engine interpreter" : fix))
                   .c_str(),
               stderr);
    return false;
  }
  // A cache refused is worth a note even when nothing was to be built: someone may be trying.
  if (report || (refused && process_world().rank == 0))
    std::fputs(terminal_text(fmt::format("geosim: note: running interpreted ({}{})\n", failure, fix.empty() ? "" : "; " + fix))
                   .c_str(),
               stderr);
  return true;
}

std::string execution_of(const std::vector<const Model*>& models) {
  std::size_t native = 0;
  for (const Model* m : models) native += m->native ? 1 : 0;
  return native == models.size() ? "native" : native == 0 ? "interpreted" : "mixed";
}

}  // namespace geosim::cli
