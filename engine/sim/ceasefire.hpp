// SPDX-License-Identifier: Apache-2.0
// Ceasefire: competing risks of failure (docs/model.md, "Ceasefire"). A baseline breach hazard in
// days since signing (Weibull or constant, optionally split-population: a share `cure` never
// fails from it), scaled by proportional hazard ratios from guarantees, monitoring, forces, a DMZ,
// imposition and pressure; incidents that arrive as a Poisson process and each escalate to
// collapse with a chance set by monitoring and a DMZ; breaches started by the beneficiary, whom
// guarantors blame with a chance; and deliberate renewal, a decision's action (decision.hpp).
#pragma once

#include <algorithm>
#include <cmath>

#include "geosim/detmath.hpp"

#include "sim/effects.hpp"
#include "sim/formulas.hpp"
#include "sim/memo.hpp"
#include "sim/poisson.hpp"
#include "sim/step_types.hpp"

namespace geosim::sim {

/// @brief Why a ceasefire broke: the `c` of its Breach note (0 and 1 as before the other causes).
enum class BreakCause : int { Baseline = 0, Deliberate = 1, Incident = 2, Beneficiary = 3 };

/// @brief Baseline cumulative breach hazard at `days` since signing, without a cure share.
template <class C>
inline double cumulative_hazard(const C& c, const double* x, double days) {
  if (!c.weibull()) return x[c.constant_rate()] * days;
  return det::pow(days / x[c.scale_days()], x[c.shape()]);
}

/// @brief What the baseline's share of a step's hazard is computed from at `days` since signing:
/// the cumulative hazard H0, or with a cure share pi (`cured`) log1p(-(1 - pi)(1 - exp(-H0))),
/// the log of the survival S = pi + (1 - pi) exp(-H0), finite since S >= pi > 0.
template <class C>
inline double baseline_term(const C& c, const double* x, double days, bool cured) {
  const double h = cumulative_hazard(c, x, days);
  if (!cured) return h;
  const double fail = 1.0 - x[c.cure_share()];
  return det::log1p(fail * det::expm1(-h));
}

/// @brief Baseline cumulative hazard over the step [tau, tau + dt): H0(tau + dt) - H0(tau), or
/// with a cure share log S(tau) - log S(tau + dt). The terms at both ends come through the
/// binding's memo (sim/memo.hpp) unless the baseline is a constant rate without cure (a product):
/// a step's end is the next step's start, so the Weibull's pow (and the cure's log1p and expm1)
/// run once a step instead of twice, with the same bits.
template <class B, class C>
inline double baseline_step_hazard(B& b, const C& c, double tau, double dt) {
  const double* const x = b.x;
  const bool cured = c.cure() && x[c.cure_share()] > 0.0;
  if (!c.weibull() && !cured) return cumulative_hazard(c, x, tau + dt) - cumulative_hazard(c, x, tau);
  // The key: days, the baseline's parameters, and the cure share (all bits; not-a-share when none).
  const double p1 = c.weibull() ? x[c.scale_days()] : x[c.constant_rate()];
  const double p2 = c.weibull() ? x[c.shape()] : 0.0;
  const double share = cured ? x[c.cure_share()] : -1.0;
  auto& memo = b.baseline_memo();
  const double g0 = memo(tau, p1, p2, share, [&] { return baseline_term(c, x, tau, cured); });
  const double g1 = memo(tau + dt, p1, p2, share, [&] { return baseline_term(c, x, tau + dt, cured); });
  return cured ? g0 - g1 : g1 - g0;
}

/// @brief Breach hazard multiplier from active guarantees, DMZ, imposition and pressure. A
/// commitment's `ceasefire_effect` is a hazard ratio measured on commitments of typical
/// credibility, which its type's default prior mean stands for: it applies as effect ^
/// (perceived / typical), so the published ratio is applied once, at typical credibility. Each
/// ratio comes through the binding's memo (sim/memo.hpp): it moves only when perceived credibility
/// or the effect does, so the pow runs when one of them has changed, with the same bits.
template <class B, class C>
inline double ceasefire_multiplier(B& b, const C& c) {
  const double* const x = b.x;
  double mult = 1.0;
  b.commitments([&](const auto& k) {
    if (!k.covers_ceasefire() || x[k.active()] == 0.0) return;
    mult *= b.hazard_ratio_memo(k.index())(x[k.ceasefire_effect()], x[k.perceived()] / x[k.typical_credibility()]);
  });
  if (c.dmz()) mult *= x[c.dmz_effect()];
  if (c.imposed()) mult *= x[c.imposed_effect()];
  return mult * det::exp(c.pressure(x));
}

/// @brief The counter of breaks by cause `cause` (BreakCause as a double).
template <class C>
inline auto breaks_slot(const C& c, double cause) {
  if (cause == 1.0) return c.breaks_deliberate();
  if (cause == 2.0) return c.breaks_incident();
  if (cause == 3.0) return c.breaks_beneficiary();
  return c.breaks_baseline();
}

/// @brief A breach: the ceasefire ends, its counters move and its on_breach effects apply.
/// `cause` is a BreakCause: Baseline (p the step's chance, `days` since signing, `mult` the
/// hazard ratio), Deliberate (a decision's action, p its probability), Incident (p the chance
/// that one of the step's incidents escalated, `mult` each one's escalation chance) or
/// Beneficiary (p the step's chance, `mult` 1 when guarantors blame the beneficiary, else 0).
template <class B, class C>
inline void break_ceasefire(B& b, const C& c, const Step& s, double p, double days, double mult, double cause) {
  double* const x = b.x;
  b.discrete_change();
  x[c.in_force()] = 0.0;
  x[c.breached()] += 1.0;
  x[c.breach_now()] = 1.0;
  x[c.lasted()] = days;
  x[breaks_slot(c, cause)] += 1.0;
  x[c.blamed_beneficiary()] = cause == 3.0 ? mult : 0.0;
  apply_effects(b, [&](auto f) { c.on_breach(f); });
  b.note(Note::Breach, s, -1, -1, p, days, mult, cause);
}

/// @brief Incidents over a step (two draws, made by the caller): a Poisson number of them,
/// counted in ceasefire.violations; true when one escalates, which breaks the ceasefire. Each
/// escalates independently with chance q, so collapse by incidents has hazard rate * q per day.
template <class B, class C>
inline bool incidents(B& b, const C& c, const Step& s, double u_count, double u_escalate, double days) {
  double* const x = b.x;
  const double rate = c.incident_rate(x);
  const int n = poisson_count(u_count, rate * s.dt);
  x[c.incidents_now()] = n;
  if (n == 0) return false;
  x[c.incident_count()] += n;
  const double monitored = std::clamp(c.monitoring(x), 0.0, 1.0);
  double q = x[c.escalation()] * (1.0 - monitored * (1.0 - x[c.monitored_effect()]));
  if (c.dmz()) q *= x[c.incident_dmz_effect()];
  q = std::clamp(q, 0.0, 1.0);
  const double p = q >= 1.0 ? 1.0 : -det::expm1(n * det::log1p(-q));  // 1 - (1 - q)^n
  b.note(Note::Incident, s, -1, -1, p, n, q, monitored);
  if (!(u_escalate < p)) return false;
  break_ceasefire(b, c, s, p, days, q, 2.0);
  return true;
}

/// @brief A breach started by the beneficiary over a step (two draws, made by the caller).
template <class B, class C>
inline bool beneficiary_breach(B& b, const C& c, const Step& s, double u_breach, double u_blame, double days) {
  double* const x = b.x;
  const double rate = c.beneficiary_rate(x);
  if (certainly_misses(u_breach, rate * s.dt)) return false;
  const double p = step_probability(rate, s.dt);
  if (!(u_breach < p)) return false;
  const double blamed = u_blame < std::clamp(c.attribution(x), 0.0, 1.0) ? 1.0 : 0.0;
  break_ceasefire(b, c, s, p, days, blamed, 3.0);
  return true;
}

/// @brief The ceasefire over a step. Each mechanism draws the same numbers every step from its
/// own stream, whatever happens (variants stay aligned). Causes are tried in a fixed order —
/// incidents, the beneficiary, the baseline — and the first that fires is the breach's cause.
template <class B, class C>
inline void ceasefire(B& b, const C& c, const Step& s) {
  if (!c.present()) return;
  double* const x = b.x;
  const double u = b.ceasefire_uniform();  // one draw per step: variants stay aligned
  double ui = 0, ue = 0, ub = 0, ua = 0;
  if (c.incidents()) {
    ui = b.incident_uniform();
    ue = b.incident_uniform();
    x[c.incidents_now()] = 0.0;
  }
  if (c.beneficiary()) {
    ub = b.beneficiary_uniform();
    ua = b.beneficiary_uniform();
  }
  if (x[c.in_force()] == 0.0 || x[c.signed_now()] != 0.0) return;
  const double tau = x[c.days()];
  if (c.incidents() && incidents(b, c, s, ui, ue, tau + s.dt)) return;
  if (c.beneficiary() && beneficiary_breach(b, c, s, ub, ua, tau + s.dt)) return;
  const double dh = baseline_step_hazard(b, c, tau, s.dt);
  const double mult = ceasefire_multiplier(b, c);
  const double y = dh * mult;
  const double p = certainly_misses(u, y) ? 0.0 : -det::expm1(-y);
  if (u < p) {
    break_ceasefire(b, c, s, p, tau + s.dt, mult, 0.0);
  } else {
    x[c.days()] = tau + s.dt;
  }
}

}  // namespace geosim::sim
