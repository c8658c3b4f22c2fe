// Drift (Ornstein-Uhlenbeck, exact over a step of any length) and Friedkin-Johnsen influence.
#include <boost/random/normal_distribution.hpp>

#include "sim/mechanisms.hpp"

namespace geosim::sim {

void step_dynamics(const Model& m, RunState& rs, const Step& s) {
  double* x = rs.state.data();
  for (std::size_t i = 0; i < m.drifts.size(); ++i) {
    const DriftRule& r = m.drifts[i];
    const double target = r.toward.eval(x);
    const double theta = std::max(0.0, r.rate.eval(x));
    const double sd = x[r.noise];
    const double decay = std::exp(-theta * s.dt);
    double v = target + (x[r.var] - target) * decay;
    if (sd > 0) {
      // Exact OU transition variance, so one week-long step matches seven daily ones.
      const double var = theta > 1e-12 ? sd * sd * (-std::expm1(-2 * theta * s.dt)) / (2 * theta) : sd * sd * s.dt;
      boost::random::normal_distribution<double> normal(0.0, 1.0);
      v += std::sqrt(var) * normal(rs.drift_rng[i]);
    }
    x[r.var] = std::clamp(v, m.lower[r.var], m.upper[r.var]);
  }
  // Friedkin-Johnsen: x <- L W x + (I - L) x0 once per day; a final partial day is rounded.
  const int days = std::max(1, static_cast<int>(std::lround(s.dt)));
  std::size_t offset = 0;
  for (std::size_t k = 0; k < m.influences.size(); ++k) {
    const InfluenceRule& r = m.influences[k];
    Eigen::VectorXd& v = rs.influence_x[k];
    Eigen::VectorXd& tmp = rs.influence_tmp[k];
    const auto n = static_cast<Eigen::Index>(r.members.size());
    for (Eigen::Index j = 0; j < n; ++j) v[j] = x[r.members[static_cast<std::size_t>(j)]];
    for (int d = 0; d < days; ++d) {
      tmp.noalias() = r.weights * v;
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

}  // namespace geosim::sim
