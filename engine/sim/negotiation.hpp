// SPDX-License-Identifier: Apache-2.0
// Negotiation: the bargaining range of Fearon (1995), narrowed by uncertainty and by the
// commitment problem (less what credible guarantees cover), with an agreement hazard.
#pragma once

#include <algorithm>

#include "sim/effects.hpp"
#include "sim/formulas.hpp"
#include "sim/step_types.hpp"

namespace geosim::sim {

/// @brief Share of the commitment problem removed by credible commitments to either party, at
/// their perceived credibility (the record, or what `perception:` makes of it).
/// Counted whether or not they are active yet: guarantees that take effect with a deal are what
/// make it safe.
template <class B, class N>
inline double security(B& b, const N& n) {
  const double* const x = b.x;
  double s = 0.0;
  b.commitments([&](const auto& c) {
    if (c.beneficiary() == n.party_a() || c.beneficiary() == n.party_b()) s += x[c.bargaining_effect()] * x[c.perceived()];
  });
  return std::min(1.0, s);
}

/// @brief The negotiation over a step: range, then the agreement hazard; an agreement signs the
/// ceasefire `cf`.
template <class B, class N, class C>
inline void negotiation(B& b, const N& n, const C& cf, const Step& s) {
  if (!n.present()) return;
  double* const x = b.x;
  const double u = b.negotiation_uniform();  // one draw per step: variants stay aligned
  if (x[cf.in_force()] != 0.0) return;
  if (!cf.renegotiate() && x[cf.signed_count()] > 0) return;
  const double p = std::clamp(n.p_win(x), 0.0, 1.0);
  const double half_u = 0.5 * std::max(0.0, n.uncertainty(x));
  const double cp = std::max(0.0, n.commitment_problem(x)) * (1.0 - security(b, n));
  const double lo = std::max(p - n.cost_b(x) + half_u, n.demand(x));
  const double hi = std::min(p + n.cost_a(x) - half_u - cp, n.red_line(x));
  const double width = hi - lo;
  x[n.range()] = width;
  x[n.p_win_slot()] = p;
  if (width <= 0 || n.when(x) == 0.0) return;
  const double mediation = std::clamp(n.mediation(x), 0.0, 1.0);
  const double hazard = x[n.rate()] * std::min(1.0, width / x[n.full_width()]) * (1 + x[n.mediation_effect()] * mediation) *
                        (1 + x[n.progress_effect()] * x[n.progress()]);
  if (certainly_misses(u, hazard * s.dt)) return;
  const double prob = step_probability(hazard, s.dt);
  if (!(u < prob)) return;
  b.discrete_change();
  x[n.settlement()] = std::clamp(0.5 * (lo + hi), 0.0, 1.0);
  x[cf.in_force()] = 1.0;
  x[cf.signed_count()] += 1.0;
  x[cf.signed_now()] = 1.0;
  x[cf.days()] = 0.0;
  apply_effects(b, [&](auto f) { n.on_agreement(f); });
  b.note(Note::Agreement, s, -1, n.mediator(), prob, x[n.settlement()], width, p);
}

}  // namespace geosim::sim
