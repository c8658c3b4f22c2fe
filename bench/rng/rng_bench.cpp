// SPDX-License-Identifier: Apache-2.0
// The random-stream choice of issue 4, measured: xoshiro256++ seeded per (seed, run, stream) through
// splitmix64 (what the engine uses, include/geosim/random.hpp) against Random123's counter-based
// Philox4x64-10, keyed by (seed, stream) with the run index and a draw counter as the counter.
// Both feed the same Boost.Random distributions. For each: raw draw speed, the cost of the draw
// pattern of one paris-2026 run (26 streams set up per run, then per daily step 5 event uniforms,
// 4 normal drift shocks, 2 uniforms for negotiation and ceasefire), and a small statistical battery
// (chi-square uniformity, lag-1 and cross-stream correlation, normal moments). The battery also runs
// on the batched generator (SIMD lanes, include/geosim/random_batch.hpp), whose speed is printed
// next to the scalar one (batch_streams.hpp); and the batched standard normal
// (include/geosim/sampling_batch.hpp) is timed against the scalar normal01 and checked for
// normality (batch_normals.hpp).
//
//   geosim_rng_bench [--draws N] [--runs R]      (defaults: 20000000 draws, 20000 runs)
#include <Random123/philox.h>

#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/random/normal_distribution.hpp>
#include <fmt/format.h>

#include "batch_normals.hpp"
#include "batch_streams.hpp"
#include "geosim/random.hpp"

namespace {

using geosim::random::splitmix64;
using geosim::random::stream_key;

/// Philox4x64-10 as a UniformRandomBitGenerator: output n of stream (seed, run, stream) is word
/// n % 4 of philox(counter = {run, n / 4, 0, 0}, key = {mix(seed), stream}). Pure function of
/// its coordinates, so "reseeding" is setting two keys and a counter; no state to warm up.
class PhiloxStream {
 public:
  using result_type = std::uint64_t;
  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return ~result_type{0}; }

  void reseed(std::uint64_t seed, std::uint64_t run, std::uint64_t stream) noexcept {
    std::uint64_t s = seed;
    key_ = {{splitmix64(s), stream}};
    ctr_ = {{run, 0, 0, 0}};
    left_ = 0;
  }
  result_type operator()() noexcept {
    if (left_ == 0) {
      out_ = philox_(ctr_, key_);
      ++ctr_.v[1];
      left_ = 4;
    }
    return out_.v[--left_];
  }
  double uniform01() noexcept { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

 private:
  r123::Philox4x64 philox_;
  r123::Philox4x64::ctr_type ctr_{}, out_{};
  r123::Philox4x64::key_type key_{};
  int left_ = 0;
};

struct Xoshiro {
  using result_type = std::uint64_t;
  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return ~result_type{0}; }
  geosim::random::Xoshiro256pp g;
  void reseed(std::uint64_t seed, std::uint64_t run, std::uint64_t stream) noexcept {
    g.reseed(stream_key(seed, run, stream));
  }
  result_type operator()() noexcept { return g(); }
  double uniform01() noexcept { return g.uniform01(); }
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

volatile double g_sink = 0;  // keeps the optimiser from dropping the timed loops

struct Timing {
  double ns_uniform = 0, ns_normal = 0, us_per_run = 0;
};

template <class G>
Timing time_generator(std::uint64_t draws, std::uint64_t runs) {
  Timing t;
  G g;
  g.reseed(1, 0, 7);
  double acc = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < draws; ++i) acc += g.uniform01();
  t.ns_uniform = seconds_since(t0) * 1e9 / static_cast<double>(draws);
  boost::random::normal_distribution<double> normal(0.0, 1.0);
  t0 = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < draws / 4; ++i) acc += normal(g);
  t.ns_normal = seconds_since(t0) * 1e9 / static_cast<double>(draws / 4);

  // The draw pattern of one paris-2026 run (streams and draws per step as the engine makes them).
  constexpr int kStreams = 26, kEvents = 5, kDrifts = 4, kSteps = 365;
  std::array<G, kStreams> streams;
  t0 = std::chrono::steady_clock::now();
  for (std::uint64_t run = 0; run < runs; ++run) {
    for (int k = 0; k < kStreams; ++k) streams[static_cast<std::size_t>(k)].reseed(1, run, 0x1000u + static_cast<unsigned>(k));
    for (int step = 0; step < kSteps; ++step) {
      for (int e = 0; e < kEvents; ++e) acc += streams[static_cast<std::size_t>(e)].uniform01();
      for (int d = 0; d < kDrifts; ++d) acc += normal(streams[static_cast<std::size_t>(kEvents + d)]);
      acc += streams[10].uniform01() + streams[11].uniform01();
    }
  }
  t.us_per_run = seconds_since(t0) * 1e6 / static_cast<double>(runs);
  g_sink = acc;
  return t;
}

