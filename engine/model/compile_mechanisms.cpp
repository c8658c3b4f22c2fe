// SPDX-License-Identifier: Apache-2.0
// One compile step per mechanism: dynamics, events, commitments, negotiation, ceasefire, outcomes.
#include <limits>
#include <set>

#include <Eigen/Dense>

#include "model/compiler.hpp"
#include "scenario/format.hpp"

namespace geosim::detail {

void Compiler::compile_dynamics() {
  for (const auto& dr : s_.drifts) {
    std::string where = fmt::format("drift of '{}'", dr.variable);
    auto it = index_.find(dr.variable);
    if (it == index_.end() || !writable_[it->second]) {
      expr::Resolved r = resolve(dr.variable, nullptr, false);
      if (r.ok)
        d_.error(dr.mark, fmt::format("{}: only actor and bloc variables can drift", where), "name a variable as ACTOR.var");
      else
        d_.error(dr.mark, fmt::format("drift: {}", r.message.substr(0, r.message.find("; "))),
                 r.message.find("; ") == std::string::npos ? std::string("name a variable of an actor or bloc, as ACTOR.var")
                                                          : r.message.substr(r.message.find("; ") + 2));
      continue;
    }
    DriftRule rule;
    rule.var = it->second;
    rule.toward = dr.toward.present ? program(dr.toward, where, 0.0) : constant(m_.initial[rule.var]);
    if (!dr.toward.present) {  // default target: the variable's own (possibly sampled) initial value
      Slot initial = add("#" + dr.variable + ".initial", m_.initial[rule.var], false);
      m_.run_constant[initial] = 1;  // a copy of the variable's starting value
      rule.toward.code = {{expr::Op::Load, initial, 0.0}};
      std::vector<SampledSlot> copies;  // same stream as the variable: the same draw every run
      for (const auto& sm : m_.sampled)
        if (sm.slot == rule.var) copies.push_back({initial, sm.dist, sm.lo, sm.hi, sm.stream, sm.path + ".initial"});
      m_.sampled.insert(m_.sampled.end(), copies.begin(), copies.end());
    }
    rule.rate = program(dr.rate, where, 0.0);
    rule.noise = number(fmt::format("dynamics.{}.noise", dr.variable), dr.noise, 0.0);
    rule.stream = stable_hash("drift:" + dr.variable);
    m_.drifts.push_back(std::move(rule));
  }
  for (const auto& inf : s_.influences) {
    std::string where = fmt::format("influence of '{}'", inf.variable);
    const RelationSpec* rel = nullptr;
    for (const auto& r : s_.relations)
      if (r.id == inf.relation) rel = &r;
    if (rel == nullptr) continue;  // reported by the reader
    InfluenceRule rule;
    std::vector<int> who;
    std::vector<std::string> ids = inf.actors;
    if (ids.empty())
      for (const auto& a : s_.actors) ids.push_back(a.id);
    for (const auto& id : ids) {
      auto it = index_.find(id + "." + inf.variable);
      if (it == index_.end()) {
        if (!inf.actors.empty())
          d_.error(inf.mark, fmt::format("{}: actor '{}' has no variable '{}'", where, id, inf.variable),
                   "add the variable to the actor or remove it from 'actors'");
        continue;
      }
      rule.members.push_back(it->second);
      who.push_back(actor_index(id));
    }
    if (rule.members.size() < 2) {
      d_.error(inf.mark, fmt::format("{}: fewer than two actors have the variable '{}'", where, inf.variable),
               "give the variable to at least two actors");
      continue;
    }
    auto n = static_cast<Eigen::Index>(rule.members.size());
    Eigen::MatrixXd w = Eigen::MatrixXd::Constant(n, n, rel->fill);
    w.diagonal().setConstant(rel->diagonal);
    for (const auto& e : rel->entries) {
      Eigen::Index i = -1, j = -1;
      for (Eigen::Index k = 0; k < n; ++k) {
        if (m_.actor_ids[static_cast<std::size_t>(who[static_cast<std::size_t>(k)])] == e.from) i = k;
        if (m_.actor_ids[static_cast<std::size_t>(who[static_cast<std::size_t>(k)])] == e.to) j = k;
      }
      if (i < 0 || j < 0) continue;
      w(i, j) = e.value;
      if (rel->symmetric) w(j, i) = e.value;
    }
    if ((w.array() < 0).any()) {
      d_.error(inf.mark, fmt::format("{}: relation '{}' has negative ties", where, rel->id),
               "influence needs non-negative weights; use a separate relation for hostility");
      continue;
    }
    for (Eigen::Index i = 0; i < n; ++i) {
      double sum = w.row(i).sum();
      if (sum <= 0) {
        w(i, i) = 1.0;
        sum = 1.0;
      }
      w.row(i) /= sum;
    }
    // Sparse when at most a quarter of W is non-zero (ties of a large, loosely connected group).
    const auto nonzero = static_cast<std::size_t>((w.array() != 0.0).count());
    if (4 * nonzero <= static_cast<std::size_t>(n * n)) {
      rule.col_start.push_back(0);
      for (Eigen::Index j = 0; j < n; ++j) {
        for (Eigen::Index i = 0; i < n; ++i)
          if (w(i, j) != 0.0) {
            rule.row.push_back(static_cast<std::uint32_t>(i));
            rule.value.push_back(w(i, j));
          }
        rule.col_start.push_back(static_cast<std::uint32_t>(rule.row.size()));
      }
    } else {
      rule.weights.assign(w.data(), w.data() + w.size());
    }
    Slot stub = number(fmt::format("dynamics.{}.stubbornness", inf.variable), inf.stubbornness, 0.0, 1.0);
    rule.stubbornness.assign(rule.members.size(), stub);
    m_.influences.push_back(std::move(rule));
  }
}

void Compiler::compile_events() {
  for (const auto& e : s_.events) {
    std::string where = fmt::format("event '{}'", e.id);
    EventRule rule;
    rule.id = e.id;
    rule.describe = e.describe;
    rule.actor = e.actor.empty() ? -1 : actor_index(e.actor);
    rule.rate = program(e.rate, where + ": rate", 0.0);
    rule.when = program(e.when, where + ": when", 1.0);
    rule.repeat = e.repeat;
    rule.effects = effects(e.effects, where + ": effect");
    rule.count = must("events." + e.id + ".count");
    rule.now = must("events." + e.id + ".now");
    rule.stream = stable_hash("event:" + e.id);
    m_.events.push_back(std::move(rule));
  }
}

void Compiler::compile_commitments() {
  std::vector<std::vector<int>> by_actor(m_.actor_ids.size());
  for (const auto& c : s_.commitments) {
    if (!c.enabled) continue;
    std::string where = fmt::format("commitment '{}'", c.id);
    std::string path = "commitments." + c.id;
    CommitmentRule rule;
    rule.id = c.id;
    rule.type = c.type;
    rule.beneficiary = actor_index(c.beneficiary);
    rule.binding = c.binding;
    const NegotiationSpec& neg = s_.negotiation;
    rule.covers_ceasefire = !neg.present || c.beneficiary == neg.party_a || c.beneficiary == neg.party_b;
    rule.active_when = program(c.active_when, where + ": active_when", 1.0);
    rule.trigger = program(c.trigger, where + ": trigger", 0.0);
    rule.has_coalition = c.coalition_acts.present;
    rule.coalition_acts = program(c.coalition_acts, where + ": coalition_acts", 1.0);
    rule.correlation = number(path + ".correlation", c.correlation, 0.0, 1.0);
    rule.cost = number(path + ".cost", c.cost, 0.0, 1.0);
    rule.spillover = number(path + ".spillover", c.spillover, 0.0, 1.0);
    rule.ceasefire_effect = number(path + ".ceasefire_effect", c.ceasefire_effect, 0.0);
    rule.bargaining_effect = number(path + ".bargaining_effect", c.bargaining_effect, 0.0, 1.0);
    rule.prior_honoured = number(path + ".prior.0", c.prior_honoured, 1e-9);
    rule.prior_reneged = number(path + ".prior.1", c.prior_reneged, 1e-9);
    double typical = 0.5;
    for (const auto& t : scenario::commitment_types())
      if (t.name == c.type) typical = t.prior_honoured / (t.prior_honoured + t.prior_reneged);
    rule.typical_credibility = add("#" + path + ".typical_credibility", typical, false);
    m_.run_constant[rule.typical_credibility] = 1;
    rule.on_honour = effects(c.on_honour, where + ": on_honour");
    rule.on_renege = effects(c.on_renege, where + ": on_renege");
    for (const ResponseSpec& r : c.responses) {
      const std::string rp = path + ".responses." + r.id;
      ResponseRule rr;
      rr.id = r.id;
      rr.cost = number(rp + ".cost", r.cost, 0.0, 1.0);
      rr.attacker_p_win = number(rp + ".attacker_p_win", r.attacker_p_win, -1.0, 1.0);
      rr.attacker_cost = number(rp + ".attacker_cost", r.attacker_cost, -10.0, 10.0);
      rr.effects = effects(r.effects, fmt::format("{}: response '{}'", where, r.id));
      rr.count = must(rp + ".count");
      rule.responses.push_back(std::move(rr));
    }
    rule.response_lag = number(path + ".response_lag_days", c.response_lag_days, 0.0, 36500.0);
    rule.has_lag = c.response_lag_days.dist.uncertain() || c.response_lag_days.dist.a > 0;
    rule.pending = must(path + ".pending");
    rule.level = must(path + ".level");
    rule.expected = must(path + ".expected");
    rule.perceived = must(path + ".perceived");
    rule.deters = must(path + ".deters");
    rule.attacker_p_win = number(path + ".attacker_p_win", c.attacker_p_win, -1.0, 1.0);
    rule.attacker_cost = number(path + ".attacker_cost", c.attacker_cost, -10.0, 10.0);
    rule.raises_fear = number(path + ".raises_fear", c.raises_fear, 0.0, 1.0);
    for (const char* k : {"invoked", "honoured", "reneged", "credibility", "active"}) {
      Slot slot = must(fmt::format("{}.{}", path, k));
      std::string_view key = k;
      if (key == "invoked") rule.invoked = slot;
      if (key == "honoured") rule.honoured = slot;
      if (key == "reneged") rule.reneged = slot;
      if (key == "credibility") rule.credibility = slot;
      if (key == "active") rule.active = slot;
    }
    // Guarantors: blocs stand for their members; each actor decides once per invocation.
    std::vector<int> records;
    for (const auto& a : deciding(c)) {
      int idx = actor_index(a);
      if (idx < 0) continue;
      const std::string member = fmt::format("{}.members.{}.", path, a);
      rule.guarantors.push_back({idx, program(c.honour, where + ": honour", 0.5, &a, true), must(member + "honoured"),
                                 must(member + "reneged"), must(member + "credibility"), must(member + "expected"),
                                 must(member + "level"), must(member + "responding"), must("#" + member + "due")});
      records.push_back(m_.reputation_records);
      by_actor[static_cast<std::size_t>(idx)].push_back(m_.reputation_records);
      ++m_.reputation_records;
    }
    rule.stream = stable_hash("commitment:" + c.id);
    m_.reputation_index.push_back(records);
    m_.commitments.push_back(std::move(rule));
  }
  m_.reputation_peers.assign(static_cast<std::size_t>(m_.reputation_records), {});
  for (const auto& list : by_actor)
    for (int r : list)
      for (int other : list)
        if (other != r) m_.reputation_peers[static_cast<std::size_t>(r)].push_back(other);
}

void Compiler::compile_perception() {
  const PerceptionSpec& p = s_.perception;
  if (!p.present) return;
  m_.perception = true;
  m_.record_weight = number("perception.record_weight", p.record_weight, 0.0, 1.0);
  m_.perception_bias = number("perception.bias", p.bias, -1.0, 1.0);
  m_.perception_every = p.every_days;
}

namespace {

// A policy as one program of the step's start day t: -1 + sum over its pieces of
// [from <= t] * [t < to] * (position + 1). The pieces do not overlap (checked when read), so at
// most one term is non-zero; a sum keeps the stack at 4 however many pieces there are (a chain
// of if() would grow it by 2 a piece).
expr::Program policy_program(const DecisionSpec& x, Slot t) {
  using expr::Op;
  expr::Program p;
  p.code.push_back({Op::Const, 0, -1.0});
  for (std::size_t i = 0; i < x.policy.size(); ++i) {
    const PolicyStepSpec& piece = x.policy[i];
    double to = std::numeric_limits<double>::infinity();
    if (piece.to_day >= 0) to = piece.to_day;
    else if (i + 1 < x.policy.size()) to = x.policy[i + 1].from_day;
    std::size_t pos = 0;
    while (pos < x.actions.size() && x.actions[pos].id != piece.action) ++pos;
    p.code.push_back({Op::Load, t, 0.0});
    p.code.push_back({Op::Const, 0, static_cast<double>(piece.from_day)});
    p.code.push_back({Op::Ge, 0, 0.0});
    p.code.push_back({Op::Load, t, 0.0});
    p.code.push_back({Op::Const, 0, to});
    p.code.push_back({Op::Lt, 0, 0.0});
    p.code.push_back({Op::Mul, 0, 0.0});
    p.code.push_back({Op::Const, 0, static_cast<double>(pos + 1)});
    p.code.push_back({Op::Mul, 0, 0.0});
    p.code.push_back({Op::Add, 0, 0.0});
  }
  p.max_stack = 4;
  return p;
}

}  // namespace

void Compiler::compile_decisions() {
  for (const auto& x : s_.decisions) {
    std::string where = fmt::format("decision '{}'", x.id);
    std::string path = "decisions." + x.id;
    DecisionRule rule;
    rule.id = x.id;
    rule.describe = x.describe;
    rule.actor = actor_index(x.actor);
    rule.when = program(x.when, where + ": when", 1.0, &x.actor, false);
    rule.has_on = x.on.present;
    rule.on = program(x.on, where + ": on", 0.0, &x.actor, false);
    rule.best = x.best;
    rule.every_days = x.every_days;
    rule.precision = number(path + ".precision", x.precision, 0.0);
    rule.count = must(path + ".count");
    rule.now = must(path + ".now");
    rule.first_action = static_cast<std::uint32_t>(m_.actions.size());
    rule.actions = static_cast<std::uint32_t>(x.actions.size());
    rule.stream = stable_hash("decision:" + x.id);
    rule.has_policy = !x.policy.empty();
    rule.policy = rule.has_policy ? policy_program(x, m_.t_slot) : constant(-1.0);
    for (std::size_t k = 0; k < x.actions.size(); ++k) {
      const ActionSpec& a = x.actions[k];
      std::string aw = fmt::format("{}: action '{}'", where, a.id);
      std::string ap = fmt::format("{}.{}", path, a.id);
      ActionRule ar;
      ar.id = a.id;
      ar.describe = a.describe;
      ar.decision = static_cast<int>(m_.decisions.size());
      ar.position = static_cast<int>(k);
      ar.utility = program(a.utility, aw + ": utility", 0.0, &x.actor, false);
      ar.effects = effects(a.effects, aw + ": effect", &x.actor);
      ar.breaks_ceasefire = a.breaks_ceasefire;
      ar.utility_slot = must(ap + ".utility");
      ar.p = must(ap + ".p");
      ar.chosen = must(ap + ".chosen");
      ar.count = must(ap + ".count");
      m_.actions.push_back(std::move(ar));
    }
    m_.decisions.push_back(std::move(rule));
  }
}

void Compiler::compile_negotiation() {
  const NegotiationSpec& n = s_.negotiation;
  if (!n.present) return;
  NegotiationRule& r = m_.negotiation;
  r.present = true;
  r.party_a = actor_index(n.party_a);
  r.party_b = actor_index(n.party_b);
  r.mediator = n.mediator.empty() ? -1 : actor_index(n.mediator);
  std::string w = "'negotiation'";
  r.p_win = program(n.p_win, w + ": p_win", 0.5);
  r.cost_a = program(n.cost_a, w + ": cost to A", 0.0);
  r.cost_b = program(n.cost_b, w + ": cost to B", 0.0);
  r.uncertainty = program(n.uncertainty, w + ": uncertainty", 0.0);
  r.commitment_problem = program(n.commitment_problem, w + ": commitment_problem", 0.0);
  r.red_line = program(n.red_line, w + ": red_line", 1.0);
  r.demand = program(n.demand, w + ": demand", 0.0);
  r.when = program(n.when, w + ": when", 1.0);
  r.mediation = program(n.mediation, w + ": mediation", r.mediator >= 0 ? 1.0 : 0.0);
  r.rate = number("negotiation.rate", n.rate, 0.0);
  r.full_width = number("negotiation.full_width", n.full_width, 1e-9);
  r.mediation_effect = number("negotiation.mediation_effect", n.mediation_effect, 0.0);
  r.progress = number("negotiation.progress", n.progress, 0.0, 1.0);
  r.progress_effect = number("negotiation.progress_effect", n.progress_effect, 0.0);
  r.on_agreement = effects(n.on_agreement, w + ": on_agreement");
  r.range = must("negotiation.range");
  r.settlement = must("negotiation.settlement");
  r.p_win_slot = must("negotiation.p_win");
  r.commitment_problem_b = program(n.commitment_problem_b, w + ": commitment_problem_b", 0.0);
  r.has_premium = n.demand_premium.present;
  r.demand_premium = program(n.demand_premium, w + ": demand_premium", 0.0);
  r.low = must("negotiation.low");
  r.high = must("negotiation.high");
  r.steps = must("negotiation.steps");
  r.binds_rational_low = must("negotiation.binds.rational_low");
  r.binds_demand = must("negotiation.binds.demand");
  r.binds_rational_high = must("negotiation.binds.rational_high");
  r.binds_red_line = must("negotiation.binds.red_line");
  r.bound = must("#negotiation.bound");
  r.screening = n.screening;
  r.belief_low = number("negotiation.cost_b_belief.0", n.belief_low, -10.0, 10.0);
  r.belief_high = number("negotiation.cost_b_belief.1", n.belief_high, -10.0, 10.0);
  r.stream = stable_hash("negotiation");
  if (!s_.ceasefire.present)
    d_.error(n.mark, "'negotiation' needs a 'ceasefire' section: an agreement starts a ceasefire",
             "add ceasefire: {breach: {weibull: {shape: 0.6, scale_days: 400}}}");
}

void Compiler::compile_ceasefire() {
  const CeasefireSpec& c = s_.ceasefire;
  if (!c.present) return;
  CeasefireRule& r = m_.ceasefire;
  r.present = true;
  r.in_force_at_start = c.in_force_at_start;
  r.weibull = c.weibull;
  r.dmz = c.dmz;
  r.imposed = c.imposed;
  r.renegotiate = c.renegotiate;
  r.shape = number("ceasefire.breach.weibull.shape", c.shape, 1e-9);
  r.scale_days = number("ceasefire.breach.weibull.scale_days", c.scale_days, 1e-9);
  r.constant_rate = number("ceasefire.breach.constant", c.constant_rate, 0.0);
  r.dmz_effect = number("ceasefire.dmz_effect", c.dmz_effect, 0.0);
  r.imposed_effect = number("ceasefire.imposed_effect", c.imposed_effect, 0.0);
  r.pressure = program(c.pressure, "'ceasefire': pressure", 0.0);
  r.on_breach = effects(c.on_breach, "'ceasefire': on_breach");
  r.in_force = must("ceasefire.in_force");
  r.signed_count = must("ceasefire.signed");
  r.breached = must("ceasefire.breached");
  r.signed_now = must("ceasefire.signed_now");
  r.breach_now = must("ceasefire.breach_now");
  r.days = must("ceasefire.days");
  if (c.in_force_at_start) {
    m_.initial[r.in_force] = 1.0;
    m_.initial[r.signed_count] = 1.0;
  }
  r.stream = stable_hash("ceasefire");
  compile_ceasefire_risks();
}

// The split-population baseline, incidents and breaches by the beneficiary (ceasefire.hpp).
void Compiler::compile_ceasefire_risks() {
  const CeasefireSpec& c = s_.ceasefire;
  CeasefireRule& r = m_.ceasefire;
  r.cure = c.has_cure;
  if (c.has_cure) r.cure_share = number("ceasefire.breach.cure", c.cure, 0.0, 1.0);
  r.incidents = c.incidents.present;
  if (r.incidents) {
    r.incident_rate = program(c.incidents.rate, "'ceasefire': 'incidents': rate", 0.0);
    r.monitoring = program(c.incidents.monitoring, "'ceasefire': 'incidents': monitoring", 0.0);
    r.escalation = number("ceasefire.incidents.escalation", c.incidents.escalation, 0.0, 1.0);
    r.monitored_effect = number("ceasefire.incidents.monitored_effect", c.incidents.monitored_effect, 0.0);
    r.incident_dmz_effect = number("ceasefire.incidents.dmz_effect", c.incidents.dmz_effect, 0.0);
  }
  r.beneficiary = c.beneficiary.present;
  if (r.beneficiary) {
    r.beneficiary_rate = program(c.beneficiary.rate, "'ceasefire': 'beneficiary_breach': rate", 0.0);
    r.attribution = program(c.beneficiary.attribution, "'ceasefire': 'beneficiary_breach': attribution", 0.5);
    r.beneficiary_actor = actor_index(c.beneficiary.actor);
  }
  r.lasted = must("ceasefire.lasted");
  r.incident_count = must("ceasefire.violations");
  r.incidents_now = must("ceasefire.violations_now");
  r.blamed_beneficiary = must("ceasefire.blamed_beneficiary");
  r.breaks_baseline = must("ceasefire.breaks.baseline");
  r.breaks_deliberate = must("ceasefire.breaks.deliberate");
  r.breaks_incident = must("ceasefire.breaks.incident");
  r.breaks_beneficiary = must("ceasefire.breaks.beneficiary");
  r.incident_stream = stable_hash("ceasefire:incidents");
  r.beneficiary_stream = stable_hash("ceasefire:beneficiary_breach");
}

void Compiler::compile_outcomes() {
  for (const auto& o : s_.outcomes) {
    OutcomeRule r;
    r.id = o.id;
    r.label = o.label;
    r.kind = o.kind;
    std::string where = fmt::format("outcome '{}'", o.id);
    if (o.kind == OutcomeSpec::Kind::Count) {
      for (std::size_t i = 0; i < m_.events.size(); ++i)
        if (m_.events[i].id == o.event) r.event = static_cast<int>(i);
    } else {
      r.expr = program(o.expr, where, 0.0);
    }
    if (o.given.present) {
      r.conditional = true;
      r.given = program(o.given, where + ": given", 1.0);
      r.given_text = o.given.text.empty() ? fmt::format("{}", o.given.number.dist.a) : o.given.text;
    }
    r.share_of = o.share_of;
    m_.outcomes.push_back(std::move(r));
  }
}

// war: the priors and gain are run constants (sampled when uncertain); the war.* names start
// at the priors (sim/war.hpp) and are reset at every run's start with the rest of the state.
void Compiler::compile_war() {
  const WarSpec& w = s_.war;
  if (!w.present) return;
  WarRule& r = m_.war;
  r.present = true;
  r.party_a = actor_index(w.party_a);
  r.party_b = actor_index(w.party_b);
  r.every_days = w.every_days;
  r.p_battle = program(w.p_battle, "'war': p_battle", 0.5);
  r.when = program(w.when, "'war': when", 1.0);
  r.gain = number("war.gain", w.gain, 0.0, 1.0);
  r.alpha_a = number("war.belief_a.alpha", w.alpha_a, 1e-9);
  r.beta_a = number("war.belief_a.beta", w.beta_a, 1e-9);
  r.alpha_b = number("war.belief_b.alpha", w.alpha_b, 1e-9);
  r.beta_b = number("war.belief_b.beta", w.beta_b, 1e-9);
  const Slot control0 = number("war.control", w.control, 0.0, 1.0);
  r.control = must("war.control");
  r.battles = must("war.battles");
  r.won_a = must("war.won_a");
  r.won_b = must("war.won_b");
  r.now = must("war.now");
  r.a_alpha = must("war.belief_a.alpha");
  r.a_beta = must("war.belief_a.beta");
  r.a_mean = must("war.belief_a.mean");
  r.b_alpha = must("war.belief_b.alpha");
  r.b_beta = must("war.belief_b.beta");
  r.b_mean = must("war.belief_b.mean");
  r.disagreement = must("war.disagreement");
  r.control0 = control0;
  r.stream = stable_hash("war");
  if (!s_.ceasefire.present)
    d_.error(w.mark, "'war' needs a 'ceasefire' section: battles are fought while no ceasefire is in force",
             "add ceasefire: {breach: {weibull: {shape: 0.6, scale_days: 400}}}");
}

}  // namespace geosim::detail
