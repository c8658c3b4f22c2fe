// SPDX-License-Identifier: Apache-2.0
// The interpreter's binding of the step templates (step.hpp) to a compiled Model and a run's
// RunState: rule views over the Model's rules, programs evaluated by expr::Program::eval, and
// the epoch bookkeeping that skips programs whose inputs have not changed (RunState::epoch).
// Lifetime: a binding lives for one run_one call; it holds references only.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>


#include "geosim/model.hpp"
#include "geosim/sampling.hpp"
#include "geosim/run.hpp"
#include "geosim/series_points.hpp"
#include "sim/epochs.hpp"
#include "sim/mechanisms.hpp"
#include "sim/scratch.hpp"
#include "sim/step.hpp"

namespace geosim::sim {

/// @brief An effect statement of the Model.
struct EffectView {
  const expr::Effect& e;
  std::uint32_t target() const { return e.target; }
  Assign op() const { return e.op; }
  double rhs(const double* x) const { return e.rhs.eval(x); }
};

template <class F>
inline void each_effect(const std::vector<expr::Effect>& list, F&& f) {
  for (const auto& e : list) f(EffectView{e});
}

struct DriftView {
  const DriftRule& r;
  std::size_t i;
  std::size_t index() const { return i; }
  Slot var() const { return r.var; }
  Slot noise() const { return r.noise; }
  bool fixed_in_run() const { return r.fixed_in_run; }
  double toward(const double* x) const { return r.toward.eval(x); }
  double rate(const double* x) const { return r.rate.eval(x); }
};

struct EventView {
  const EventRule& r;
  std::size_t i;
  std::size_t index() const { return i; }
  int actor() const { return r.actor; }
  Slot now() const { return r.now; }
  Slot count() const { return r.count; }
  bool repeat() const { return r.repeat; }
  bool fixed_rate_in_run() const { return r.fixed_rate_in_run; }
  double when(const double* x) const { return r.when.eval(x); }
  double rate(const double* x) const { return r.rate.eval(x); }
  template <class F> void effects(F&& f) const { each_effect(r.effects, f); }
};

struct CommitmentView {
  const CommitmentRule& r;
  std::size_t i;
  std::size_t index() const { return i; }
  Slot active() const { return r.active; }
  Slot credibility() const { return r.credibility; }
  Slot perceived() const { return r.perceived; }
  Slot expected() const { return r.expected; }
  Slot deters() const { return r.deters; }
  Slot attacker_p_win() const { return r.attacker_p_win; }
  Slot attacker_cost() const { return r.attacker_cost; }
  Slot cost() const { return r.cost; }
  bool binding() const { return r.binding; }
  bool has_coalition() const { return r.has_coalition; }
  bool observed() const { return r.observed; }
  bool graded() const { return !r.responses.empty(); }
  bool has_lag() const { return r.has_lag; }
  Slot pending() const { return r.pending; }
  double coalition_acts(const double* x) const { return r.coalition_acts.eval(x); }
  Slot bargaining_effect() const { return r.bargaining_effect; }
  Slot raises_fear() const { return r.raises_fear; }
  Slot ceasefire_effect() const { return r.ceasefire_effect; }
  Slot typical_credibility() const { return r.typical_credibility; }
  int beneficiary() const { return r.beneficiary; }
  bool covers_ceasefire() const { return r.covers_ceasefire; }
  double active_when(const double* x) const { return r.active_when.eval(x); }
  double trigger(const double* x) const { return r.trigger.eval(x); }
};

struct DecisionView {
  const DecisionRule& r;
  std::size_t i;
  std::size_t index() const { return i; }
  int actor() const { return r.actor; }
  bool has_on() const { return r.has_on; }
  bool best() const { return r.best; }
  int every_days() const { return r.every_days; }
  Slot precision() const { return r.precision; }
  Slot count() const { return r.count; }
  Slot now() const { return r.now; }
  double when(const double* x) const { return r.when.eval(x); }
  double on(const double* x) const { return r.on.eval(x); }
  bool has_policy() const { return r.has_policy; }
  double policy(const double* x) const { return r.policy.eval(x); }
};

struct ActionView {
  const ActionRule& r;
  std::size_t i;
  std::size_t index() const { return i; }
  std::int64_t position() const { return r.position; }
  bool has_effects() const { return !r.effects.empty(); }
  bool breaks_ceasefire() const { return r.breaks_ceasefire; }
  Slot utility_slot() const { return r.utility_slot; }
  Slot p() const { return r.p; }
  Slot chosen() const { return r.chosen; }
  Slot count() const { return r.count; }
  double utility(const double* x) const { return r.utility.eval(x); }
  template <class F> void effects(F&& f) const { each_effect(r.effects, f); }
};

struct GuarantorView {
  const GuarantorRule& g;
  Slot credibility() const { return g.credibility; }
  Slot expected() const { return g.expected; }
  double honour(const double* x) const { return g.honour.eval(x); }
};

struct ResponseView {
  const ResponseRule& r;
  Slot cost() const { return r.cost; }
  Slot attacker_p_win() const { return r.attacker_p_win; }
  Slot attacker_cost() const { return r.attacker_cost; }
};

struct NegotiationView {
  const NegotiationRule& n;
  bool present() const { return n.present; }
  int party_a() const { return n.party_a; }
  int party_b() const { return n.party_b; }
  int mediator() const { return n.mediator; }
  double p_win(const double* x) const { return n.p_win.eval(x); }
  double cost_a(const double* x) const { return n.cost_a.eval(x); }
  double cost_b(const double* x) const { return n.cost_b.eval(x); }
  double uncertainty(const double* x) const { return n.uncertainty.eval(x); }
  double commitment_problem(const double* x) const { return n.commitment_problem.eval(x); }
  double red_line(const double* x) const { return n.red_line.eval(x); }
  double demand(const double* x) const { return n.demand.eval(x); }
  double when(const double* x) const { return n.when.eval(x); }
  double mediation(const double* x) const { return n.mediation.eval(x); }
  double commitment_problem_b(const double* x) const { return n.commitment_problem_b.eval(x); }
  double demand_premium(const double* x) const { return n.demand_premium.eval(x); }
  bool has_premium() const { return n.has_premium; }
  Slot low() const { return n.low; }
  Slot high() const { return n.high; }
  Slot steps() const { return n.steps; }
  Slot binds_rational_low() const { return n.binds_rational_low; }
  Slot binds_demand() const { return n.binds_demand; }
  Slot binds_rational_high() const { return n.binds_rational_high; }
  Slot binds_red_line() const { return n.binds_red_line; }
  Slot bound() const { return n.bound; }
  bool screening() const { return n.screening; }
  Slot belief_low() const { return n.belief_low; }
  Slot belief_high() const { return n.belief_high; }
  Slot rate() const { return n.rate; }
  Slot full_width() const { return n.full_width; }
  Slot mediation_effect() const { return n.mediation_effect; }
  Slot progress() const { return n.progress; }
  Slot progress_effect() const { return n.progress_effect; }
  Slot range() const { return n.range; }
  Slot settlement() const { return n.settlement; }
  Slot p_win_slot() const { return n.p_win_slot; }
  template <class F> void on_agreement(F&& f) const { each_effect(n.on_agreement, f); }
};

struct CeasefireView {
  const CeasefireRule& c;
  bool present() const { return c.present; }
  bool weibull() const { return c.weibull; }
  bool dmz() const { return c.dmz; }
  bool imposed() const { return c.imposed; }
  bool renegotiate() const { return c.renegotiate; }
  Slot shape() const { return c.shape; }
  Slot scale_days() const { return c.scale_days; }
  Slot constant_rate() const { return c.constant_rate; }
  Slot dmz_effect() const { return c.dmz_effect; }
  Slot imposed_effect() const { return c.imposed_effect; }
  Slot in_force() const { return c.in_force; }
  Slot signed_count() const { return c.signed_count; }
  Slot breached() const { return c.breached; }
  Slot signed_now() const { return c.signed_now; }
  Slot breach_now() const { return c.breach_now; }
  Slot days() const { return c.days; }
  double pressure(const double* x) const { return c.pressure.eval(x); }
  template <class F> void on_breach(F&& f) const { each_effect(c.on_breach, f); }
  // Competing risks.
  bool cure() const { return c.cure; }
  bool incidents() const { return c.incidents; }
  bool beneficiary() const { return c.beneficiary; }
  Slot cure_share() const { return c.cure_share; }
  Slot escalation() const { return c.escalation; }
  Slot monitored_effect() const { return c.monitored_effect; }
  Slot incident_dmz_effect() const { return c.incident_dmz_effect; }
  Slot lasted() const { return c.lasted; }
  Slot incident_count() const { return c.incident_count; }
  Slot incidents_now() const { return c.incidents_now; }
  Slot blamed_beneficiary() const { return c.blamed_beneficiary; }
  Slot breaks_baseline() const { return c.breaks_baseline; }
  Slot breaks_deliberate() const { return c.breaks_deliberate; }
  Slot breaks_incident() const { return c.breaks_incident; }
  Slot breaks_beneficiary() const { return c.breaks_beneficiary; }
  double incident_rate(const double* x) const { return c.incident_rate.eval(x); }
  double monitoring(const double* x) const { return c.monitoring.eval(x); }
  double beneficiary_rate(const double* x) const { return c.beneficiary_rate.eval(x); }
  double attribution(const double* x) const { return c.attribution.eval(x); }
};

struct WarView {
  const WarRule& w;
  bool present() const { return w.present; }
  int every_days() const { return w.every_days; }
  double p_battle(const double* x) const { return w.p_battle.eval(x); }
  double when(const double* x) const { return w.when.eval(x); }
  Slot control0() const { return w.control0; }
  Slot gain() const { return w.gain; }
  Slot alpha_a() const { return w.alpha_a; }
  Slot beta_a() const { return w.beta_a; }
  Slot alpha_b() const { return w.alpha_b; }
  Slot beta_b() const { return w.beta_b; }
  Slot control() const { return w.control; }
  Slot battles() const { return w.battles; }
  Slot won_a() const { return w.won_a; }
  Slot won_b() const { return w.won_b; }
  Slot now() const { return w.now; }
  Slot a_alpha() const { return w.a_alpha; }
  Slot a_beta() const { return w.a_beta; }
  Slot a_mean() const { return w.a_mean; }
  Slot b_alpha() const { return w.b_alpha; }
  Slot b_beta() const { return w.b_beta; }
  Slot b_mean() const { return w.b_mean; }
  Slot disagreement() const { return w.disagreement; }
};

struct OutcomeView {
  const OutcomeRule& o;
  std::size_t i;
  std::size_t index() const { return i; }
  bool is_when() const { return o.kind == OutcomeSpec::Kind::When; }
  double condition(const double* x) const { return o.expr.eval(x); }
};

/// @brief The binding of a Model and a RunState (see step.hpp). `log` may be null; `track`
/// records the tracked variables at the series' points (geosim/series_points.hpp).
struct ModelBinding {
  const Model& m;
  RunState& rs;
  std::vector<LogEntry>* log = nullptr;
  bool track = false;
  double* x = rs.state.data();
  Scratch& w = *rs.scratch;

