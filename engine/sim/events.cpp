// Events: a state-dependent hazard converted exactly to a per-step chance, 1 - exp(-rate * dt).
#include "sim/mechanisms.hpp"

namespace geosim::sim {

void step_events(const Model& m, RunState& rs, const Step& s, std::vector<LogEntry>* log) {
  double* x = rs.state.data();
  for (std::size_t i = 0; i < m.events.size(); ++i) {
    const EventRule& e = m.events[i];
    if (x[e.now] != 0.0) {
      x[e.now] = 0.0;
      ++rs.epoch;
    }
    // One draw per event per step whatever happens, so variants stay aligned draw for draw.
    const double u = rs.event_rng[i].uniform01();
    if (!e.repeat && x[e.count] > 0) continue;
    if (e.when.eval(x) == 0.0) continue;
    double p;
    if (e.fixed_rate_in_run && s.dt == static_cast<double>(m.step_days)) {
      p = rs.event_p[i];
    } else {
      const double rate = e.rate.eval(x);
      if (certainly_misses(u, rate * s.dt)) continue;
      p = step_probability(rate, s.dt);
    }
    if (!(u < p)) continue;
    x[e.count] += 1.0;
    ++rs.epoch;
    x[e.now] = 1.0;
    apply_effects(m, e.effects, x);
    if (log) log->push_back({LogEntry::Kind::Event, s.index, s.day, static_cast<int>(i), e.actor, p, 0, 0, 0});
  }
}

}  // namespace geosim::sim
