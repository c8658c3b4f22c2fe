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
      // 1 - exp(-y) < y for y = rate * dt > 0, and expm1 is accurate to a few units in the last
      // place: a draw above y by a relative 1e-9 cannot fall below p, so expm1 is not needed (the
      // usual case: small chances per step). Otherwise p is computed exactly as always.
      const double rate = e.rate.eval(x);
      if (u > rate * s.dt * (1 + 1e-9)) continue;
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
