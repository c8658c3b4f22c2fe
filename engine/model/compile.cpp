// SPDX-License-Identifier: Apache-2.0
// Scenario -> Model: assigns slots, compiles expressions (reporting every error with its mark)
// and builds the influence matrices. Name look-ups happen here and never in a run.
#include <algorithm>

#include "model/compiler.hpp"

namespace geosim {

std::uint64_t stable_hash(std::string_view text) {
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

std::optional<Slot> Model::find_slot(std::string_view wanted) const {
  for (std::size_t i = 0; i < slot_names.size(); ++i)
    if (slot_names[i] == wanted) return static_cast<Slot>(i);
  return std::nullopt;
}

namespace {
void optimise_all(std::vector<expr::Effect>& effects) {
  for (auto& e : effects) e.rhs.optimise();
}
}  // namespace

void optimise_programs(Model& m) {
  m.native.reset();  // generated from the programs as they were
  for (auto& d : m.drifts) {
    d.toward.optimise();
    d.rate.optimise();
  }
  for (auto& e : m.events) {
    e.rate.optimise();
    e.when.optimise();
    optimise_all(e.effects);
  }
  for (auto& c : m.commitments) {
    c.active_when.optimise();
    c.trigger.optimise();
    for (auto& g : c.guarantors) g.honour.optimise();
    c.coalition_acts.optimise();
    optimise_all(c.on_honour);
    optimise_all(c.on_renege);
  }
  for (auto& d : m.decisions) {
    d.when.optimise();
    d.on.optimise();
    d.policy.optimise();
  }
  for (auto& a : m.actions) {
    a.utility.optimise();
    optimise_all(a.effects);
  }
  NegotiationRule& n = m.negotiation;
  for (expr::Program* p : {&n.p_win, &n.cost_a, &n.cost_b, &n.uncertainty, &n.commitment_problem, &n.red_line, &n.demand,
                           &n.when, &n.mediation, &n.commitment_problem_b, &n.demand_premium})
    p->optimise();
  optimise_all(n.on_agreement);
  m.ceasefire.pressure.optimise();
  m.war.p_battle.optimise();
  m.war.when.optimise();
  for (expr::Program* p : {&m.ceasefire.incident_rate, &m.ceasefire.monitoring, &m.ceasefire.beneficiary_rate, &m.ceasefire.attribution})
    p->optimise();
  optimise_all(m.ceasefire.on_breach);
  for (auto& o : m.outcomes) {
    o.expr.optimise();
    o.given.optimise();
  }
  m.continuous.assign(m.initial.size(), 0);
  for (Slot s : {m.t_slot, m.step_slot, m.scratch_credibility, m.scratch_cost, m.scratch_binding}) m.continuous[s] = 1;
  for (const auto& d : m.drifts) m.continuous[d.var] = 1;
  for (const auto& r : m.influences)
    for (Slot s : r.members) m.continuous[s] = 1;
  if (m.ceasefire.present) m.continuous[m.ceasefire.days] = m.continuous[m.ceasefire.incident_count] = m.continuous[m.ceasefire.incidents_now] = 1;
  if (m.negotiation.present)
    for (Slot s : {n.range, n.p_win_slot, n.low, n.high, n.steps, n.binds_rational_low, n.binds_demand, n.binds_rational_high,
                   n.binds_red_line, n.bound})
      m.continuous[s] = 1;
  // Battles move the war's names without a discrete change (a deal's new line comes with one).
  if (const WarRule& w = m.war; w.present)
    for (Slot s : {w.control, w.battles, w.won_a, w.won_b, w.now, w.a_alpha, w.a_beta, w.a_mean, w.b_alpha, w.b_beta, w.b_mean,
                   w.disagreement})
      m.continuous[s] = 1;
  // A decision's own names change at every choice, which advances no epoch (only a chosen
  // action's effects or a breach do); perceived credibility moves with the guarantors' state.
  for (const auto& d : m.decisions) m.continuous[d.count] = m.continuous[d.now] = 1;
  for (const auto& a : m.actions) m.continuous[a.utility_slot] = m.continuous[a.p] = m.continuous[a.chosen] = m.continuous[a.count] = 1;
  if (m.perception)
    for (const auto& c : m.commitments) m.continuous[c.expected] = m.continuous[c.perceived] = m.continuous[c.deters] = 1;
  for (auto& c : m.commitments) {
    c.active_discrete = m.discrete(c.active_when);
    c.trigger_discrete = m.discrete(c.trigger);
  }
  for (auto& o : m.outcomes) o.discrete = o.kind == OutcomeSpec::Kind::When && m.discrete(o.expr);
  m.active_continuous.clear();
  m.trigger_continuous.clear();
  m.outcome_continuous.clear();
  for (std::uint32_t i = 0; i < m.commitments.size(); ++i) {
    if (!m.commitments[i].active_discrete) m.active_continuous.push_back(i);
    if (!m.commitments[i].trigger_discrete) m.trigger_continuous.push_back(i);
  }
  for (std::uint32_t i = 0; i < m.outcomes.size(); ++i)
    if (m.outcomes[i].kind == OutcomeSpec::Kind::When && !m.outcomes[i].discrete) m.outcome_continuous.push_back(i);
  // Which commitments' perceived credibility anything reads.
  std::vector<std::uint8_t> read(m.initial.size(), 0);
  const auto mark = [&](const expr::Program& p) {
    for (std::uint32_t slot : p.reads())
      if (slot < read.size()) read[slot] = 1;
  };
  const auto mark_all = [&](const std::vector<expr::Effect>& list) {
    for (const auto& e : list) mark(e.rhs);
  };
  for (const auto& d : m.drifts) { mark(d.toward); mark(d.rate); }
  for (const auto& e : m.events) { mark(e.rate); mark(e.when); mark_all(e.effects); }
  for (const auto& c : m.commitments) {
    mark(c.active_when); mark(c.trigger); mark(c.coalition_acts);
    for (const auto& g : c.guarantors) mark(g.honour);
    mark_all(c.on_honour); mark_all(c.on_renege);
    for (const auto& r : c.responses) mark_all(r.effects);
  }
  for (const auto& d : m.decisions) { mark(d.when); mark(d.on); mark(d.policy); }
  for (const auto& a : m.actions) { mark(a.utility); mark_all(a.effects); }
  for (const expr::Program* p : {&n.p_win, &n.cost_a, &n.cost_b, &n.uncertainty, &n.commitment_problem, &n.red_line, &n.demand,
                                 &n.when, &n.mediation, &m.ceasefire.pressure, &m.ceasefire.incident_rate, &m.ceasefire.monitoring,
                                 &m.ceasefire.beneficiary_rate, &m.ceasefire.attribution, &n.commitment_problem_b, &n.demand_premium})
    mark(*p);
  mark_all(n.on_agreement);
  mark(m.war.p_battle);
  mark(m.war.when);
  mark_all(m.ceasefire.on_breach);
  for (const auto& o : m.outcomes) { mark(o.expr); mark(o.given); }
  bool sampled_bargaining = false;
  for (auto& c : m.commitments) {
    sampled_bargaining = m.initial[c.raises_fear] != 0.0;  // the security dilemma reads it too
    for (const auto& sm : m.sampled) sampled_bargaining = sampled_bargaining || sm.slot == c.bargaining_effect || sm.slot == c.raises_fear;
    const bool party = n.present && (c.beneficiary == n.party_a || c.beneficiary == n.party_b);
    c.observed = (m.ceasefire.present && c.covers_ceasefire) ||
                 (party && (sampled_bargaining || m.initial[c.bargaining_effect] != 0.0)) || read[c.expected] != 0 || read[c.perceived] != 0 || read[c.deters] != 0 ||
                 std::any_of(c.guarantors.begin(), c.guarantors.end(), [&](const GuarantorRule& g) { return read[g.expected] != 0; });
  }
  for (auto& d : m.drifts) d.fixed_in_run = m.fixed_in_run(d.rate) && d.noise < m.run_constant.size() && m.run_constant[d.noise];
  for (auto& e : m.events) e.fixed_rate_in_run = m.fixed_in_run(e.rate);
}

bool Model::discrete(const expr::Program& p) const {
  for (std::uint32_t slot : p.reads())
    if (slot >= continuous.size() || continuous[slot] != 0) return false;
  return true;
}

bool Model::fixed_in_run(const expr::Program& p) const {
  for (std::uint32_t slot : p.reads())
    if (slot >= run_constant.size() || run_constant[slot] == 0) return false;
  return true;
}

std::optional<Model> compile_model(const Scenario& s, Diagnostics& diags) { return detail::Compiler(s, diags).run(); }

}  // namespace geosim
