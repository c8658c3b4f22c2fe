// Friedkin-Johnsen influence (the drifts are sim/drift.hpp).
#include <bit>
#include <cstdint>
#include <algorithm>
#include <cmath>

#include "sim/mechanisms.hpp"

namespace geosim::sim {

namespace {

// Bit-for-bit equality (tells -0.0 from 0.0 and compares NaNs by payload).
bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

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
  const int days = s.standard ? m.step_days
                                                           : std::max(1, static_cast<int>(std::lround(s.dt)));
  std::size_t offset = 0;
  for (std::size_t k = 0; k < m.influences.size(); ++k) {
    const InfluenceRule& r = m.influences[k];
    Eigen::VectorXd& v = rs.influence_x[k];
    Eigen::VectorXd& tmp = rs.influence_tmp[k];
    double* stub = rs.influence_stub[k].data();
    const auto n = static_cast<Eigen::Index>(r.members.size());
    const std::size_t first = offset;
    offset += r.members.size();
    if (rs.use_epochs && rs.influence_fixed[k] == days) {
      bool same = true;
      for (Eigen::Index j = 0; j < n && same; ++j) {
        const auto u = static_cast<std::size_t>(j);
        same = same_bits(x[r.members[u]], v[j]) && same_bits(x[r.stubbornness[u]], stub[u]);
      }
      if (same) continue;
    }
    for (Eigen::Index j = 0; j < n; ++j) {
      const auto u = static_cast<std::size_t>(j);
      v[j] = x[r.members[u]];
      stub[u] = x[r.stubbornness[u]];
    }
    for (int d = 0; d < days; ++d) {
      // W v, column by column (W is column-major): each tmp[i] still sums its terms in the order
      // j = 0, 1, ..., as a dot product would, but the inner loop runs down a contiguous column
      // and vectorises. For the small groups of scenarios (tens of members) this beats Eigen's
      // general dynamic-size product, whose set-up dominates at that size.
      const double* w = r.weights.data();
      double* out = tmp.data();
      const double* in = v.data();
      for (Eigen::Index i = 0; i < n; ++i) out[i] = 0.0;
      for (Eigen::Index j = 0; j < n; ++j) {
        const double vj = in[j];
        const double* col = w + j * n;
        for (Eigen::Index i = 0; i < n; ++i) out[i] += col[i] * vj;
      }
      for (Eigen::Index j = 0; j < n; ++j) {
        const double sj = stub[static_cast<std::size_t>(j)];
        v[j] = (1 - sj) * tmp[j] + sj * rs.opinion0[first + static_cast<std::size_t>(j)];
      }
    }
    bool fixed = true;
    for (Eigen::Index j = 0; j < n; ++j) {
      const Slot slot = r.members[static_cast<std::size_t>(j)];
      const double out = std::clamp(v[j], m.lower[slot], m.upper[slot]);
      fixed = fixed && same_bits(v[j], x[slot]) && same_bits(out, v[j]);
      x[slot] = out;
    }
    rs.influence_fixed[k] = fixed ? days : 0;
  }
}

}  // namespace geosim::sim
