// Negotiation: the bargaining range of Fearon (1995), narrowed by uncertainty and by the
// commitment problem (less what credible guarantees cover), with an agreement hazard.
#include "sim/mechanisms.hpp"

namespace geosim::sim {

namespace {

// Share of the commitment problem removed by credible commitments to either party. Counted
// whether or not they are active yet: guarantees that take effect with a deal are what make it safe.
double security(const Model& m, const double* x) {
  const NegotiationRule& n = m.negotiation;
  double s = 0.0;
  for (const auto& c : m.commitments)
    if (c.beneficiary == n.party_a || c.beneficiary == n.party_b)
      s += x[c.bargaining_effect] * x[c.credibility];
  return std::min(1.0, s);
}

}  // namespace

void step_negotiation(const Model& m, RunState& rs, const Step& s, std::vector<LogEntry>* log) {
  const NegotiationRule& n = m.negotiation;
  if (!n.present) return;
  double* x = rs.state.data();
  const CeasefireRule& cf = m.ceasefire;
  const double u = rs.negotiation_rng.uniform01();  // one draw per step: variants stay aligned
  if (x[cf.in_force] != 0.0) return;
  if (x[cf.signed_count] > 0 && !cf.renegotiate) return;
  const double p = std::clamp(n.p_win.eval(x), 0.0, 1.0);
  const double half_u = 0.5 * std::max(0.0, n.uncertainty.eval(x));
  const double cp = std::max(0.0, n.commitment_problem.eval(x)) * (1.0 - security(m, x));
  const double lo = std::max(p - n.cost_b.eval(x) + half_u, n.demand.eval(x));
  const double hi = std::min(p + n.cost_a.eval(x) - half_u - cp, n.red_line.eval(x));
  const double width = hi - lo;
  x[n.range] = width;
  x[n.p_win_slot] = p;
  if (width <= 0 || n.when.eval(x) == 0.0) return;
  const double mediation = std::clamp(n.mediation.eval(x), 0.0, 1.0);
  const double hazard = x[n.rate] * std::min(1.0, width / x[n.full_width]) *
                        (1 + x[n.mediation_effect] * mediation) * (1 + x[n.progress_effect] * x[n.progress]);
  if (certainly_misses(u, hazard * s.dt)) return;
  const double prob = step_probability(hazard, s.dt);
  if (!(u < prob)) return;
  ++rs.epoch;
  x[n.settlement] = std::clamp(0.5 * (lo + hi), 0.0, 1.0);
  x[cf.in_force] = 1.0;
  x[cf.signed_count] += 1.0;
  x[cf.signed_now] = 1.0;
  x[cf.days] = 0.0;
  apply_effects(m, n.on_agreement, x);
  if (log) log->push_back({LogEntry::Kind::Agreement, s.index, s.day, -1, n.mediator, prob, x[n.settlement], width, p});
}

}  // namespace geosim::sim
