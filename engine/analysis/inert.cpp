// SPDX-License-Identifier: Apache-2.0
// Uncertain numbers that cannot reach any outcome: a static dependency walk over the compiled
// model. Each mechanism is one node, with the slots it reads (its programs' reads, its number
// slots, the commitments and ceasefire state it consults) and the slots it writes; starting from
// what the outcomes read, every node that writes a needed slot makes all its inputs needed, until
// nothing changes. Coarse on purpose (a node's inputs all count for all its outputs), so it never
// calls a number inert that can matter.
#include <algorithm>

#include "geosim/analysis.hpp"

namespace geosim::analysis {

namespace {

struct Node {
  std::vector<Slot> in, out;
};

void reads(std::vector<Slot>& to, const expr::Program& p) {
  for (std::uint32_t s : p.reads()) to.push_back(s);
}

void effects(Node& n, const std::vector<expr::Effect>& list) {
  for (const auto& e : list) {
    n.out.push_back(e.target);
    reads(n.in, e.rhs);
  }
}

Node commitment_node(const Model& m, const CommitmentRule& c) {
  Node n;
  for (const expr::Program* p : {&c.active_when, &c.trigger, &c.coalition_acts}) reads(n.in, *p);
  for (const auto& g : c.guarantors) {
    reads(n.in, g.honour);
    n.out.insert(n.out.end(), {g.honoured, g.reneged, g.credibility, g.expected, g.level, g.responding});
  }
  // The response ladder: each rung's cost enters the decisions, its attacker terms `deters`, and
  // its effects change state.
  for (const auto& r : c.responses) {
    n.in.insert(n.in.end(), {r.cost, r.attacker_p_win, r.attacker_cost});
    n.out.push_back(r.count);
    effects(n, r.effects);
  }
  n.in.push_back(c.response_lag);
  n.out.insert(n.out.end(), {c.pending, c.level});
  n.in.insert(n.in.end(), {c.cost, c.spillover, c.correlation, c.prior_honoured, c.prior_reneged, c.attacker_p_win,
                           c.attacker_cost, m.scratch_credibility, m.scratch_cost, m.scratch_binding});
  if (m.perception) n.in.insert(n.in.end(), {m.record_weight, m.perception_bias});
  n.out.insert(n.out.end(), {c.invoked, c.honoured, c.reneged, c.credibility, c.active, c.expected, c.perceived, c.deters});
  effects(n, c.on_honour);
  effects(n, c.on_renege);
  return n;
}

std::vector<Node> nodes(const Model& m) {
  std::vector<Node> out;
  for (const auto& d : m.drifts) {
    Node n{{d.var, d.noise}, {d.var}};
    reads(n.in, d.toward);
    reads(n.in, d.rate);
    out.push_back(std::move(n));
  }
  for (const auto& r : m.influences) {
    Node n{r.members, r.members};
    n.in.insert(n.in.end(), r.stubbornness.begin(), r.stubbornness.end());
    out.push_back(std::move(n));
  }
  for (const auto& e : m.events) {
    Node n{{}, {e.count, e.now}};
    reads(n.in, e.rate);
    reads(n.in, e.when);
    effects(n, e.effects);
    out.push_back(std::move(n));
  }
  // Reputation spills over between the commitments of one guarantor: each one's node also takes
  // the inputs of every commitment sharing a guarantor with it.
  std::vector<Node> commitments;
  for (const auto& c : m.commitments) commitments.push_back(commitment_node(m, c));
  for (std::size_t i = 0; i < m.commitments.size(); ++i)
    for (std::size_t j = 0; j < m.commitments.size(); ++j) {
      if (i == j) continue;
      bool shared = false;
      for (const auto& g : m.commitments[i].guarantors)
        for (const auto& h : m.commitments[j].guarantors) shared = shared || g.actor == h.actor;
      if (shared) commitments[i].in.insert(commitments[i].in.end(), commitments[j].in.begin(), commitments[j].in.end());
    }
  out.insert(out.end(), commitments.begin(), commitments.end());
  const CeasefireRule& cf = m.ceasefire;
  const std::vector<Slot> cf_state = cf.present ? std::vector<Slot>{cf.in_force, cf.signed_count, cf.breached, cf.signed_now,
                                                                     cf.breach_now, cf.days}
                                                : std::vector<Slot>{};
  for (const auto& d : m.decisions) {
    Node n{{d.precision}, {d.count, d.now}};
    reads(n.in, d.when);
    reads(n.in, d.on);
    bool breaks = false;
    for (std::uint32_t k = d.first_action; k < d.first_action + d.actions; ++k) {
      const ActionRule& a = m.actions[k];
      reads(n.in, a.utility);
      n.out.insert(n.out.end(), {a.utility_slot, a.p, a.chosen, a.count});
      effects(n, a.effects);
      breaks = breaks || a.breaks_ceasefire;
    }
    if (breaks) {
      n.in.insert(n.in.end(), cf_state.begin(), cf_state.end());
      n.out.insert(n.out.end(), cf_state.begin(), cf_state.end());
      effects(n, cf.on_breach);
    }
    out.push_back(std::move(n));
  }
  const NegotiationRule& ng = m.negotiation;
  if (ng.present) {
    Node n{{ng.rate, ng.full_width, ng.mediation_effect, ng.progress, ng.progress_effect, ng.belief_low, ng.belief_high},
           {ng.range, ng.settlement, ng.p_win_slot, ng.low, ng.high, ng.steps, ng.binds_rational_low, ng.binds_demand,
            ng.binds_rational_high, ng.binds_red_line, ng.bound}};
    for (const expr::Program* p : {&ng.p_win, &ng.cost_a, &ng.cost_b, &ng.uncertainty, &ng.commitment_problem, &ng.red_line,
                                   &ng.demand, &ng.when, &ng.mediation, &ng.commitment_problem_b, &ng.demand_premium})
      reads(n.in, *p);
    for (const auto& c : m.commitments)
      if (c.beneficiary == ng.party_a || c.beneficiary == ng.party_b)
        n.in.insert(n.in.end(), {c.bargaining_effect, c.raises_fear, c.perceived});
    n.in.insert(n.in.end(), cf_state.begin(), cf_state.end());
    n.out.insert(n.out.end(), cf_state.begin(), cf_state.end());
    effects(n, ng.on_agreement);
    out.push_back(std::move(n));
  }
  // War (sim/war.hpp): its battles read p_battle and when, its run constants and whether a
  // ceasefire is in force, and a signed deal moves its line to the settlement.
  const WarRule& w = m.war;
  if (w.present) {
    Node n{{w.control0, w.gain, w.alpha_a, w.beta_a, w.alpha_b, w.beta_b},
           {w.control, w.battles, w.won_a, w.won_b, w.now, w.a_alpha, w.a_beta, w.a_mean, w.b_alpha, w.b_beta, w.b_mean,
            w.disagreement}};
    reads(n.in, w.p_battle);
    reads(n.in, w.when);
    n.in.insert(n.in.end(), cf_state.begin(), cf_state.end());
    if (ng.present) n.in.push_back(ng.settlement);
    out.push_back(std::move(n));
  }
  if (cf.present) {
    Node n{{cf.shape, cf.scale_days, cf.constant_rate, cf.dmz_effect, cf.imposed_effect}, cf_state};
    n.in.insert(n.in.end(), cf_state.begin(), cf_state.end());
    reads(n.in, cf.pressure);
    effects(n, cf.on_breach);
    for (const auto& c : m.commitments)
      if (c.covers_ceasefire) n.in.insert(n.in.end(), {c.active, c.ceasefire_effect, c.perceived});
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace

std::vector<UncertainParameter> inert_parameters(const Model& m) {
  std::vector<std::uint8_t> needed(m.initial.size(), 0);
  const auto need = [&](Slot s) {
    if (s < needed.size()) needed[s] = 1;
  };
  for (const auto& o : m.outcomes) {
    for (std::uint32_t s : o.expr.reads()) need(s);
    for (std::uint32_t s : o.given.reads()) need(s);
    if (o.kind == OutcomeSpec::Kind::Count && o.event >= 0) need(m.events[static_cast<std::size_t>(o.event)].count);
  }
  std::vector<Node> graph = nodes(m);
  std::vector<std::uint8_t> done(graph.size(), 0);
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t k = 0; k < graph.size(); ++k) {
      if (done[k]) continue;
      const Node& n = graph[k];
      if (std::none_of(n.out.begin(), n.out.end(), [&](Slot s) { return s < needed.size() && needed[s]; })) continue;
      done[k] = 1;
      changed = true;
      for (Slot s : n.in) need(s);
    }
  }
  std::vector<UncertainParameter> inert;
  for (auto& p : uncertain_parameters(m))
    if (std::none_of(p.sampled.begin(), p.sampled.end(), [&](std::size_t i) { return needed[m.sampled[i].slot] != 0; }))
      inert.push_back(std::move(p));
  return inert;
}

}  // namespace geosim::analysis
