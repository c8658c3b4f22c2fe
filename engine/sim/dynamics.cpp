// Drift (Ornstein-Uhlenbeck, exact over a step of any length) and Friedkin-Johnsen influence.
#include <boost/random/normal_distribution.hpp>

#include "sim/mechanisms.hpp"

namespace geosim::sim {

namespace {

// Friedkin-Johnsen: x <- L W x + (I - L) x0 once per day; a final partial day is rounded.
void step_influence(const Model& m, RunState& rs, const Step& s);

}  // namespace

void step_dynamics(const Model& m, RunState& rs, const Step& s) {
  double* x = rs.state.data();
  const bool standard = s.dt == static_cast<double>(m.step_days);
  for (std::size_t i = 0; i < m.drifts.size(); ++i) {
    const DriftRule& r = m.drifts[i];
    const double target = r.toward.eval(x);
    // Rate and noise fixed for the run: the terms run_one computed for a standard step.
    const OuStep ou = r.fixed_in_run && standard ? OuStep{rs.drift_decay[i], rs.drift_sd[i]}
                                                 : ou_step(std::max(0.0, r.rate.eval(x)), x[r.noise], s.dt);
    double v = target + (x[r.var] - target) * ou.decay;
    if (x[r.noise] > 0) {
      boost::random::normal_distribution<double> normal(0.0, 1.0);
      v += ou.noise_sd * normal(rs.drift_rng[i]);
    }
    x[r.var] = std::clamp(v, m.lower[r.var], m.upper[r.var]);
  }
  if (!m.influences.empty()) step_influence(m, rs, s);
}

namespace {

// Out of line so profiles show drift and influence apart.
[[gnu::noinline]] void step_influence(const Model& m, RunState& rs, const Step& s) {
  double* x = rs.state.data();
  const int days = std::max(1, static_cast<int>(std::lround(s.dt)));
  std::size_t offset = 0;
  for (std::size_t k = 0; k < m.influences.size(); ++k) {
    const InfluenceRule& r = m.influences[k];
    Eigen::VectorXd& v = rs.influence_x[k];
    Eigen::VectorXd& tmp = rs.influence_tmp[k];
    const auto n = static_cast<Eigen::Index>(r.members.size());
    for (Eigen::Index j = 0; j < n; ++j) v[j] = x[r.members[static_cast<std::size_t>(j)]];
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
        const double stub = x[r.stubbornness[static_cast<std::size_t>(j)]];
        v[j] = (1 - stub) * tmp[j] + stub * rs.opinion0[offset + static_cast<std::size_t>(j)];
      }
    }
    for (Eigen::Index j = 0; j < n; ++j) {
      const Slot slot = r.members[static_cast<std::size_t>(j)];
      x[slot] = std::clamp(v[j], m.lower[slot], m.upper[slot]);
    }
    offset += r.members.size();
  }
}

}  // namespace

}  // namespace geosim::sim
