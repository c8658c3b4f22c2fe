// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "scenario/fields.hpp"
#include "scenario/format.hpp"
#include "scenario/reader.hpp"

namespace geosim::scenario {

namespace {

struct Refs {
  const std::set<std::string>& actors;
  const std::set<std::string>& blocs;
  Diagnostics& d;

  // Reports an unknown actor (or bloc, when allowed) with a suggestion.
  bool check(const std::string& id, SourceMark m, std::string_view where, bool allow_bloc) const {
    if (id.empty()) return false;
    if (actors.count(id) || (allow_bloc && blocs.count(id))) return true;
    std::vector<std::string> known(actors.begin(), actors.end());
    if (allow_bloc) known.insert(known.end(), blocs.begin(), blocs.end());
    std::string fix = closest(id, known).empty()
                          ? fmt::format("declare it under '{}' first", allow_bloc ? "actors:' or 'blocs:" : "actors:")
                          : did_you_mean(id, known);
    d.error(m, fmt::format("{}: unknown {} '{}'", where, allow_bloc ? "actor or bloc" : "actor", id), fix);
    return false;
  }
};


void read_relations(const Node& root, Scenario& s, const Refs& refs) {
  each_entry(root.find("relations"), "relations", refs.d, [&](const std::string& id, const Node& n, SourceMark km) {
    RelationSpec r;
    r.id = id;
    r.mark = km;
    std::string where = fmt::format("relation '{}'", id);
    Fields f(n, object("relation"), where, "relations." + id, refs.d);
    r.symmetric = f.boolean("symmetric", true);
    r.fill = f.fixed("default");
    r.diagonal = f.fixed("diagonal");
    if (const Node* v = f.node("values"); v != nullptr && !v->is_null()) {
      if (!v->is_seq()) {
        refs.d.error(v->mark, fmt::format("{}: 'values' must be a list of [A, B, value]", where), "write values: [[USA, GBR, 0.9]]");
      } else {
        for (const auto& e : v->items) {
          bool shape = e.is_seq() && e.items.size() == 3 && e.items[0].is_scalar() && e.items[1].is_scalar() && e.items[2].is_scalar();
          auto x = shape ? parse_number(e.items[2].text) : std::nullopt;
          if (!x) {
            refs.d.error(e.mark, fmt::format("{}: each entry must be [A, B, number]", where), "write e.g. [USA, GBR, 0.9]");
            continue;
          }
          RelationEntry re{e.items[0].text, e.items[1].text, *x, e.mark};
          bool ok = refs.check(re.from, e.items[0].mark, where, false);
          ok = refs.check(re.to, e.items[1].mark, where, false) && ok;
          if (ok && re.from == re.to)
            refs.d.error(e.mark, fmt::format("{}: [{}, {}] is on the diagonal", where, re.from, re.to), "set 'diagonal:' instead");
          else if (ok)
            r.entries.push_back(re);
        }
      }
    }
    s.relations.push_back(std::move(r));
  });
}

void read_dynamics(const Node& root, Scenario& s, const Refs& refs) {
  const Node* dyn = root.find("dynamics");
  if (dyn == nullptr || dyn->is_null()) return;
  if (!dyn->is_seq()) {
    refs.d.error(dyn->mark, "'dynamics' must be a list of rules", "start each rule with '- variable:' or '- influence:'");
    return;
  }
  std::set<std::string> relations;
  for (const auto& r : s.relations) relations.insert(r.id);
  for (std::size_t i = 0; i < dyn->items.size(); ++i) {
    const Node& n = dyn->items[i];
    std::string where = fmt::format("dynamics rule {}", i + 1);
    std::string path = fmt::format("dynamics.{}", i);
    Fields f(n, object("dynamic"), where, path, refs.d);
    if (!n.is_map()) continue;
    bool drift = f.has("variable"), influence = f.has("influence");
    if (drift == influence) {
      refs.d.error(n.mark, fmt::format("{} needs exactly one of 'variable' (a drift) or 'influence'", where),
                   "write '- variable: ACTOR.var' or '- influence: VAR'");
      continue;
    }
    auto misplaced = [&](std::initializer_list<const char*> keys, const char* kind) {
      for (const char* k : keys)
        if (f.has(k))
          refs.d.error(f.mark_of(k), fmt::format("{}: '{}' does not apply to {}", where, k, kind), "remove it");
    };
    if (drift) {
      misplaced({"relation", "actors", "stubbornness"}, "a drift");
      DriftSpec x;
      x.variable = f.string("variable");
      x.mark = text_mark(*f.node("variable"), nullptr);
      x.toward = f.expr("toward");
      x.rate = f.expr("rate");
      x.noise = f.number("noise");
      s.drifts.push_back(std::move(x));
    } else {
      misplaced({"toward", "rate", "noise"}, "an influence");
      InfluenceSpec x;
      x.variable = f.string("influence");
      x.mark = text_mark(*f.node("influence"), nullptr);
      x.relation = f.id("relation");
      if (x.relation.empty()) {
        refs.d.error(n.mark, fmt::format("{}: an influence needs 'relation'", where), "name one of the relations");
      } else if (!relations.count(x.relation)) {
        std::vector<std::string> known(relations.begin(), relations.end());
        refs.d.error(f.node("relation")->mark, fmt::format("{}: unknown relation '{}'", where, x.relation),
                     known.empty() ? "declare it under 'relations:'" : did_you_mean(x.relation, known));
      }
      for (const auto& [a, m] : f.ids("actors"))
        if (refs.check(a, m, where, false)) x.actors.push_back(a);
      x.stubbornness = f.number("stubbornness");
      s.influences.push_back(std::move(x));
    }
  }
}

void read_events(const Node& root, Scenario& s, const Refs& refs) {
  each_entry(root.find("events"), "events", refs.d, [&](const std::string& id, const Node& n, SourceMark km) {
    EventSpec e;
    e.id = id;
    e.mark = km;
    std::string where = fmt::format("event '{}'", id);
    Fields f(n, object("event"), where, "events." + id, refs.d);
    e.actor = f.id("actor");
    if (!e.actor.empty()) refs.check(e.actor, f.node("actor")->mark, where, false);
    e.rate = f.expr("rate");
    e.when = f.expr("when");
    e.repeat = f.boolean("repeat", true);
    e.effects = f.effects("effects");
    e.describe = f.string("describe");
    s.events.push_back(std::move(e));
  });
}

const CommitmentType* find_type(const std::string& name) {
  for (const auto& t : commitment_types())
    if (t.name == name) return &t;
  return nullptr;
}

void read_commitments(const Node& root, Scenario& s, const Refs& refs) {
  each_entry(root.find("commitments"), "commitments", refs.d, [&](const std::string& id, const Node& n, SourceMark km) {
    CommitmentSpec c;
    c.id = id;
    c.mark = km;
    std::string where = fmt::format("commitment '{}'", id);
    std::string path = "commitments." + id;
    Fields f(n, object("commitment"), where, path, refs.d);
    c.type = f.enumeration("type");
    const CommitmentType* t = find_type(c.type);
    for (const auto& g : f.ids("guarantors"))
      if (refs.check(g.first, g.second, where, true)) c.guarantors.push_back(g);
    if (f.has("guarantors") && c.guarantors.empty() && f.node("guarantors")->is_seq() && f.node("guarantors")->items.empty())
      refs.d.error(f.node("guarantors")->mark, fmt::format("{} has no guarantors", where), "list at least one actor or bloc");
    c.beneficiary = f.id("beneficiary");
    if (!c.beneficiary.empty()) refs.check(c.beneficiary, f.node("beneficiary")->mark, where, false);
    c.binding = f.boolean("binding", true);
    c.enabled = f.boolean("enabled", true);
    c.active_when = f.expr("active_when");
    c.trigger = f.expr("trigger");
    c.honour = f.expr("honour");
    if (c.honour.text.empty() && !c.honour.present) {
      c.honour.text = "credibility";
      c.honour.mark = c.mark;
    }
    c.coalition_acts = f.expr("coalition_acts");
    c.correlation = f.number("correlation");
    c.attacker_p_win = f.number("attacker_p_win");
    c.attacker_cost = f.number("attacker_cost");
    c.cost = f.number("cost");
    c.spillover = f.number("spillover");
    c.ceasefire_effect = f.number("ceasefire_effect", t ? t->ceasefire_effect : 1.0);
    c.bargaining_effect = f.number("bargaining_effect", t ? t->bargaining_effect : 0.0);
    c.raises_fear = f.number("raises_fear");
    c.prior_honoured = {{Distribution::Kind::Fixed, t ? t->prior_honoured : 5.0}, c.mark, path + ".prior.0"};
    c.prior_reneged = {{Distribution::Kind::Fixed, t ? t->prior_reneged : 5.0}, c.mark, path + ".prior.1"};
    if (const Node* p = f.node("prior")) {
      bool ok = p->is_seq() && p->items.size() == 2;
      for (std::size_t i = 0; ok && i < 2; ++i) {
        auto dist = read_distribution(p->items[i], where + ": 'prior'", refs.d);
        if (!dist) { ok = true; continue; }
        if (!dist->uncertain() && dist->a <= 0) {
          refs.d.error(p->items[i].mark, fmt::format("{}: prior pseudo-counts must be positive", where),
                       "write prior: [HONOURED, RENEGED], e.g. [4.1, 5.9]");
          continue;
        }
        NumberSpec& target = i == 0 ? c.prior_honoured : c.prior_reneged;
        target.dist = *dist;
        target.mark = p->items[i].mark;
      }
      if (!ok)
        refs.d.error(p->mark, fmt::format("{}: 'prior' must be [honoured, reneged] pseudo-counts", where),
                     "write prior: [4.1, 5.9]");
    }
    c.on_honour = f.effects("on_honour");
    c.on_renege = f.effects("on_renege");
    c.response_lag_days = f.number("response_lag_days");
    each_entry(f.node("responses"), "responses", refs.d, [&](const std::string& rid, const Node& rn, SourceMark rm) {
      ResponseSpec r;
      r.id = rid;
      r.mark = rm;
      const std::string rw = fmt::format("{}: response '{}'", where, rid);
      const std::string rp = path + ".responses." + rid;
      Fields rf(rn, object("response"), rw, rp, refs.d);
      r.cost = rf.number("cost");
      r.attacker_p_win = rf.number("attacker_p_win");
      r.attacker_cost = rf.number("attacker_cost");
      r.effects = rf.effects("effects");
      r.describe = rf.string("describe");
      c.responses.push_back(std::move(r));
    });
    for (const char* k : {"cost", "attacker_p_win", "attacker_cost"})
      if (!c.responses.empty() && f.has(k))
        refs.d.error(f.mark_of(k), fmt::format("{}: with 'responses', each response has its own '{}'", where, k),
                     fmt::format("remove '{}' here and give it to the responses (each rung adds to the one below)", k));
    c.describe = f.string("describe");
    s.commitments.push_back(std::move(c));
  });
}

// A decision's `policy:` list: pieces in strictly increasing from_day order that do not
// overlap, each naming one of the decision's actions.
std::vector<PolicyStepSpec> read_policy(const Node* list, const DecisionSpec& x, const std::string& where,
                                        const std::string& path, Diagnostics& d) {
  std::vector<PolicyStepSpec> out;
  if (list == nullptr || list->is_null()) return out;
  if (!list->is_seq()) {
    d.error(list->mark, fmt::format("{}: 'policy' must be a list of pieces", where),
            "write policy: [{from_day: 0, action: ACTION}, {from_day: 60, action: OTHER}]");
    return out;
  }
  std::vector<std::string> names;
  for (const auto& a : x.actions) names.push_back(a.id);
  for (std::size_t i = 0; i < list->items.size(); ++i) {
    const Node& n = list->items[i];
    const std::string pw = fmt::format("{}: policy piece {}", where, i + 1);
    Fields f(n, object("policy_step"), pw, fmt::format("{}.policy.{}", path, i), d);
    if (!n.is_map()) continue;
    PolicyStepSpec p;
    p.mark = n.mark;
    p.from_day = f.integer("from_day", 0);
    p.to_day = f.integer("to_day", -1);
    p.action = f.id("action");
    if (f.has("action")) p.action_mark = f.node("action")->mark;
    if (!p.action.empty() && !x.actions.empty() &&
        std::find(names.begin(), names.end(), p.action) == names.end())
      d.error(p.action_mark, fmt::format("{}: '{}' is not an action of this decision", pw, p.action),
              did_you_mean(p.action, names));
    if (f.has("to_day") && p.to_day <= p.from_day)
      d.error(f.node("to_day")->mark, fmt::format("{}: to_day {} is not after from_day {}", pw, p.to_day, p.from_day),
              "give a to_day later than from_day, or leave it out (the piece then lasts until the next one)");
    if (!out.empty() && f.has("from_day")) {  // a missing from_day is reported once, above
      const PolicyStepSpec& prev = out.back();
      if (p.from_day <= prev.from_day)
        d.error(f.node("from_day")->mark, fmt::format("{}: from_day {} does not come after the piece before it (from_day {})", pw, p.from_day, prev.from_day),
                "list the pieces in increasing from_day order, one per day at most");
      else if (prev.to_day > p.from_day)
        d.error(f.node("from_day")->mark, fmt::format("{}: it starts on day {}, before the piece before it ends (to_day {})", pw, p.from_day, prev.to_day),
                "end the earlier piece by this from_day, or start this one later");
    }
    out.push_back(std::move(p));
  }
  return out;
}

void read_decisions(const Node& root, Scenario& s, const Refs& refs) {
  each_entry(root.find("decisions"), "decisions", refs.d, [&](const std::string& id, const Node& n, SourceMark km) {
    DecisionSpec x;
    x.id = id;
    x.mark = km;
    std::string where = fmt::format("decision '{}'", id);
    std::string path = "decisions." + id;
    Fields f(n, object("decision"), where, path, refs.d);
    x.actor = f.id("actor");
    if (!x.actor.empty()) refs.check(x.actor, f.node("actor")->mark, where, false);
    x.best = f.enumeration("rule") == "best";
    x.precision = f.number("precision");
    if (x.best && f.has("precision"))
      refs.d.error(f.mark_of("precision"), fmt::format("{}: 'precision' does not apply to rule: best", where),
                   "remove 'precision', or write rule: logit");
    x.every_days = f.integer("every_days", 0);
    if (f.has("every_days")) x.every_mark = f.mark_of("every_days");
    x.on = f.expr("on");
    x.when = f.expr("when");
    if (x.every_days > 0 && x.on.present)
      refs.d.error(f.mark_of("on"), fmt::format("{} has both 'every_days' and 'on'; a decision has one schedule", where),
                   "keep one of them (use 'when' to gate a regular decision by a condition)");
    x.describe = f.string("describe");
    const Node* acts = f.node("actions");
    each_entry(acts, "actions", refs.d, [&](const std::string& aid, const Node& an, SourceMark am) {
      ActionSpec a;
      a.id = aid;
      a.mark = am;
      std::string aw = fmt::format("{}: action '{}'", where, aid);
      Fields af(an, object("action"), aw, path + ".actions." + aid, refs.d);
      for (const char* reserved : {"count", "now"})
        if (aid == reserved)
          refs.d.error(am, fmt::format("{}: '{}' is a name the decision itself uses (decisions.{}.{})", aw, aid, id, aid),
                       "rename the action");
      a.utility = af.expr("utility");
      a.effects = af.effects("effects");
      a.breaks_ceasefire = af.boolean("breaks_ceasefire", false);
      if (a.breaks_ceasefire && root.find("ceasefire") == nullptr)
        refs.d.error(af.mark_of("breaks_ceasefire"), fmt::format("{}: 'breaks_ceasefire' needs a 'ceasefire:' section", aw),
                     "add a ceasefire section, or remove 'breaks_ceasefire'");
      a.describe = af.string("describe");
      x.actions.push_back(std::move(a));
    });
    if (acts != nullptr && acts->is_map() && x.actions.empty())
      refs.d.error(acts->mark, fmt::format("{} has no actions", where), "list at least one action with its utility");
    x.policy = read_policy(f.node("policy"), x, where, path, refs.d);
    s.decisions.push_back(std::move(x));
  });
}

void read_perception(const Node& root, Scenario& s, const Refs& refs) {
  const Node* n = root.find("perception");
  if (n == nullptr || n->is_null()) return;
  PerceptionSpec& x = s.perception;
  x.present = true;
  x.mark = root.key_mark("perception");
  Fields f(*n, object("perception"), "'perception'", "perception", refs.d);
  x.record_weight = f.number("record_weight");
  x.bias = f.number("bias");
  x.every_days = f.integer("every_days", 7);
}

// `parties: [A, B]` of a two-party section (negotiation, war): exactly two known, different
// actors, A holding the issue and B demanding it. True when both were read.
template <class Spec>
bool read_parties(Fields& f, const char* section, const char* verb, Spec& x, const Refs& refs) {
  auto parties = f.ids("parties");
  const std::string where = fmt::format("'{}'", section);
  if (f.has("parties") && parties.size() != 2) {
    refs.d.error(f.node("parties")->mark, fmt::format("{}: 'parties' must name exactly two actors, got {}", where, parties.size()),
                 "write parties: [A, B] where A holds the issue and B demands it");
    return false;
  }
  if (parties.size() != 2) return false;
  x.party_a = parties[0].first;
  x.party_b = parties[1].first;
  x.party_a_mark = parties[0].second;
  x.party_b_mark = parties[1].second;
  refs.check(x.party_a, x.party_a_mark, where, false);
  refs.check(x.party_b, x.party_b_mark, where, false);
  if (x.party_a == x.party_b)
    refs.d.error(x.party_b_mark, fmt::format("{}: a party cannot {} itself", where, verb), "name two different actors");
  return true;
}

void read_negotiation(const Node& root, Scenario& s, const Refs& refs) {
  const Node* n = root.find("negotiation");
  if (n == nullptr || n->is_null()) return;
  NegotiationSpec& x = s.negotiation;
  x.present = true;
  x.mark = root.key_mark("negotiation");
  Fields f(*n, object("negotiation"), "'negotiation'", "negotiation", refs.d);
  read_parties(f, "negotiation", "bargain with", x, refs);
  x.issue = f.string("issue");
  x.agreement = f.string("agreement");
  x.p_win = f.expr("p_win");
  if (const Node* c = f.node("costs")) {
    if (!c->is_seq() || c->items.size() != 2) {
      refs.d.error(c->mark, "'negotiation': 'costs' must be [cost to A, cost to B]", "write costs: [0.3, 0.2]");
    } else {
      x.cost_a = read_expr(c->items[0], "negotiation.costs.0", "'negotiation': cost to A", refs.d);
      x.cost_b = read_expr(c->items[1], "negotiation.costs.1", "'negotiation': cost to B", refs.d);
    }
  }
  x.uncertainty = f.expr("uncertainty");
  x.commitment_problem = f.expr("commitment_problem");
  x.commitment_problem_b = f.expr("commitment_problem_b");
  x.demand_premium = f.expr("demand_premium");
  x.screening = f.enumeration("offer") == "screening";
  if (const Node* c = f.node("cost_b_belief")) {
    x.belief_mark = c->mark;
    std::optional<Distribution> lo, hi;
    if (c->is_seq() && c->items.size() == 2) {
      lo = read_distribution(c->items[0], "'negotiation': 'cost_b_belief'", refs.d);
      hi = read_distribution(c->items[1], "'negotiation': 'cost_b_belief'", refs.d);
    }
    if (!lo || !hi) {
      if (!c->is_seq() || c->items.size() != 2)
        refs.d.error(c->mark, "'negotiation': 'cost_b_belief' must be [lowest, highest] cost of war A thinks B may have",
                     "write cost_b_belief: [0.1, 0.4]");
    } else {
      x.belief_low = {*lo, c->items[0].mark, "negotiation.cost_b_belief.0"};
      x.belief_high = {*hi, c->items[1].mark, "negotiation.cost_b_belief.1"};
      if (!lo->uncertain() && !hi->uncertain() && !(lo->a < hi->a))
        refs.d.error(c->items[1].mark, fmt::format("'negotiation': 'cost_b_belief' must be [lowest, highest] with lowest below highest, got [{}, {}]", lo->a, hi->a),
                     "write the smaller cost first, e.g. cost_b_belief: [0.1, 0.4]");
    }
  }
  if (x.screening && !f.has("cost_b_belief"))
    refs.d.error(f.mark_of("offer"), "'negotiation': offer: screening needs 'cost_b_belief', the range of costs of war A thinks B may have",
                 "add cost_b_belief: [0.1, 0.4]");
  if (!x.screening && f.has("cost_b_belief"))
    refs.d.error(f.mark_of("cost_b_belief"), "'negotiation': 'cost_b_belief' applies only to offer: screening",
                 "add offer: screening, or remove 'cost_b_belief'");
  x.red_line = f.expr("red_line");
  x.demand = f.expr("demand");
  x.when = f.expr("when");
  x.rate = f.number("rate");
  x.full_width = f.number("full_width");
  x.mediator = f.id("mediator");
  if (!x.mediator.empty()) {
    x.mediator_mark = f.node("mediator")->mark;
    refs.check(x.mediator, x.mediator_mark, "'negotiation'", false);
  }
  x.mediation = f.expr("mediation");
  x.mediation_effect = f.number("mediation_effect");
  x.progress = f.number("progress");
  x.progress_effect = f.number("progress_effect");
  x.on_agreement = f.effects("on_agreement");
}

// Incidents and breaches started by the beneficiary (docs/scenario-format.md, "ceasefire").
void read_ceasefire_risks(const Fields& f, CeasefireSpec& x, const Refs& refs) {
  if (const Node* n = f.node("incidents"); n != nullptr && !n->is_null()) {
    Fields g(*n, object("incidents"), "'ceasefire': 'incidents'", "ceasefire.incidents", refs.d);
    x.incidents.present = true;
    x.incidents.rate = g.expr("rate");
    x.incidents.escalation = g.number("escalation");
    x.incidents.monitoring = g.expr("monitoring");
    x.incidents.monitored_effect = g.number("monitored_effect");
    x.incidents.dmz_effect = g.number("dmz_effect");
  }
  if (const Node* n = f.node("beneficiary_breach"); n != nullptr && !n->is_null()) {
    Fields g(*n, object("beneficiary_breach"), "'ceasefire': 'beneficiary_breach'", "ceasefire.beneficiary_breach", refs.d);
    x.beneficiary.present = true;
    x.beneficiary.actor = g.id("actor");
    if (!x.beneficiary.actor.empty()) {
      x.beneficiary.actor_mark = g.node("actor")->mark;
      refs.check(x.beneficiary.actor, x.beneficiary.actor_mark, "'ceasefire': 'beneficiary_breach'", false);
    }
    x.beneficiary.rate = g.expr("rate");
    x.beneficiary.attribution = g.expr("attribution");
  }
}

void read_ceasefire(const Node& root, Scenario& s, const Refs& refs) {
  const Node* n = root.find("ceasefire");
  if (n == nullptr || n->is_null()) return;
  CeasefireSpec& x = s.ceasefire;
  x.present = true;
  x.mark = root.key_mark("ceasefire");
  Fields f(*n, object("ceasefire"), "'ceasefire'", "ceasefire", refs.d);
  x.in_force_at_start = f.boolean("in_force_at_start", false);
  if (const Node* b = f.node("breach")) {
    Fields bf(*b, object("breach"), "'ceasefire': 'breach'", "ceasefire.breach", refs.d);
    if (bf.has("weibull") == bf.has("constant")) {
      refs.d.error(b->mark, "'ceasefire': 'breach' needs exactly one of 'weibull' or 'constant'",
                   "write breach: {weibull: {shape: 0.6, scale_days: 400}} or breach: {constant: 0.001}");
    } else if (bf.has("weibull")) {
      Fields w(*bf.node("weibull"), object("weibull"), "'ceasefire': 'breach': 'weibull'", "ceasefire.breach.weibull", refs.d);
      x.weibull = true;
      x.shape = w.number("shape");
      x.scale_days = w.number("scale_days");
    } else {
      x.weibull = false;
      x.constant_rate = bf.number("constant");
    }
    x.has_cure = bf.has("cure");
    x.cure = bf.number("cure");
  }
  x.dmz = f.boolean("dmz", false);
  x.dmz_effect = f.number("dmz_effect");
  x.imposed = f.boolean("imposed", false);
  x.imposed_effect = f.number("imposed_effect");
  x.pressure = f.expr("pressure");
  x.on_breach = f.effects("on_breach");
  x.renegotiate = f.boolean("renegotiate", true);
  read_ceasefire_risks(f, x, refs);
}

// war: battles and beliefs (sim/war.hpp). Its parties are the negotiation's, when there is one.
void read_war(const Node& root, Scenario& s, const Refs& refs) {
  const Node* n = root.find("war");
  if (n == nullptr || n->is_null()) return;
  WarSpec& x = s.war;
  x.present = true;
  x.mark = root.key_mark("war");
  Fields f(*n, object("war"), "'war'", "war", refs.d);
  if (read_parties(f, "war", "fight", x, refs)) {
    const NegotiationSpec& g = s.negotiation;
    if (g.present && !g.party_a.empty() && (g.party_a != x.party_a || g.party_b != x.party_b))
      refs.d.error(x.party_a_mark, fmt::format("'war': parties [{}, {}] differ from the negotiation's [{}, {}]", x.party_a,
                                               x.party_b, g.party_a, g.party_b),
                   fmt::format("write parties: [{}, {}] (A holds the issue, B demands it, in both sections)", g.party_a, g.party_b));
  }
  x.p_battle = f.expr("p_battle");
  x.when = f.expr("when");
  x.every_days = f.integer("every_days", 7);
  x.control = f.number("control");
  x.gain = f.number("gain");
  NumberSpec* priors[2][2] = {{&x.alpha_a, &x.beta_a}, {&x.alpha_b, &x.beta_b}};
  for (int side = 0; side < 2; ++side) {
    const char* key = side == 0 ? "belief_a" : "belief_b";
    const Node* b = f.node(key);
    if (b == nullptr) {
      for (int k = 0; k < 2; ++k) *priors[side][k] = {{Distribution::Kind::Fixed, 1.0}, x.mark, fmt::format("war.{}.{}", key, k ? "beta" : "alpha")};
      continue;
    }
    Fields bf(*b, object("belief"), fmt::format("'war': '{}'", key), fmt::format("war.{}", key), refs.d);
    *priors[side][0] = bf.number("alpha");
    *priors[side][1] = bf.number("beta");
  }
}

void read_outcomes(const Node& root, Scenario& s, const Refs& refs) {
  std::set<std::string> events;
  for (const auto& e : s.events) events.insert(e.id);
  each_entry(root.find("outcomes"), "outcomes", refs.d, [&](const std::string& id, const Node& n, SourceMark km) {
    OutcomeSpec o;
    o.id = id;
    o.mark = km;
    std::string where = fmt::format("outcome '{}'", id);
    Fields f(n, object("outcome"), where, "outcomes." + id, refs.d);
    o.label = f.string("label", id);
    o.given = f.expr("given");
    o.describe = f.string("describe");
    if (f.has("share_of")) {
      o.share_of = f.id("share_of");
      o.share_of_mark = f.node("share_of")->mark;
    }
    std::vector<std::string> kinds;
    for (const char* k : {"when", "value", "count"})
      if (f.has(k)) kinds.push_back(k);
    if (kinds.empty() && n.is_map()) {
      refs.d.error(km, fmt::format("{} needs one of 'when', 'value' or 'count'", where),
                   "e.g. when: \"ceasefire.in_force\"");
      return;
    }
    if (kinds.size() > 1) {  // point at the second: the first one found is kept in the message
      refs.d.error(f.mark_of(kinds[1]), fmt::format("{} has both '{}' and '{}'; an outcome measures one thing", where, kinds[0], kinds[1]),
                   "keep one of them, or split it into two outcomes");
      return;
    }
    if (f.has("when")) {
      o.kind = OutcomeSpec::Kind::When;
      o.expr = f.expr("when");
    } else if (f.has("value")) {
      o.kind = OutcomeSpec::Kind::Value;
      o.expr = f.expr("value");
    } else if (f.has("count")) {
      o.kind = OutcomeSpec::Kind::Count;
      o.event = f.id("count");
      o.event_mark = f.node("count")->mark;
      if (!o.event.empty() && !events.count(o.event)) {
        std::vector<std::string> known(events.begin(), events.end());
        refs.d.error(o.event_mark, fmt::format("{}: unknown event '{}'", where, o.event),
                     known.empty() ? "declare it under 'events:'" : did_you_mean(o.event, known));
      }
    }
    s.outcomes.push_back(std::move(o));
  });
  // share_of names another `when` outcome (any order in the file).
  std::vector<std::string> whens;
  for (const auto& o : s.outcomes)
    if (o.kind == OutcomeSpec::Kind::When) whens.push_back(o.id);
  for (const auto& o : s.outcomes) {
    if (o.share_of.empty()) continue;
    const bool known = std::find(whens.begin(), whens.end(), o.share_of) != whens.end();
    if (o.kind != OutcomeSpec::Kind::When)
      refs.d.error(o.share_of_mark, fmt::format("outcome '{}': 'share_of' needs a 'when' outcome", o.id),
                   "remove 'share_of', or make the outcome a 'when' condition");
    else if (!known || o.share_of == o.id)
      refs.d.error(o.share_of_mark, fmt::format("outcome '{}': share_of: '{}' is not another 'when' outcome", o.id, o.share_of),
                   did_you_mean(o.share_of, whens));
  }
  // A missing section is reported as a missing required key, and entries that failed where they
  // are; what is left is a section with no entries.
  const Node* outs = root.find("outcomes");
  if (outs != nullptr && (outs->is_null() || (outs->is_map() && outs->keys.empty())))
    refs.d.error(root.key_mark("outcomes"), "the scenario declares no outcomes",
                 "add an 'outcomes:' section, e.g. signed: {when: \"ceasefire.signed > 0\"}");
}

}  // namespace

void read_sections(const Node& root, Scenario& s, Diagnostics& d, const std::set<std::string>& actors,
                   const std::set<std::string>& blocs) {
  Refs refs{actors, blocs, d};
  read_relations(root, s, refs);
  read_dynamics(root, s, refs);
  read_events(root, s, refs);
  read_commitments(root, s, refs);
  read_decisions(root, s, refs);
  read_perception(root, s, refs);
  read_negotiation(root, s, refs);
  read_ceasefire(root, s, refs);
  read_war(root, s, refs);
  read_outcomes(root, s, refs);
  each_entry(root.find("variants"), "variants", d, [&](const std::string& id, const Node& n, SourceMark km) {
    Fields f(n, object("variant"), fmt::format("variant '{}'", id), "variants." + id, d);
    s.variants.push_back({id, f.string("description"), km});
  });
  // Ids share one namespace in expressions (events.X, commitments.X), so they must be unique per kind;
  // maps already refuse duplicate keys. Events and commitments may not reuse actor or bloc ids either,
  // to keep the chronicle unambiguous.
  auto clash = [&](const std::string& id, SourceMark m, const char* kind) {
    if (actors.count(id) || blocs.count(id))
      d.error(m, fmt::format("{} '{}' has the same id as an actor or bloc", kind, id), "rename one of them");
  };
  for (const auto& e : s.events) clash(e.id, e.mark, "event");
  for (const auto& c : s.commitments) clash(c.id, c.mark, "commitment");
  for (const auto& x : s.decisions) clash(x.id, x.mark, "decision");
}

}  // namespace geosim::scenario
