// SPDX-License-Identifier: Apache-2.0
// The batched standard normal (include/geosim/sampling_batch.hpp) in geosim_rng_bench: its speed
// next to the scalar normal01 (sampling.hpp) it equals bit for bit, and a normality check of it
// (moments and a binned chi-square against Phi) next to the same check of the scalar draws.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <fmt/format.h>
#include <hwy/targets.h>

#include "batch_streams.hpp"
#include "geosim/random.hpp"
#include "geosim/random_batch.hpp"
#include "geosim/sampling.hpp"
#include "geosim/sampling_batch.hpp"

namespace geosim_bench {

/// ns per normal (one lane's value) of the batch filling kRowsPerCall rows a call.
template <std::size_t W>
double ns_batch_normal_rows(std::uint64_t draws) {
  geosim::random::XoshiroBatch<W> batch;
  batch.reseed(1, consecutive_runs<W>(), 7);
  std::vector<double> buffer(kRowsPerCall * W);
  const std::uint64_t calls = std::max<std::uint64_t>(1, draws / buffer.size());
  double acc = 0;
  const double t0 = thread_cpu_seconds();
  for (std::uint64_t i = 0; i < calls; ++i) {
    geosim::random::normal01_rows(batch, buffer);
    acc += buffer[i % buffer.size()];
  }
  const double ns = (thread_cpu_seconds() - t0) * 1e9 / static_cast<double>(calls * buffer.size());
  g_batch_sink = acc;
  return ns;
}

/// ns per normal, one row (W values) a call: normal01(batch).
template <std::size_t W>
double ns_batch_normal_row_calls(std::uint64_t draws) {
  geosim::random::XoshiroBatch<W> batch;
  batch.reseed(1, consecutive_runs<W>(), 7);
  const std::uint64_t calls = std::max<std::uint64_t>(1, draws / W);
  double acc = 0;
  const double t0 = thread_cpu_seconds();
  for (std::uint64_t i = 0; i < calls; ++i) acc += geosim::random::normal01(batch)[i % W];
  const double ns = (thread_cpu_seconds() - t0) * 1e9 / static_cast<double>(calls * W);
  g_batch_sink = acc;
  return ns;
}

/// ns per normal of the scalar normal01 (sampling.hpp) on one Xoshiro256pp, filling an array.
inline double ns_scalar_normal_fill(std::uint64_t draws) {
  geosim::random::Xoshiro256pp g(geosim::random::stream_key(1, 0, 7));
  std::vector<double> buffer(kRowsPerCall * 8);
  const std::uint64_t calls = std::max<std::uint64_t>(1, draws / buffer.size());
  double acc = 0;
  const double t0 = thread_cpu_seconds();
  for (std::uint64_t i = 0; i < calls; ++i) {
    for (double& z : buffer) z = geosim::random::normal01(g);
    acc += buffer[i % buffer.size()];
  }
  const double ns = (thread_cpu_seconds() - t0) * 1e9 / static_cast<double>(calls * buffer.size());
  g_batch_sink = acc;
  return ns;
}

/// Prints the batched normal's speed (CPU time, best of 5) next to the scalar normal01's: on the
/// target Highway chose, widths 4, 8 and 16 by rows and 8 by one row a call; then width 8 on each
/// target this CPU runs (forced). `draws` normals per figure.
inline void print_normal_timings(std::uint64_t draws) {
  struct Row {
    std::string name;
    double ns = 1e30;
  };
  std::vector<Row> rows = {{"scalar normal01 (sampling.hpp), filling an array"},
                           {fmt::format("batch of 4, {} rows a call", kRowsPerCall)},
                           {fmt::format("batch of 8, {} rows a call", kRowsPerCall)},
                           {fmt::format("batch of 16, {} rows a call", kRowsPerCall)},
                           {"batch of 8, one row a call (normal01(batch))"}};
  for (int rep = 0; rep < 5; ++rep) {  // interleaved, best of 5
    rows[0].ns = std::min(rows[0].ns, ns_scalar_normal_fill(draws));
    rows[1].ns = std::min(rows[1].ns, ns_batch_normal_rows<4>(draws));
    rows[2].ns = std::min(rows[2].ns, ns_batch_normal_rows<8>(draws));
    rows[3].ns = std::min(rows[3].ns, ns_batch_normal_rows<16>(draws));
    rows[4].ns = std::min(rows[4].ns, ns_batch_normal_row_calls<8>(draws));
  }
  for (const std::int64_t target : hwy::SupportedAndGeneratedTargets()) {
    hwy::SetSupportedTargetsForTest(target);
    Row row{fmt::format("batch of 8, {} rows a call, {} forced", kRowsPerCall, hwy::TargetName(target))};
    for (int rep = 0; rep < 5; ++rep) row.ns = std::min(row.ns, ns_batch_normal_rows<8>(draws));
    rows.push_back(row);
  }
  hwy::SetSupportedTargetsForTest(0);
  fmt::print("\nbatched standard normal (include/geosim/sampling_batch.hpp, each lane bit for bit the scalar normal01; {})\n",
             geosim::random::batch_simd_target());
  fmt::print("{:<52} {:>10} {:>12} {:>10}\n", "generator (CPU time, best of 5)", "ns each", "M draws/s", "vs scalar");
  for (const Row& r : rows)
    fmt::print("{:<52} {:>10.3f} {:>12.0f} {:>9.2f}x\n", r.name, r.ns, 1e3 / r.ns, rows[0].ns / r.ns);
}

struct NormalCheck {
  std::string name;
  double stat;
  bool pass;
};

/// Normality of 4e6 draws from `draw()` at a fixed seed; each check fails by chance with
/// probability about 1e-4 (|z| < 3.9 for the moments and tail frequencies, p > 1e-4 for the
/// chi-square of 200 bins equiprobable under Phi).
template <class Draw>
std::vector<NormalCheck> normal_checks(Draw draw) {
  constexpr int kBins = 200;
  constexpr std::uint64_t kN = 4'000'000;
  const boost::math::normal phi;
  std::array<double, kBins - 1> edges{};
  for (int j = 1; j < kBins; ++j) edges[static_cast<std::size_t>(j - 1)] = boost::math::quantile(phi, j / double(kBins));
  std::vector<double> counts(kBins, 0.0);
  const double tail_start = boost::random::detail::normal_table<double>::table_x[1];
  double m1 = 0, m2 = 0, m3 = 0, m4 = 0, beyond3 = 0, in_tail = 0;
  for (std::uint64_t i = 0; i < kN; ++i) {
    const double z = draw();
    counts[static_cast<std::size_t>(std::upper_bound(edges.begin(), edges.end(), z) - edges.begin())] += 1;
    const double z2 = z * z;
    m1 += z;
    m2 += z2;
    m3 += z2 * z;
    m4 += z2 * z2;
    beyond3 += z > 3.0 ? 1.0 : 0.0;
    in_tail += std::fabs(z) > tail_start ? 1.0 : 0.0;
  }
  const double n = static_cast<double>(kN);
  const double expect = n / kBins;
  double chi2 = 0;
  for (const double c : counts) chi2 += (c - expect) * (c - expect) / expect;
  const double p = boost::math::cdf(boost::math::complement(boost::math::chi_squared(kBins - 1), chi2));
  // Standard errors of the sample moments of N(0, 1): mean 1, E z^2 sqrt(2), E z^3 sqrt(15),
  // E z^4 - 3 sqrt(96), each over sqrt(n).
  const double z_mean = m1 / std::sqrt(n);
  const double z_var = (m2 / n - 1.0) / std::sqrt(2.0 / n);
  const double z_skew = (m3 / n) / std::sqrt(15.0 / n);
  const double z_kurt = (m4 / n - 3.0) / std::sqrt(96.0 / n);
  const double p3 = boost::math::cdf(boost::math::complement(phi, 3.0));
  const double z_beyond3 = (beyond3 / n - p3) / std::sqrt(p3 * (1 - p3) / n);
  const double pt = 2 * boost::math::cdf(boost::math::complement(phi, tail_start));
  const double z_tail = (in_tail / n - pt) / std::sqrt(pt * (1 - pt) / n);
  return {{"chi-square, 200 bins equiprobable under Phi (p-value)", p, p > 1e-4},
          {"mean (z)", z_mean, std::fabs(z_mean) < 3.9},
          {"E z^2 - 1 (z)", z_var, std::fabs(z_var) < 3.9},
          {"E z^3 (z)", z_skew, std::fabs(z_skew) < 3.9},
          {"E z^4 - 3 (z)", z_kurt, std::fabs(z_kurt) < 3.9},
          {"P(Z > 3) (z)", z_beyond3, std::fabs(z_beyond3) < 3.9},
          {"P(|Z| > 3.4426), the ziggurat's tail (z)", z_tail, std::fabs(z_tail) < 3.9}};
}

/// The checks of the scalar normal01 on one stream and of the batched one, a batch of 8 runs with
/// its lanes interleaved as the runs draw them (one row: lane 0's draw, lane 1's, ...). Printed;
/// returns whether all pass.
inline bool print_normal_checks() {
  geosim::random::Xoshiro256pp g(geosim::random::stream_key(42, 0, 4));
  const auto scalar = normal_checks([&g] { return geosim::random::normal01(g); });
  geosim::random::XoshiroBatch<8> batch;
  batch.reseed(42, consecutive_runs<8>(), 4);
  std::array<double, 8> row{};
  std::size_t at = row.size();
  const auto batched = normal_checks([&] {
    if (at == row.size()) {
      row = geosim::random::normal01(batch);
      at = 0;
    }
    return row[at++];
  });
  bool all = true;
  fmt::print("\nstandard normal checks, 4e6 draws (each fails by chance with probability about 1e-4)\n");
  fmt::print("{:<52} {:>15} {:>15}\n", "check", "scalar normal01", "batch 8, lanes");
  for (std::size_t i = 0; i < scalar.size(); ++i) {
    fmt::print("{:<52} {:>10.4g} {:<4} {:>10.4g} {:<4}\n", scalar[i].name, scalar[i].stat, scalar[i].pass ? "ok" : "FAIL",
               batched[i].stat, batched[i].pass ? "ok" : "FAIL");
    all = all && scalar[i].pass && batched[i].pass;
  }
  return all;
}

}  // namespace geosim_bench
