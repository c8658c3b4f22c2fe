// SPDX-License-Identifier: Apache-2.0
// Friedkin-Johnsen influence (the drifts are sim/drift.hpp).
#include <bit>
#include <cstdint>
#include <algorithm>
#include <cmath>

#include "sim/mechanisms.hpp"
#include "sim/scratch.hpp"

namespace geosim::sim {

namespace {

// Bit-for-bit equality (tells -0.0 from 0.0 and compares NaNs by payload).
bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

// out = W v, column by column: each out[i] sums its terms W(i, j) v[j] in the order j = 0, 1, ...
// Dense: the inner loop runs down a contiguous column and vectorises (for the small groups of
// scenarios this beats Eigen's general dynamic-size product, whose set-up dominates at that
// size). Sparse: only the non-zero entries; a zero term adds +0.0 to a sum that starts at +0.0,
// which changes no bits, so the result equals the dense product's as long as every v[j] is
// finite (0 * inf is NaN): a step with a value that is not finite writes each column out in
// `col` and multiplies densely.
void multiply(const InfluenceRule& r, const double* v, double* out, double* col) {
  const std::size_t n = r.members.size();
  for (std::size_t i = 0; i < n; ++i) out[i] = 0.0;
  if (!r.sparse()) {
    const double* w = r.weights.data();
    for (std::size_t j = 0; j < n; ++j) {
      const double vj = v[j];
      const double* c = w + j * n;
      for (std::size_t i = 0; i < n; ++i) out[i] += c[i] * vj;
    }
    return;
  }
  bool finite = true;
  for (std::size_t j = 0; j < n; ++j) finite = finite && std::isfinite(v[j]);
  for (std::size_t j = 0; j < n; ++j) {
    const double vj = v[j];
    if (finite) {
      for (std::uint32_t e = r.col_start[j]; e < r.col_start[j + 1]; ++e) out[r.row[e]] += r.value[e] * vj;
      continue;
    }
    for (std::size_t i = 0; i < n; ++i) col[i] = 0.0;
    for (std::uint32_t e = r.col_start[j]; e < r.col_start[j + 1]; ++e) col[r.row[e]] = r.value[e];
    for (std::size_t i = 0; i < n; ++i) out[i] += col[i] * vj;
  }
}

}  // namespace

// Friedkin-Johnsen: x <- L W x + (I - L) x0 once per day; a final partial day is rounded.
// Out of line so profiles show drift and influence apart.
//
// Fixed points: the update is a deterministic function of the members' values, their
// stubbornness, the run's initial opinions and the weights, and Friedkin-Johnsen converges
// geometrically (at rate 1 - stubbornness), so after some weeks a step often gives back exactly the
// values it started from. Once it has, and while the members' values and stubbornness are still
// those bits (nothing else wrote them) and the step has the same number of days, the step would
// give them back again: it is skipped. Results are identical to computing it (test_skipping.cpp).
[[gnu::noinline]] void step_influence(const Model& m, RunState& rs, const Step& s) {
  double* x = rs.state.data();
  Scratch& w = *rs.scratch;
  const int days = s.standard ? m.step_days : std::max(1, static_cast<int>(std::lround(s.dt)));
  std::size_t offset = 0;
  for (std::size_t k = 0; k < m.influences.size(); ++k) {
    const InfluenceRule& r = m.influences[k];
    double* v = w.influence_x[k].data();
    double* tmp = w.influence_tmp[k].data();
    double* stub = w.influence_stub[k].data();
    const std::size_t n = r.members.size();
    const std::size_t first = offset;
    offset += n;
    if (rs.use_epochs && w.influence_fixed[k] == days) {
      bool same = true;
      for (std::size_t j = 0; j < n && same; ++j) same = same_bits(x[r.members[j]], v[j]) && same_bits(x[r.stubbornness[j]], stub[j]);
      if (same) continue;
    }
    for (std::size_t j = 0; j < n; ++j) {
      v[j] = x[r.members[j]];
      stub[j] = x[r.stubbornness[j]];
    }
    for (int d = 0; d < days; ++d) {
      multiply(r, v, tmp, w.influence_col[k].data());
      for (std::size_t j = 0; j < n; ++j) v[j] = (1 - stub[j]) * tmp[j] + stub[j] * w.opinion0[first + j];
    }
    bool fixed = true;
    for (std::size_t j = 0; j < n; ++j) {
      const Slot slot = r.members[j];
      const double out = std::clamp(v[j], m.lower[slot], m.upper[slot]);
      fixed = fixed && same_bits(v[j], x[slot]) && same_bits(out, v[j]);
      x[slot] = out;
    }
    w.influence_fixed[k] = fixed ? days : 0;
  }
}

}  // namespace geosim::sim