  int steps() const { return m.steps; }
  int step_days() const { return m.step_days; }
  int horizon_days() const { return m.horizon_days; }
  Slot t_slot() const { return m.t_slot; }
  Slot step_slot() const { return m.step_slot; }
  double lower(Slot s) const { return m.lower[s]; }
  double upper(Slot s) const { return m.upper[s]; }
  void discrete_change() { ++w.epoch; }

  // Rules.
  template <class F> void drifts(F&& f) const {
    for (std::size_t i = 0; i < m.drifts.size(); ++i) f(DriftView{m.drifts[i], i});
  }
  template <class F> void events(F&& f) const {
    for (std::size_t i = 0; i < m.events.size(); ++i) f(EventView{m.events[i], i});
  }
  template <class F> void commitments(F&& f) const {
    for (std::size_t i = 0; i < m.commitments.size(); ++i) f(CommitmentView{m.commitments[i], i});
  }
  template <class F> void guarantors_of(const CommitmentView& c, F&& f) const {
    for (const auto& g : c.r.guarantors) f(GuarantorView{g});
  }
  template <class F> void responses_of(const CommitmentView& c, F&& f) const {
    for (const auto& r : c.r.responses) f(ResponseView{r});
  }
  bool perception() const { return m.perception; }
  Slot record_weight() const { return m.record_weight; }
  int perception_every() const { return m.perception_every; }
  Slot perception_bias() const { return m.perception_bias; }
  Slot scratch_credibility() const { return m.scratch_credibility; }
  Slot scratch_cost() const { return m.scratch_cost; }
  Slot scratch_binding() const { return m.scratch_binding; }
  template <class F> void decisions(F&& f) const {
    for (std::size_t i = 0; i < m.decisions.size(); ++i) f(DecisionView{m.decisions[i], i});
  }
  template <class F> void actions_of(const DecisionView& d, F&& f) const {
    for (std::uint32_t k = d.r.first_action; k < d.r.first_action + d.r.actions; ++k) f(ActionView{m.actions[k], k});
  }
  NegotiationView negotiation() const { return {m.negotiation}; }
  CeasefireView ceasefire() const { return {m.ceasefire}; }
  WarView war() const { return {m.war}; }
  // The passes skip by epochs (sim/epochs.hpp), as native code's do.
  template <class F> void active_pass(F&& f) {
    epoch_pass(w.epoch, w.active_pass, rs.use_epochs, [&](auto&& g) { commitments(g); },
               [&](auto&& g) { each_listed_commitment(m.active_continuous, g); }, f);
  }
  template <class F> void trigger_pass(F&& f) {
    epoch_pass(w.epoch, w.trigger_pass, rs.use_epochs, [&](auto&& g) { commitments(g); },
               [&](auto&& g) { each_listed_commitment(m.trigger_continuous, g); }, f);
  }
  template <class F> void outcome_pass(F&& f) {
    epoch_outcome_pass(
        w.epoch, w.outcome_pass, rs.use_epochs,
        [&](auto&& g) {
          for (std::size_t k = 0; k < m.outcomes.size(); ++k) g(OutcomeView{m.outcomes[k], k});
        },
        [&](auto&& g) {
          for (std::uint32_t k : m.outcome_continuous) g(OutcomeView{m.outcomes[k], k});
        },
        f);
  }

