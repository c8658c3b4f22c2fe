// SPDX-License-Identifier: Apache-2.0
// Benchmark of the Monte Carlo loop on bench/paris-2026-first-edition.yaml (issue 4, docs/performance.md):
// engine runs/s and peak memory at 1 and 2 threads, with the scenario's native code (what large
// jobs run) and interpreted (--engine interpreter), the hand-written loop of the same model
// (bench/handwritten_paris.cpp) and its tuned variant (the scalar floor), their ratios, the
// 2-thread speed-up, peak memory for a small and a large run count, and checks that the
// hand-written loop is the same model as the scenario and the floor the same loop bit for bit.
//
//   geosim_bench [--runs N] [--repeat R] [--large N] [--check-runs N] [--seed S] [--scenario FILE]
//       The table (defaults: --runs 10000 --repeat 3 --large 100000 --check-runs 50000 --seed 1).
//       Every measurement runs in a fresh child process (this program, re-executed with --one),
//       so each peak RSS is that configuration's own. The hand-written loop is always the first
//       edition of paris-2026 (bench/paris-2026-first-edition.yaml).
//   geosim_bench --one engine|native|hand|floor|load [--runs N] [--threads T] [--seed S] [--scenario FILE] [--no-track]
//       One measurement in this process, printed as machine-readable lines. `engine` interprets,
//       `native` first builds or loads the scenario's native code (outside the timing; its build
//       time is printed), `hand` is the hand-written loop, `floor` its tuned variant, `load`
//       only loads and compiles the scenario. Used by the table, bench/peers.py and
//       bench/callgrind.sh.
//   geosim_bench --check [--runs N]
//       The two model checks alone (ctest bench.handwritten_agreement): the floor's outcomes
//       bit-identical to the hand-written loop's, and the hand-written loop (at seed 2) against
//       the interpreter (at seed 1) within |z| < 4.5 for every outcome. Exit status 1 if not.
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "geosim/mc.hpp"
#include "geosim/model.hpp"
#include "geosim/native.hpp"
#include "geosim/scenario.hpp"
#include "geosim/version.hpp"
#include "handwritten_paris.hpp"

#ifndef GEOSIM_SOURCE_DIR
#define GEOSIM_SOURCE_DIR "."
#endif

namespace {

using geosim::bench::HandOutcome;

struct Args {
  std::string one;  // engine | native | hand | floor | load, or empty for the table
  bool check = false;
  std::uint64_t runs = 10000, large = 100000, check_runs = 50000, seed = 1;
  int threads = 1, repeat = 3;
  bool track = true;
  std::string scenario = GEOSIM_SOURCE_DIR "/bench/paris-2026-first-edition.yaml";
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "geosim_bench: %s\n"
               "usage: geosim_bench [--runs N] [--repeat R] [--large N] [--check-runs N] [--seed S] [--scenario FILE]\n"
               "       geosim_bench --one engine|native|hand|floor|load [--runs N] [--threads T] [--seed S] [--scenario FILE] [--no-track]\n"
               "       geosim_bench --check [--runs N]\n",
               why);
  std::exit(2);
}

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(("missing value after " + k).c_str());
      return argv[++i];
    };
    auto count = [&]() -> std::uint64_t {
      std::string v = value();
      char* end = nullptr;
      const double d = std::strtod(v.c_str(), &end);  // accepts 1e6
      if (end == v.c_str() || *end != '\0' || !(d >= 1) || d > 1e12) usage(("not a positive count: " + v).c_str());
      return static_cast<std::uint64_t>(d);
    };
    if (k == "--one") a.one = value();
    else if (k == "--runs") a.runs = count();
    else if (k == "--large") a.large = count();
    else if (k == "--check-runs") a.check_runs = count();
    else if (k == "--seed") a.seed = count();
    else if (k == "--threads") a.threads = static_cast<int>(count());
    else if (k == "--repeat") a.repeat = static_cast<int>(count());
    else if (k == "--scenario") a.scenario = value();
    else if (k == "--no-track") a.track = false;
    else if (k == "--check") a.check = true;
    else usage(("unknown argument " + k).c_str());
  }
  if (!a.one.empty() && a.one != "engine" && a.one != "native" && a.one != "hand" && a.one != "floor" && a.one != "load")
    usage("--one takes engine, native, hand, floor or load");
  if (a.check && !a.one.empty()) usage("--check and --one do not go together");
  return a;
}