struct Check {
  std::string name;
  double stat;
  bool pass;
};

/// Statistical battery; each check has a false-alarm rate of about 1e-4 (|z| < 3.9, p > 1e-4).
template <class G>
std::vector<Check> battery() {
  std::vector<Check> out;
  constexpr int kBins = 1000;
  constexpr std::uint64_t kN = 4'000'000;
  G g;
  g.reseed(42, 0, 1);
  std::vector<double> counts(kBins, 0.0);
  double prev = g.uniform01(), sxy = 0, sx = 0, sxx = 0;
  for (std::uint64_t i = 0; i < kN; ++i) {
    const double u = g.uniform01();
    counts[static_cast<std::size_t>(u * kBins)] += 1;
    sxy += (prev - 0.5) * (u - 0.5);
    sx += u;
    sxx += (u - 0.5) * (u - 0.5);
    prev = u;
  }
  const double expect = static_cast<double>(kN) / kBins;
  double chi2 = 0;
  for (double c : counts) chi2 += (c - expect) * (c - expect) / expect;
  const double p = boost::math::cdf(boost::math::complement(boost::math::chi_squared(kBins - 1), chi2));
  out.push_back({"chi-square, 1000 bins, 4e6 uniforms (p-value)", p, p > 1e-4});
  const double n = static_cast<double>(kN);
  const double z_mean = (sx / n - 0.5) / std::sqrt(1.0 / 12.0 / n);
  out.push_back({"mean of uniforms (z)", z_mean, std::fabs(z_mean) < 3.9});
  const double z_lag = (sxy / sxx) * std::sqrt(n);
  out.push_back({"lag-1 correlation (z)", z_lag, std::fabs(z_lag) < 3.9});

  // Neighbouring runs and neighbouring streams must look independent: first draws of 1e6 runs.
  constexpr std::uint64_t kRuns = 1'000'000;
  double cr = 0, cs = 0, v = 0;
  for (std::uint64_t run = 0; run < kRuns; ++run) {
    G a, b, c;
    a.reseed(42, run, 5);
    b.reseed(42, run + 1, 5);
    c.reseed(42, run, 6);
    const double ua = a.uniform01() - 0.5, ub = b.uniform01() - 0.5, uc = c.uniform01() - 0.5;
    cr += ua * ub;
    cs += ua * uc;
    v += ua * ua;
  }
  const double z_run = cr / v * std::sqrt(static_cast<double>(kRuns));
  const double z_stream = cs / v * std::sqrt(static_cast<double>(kRuns));
  out.push_back({"first draws of runs r and r+1 (correlation z)", z_run, std::fabs(z_run) < 3.9});
  out.push_back({"first draws of streams s and s+1 (correlation z)", z_stream, std::fabs(z_stream) < 3.9});

  boost::random::normal_distribution<double> normal(0.0, 1.0);
  double m1 = 0, m2 = 0, tail = 0;
  constexpr std::uint64_t kNorm = 2'000'000;
  for (std::uint64_t i = 0; i < kNorm; ++i) {
    const double z = normal(g);
    m1 += z;
    m2 += z * z;
    tail += z > 3.0 ? 1.0 : 0.0;
  }
  const double nn = static_cast<double>(kNorm);
  const double z_var = (m2 / nn - 1.0) / std::sqrt(2.0 / nn);
  out.push_back({"variance of Boost normals (z)", z_var, std::fabs(z_var) < 3.9});
  const double p3 = boost::math::cdf(boost::math::complement(boost::math::normal(), 3.0));
  const double z_tail = (tail / nn - p3) / std::sqrt(p3 * (1 - p3) / nn);
  out.push_back({"P(Z > 3) of Boost normals (z)", z_tail, std::fabs(z_tail) < 3.9});
  return out;
}

