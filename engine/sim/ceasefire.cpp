// Ceasefire: a baseline breach hazard in days since signing (Weibull or constant), scaled by
// proportional hazard ratios from guarantees, monitoring, forces, a DMZ, imposition and pressure.
#include "sim/mechanisms.hpp"

namespace geosim::sim {

namespace {

double cumulative_hazard(const Model& m, const double* x, double days) {
  const CeasefireRule& c = m.ceasefire;
  if (!c.weibull) return x[c.constant_rate] * days;
  return std::pow(days / x[c.scale_days], x[c.shape]);
}

}  // namespace

double ceasefire_multiplier(const Model& m, const RunState& rs) {
  const double* x = rs.state.data();
  const CeasefireRule& c = m.ceasefire;
  double mult = 1.0;
  for (const auto& k : m.commitments)
    if (k.covers_ceasefire && x[k.active] != 0.0) mult *= 1.0 + (x[k.ceasefire_effect] - 1.0) * x[k.credibility];
  if (c.dmz) mult *= x[c.dmz_effect];
  if (c.imposed) mult *= x[c.imposed_effect];
  return mult * std::exp(c.pressure.eval(x));
}

void step_ceasefire(const Model& m, RunState& rs, const Step& s, std::vector<LogEntry>* log) {
  const CeasefireRule& c = m.ceasefire;
  if (!c.present) return;
  double* x = rs.state.data();
  const double u = rs.ceasefire_rng.uniform01();  // one draw per step: variants stay aligned
  if (x[c.in_force] == 0.0 || x[c.signed_now] != 0.0) return;
  const double tau = x[c.days];
  const double dh = cumulative_hazard(m, x, tau + s.dt) - cumulative_hazard(m, x, tau);
  const double mult = ceasefire_multiplier(m, rs);
  const double y = dh * mult;
  const double p = certainly_misses(u, y) ? 0.0 : -std::expm1(-y);
  if (u < p) {
    ++rs.epoch;
    x[c.in_force] = 0.0;
    x[c.breached] += 1.0;
    x[c.breach_now] = 1.0;
    apply_effects(m, c.on_breach, x);
    if (log) log->push_back({LogEntry::Kind::Breach, s.index, s.day, -1, -1, p, tau + s.dt, mult, 0});
  } else {
    x[c.days] = tau + s.dt;
  }
}

}  // namespace geosim::sim