  // Epochs: a program over discrete slots evaluated at epoch E gives the same value while the
  // epoch is still E.
  bool unchanged_active(const CommitmentView& c) { return unchanged(c.r.active_discrete, w.active_epoch[c.i]); }
  bool unchanged_trigger(const CommitmentView& c) { return unchanged(c.r.trigger_discrete, w.trigger_epoch[c.i]); }
  bool unchanged_outcome(const OutcomeView& o) { return unchanged(o.o.discrete, w.outcome_epoch[o.i]); }
  bool unchanged_security() { return unchanged(w.security_discrete, w.security_epoch); }
  double* security_memo() { return w.security_memo; }

  // Per-rule scratch and draws.
  double drift_decay(std::size_t i) const { return w.drift_decay[i]; }
  double drift_sd(std::size_t i) const { return w.drift_sd[i]; }
  double drift_normal(std::size_t i) {
    return random::normal01(w.drift_rng[i]);
  }
  double event_uniform(std::size_t i) { return w.event_rng[i].uniform01(); }
  double event_p(std::size_t i) const { return w.event_p[i]; }
  double negotiation_uniform() { return w.negotiation_rng.uniform01(); }
  double ceasefire_uniform() { return w.ceasefire_rng.uniform01(); }
  double war_uniform() { return w.war_rng.uniform01(); }
  double incident_uniform() { return w.ceasefire_risk_rng[0].uniform01(); }
  double beneficiary_uniform() { return w.ceasefire_risk_rng[1].uniform01(); }
  std::uint8_t& prev_trigger(std::size_t i) { return w.prev_trigger[i]; }
  double decision_uniform(std::size_t i) { return w.decision_rng[i].uniform01(); }
  std::uint8_t& prev_on(std::size_t i) { return w.prev_on[i]; }
  PowMemo& hazard_ratio_memo(std::size_t i) { return w.hazard_ratio_memo[i]; }
  PairMemo& baseline_memo() { return w.baseline_memo; }

