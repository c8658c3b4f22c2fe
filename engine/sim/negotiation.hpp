// SPDX-License-Identifier: Apache-2.0
// Negotiation: the bargaining range of Fearon (1995), narrowed by uncertainty and by each party's
// commitment problem (Powell 2006; less what credible commitments to that party cover, plus what
// commitments to the other party add: the security dilemma, Jervis 1978), with an agreement
// hazard; and which bound sets each side of the range.
#pragma once

#include <algorithm>
#include <limits>

#include "sim/effects.hpp"
#include "sim/formulas.hpp"
#include "sim/step_types.hpp"

namespace geosim::sim {

/// @brief What the commitments do to one party's commitment problem: `cover`, the share of it
/// that credible commitments to the party remove (at most 1), and `fear`, what commitments to the
/// other party add to it (their raises_fear). Both at perceived credibility (the record, or what
/// `perception:` makes of it), counted whether or not the commitments are active yet: guarantees
/// that take effect with a deal are what make it safe, or what the other side fears.
struct Security {
  double cover = 0.0, fear = 0.0;
};

template <class B>
inline Security security(B& b, int party, int other) {
  const double* const x = b.x;
  Security s;
  b.commitments([&](const auto& c) {
    if (c.beneficiary() == party) s.cover += x[c.bargaining_effect()] * x[c.perceived()];
    if (c.beneficiary() == other) s.fear += x[c.raises_fear()] * x[c.perceived()];
  });
  s.cover = std::min(1.0, s.cover);
  return s;
}

/// @brief One party's commitment problem after commitments: max(0, cp + fear) * (1 - cover).
inline double commitment_problem(double cp, const Security& s) { return std::max(0.0, cp + s.fear) * (1.0 - s.cover); }

/// @brief A's screening offer (Fearon 1995, the risk-return trade-off): B accepts x when x is at
/// least its lower bound t - c_B, with t = `low_but_cost` (the lower bound without B's cost of
/// war) and c_B unknown to A, believed uniform on [lo, hi]. A's expected value F(x) (1 - x) +
/// (1 - F(x)) (1 - p - c_A), with F(x) = P(accept) = (hi - t + x) / (hi - lo), is largest at
/// x* = (p + c_A + t - hi) / 2 within [t - hi, t - lo] (at t - lo every type accepts); and never
/// above A's red line. Returns x and sets `accept_chance` to F(x), A's estimate.
inline double screening_offer(double p, double cost_a, double low_but_cost, double lo, double hi, double red_line,
                              double& accept_chance) {
  const double width = std::max(hi - lo, 1e-12);  // a degenerate belief: a point
  const double x = std::min(std::clamp(0.5 * (p + cost_a + low_but_cost - hi), low_but_cost - hi, low_but_cost - lo), red_line);
  accept_chance = std::clamp((hi - low_but_cost + x) / width, 0.0, 1.0);
  return x;
}

/// @brief The negotiation over a step: range, which bounds set it, then the agreement hazard; an
/// agreement signs the ceasefire `cf`. With the screening offer rule, offers arrive at the hazard
/// without its width factor (A does not know the range) and B takes one if it reaches B's lower
/// bound; a refused offer is logged and the war goes on.
template <class B, class N, class C>
inline void negotiation(B& b, const N& n, const C& cf, const Step& s) {
  if (!n.present()) return;
  double* const x = b.x;
  const double u = b.negotiation_uniform();  // one draw per step: variants stay aligned
  if (x[cf.in_force()] != 0.0) return;
  if (!cf.renegotiate() && x[cf.signed_count()] > 0) return;
  const double p = std::clamp(n.p_win(x), 0.0, 1.0);
  const double half_u = 0.5 * std::max(0.0, n.uncertainty(x));
  // Both parties' security sums, kept by the binding (cover and fear of A, then of B) and
  // recomputed only when what they read may have changed (epochs, sim/epochs.hpp).
  double* const sec = b.security_memo();
  if (!b.unchanged_security()) {
    const Security sa = security(b, n.party_a(), n.party_b()), sb = security(b, n.party_b(), n.party_a());
    sec[0] = sa.cover;
    sec[1] = sa.fear;
    sec[2] = sb.cover;
    sec[3] = sb.fear;
  }
  const double cp_a = commitment_problem(n.commitment_problem(x), Security{sec[0], sec[1]});
  const double cp_b = commitment_problem(n.commitment_problem_b(x), Security{sec[2], sec[3]});
  const double cost_b = n.cost_b(x);
  const double b_war = p - cost_b + half_u;  // B's value of war, as B sees it
  const double rational_low = b_war + cp_b;
  const double demand = std::max(n.demand(x), n.has_premium() ? b_war + n.demand_premium(x) : -std::numeric_limits<double>::infinity());
  const double cost_a = n.cost_a(x);
  const double rational_high = p + cost_a - half_u - cp_a;
  const double red_line = n.red_line(x);
  const bool demand_binds = demand > rational_low, red_line_binds = red_line < rational_high;
  const double lo = demand_binds ? demand : rational_low;
  const double hi = red_line_binds ? red_line : rational_high;
  const double width = hi - lo;
  x[n.range()] = width;
  x[n.p_win_slot()] = p;
  x[n.low()] = lo;
  x[n.high()] = hi;
  x[n.steps()] += 1.0;
  x[demand_binds ? n.binds_demand() : n.binds_rational_low()] += 1.0;
  x[red_line_binds ? n.binds_red_line() : n.binds_rational_high()] += 1.0;
  const double bound = 1.0 + (demand_binds ? 2.0 : 0.0) + (red_line_binds ? 1.0 : 0.0);
  if (bound != x[n.bound()]) {
    b.note(Note::Bound, s, static_cast<int>(bound) - 1, -1, x[n.bound()] - 1.0, lo, hi, p);
    x[n.bound()] = bound;
  }
  if ((!n.screening() && width <= 0) || n.when(x) == 0.0) return;
  const double mediation = std::clamp(n.mediation(x), 0.0, 1.0);
  const double hazard = x[n.rate()] * (n.screening() ? 1.0 : std::min(1.0, width / x[n.full_width()])) *
                        (1 + x[n.mediation_effect()] * mediation) * (1 + x[n.progress_effect()] * x[n.progress()]);
  if (certainly_misses(u, hazard * s.dt)) return;
  const double prob = step_probability(hazard, s.dt);
  if (!(u < prob)) return;
  double settlement = 0.5 * (lo + hi);
  if (n.screening()) {
    double accept = 0.0;
    // B's lower bound without its cost of war: what A knows of it (p, uncertainty, B's commitment
    // problem); the demand is B's, so A's offer does not see it, but B's answer does.
    settlement = screening_offer(p, cost_a, p + half_u + cp_b, x[n.belief_low()], x[n.belief_high()], red_line, accept);
    if (!(settlement >= lo)) {
      b.note(Note::Offer, s, -1, n.party_a(), accept, settlement, lo, p);
      return;
    }
  }
  b.discrete_change();
  x[n.settlement()] = std::clamp(settlement, 0.0, 1.0);
  x[cf.in_force()] = 1.0;
  x[cf.signed_count()] += 1.0;
  x[cf.signed_now()] = 1.0;
  x[cf.days()] = 0.0;
  apply_effects(b, [&](auto f) { n.on_agreement(f); });
  b.note(Note::Agreement, s, -1, n.mediator(), prob, x[n.settlement()], width, p);
}

}  // namespace geosim::sim