std::uint64_t parse(const char* s, const char* flag) {
  char* end = nullptr;
  const double v = std::strtod(s, &end);
  if (end == s || *end != '\0' || !(v >= 1) || v > 1e12) {
    std::fprintf(stderr, "geosim_rng_bench: %s needs a positive number, got '%s'\n", flag, s);
    std::exit(2);
  }
  return static_cast<std::uint64_t>(v);
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t draws = 20'000'000, runs = 20'000;
  for (int i = 1; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (std::strcmp(argv[i], "--draws") == 0 && has_value) {
      draws = parse(argv[++i], "--draws");
    } else if (std::strcmp(argv[i], "--runs") == 0 && has_value) {
      runs = parse(argv[++i], "--runs");
    } else {
      std::fprintf(stderr, "usage: geosim_rng_bench [--draws N] [--runs R]\n");
      return 2;
    }
  }
  // Interleave and repeat; keep the best of three so a busy moment does not decide.
  Timing x{1e30, 1e30, 1e30}, p{1e30, 1e30, 1e30};
  for (int rep = 0; rep < 3; ++rep) {
    const Timing tx = time_generator<Xoshiro>(draws, runs);
    const Timing tp = time_generator<PhiloxStream>(draws, runs);
    x = {std::min(x.ns_uniform, tx.ns_uniform), std::min(x.ns_normal, tx.ns_normal), std::min(x.us_per_run, tx.us_per_run)};
    p = {std::min(p.ns_uniform, tp.ns_uniform), std::min(p.ns_normal, tp.ns_normal), std::min(p.us_per_run, tp.us_per_run)};
  }
  fmt::print("random streams: xoshiro256++ (splitmix64-seeded per stream) vs Philox4x64-10 (Random123)\n");
  fmt::print("{:<44} {:>14} {:>14} {:>8}\n", "figure (best of 3)", "xoshiro256++", "Philox4x64", "ratio");
  fmt::print("{:<44} {:>14.2f} {:>14.2f} {:>7.2f}x\n", "ns per uniform01", x.ns_uniform, p.ns_uniform, p.ns_uniform / x.ns_uniform);
  fmt::print("{:<44} {:>14.2f} {:>14.2f} {:>7.2f}x\n", "ns per Boost normal", x.ns_normal, p.ns_normal, p.ns_normal / x.ns_normal);
  fmt::print("{:<44} {:>14.2f} {:>14.2f} {:>7.2f}x\n", "us per paris-2026 run's draws (26 streams)", x.us_per_run, p.us_per_run,
             p.us_per_run / x.us_per_run);
  geosim_bench::print_batch_timings(draws);
  geosim_bench::print_normal_timings(draws / 4);
  // Columns: scalar xoshiro256++, Philox, a batch of 8 runs with its lanes interleaved (runs
  // 8r..8r+7 drawing in turn), and lane 5 of such a batch alone.
  const std::vector<std::vector<Check>> columns = {battery<Xoshiro>(), battery<PhiloxStream>(),
                                                   battery<geosim_bench::BatchStream<8, -1>>(),
                                                   battery<geosim_bench::BatchStream<8, 5>>()};
  bool all = true;
  fmt::print("\nstatistical checks (each fails by chance with probability about 1e-4)\n");
  fmt::print("{:<52} {:>15} {:>15} {:>15} {:>15}\n", "check", "xoshiro256++", "Philox4x64", "batch 8, lanes", "batch 8, lane 5");
  for (std::size_t i = 0; i < columns[0].size(); ++i) {
    fmt::print("{:<52}", columns[0][i].name);
    for (const auto& column : columns) {
      fmt::print(" {:>10.4g} {:<4}", column[i].stat, column[i].pass ? "ok" : "FAIL");
      all = all && column[i].pass;
    }
    fmt::print("\n");
  }
  all = geosim_bench::print_normal_checks() && all;
  fmt::print("\nfaster per run: {} ({:.2f}x); statistical checks: {}\n", p.us_per_run < x.us_per_run ? "Philox4x64" : "xoshiro256++",
             std::max(p.us_per_run / x.us_per_run, x.us_per_run / p.us_per_run), all ? "all pass" : "SOME FAIL");
  return all ? 0 : 1;
}