  // The engine's parts that both paths call.
  void influence(const Step& s) {
    if (!m.influences.empty()) step_influence(m, rs, s);
  }
  bool invoke(std::size_t ci, const Step& s) { return invoke_commitment(m, rs, ci, s, log); }
  void deliver(std::size_t ci, const Step& s) { deliver_responses(m, rs, ci, s, log); }
  void refresh_credibility() { sim::refresh_credibility(m, rs); }

  // Outcomes and records.
  bool outcome_reached(std::size_t k) const { return rs.outcomes[k].happened; }
  void reach_outcome(std::size_t k, double day) {
    OutcomeValue& v = rs.outcomes[k];
    v.happened = true;
    v.value = 1.0;
    v.time = day;
  }
  void record(int step) {
    if (!track) return;
    const int p = rs.every_step ? step + 1 : series_point_at(m.steps, step + 1);  // geosim/series_points.hpp
    if (p < 0) return;
    for (std::size_t k = 0; k < m.tracked.size(); ++k) rs.tracked[k][static_cast<std::size_t>(p)] = x[m.tracked[k].slot];
  }
  void note(Note kind, const Step& s, int index, int actor, double p, double a, double b, double c) {
    if (log) log->push_back({static_cast<LogEntry::Kind>(kind), s.index, s.day, index, actor, p, a, b, c});
  }

 private:
  bool unchanged(bool discrete, std::uint64_t& seen) { return discrete && rs.use_epochs && unchanged_since(w.epoch, seen); }
  template <class F> void each_listed_commitment(const std::vector<std::uint32_t>& list, F&& f) const {
    for (std::uint32_t i : list) f(CommitmentView{m.commitments[i], i});
  }
};

static_assert(static_cast<int>(Note::Battle) == static_cast<int>(LogEntry::Kind::Battle), "Note mirrors LogEntry::Kind");
static_assert(static_cast<int>(Note::Incident) == static_cast<int>(LogEntry::Kind::Incident), "Note mirrors LogEntry::Kind");
static_assert(static_cast<int>(Note::Offer) == static_cast<int>(LogEntry::Kind::Offer), "Note mirrors LogEntry::Kind");

}  // namespace geosim::sim