// This process's own peak resident set (VmHWM, kB), or 0 if unknown. Unlike ru_maxrss it does
// not include what the parent had resident before exec (a Python parent's 30-odd MB).
long own_peak_rss_kb() {
  std::ifstream f("/proc/self/status");
  for (std::string line; std::getline(f, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  return 0;
}

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// ---- One measurement, in this process ---------------------------------------------------------

// A fingerprint of a when-outcome's first-passage histogram (the hand-written loops keep one;
// the engine's lines print 0): the sum over steps of (step + 1) * runs first true then.
std::uint64_t passage_sum(const HandOutcome& o) {
  std::uint64_t sum = 0;
  for (std::size_t s = 0; s < o.first_passage.size(); ++s) sum += (s + 1) * o.first_passage[s];
  return sum;
}

// Bit for bit: counts, the mean and the sum of squares, and the first-passage histogram.
bool same_bits(const HandOutcome& a, const HandOutcome& b) {
  return a.id == b.id && a.n == b.n && a.happened == b.happened && std::memcmp(&a.values.mean, &b.values.mean, sizeof(double)) == 0 &&
         std::memcmp(&a.values.m2, &b.values.m2, sizeof(double)) == 0 && a.first_passage == b.first_passage;
}

int measure_one(const Args& a) {
  std::optional<geosim::Model> model;
  if (a.one != "hand" && a.one != "floor") {
    geosim::Diagnostics d;
    auto sources = std::make_shared<geosim::Sources>();
    auto s = geosim::load_scenario(a.scenario, {}, d, sources);
    if (s) model = geosim::compile_model(*s, d);
    if (!model) {
      std::fputs(d.format(*sources).c_str(), stderr);
      return 2;
    }
  }
  double build = 0.0;  // generating and compiling native code (0 when cached), outside the timings
  if (a.one == "native") {
    const auto b0 = std::chrono::steady_clock::now();
    const geosim::NativeStatus st = geosim::attach_native(*model);
    if (!st.attached) {
      std::fprintf(stderr, "geosim_bench: native code: %s\n", st.message.c_str());
      return 1;
    }
    if (!st.from_cache) build = std::chrono::duration<double>(std::chrono::steady_clock::now() - b0).count();
  }
  std::vector<HandOutcome> outs;
  const auto t0 = std::chrono::steady_clock::now();
  const double c0 = cpu_seconds();
  if (a.one == "engine" || a.one == "native") {
    geosim::McOptions o{a.runs, a.seed};
    o.threads = a.threads;
    o.track = a.track;
    const geosim::Summary s = geosim::run_monte_carlo(*model, o);
    for (const auto& os : s.outcomes) outs.push_back({os.id, os.kind == geosim::OutcomeSpec::Kind::When, os.n, os.happened, os.values, {}});
  } else if (a.one == "hand") {
    outs = geosim::bench::run_handwritten_paris(a.runs, a.seed);
  } else if (a.one == "floor") {
    outs = geosim::bench::run_tuned_paris(a.runs, a.seed);
  }
  const double cpu = cpu_seconds() - c0;
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  fmt::print("time {} {}\n", wall, cpu);
  fmt::print("build {}\n", build);
  fmt::print("peak_rss_kb {}\n", own_peak_rss_kb());
  for (const auto& o : outs)
    fmt::print("outcome {} {} {} {} {:a} {:a} {}\n", o.id, o.is_when ? 1 : 0, o.n, o.happened, o.values.mean, o.values.m2,
               passage_sum(o));
  return 0;
}

// ---- The table: each measurement in a child process ----------------------------------------------

struct Result {
  std::string label;
  std::uint64_t runs = 0;
  int threads = 1;
  double wall = 0, cpu = 0, rss_mb = 0, build = 0;
  std::map<std::string, HandOutcome> outcomes;
  std::vector<std::string> order;
};

Result run_child(const Args& a, const std::string& what, std::uint64_t runs, int threads, std::uint64_t seed, const std::string& label,
                 bool track = true) {
  std::vector<std::string> args = {"geosim_bench", "--one", what, "--runs", std::to_string(runs), "--threads", std::to_string(threads),
                                   "--seed", std::to_string(seed), "--scenario", a.scenario};
  if (!track) args.emplace_back("--no-track");
  int fd[2];
  if (pipe(fd) != 0) {
    std::perror("pipe");
    std::exit(1);
  }
  std::fflush(stdout);
  const pid_t pid = fork();
  if (pid < 0) {
    std::perror("fork");
    std::exit(1);
  }
  if (pid == 0) {
    dup2(fd[1], STDOUT_FILENO);
    close(fd[0]);
    close(fd[1]);
    std::vector<char*> argv;
    for (auto& s : args) argv.push_back(s.data());
    argv.push_back(nullptr);
    execv("/proc/self/exe", argv.data());
    std::perror("execv");
    _exit(127);
  }
  close(fd[1]);
  std::string text;
  char buf[4096];
  for (ssize_t n; (n = read(fd[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(n));
  close(fd[0]);
  int status = 0;
  rusage ru{};
  wait4(pid, &status, 0, &ru);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "geosim_bench: measurement '%s' failed\n", label.c_str());
    std::exit(1);
  }
  Result r;
  r.label = label;
  r.runs = runs;
  r.threads = threads;
  r.rss_mb = static_cast<double>(ru.ru_maxrss) / 1024.0;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::istringstream ls(line);
    std::string tag;
    ls >> tag;
    if (tag == "time") {
      ls >> r.wall >> r.cpu;
    } else if (tag == "build") {
      ls >> r.build;
    } else if (tag == "outcome") {
      HandOutcome o;
      int when = 0;
      std::string mean, m2;
      std::uint64_t passage = 0;
      ls >> o.id >> when >> o.n >> o.happened >> mean >> m2 >> passage;
      o.is_when = when != 0;
      o.first_passage.assign(1, passage);  // the fingerprint only (passage_sum)
      o.values.n = o.n;
      o.values.mean = std::strtod(mean.c_str(), nullptr);
      o.values.m2 = std::strtod(m2.c_str(), nullptr);
      r.order.push_back(o.id);
      r.outcomes[o.id] = o;
    }
  }
  return r;
}

std::string loadavg() {
  std::ifstream f("/proc/loadavg");
  std::string a, b, c;
  f >> a >> b >> c;
  return a + " " + b + " " + c;
}

std::string today() {
  std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", std::localtime(&t));
  return buf;
}

// Best (least) time of the repetitions: the one least disturbed by other processes.
Result best_of(const std::vector<Result>& reps) {
  Result r = reps.front();
  for (const auto& x : reps) {
    r.wall = std::min(r.wall, x.wall);
    r.cpu = std::min(r.cpu, x.cpu);
    r.rss_mb = std::max(r.rss_mb, x.rss_mb);
  }
  return r;
}

double median_wall(std::vector<Result> reps) {
  std::sort(reps.begin(), reps.end(), [](const Result& x, const Result& y) { return x.wall < y.wall; });
  return reps[reps.size() / 2].wall;
}

// z of the difference of two means (two proportions for When/Count probabilities).
double z_score(const HandOutcome& a, const HandOutcome& b, bool probability) {
  if (a.n < 2 || b.n < 2) return 0.0;
  const double na = static_cast<double>(a.n), nb = static_cast<double>(b.n);
  double ma, mb, va, vb;
  if (probability) {
    ma = static_cast<double>(a.happened) / na;
    mb = static_cast<double>(b.happened) / nb;
    const double p = (static_cast<double>(a.happened + b.happened)) / (na + nb);
    va = vb = p * (1 - p);
  } else {
    ma = a.values.mean;
    mb = b.values.mean;
    va = a.values.m2 / (na - 1);
    vb = b.values.m2 / (nb - 1);
  }
  const double se = std::sqrt(va / na + vb / nb);
  return se > 0 ? (ma - mb) / se : (ma == mb ? 0.0 : INFINITY);
}

double shown(const HandOutcome& o, bool probability) {
  return probability ? static_cast<double>(o.happened) / static_cast<double>(std::max<std::uint64_t>(1, o.n)) : o.values.mean;
}

int table(const Args& a) {
  const std::string load_before = loadavg();
  const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  fmt::print("geosim benchmark: {}  (commit {}, {} CPUs, load average {})\n", today(), geosim::kBuildCommit, cpus, load_before);
  fmt::print("scenario {}; seed {}; {} runs per timing, best of {}\n\n", a.scenario, a.seed, a.runs, a.repeat);
  if (a.scenario.find("paris-2026-first-edition.yaml") == std::string::npos)
    fmt::print("note: the hand-written loop is always bench/paris-2026-first-edition.yaml; ratios and the agreement check assume it\n\n");

  // Timings: native code at 1 and 2 threads, the interpreter at 1 and 2 threads, hand-written;
  // interleaved so that changes in the machine's load touch all alike; the best of the
  // repetitions is kept. The first native child compiles the scenario unless it is cached.
  const Result B = run_child(a, "native", 1, 1, a.seed, "native code: build or load");
  std::vector<Result> n1, n2, e1, e2, h1, f1;
  for (int r = 0; r < a.repeat; ++r) {
    n1.push_back(run_child(a, "native", a.runs, 1, a.seed, "native, 1 thread"));
    n2.push_back(run_child(a, "native", a.runs, 2, a.seed, "native, 2 threads"));
    e1.push_back(run_child(a, "engine", a.runs, 1, a.seed, "interpreted, 1 thread"));
    e2.push_back(run_child(a, "engine", a.runs, 2, a.seed, "interpreted, 2 threads"));
    h1.push_back(run_child(a, "hand", a.runs, 1, a.seed, "hand-written, 1 thread"));
    f1.push_back(run_child(a, "floor", a.runs, 1, a.seed, "tuned floor, 1 thread"));
  }
  const Result N1 = best_of(n1), N2 = best_of(n2), E1 = best_of(e1), E2 = best_of(e2), H1 = best_of(h1), F1 = best_of(f1);
  const Result NT = run_child(a, "native", a.runs, 1, a.seed, "native, 1 thread, no series", false);
  const Result L = run_child(a, "load", 1, 1, a.seed, "load + compile only");
  const Result M4 = run_child(a, "native", 10000, 2, a.seed, "native, 2 threads");
  const Result ML = run_child(a, "native", a.large, 2, a.seed, "native, 2 threads");
  const Result HC = run_child(a, "hand", a.check_runs, 1, a.seed + 1, "hand-written, 1 thread");
  const std::string load_after = loadavg();

  fmt::print("{:<28} {:>9} {:>9} {:>9} {:>10} {:>10} {:>12} {:>9}\n", "configuration", "runs", "wall s", "CPU s", "runs/s", "runs/CPU-s",
             "CPU us/run", "peak RSS");
  auto row = [](const Result& r) {
    const double n = static_cast<double>(r.runs);
    fmt::print("{:<28} {:>9} {:>9.3f} {:>9.3f} {:>10.0f} {:>10.0f} {:>12.1f} {:>6.1f} MB\n", r.label, r.runs, r.wall, r.cpu,
               n / r.wall, n / r.cpu, 1e6 * r.cpu / n, r.rss_mb);
  };
  row(N1);
  row(N2);
  row(E1);
  row(E2);
  row(H1);
  row(F1);
  row(NT);
  fmt::print("{:<28} {:>9} {:>9} {:>9} {:>10} {:>10} {:>12} {:>6.1f} MB\n", L.label, "-", "-", "-", "-", "-", "-", L.rss_mb);
  row(M4);
  row(ML);
  row(HC);
  fmt::print("native code for the scenario: {}\n",
             B.build > 0 ? fmt::format("compiled in {:.2f} s (once; later runs load it from the cache)", B.build) : std::string("loaded from the cache"));

  const double n = static_cast<double>(a.runs);
  const double ratio_wall = N1.wall / H1.wall, ratio_cpu = N1.cpu / H1.cpu, ratio_interp = E1.cpu / H1.cpu;
  const double rate2 = n / N2.wall, speedup = N1.wall / N2.wall;
  const double cpu_scaling = 2.0 * (N1.cpu / n) / (N2.cpu / n);  // speed-up if both cores were ours alone
  const double mem_delta = ML.rss_mb - M4.rss_mb;
  const bool loaded = std::strtod(load_before.c_str(), nullptr) > static_cast<double>(cpus) ||
                      std::strtod(load_after.c_str(), nullptr) > static_cast<double>(cpus);
  auto verdict = [](bool ok) { return ok ? "met" : "NOT met"; };

  fmt::print("\nload average before {}, after {}{}\n", load_before, load_after,
             loaded ? "  -- busier than the machine's CPUs: wall-clock figures are pessimistic; CPU time is the steadier measure" : "");
  fmt::print("\n{:<58} {:>12}   {}\n", "figure (the engine as it runs large jobs: native code)", "measured", "target");
  fmt::print("{:<58} {:>11.2f}x   <= 1.5x: {}\n", "engine / hand-written, time per run (CPU time)", ratio_cpu, verdict(ratio_cpu <= 1.5));
  fmt::print("{:<58} {:>11.2f}x   (wall clock; median of repeats {:.2f}x)\n", "engine / hand-written, time per run (wall clock)", ratio_wall,
             median_wall(n1) / median_wall(h1));
  fmt::print("{:<58} {:>11.2f}x   (--engine interpreter; {:.2f}x native)\n", "interpreted / hand-written, time per run (CPU time)",
             ratio_interp, E1.cpu / N1.cpu);
  fmt::print("{:<58} {:>11.2f}x   (no time series: {:.2f}x)\n", "engine (native) / tuned floor, time per run (CPU time)", N1.cpu / F1.cpu,
             NT.cpu / F1.cpu);
  fmt::print("{:<58} {:>12.0f}   >= 5,000: {}\n", "engine runs/s, 2 threads (wall clock)", rate2, verdict(rate2 >= 5000));
  fmt::print("{:<58} {:>12.0f}   (2 x runs per CPU-second: if both cores were free)\n", "engine runs/s, 2 threads (from CPU time)",
             2.0 * n / N2.cpu);
  fmt::print("{:<58} {:>12.0f}   (--engine interpreter, wall clock)\n", "interpreted runs/s, 2 threads", n / E2.wall);
  fmt::print("{:<58} {:>11.2f}x   >= 1.8x: {}\n", "2-thread speed-up (wall clock)", speedup, verdict(speedup >= 1.8));
  fmt::print("{:<58} {:>11.2f}x   (2 x CPU per run at 1 thread / at 2 threads)\n", "2-thread speed-up (CPU-time scaling)", cpu_scaling);
  fmt::print("{:<58} {:>9.1f} MB   within 10 MB: {}\n", fmt::format("peak RSS, {} runs minus 10000 runs (2 threads)", ML.runs), mem_delta,
             verdict(std::fabs(mem_delta) <= 10.0));
  int same_code = 0;
  for (const auto& id : N1.order) {
    const auto e = E1.outcomes.find(id);
    const HandOutcome& o = N1.outcomes.at(id);
    same_code += e != E1.outcomes.end() && e->second.n == o.n && e->second.happened == o.happened &&
                 e->second.values.mean == o.values.mean && e->second.values.m2 == o.values.m2;
  }
  fmt::print("native vs interpreted at seed {}: {} of {} outcomes identical bit for bit\n", a.seed, same_code, N1.order.size());
  int same_floor = 0;
  for (const auto& id : H1.order) {
    const auto f = F1.outcomes.find(id);
    same_floor += f != F1.outcomes.end() && same_bits(f->second, H1.outcomes.at(id));
  }
  const bool floor_ok = same_floor == static_cast<int>(H1.order.size()) && F1.order.size() == H1.order.size();
  fmt::print("tuned floor vs hand-written at seed {}: {} of {} outcomes identical bit for bit{}\n", a.seed, same_floor, H1.order.size(),
             floor_ok ? "" : "  -- NOT the same loop: a change in the floor altered a result");

  // Same model? At the same seed the hand-written loop draws the engine's random numbers, so
  // every figure should be identical; at another seed it is an independent sample, to be
  // compared within statistical tolerance.
  fmt::print("\nhand-written vs engine ({} runs each at seed {}; independent sample: {} hand-written runs at seed {})\n", a.runs,
             a.seed, a.check_runs, a.seed + 1);
  fmt::print("{:<26} {:>10} {:>12} {:>10} {:>12} {:>8}\n", "outcome", "engine", "hand (same)", "identical", "hand (other)", "z");
  int identical = 0, compared = 0;
  double max_z = 0.0;
  std::string max_z_id;
  for (const auto& id : N1.order) {
    auto he = H1.outcomes.find(id);
    auto hc = HC.outcomes.find(id);
    if (he == H1.outcomes.end() || hc == HC.outcomes.end()) {
      fmt::print("{:<26} missing from the hand-written loop\n", id);
      continue;
    }
    const HandOutcome& e = N1.outcomes.at(id);
    const bool prob = e.is_when;
    // Means agree to rounding only: the engine merges per-block accumulators, the loop adds runs one by one.
    const bool same = e.n == he->second.n && e.happened == he->second.happened &&
                      std::fabs(e.values.mean - he->second.values.mean) <= 1e-12 * std::max(1.0, std::fabs(e.values.mean));
    const double z = z_score(e, hc->second, prob);
    ++compared;
    identical += same ? 1 : 0;
    if (std::fabs(z) > std::fabs(max_z)) {
      max_z = z;
      max_z_id = id;
    }
    static const char* shown_ids[] = {"ceasefire_signed", "ceasefire_broken", "guarantee_invoked", "honoured_GBR", "greenland_crisis",
                                      "nato_crisis", "strike_waves", "donbas_ceded", "unity_end"};
    if (std::find_if(std::begin(shown_ids), std::end(shown_ids), [&](const char* s) { return id == s; }) != std::end(shown_ids))
      fmt::print("{:<26} {:>10.4f} {:>12.4f} {:>10} {:>12.4f} {:>8.2f}\n", id, shown(e, prob), shown(he->second, prob), same ? "yes" : "NO",
                 shown(hc->second, prob), z);
  }
  fmt::print("all {} outcomes: {} identical at the same seed; largest |z| against the independent sample {:.2f} ({})\n", compared, identical,
             std::fabs(max_z), max_z_id);
  fmt::print("(probabilities for when-outcomes, means for counts and values; z of the difference, |z| < 3 expected for all)\n");
  return floor_ok ? 0 : 1;
}

// The model checks alone, in this process (ctest bench.handwritten_agreement).
int check(const Args& a) {
  geosim::Diagnostics d;
  auto sources = std::make_shared<geosim::Sources>();
  auto sc = geosim::load_scenario(a.scenario, {}, d, sources);
  std::optional<geosim::Model> model;
  if (sc) model = geosim::compile_model(*sc, d);
  if (!model) {
    std::fputs(d.format(*sources).c_str(), stderr);
    return 2;
  }
  geosim::McOptions o{a.runs, a.seed};
  o.threads = 1;
  o.track = false;
  const geosim::Summary s = geosim::run_monte_carlo(*model, o);
  const auto hand = geosim::bench::run_handwritten_paris(a.runs, a.seed);
  const auto floor = geosim::bench::run_tuned_paris(a.runs, a.seed);
  const auto other = geosim::bench::run_handwritten_paris(a.runs, a.seed + 1);
  bool ok = hand.size() == floor.size() && hand.size() == s.outcomes.size();
  int same_floor = 0, same_engine = 0;
  double worst = 0.0;
  std::string worst_id;
  for (std::size_t i = 0; ok && i < hand.size(); ++i) {
    const auto& os = s.outcomes[i];
    const HandOutcome e{os.id, os.kind == geosim::OutcomeSpec::Kind::When, os.n, os.happened, os.values, {}};
    if (e.id != hand[i].id) {
      fmt::print("outcome {} of the engine is {}, of the hand-written loop {}\n", i, e.id, hand[i].id);
      ok = false;
      break;
    }
    same_floor += same_bits(hand[i], floor[i]);
    same_engine += e.n == hand[i].n && e.happened == hand[i].happened &&
                   std::fabs(e.values.mean - hand[i].values.mean) <= 1e-12 * std::max(1.0, std::fabs(e.values.mean));
    const double z = z_score(e, other[i], e.is_when);
    if (std::fabs(z) > std::fabs(worst)) {
      worst = z;
      worst_id = e.id;
    }
  }
  const int n = static_cast<int>(hand.size());
  fmt::print("tuned floor vs hand-written, {} runs at seed {}: {} of {} outcomes identical bit for bit\n", a.runs, a.seed, same_floor, n);
  fmt::print("hand-written vs interpreter at seed {}: {} of {} outcomes identical (for information)\n", a.seed, same_engine, n);
  fmt::print("hand-written at seed {} vs interpreter at seed {} (independent samples): largest |z| {:.2f} ({}) of {} outcomes; limit 4.5\n",
             a.seed + 1, a.seed, std::fabs(worst), worst_id, n);
  ok = ok && same_floor == n && std::fabs(worst) < 4.5;
  fmt::print("{}\n", ok ? "agree" : "DISAGREE");
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const Args a = parse(argc, argv);
  if (!a.one.empty()) return measure_one(a);
  if (a.check) return check(a);
  return table(a);
}
