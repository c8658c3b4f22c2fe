// SPDX-License-Identifier: Apache-2.0
// The chronicle of one run: runs it with the log and turns each log entry into plain language.
//
// run_one's log holds numbers only (LogEntry: p, a, b, c). Values the text needs beyond them —
// `{NAME}` placeholders in describe texts, the state a guarantor's honour expression reads, the
// numbers drawn for this run — are read from the run's own per-step trajectory: the model is
// copied with those slots added to its tracked list, which records the state at every step
// boundary without touching any random stream, so the run is the same run. Placeholders show the
// value at the end of the step (after the event's effects). A commitment's trigger and a
// guarantor's reasons show the values at the moment it was invoked or decided, which the engine
// records in the log entry (LogEntry::read): a trigger that fires after an event in the same step
// shows the value that crossed it, not the day's start or end.
#include "geosim/chronicle.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>

#include <fmt/format.h>

#include "geosim/scenario.hpp"

namespace geosim {

namespace {

using json = nlohmann::ordered_json;

// A number for prose: integers as integers, else 2-3 significant decimals.
std::string plain(double v) {
  if (!std::isfinite(v)) return "n/a";
  if (std::abs(v - std::round(v)) < 1e-9 && std::abs(v) < 1e9) return fmt::format("{:.0f}", v);
  const double a = std::abs(v);
  if (a >= 100) return fmt::format("{:.0f}", v);
  if (a >= 10) return fmt::format("{:.1f}", v);
  if (a >= 0.01) return fmt::format("{:.2f}", v);
  return fmt::format("{:.2g}", v);
}

// A number a threshold is compared with: up to three decimals, so 0.804 does not read as 0.80.
std::string fine(double v) {
  if (!std::isfinite(v) || std::abs(v) >= 100) return plain(v);
  std::string t = fmt::format("{:.3f}", v);
  while (t.back() == '0') t.pop_back();
  if (t.back() == '.') t.pop_back();
  return t == "-0" ? "0" : t;
}

// A probability for prose: "2.1%", "0.04%", "<0.01%".
std::string percent(double p) {
  if (!std::isfinite(p)) return "n/a";
  const double pc = 100 * p;
  if (pc == 0) return "0%";
  if (pc < 0.01) return "<0.01%";
  if (pc < 1) return fmt::format("{:.2g}%", pc);
  if (pc > 99.9 && pc < 100) return ">99.9%";
  return fmt::format("{:.1f}%", pc);
}

std::string humanise(std::string_view id) {
  std::string s(id);
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

std::string trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

std::string period_word(int step_days) { return step_days == 1 ? "day" : step_days == 7 ? "week" : "step"; }

struct Teller {
  const Model& m;
  const Scenario* s;
  Model traced;                                ///< m with the slots the text needs tracked
  std::map<Slot, std::size_t> track_index;     ///< slot -> row of RunState::tracked
  RunState rs;

  Teller(const Model& model, const Scenario* scenario) : m(model), s(scenario), traced(model) {
    std::vector<Slot> wanted;
    for (const auto& e : m.events)
      for (const auto& name : placeholder_names(e.describe))
        if (auto slot = m.find_slot(name)) wanted.push_back(*slot);
    for (const auto& sm : m.sampled) wanted.push_back(sm.slot);
    for (const auto& c : m.commitments)
      if (c.has_lag) wanted.push_back(c.response_lag);  // "It takes effect in N days"
    if (m.negotiation.present && m.ceasefire.present) wanted.insert(wanted.end(), {m.negotiation.range, m.ceasefire.in_force});
    traced.tracked.clear();
    for (Slot slot : wanted)
      if (!track_index.count(slot)) {
        track_index[slot] = traced.tracked.size();
        traced.tracked.push_back({slot, m.slot_names[slot]});
      }
  }

  std::string actor_name(int i) const {
    if (i < 0 || static_cast<std::size_t>(i) >= m.actor_ids.size()) return {};
    const std::string& n = m.actor_names[static_cast<std::size_t>(i)];
    return n.empty() ? m.actor_ids[static_cast<std::size_t>(i)] : n;
  }
  std::string actor_id(int i) const {
    return i < 0 || static_cast<std::size_t>(i) >= m.actor_ids.size() ? std::string() : m.actor_ids[static_cast<std::size_t>(i)];
  }

  // Value of a tracked slot at step boundary `k` (0 = start of the run, s + 1 = end of step s).
  std::optional<double> at(Slot slot, std::size_t k) const {
    auto it = track_index.find(slot);
    if (it == track_index.end()) return std::nullopt;
    const auto& row = rs.tracked[it->second];
    return k < row.size() ? std::optional<double>(row[k]) : std::nullopt;
  }

  const CommitmentSpec* commitment_spec(const std::string& id) const {
    if (!s) return nullptr;
    for (const auto& c : s->commitments)
      if (c.id == id) return &c;
    return nullptr;
  }

  // What the negotiation signs, for prose: the scenario's `agreement` words or "a ceasefire"; and
  // what is then in force ("The ceasefire", or "The agreement" when the scenario names its deal).
  std::string deal() const { return s && !s->negotiation.agreement.empty() ? trim(s->negotiation.agreement) : "a ceasefire"; }
  std::string in_force() const { return s && !s->negotiation.agreement.empty() ? "The agreement" : "The ceasefire"; }
  static std::string lower(std::string t) {
    if (!t.empty()) t[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(t[0])));
    return t;
  }

  ChronicleEntry event(const LogEntry& e) const {
    const EventRule& ev = m.events[static_cast<std::size_t>(e.index)];
    const auto end = static_cast<std::size_t>(e.step) + 1;
    std::string text = ev.describe.empty()
                           ? fmt::format("Event '{}' happens.", ev.id)
                           : expand_placeholders(ev.describe, [&](std::string_view name) -> std::optional<double> {
                               auto slot = m.find_slot(name);
                               return slot ? at(*slot, end) : std::nullopt;
                             });
    if (!text.empty() && std::string_view(".!?").find(text.back()) == std::string_view::npos) text += '.';
    const std::string who = actor_name(e.actor);
    if (e.a > 1) text += fmt::format(" It happens {} times this {}.", plain(e.a), period_word(m.step_days));
    text += who.empty() ? fmt::format(" (chance that {}: {})", period_word(m.step_days), percent(e.p))
                        : fmt::format(" (decided by {}; chance that {}: {})", who, period_word(m.step_days), percent(e.p));
    json data{{"p", e.p}};
    if (e.a > 1) data["times"] = e.a;
    return {"event", e.step, e.day, ev.id, actor_id(e.actor), text, data};
  }

  ChronicleEntry agreement(const LogEntry& e) const {
    const NegotiationRule& n = m.negotiation;
    const std::string a = actor_name(n.party_a), b = actor_name(n.party_b), mediator = actor_name(e.actor);
    const std::string issue = s && !s->negotiation.issue.empty() ? s->negotiation.issue : "the disputed issue";
    if (n.screening) {
      std::string text = fmt::format("{} and {} sign {}{}: {} accepts {}'s offer of {} on the issue ({}), on a scale "
                                     "from 0 (nothing for {}) to 1 (all of it). {} made the offer that served it best against "
                                     "what it did not know, {}'s cost of war; {}'s chance of winning a war was put at {}. "
                                     "(Chance of an offer that {}: {})",
                                     a, b, deal(), mediator.empty() ? "" : fmt::format(", with {} mediating", mediator), b, a, plain(e.a),
                                     issue, b, a, b, b, plain(e.c), period_word(m.step_days), percent(e.p));
      return {"agreement", e.step, e.day, "", actor_id(e.actor), text,
              json{{"p", e.p}, {"settlement", e.a}, {"range", e.b}, {"p_win", e.c}, {"offer", "screening"}}};
    }
    std::string text = fmt::format("{} and {} sign {}{}. The deal splits the difference: {} on the issue "
                                   "({}), on a scale from 0 (nothing for {}) to 1 (all of it). Deals both sides preferred "
                                   "to fighting spanned a range {} wide; {}'s chance of winning a war was put at {}. "
                                   "(Chance of agreement that {}: {})",
                                   a, b, deal(), mediator.empty() ? "" : fmt::format(", with {} mediating", mediator), plain(e.a),
                                   issue, b, plain(e.b), b, plain(e.c), period_word(m.step_days), percent(e.p));
    if (m.war.present) text += fmt::format(" The front moves to the deal's line: {} now holds {} of the disputed holdings.", b, plain(e.a));
    return {"agreement", e.step, e.day, "", actor_id(e.actor), text,
            json{{"p", e.p}, {"settlement", e.a}, {"range", e.b}, {"p_win", e.c}}};
  }

  // The bounds that set the bargaining range changed (two-sided bargaining, docs/model.md).
  ChronicleEntry bound(const LogEntry& e) const {
    const NegotiationRule& n = m.negotiation;
    const std::string a = actor_name(n.party_a), b = actor_name(n.party_b);
    const int now = e.index, before = static_cast<int>(e.p);
    const bool demand = (now & 2) != 0, red_line = (now & 1) != 0;
    const std::string low = demand ? fmt::format("{} demands at least {}, more than fighting on is worth to it", b, plain(e.a))
                                   : fmt::format("{} accepts no less than {}, what fighting on is worth to it (its chance of winning "
                                                 "less its cost of war, raised by uncertainty and by its fear of being exploited later)",
                                                 b, plain(e.a));
    const std::string high = red_line ? fmt::format("{}'s red line lets it give at most {}, whatever the war's prospects", a, plain(e.b))
                                      : fmt::format("{} gives at most {}, what avoiding the war is worth to it (lowered by "
                                                    "uncertainty and by its fear of being exploited later)", a, plain(e.b));
    std::string text = fmt::format("{}: {}; {}. {} ({}'s chance of winning a war: {}.)",
                                   before < 0 ? "Bargaining opens" : "What limits a deal changes", low, high,
                                   e.b > e.a ? "A deal both sides prefer to fighting exists." : "No deal both sides prefer to fighting exists.",
                                   b, plain(e.c));
    return {"bound", e.step, e.day, "", "", text,
            json{{"low", e.a}, {"high", e.b}, {"p_win", e.c}, {"demand_binds", demand}, {"red_line_binds", red_line}}};
  }

  // A screening offer refused: the proposer risked war for better terms, and lost the bet.
  ChronicleEntry offer(const LogEntry& e) const {
    const NegotiationRule& n = m.negotiation;
    const std::string a = actor_name(n.party_a), b = actor_name(n.party_b);
    std::string text = fmt::format("{} offers {} {} on the issue and {} refuses: it accepts no less than {}. {} does not know "
                                   "{}'s cost of war; it judged the offer to be accepted with chance {}, and a better deal "
                                   "for itself worth that risk of war going on.",
                                   a, b, plain(e.a), b, plain(e.b), a, b, percent(e.p));
    return {"offer", e.step, e.day, "", actor_id(e.actor), text, json{{"offer", e.a}, {"least_accepted", e.b}, {"p_accept", e.p}, {"p_win", e.c}}};
  }

  ChronicleEntry breach(const LogEntry& e) const {
    const double mult = e.b;
    const std::string effect = mult < 0.995   ? fmt::format("lowering it by {:.0f}%", 100 * (1 - mult))
                               : mult > 1.005 ? fmt::format("raising it by {:.0f}%", 100 * (mult - 1))
                                              : "leaving it unchanged";
    if (e.c == 1.0) {
      std::string text = fmt::format("{} is broken deliberately after {} days in force: an action that breaks it was chosen (its chance: {}).", in_force(), plain(e.a), percent(e.p));
      return {"breach", e.step, e.day, "", "", text, json{{"p", e.p}, {"days_in_force", e.a}, {"deliberate", true}, {"cause", "deliberate"}}};
    }
    if (e.c == 2.0) {
      std::string text = fmt::format("An incident escalates and {} collapses after {} days in force (each incident's chance of "
                                     "escalating: {}; chance that one of this {}'s incidents did: {}).",
                                     lower(in_force()), plain(e.a), percent(e.b), period_word(m.step_days), percent(e.p));
      return {"breach", e.step, e.day, "", "", text, json{{"p", e.p}, {"days_in_force", e.a}, {"escalation", e.b}, {"cause", "incident"}}};
    }
    if (e.c == 3.0) {
      const std::string who = actor_name(m.ceasefire.beneficiary_actor);
      const std::string side = who.empty() ? "the side the guarantees protect" : who;
      std::string text = fmt::format("{} is broken by {} after {} days in force; guarantors {}. (Chance of such a breach that {}: {})",
                                     in_force(), side, plain(e.a), e.b != 0.0 ? fmt::format("blame {}", who.empty() ? "it" : who) : "blame the other side",
                                     period_word(m.step_days), percent(e.p));
      return {"breach", e.step, e.day, "", actor_id(m.ceasefire.beneficiary_actor), text,
              json{{"p", e.p}, {"days_in_force", e.a}, {"blamed_beneficiary", e.b != 0.0}, {"cause", "beneficiary"}}};
    }
    std::string text = fmt::format("{} breaks down after {} days in force. Guarantees, monitoring, forces and "
                                   "pressure multiplied its baseline breach risk by {:.2f}, {}. (Chance of a breach that {}: {})",
                                   in_force(), plain(e.a), mult, effect, period_word(m.step_days), percent(e.p));
    return {"breach", e.step, e.day, "", "", text,
            json{{"p", e.p}, {"days_in_force", e.a}, {"hazard_multiplier", mult}, {"cause", "baseline"}}};
  }

  // Incidents in a step while the ceasefire holds (none escalated, or the breach follows).
  ChronicleEntry incident(const LogEntry& e) const {
    const int n = static_cast<int>(e.a);
    std::string text = fmt::format("{} along the ceasefire line{}; each could escalate to collapse with chance {}{}.",
                                   n == 1 ? "An incident" : fmt::format("{} incidents", n), n == 1 ? "" : " this " + period_word(m.step_days),
                                   percent(e.b), e.c > 0 ? fmt::format(" ({} of incidents monitored and attributed)", percent(e.c)) : "");
    return {"incident", e.step, e.day, "", "", text, json{{"count", n}, {"p_collapse", e.p}, {"escalation", e.b}, {"monitored", e.c}}};
  }

  ChronicleEntry invoked(const LogEntry& e) const {
    const CommitmentRule& c = m.commitments[static_cast<std::size_t>(e.index)];
    const CommitmentSpec* spec = commitment_spec(c.id);
    // Named by who gives it to whom; the id last, for finding it in the scenario file.
    const std::string what = fmt::format("{}{} to {}", c.binding ? "binding " : "non-binding ", humanise(c.type),
                                         actor_name(c.beneficiary));
    std::string text = c.guarantors.size() == 1
                           ? fmt::format("{} {} is invoked ('{}').", possessive(actor_name(c.guarantors[0].actor)), what, c.id)
                           : fmt::format("The {} by {} guarantors is invoked ('{}'); each must decide.", what,
                                         c.guarantors.size(), c.id);
    if (spec && !spec->describe.empty()) {
      // A describe text is a phrase or a sentence: end it, so the trigger's sentence starts anew.
      std::string d = trim(spec->describe);
      if (!d.empty() && d.back() != '.' && d.back() != '!' && d.back() != '?') d += '.';
      text += " " + d;
    }
    // The trigger and what it read at the moment it fired. A trigger over flags
    // (ceasefire.breach_now, AUT.at_war) says nothing the entry before it has not.
    json trigger = json::object();
    std::string values;
    bool levels = false;
    for (const auto& [slot, value] : e.read) {
      if (m.slot_names[slot].empty() || m.slot_names[slot][0] == '#') continue;  // hidden helper slots
      trigger[m.slot_names[slot]] = value;
      values += fmt::format("{}{} was {}", values.empty() ? "" : ", ", m.slot_names[slot], fine(value));
      levels = levels || (value != 0.0 && value != 1.0);
    }
    if (levels)
      text += spec ? fmt::format(" Its trigger, {}, held: {} at that moment.", trim(spec->trigger.text), values)
                   : fmt::format(" Its trigger held: {} at that moment.", values);
    return {"invoked", e.step, e.day, c.id, actor_id(c.beneficiary), text,
            json{{"type", c.type}, {"binding", c.binding}, {"guarantors", c.guarantors.size()}, {"trigger", trigger}}};
  }

  ChronicleEntry decision(const LogEntry& e) const {
    const CommitmentRule& c = m.commitments[static_cast<std::size_t>(e.index)];
    const bool honoured = e.kind == LogEntry::Kind::Honoured;
    const std::string who = actor_name(e.actor), id = actor_id(e.actor);
    // What its honour expression read when it decided (the engine's record of that moment).
    json inputs = json::object();
    std::string reasons = fmt::format("credibility {}, cost {}", plain(e.a), plain(e.b));
    for (const auto& [slot, value] : e.read) {
      if (slot == m.scratch_credibility || slot == m.scratch_cost || slot == m.scratch_binding) continue;
      const std::string& name = m.slot_names[slot];
      if (name.empty() || name[0] == '#') continue;  // hidden helper slots
      const std::string shown = name.rfind(id + ".", 0) == 0 ? name.substr(id.size() + 1) : name;
      reasons += fmt::format(", {} {}", shown, plain(value));
      inputs[name] = value;
    }
    std::string text = fmt::format("{} {} — its chance of honouring was {} ({}).", who,
                                   honoured ? "honours it" : "reneges", percent(e.p), reasons);
    json facts{{"p_honour", e.p}, {"credibility", e.a}, {"cost", e.b}, {"inputs", inputs}};
    if (!c.responses.empty() && honoured) {
      const ResponseRule& top = c.responses[static_cast<std::size_t>(e.c) - 1];
      text += fmt::format(" Its response reaches rung {} of {}: {}.", plain(e.c), c.responses.size(), humanise(top.id));
      facts["level"] = e.c;
      facts["response"] = top.id;
    }
    if (c.has_lag && honoured) {
      const auto lag = at(c.response_lag, static_cast<std::size_t>(e.step));
      text += lag ? fmt::format(" It takes effect in {} days.", plain(*lag)) : std::string(" It takes effect after the response lag.");
    }
    return {honoured ? "honoured" : "reneged", e.step, e.day, c.id, id, text, facts};
  }

  // A response decided earlier arrives after the commitment's lag.
  ChronicleEntry arrival(const LogEntry& e) const {
    const CommitmentRule& c = m.commitments[static_cast<std::size_t>(e.index)];
    std::string what = "its response";
    if (!c.responses.empty() && e.a >= 1) what = humanise(c.responses[static_cast<std::size_t>(e.a) - 1].id);
    std::string text = fmt::format("{}'s response to '{}' arrives ({}, {} days after it decided).", actor_name(e.actor),
                                   c.id, what, plain(e.b));
    return {"responded", e.step, e.day, c.id, actor_id(e.actor), text, json{{"level", e.a}, {"lag_days", e.b}}};
  }

  // A decision: the action chosen, and every action's utility and chance at that moment (the
  // Option entries logged just before it).
  ChronicleEntry choice(const LogEntry& e, const std::vector<LogEntry>& options) const {
    const ActionRule& a = m.actions[static_cast<std::size_t>(e.index)];
    const DecisionRule& d = m.decisions[static_cast<std::size_t>(a.decision)];
    std::string why;
    json opts = json::array();
    for (const auto& o : options) {
      const ActionRule& other = m.actions[static_cast<std::size_t>(o.index)];
      if (other.decision != a.decision) continue;
      why += fmt::format("{}{} {} (utility {})", why.empty() ? "" : ", ", humanise(other.id), percent(o.p), plain(o.a));
      opts.push_back({{"action", other.id}, {"p", o.p}, {"utility", o.a}});
    }
    std::string text = fmt::format("{} chooses: {}{}{}.", actor_name(d.actor), humanise(a.id),
                                   d.describe.empty() ? "" : " — " + trim(d.describe),
                                   a.describe.empty() ? "" : " (" + trim(a.describe) + ")");
    const bool fixed = e.c != 0.0;  // taken by the decision's policy (decision.hpp)
    const std::string rule = d.best ? "best-response" : fmt::format("logit (precision {})", plain(e.b));
    text += fixed ? fmt::format(" Fixed by the policy; the {} rule gave: {}.", rule, why)
                  : fmt::format(" Chances by the {} rule: {}.", rule, why);
    json data{{"decision", d.id}, {"action", a.id}, {"p", e.p}, {"utility", e.a}, {"options", opts}};
    if (fixed) data["policy"] = true;
    return {"decision", e.step, e.day, d.id + "." + a.id, actor_id(d.actor), text, data};
  }

  // The battles of a step (war.hpp): index = battles fought, actor = won by B, p = B's chance
  // in the last one, a = B's share of the holdings after them, b / c = A's / B's belief.
  ChronicleEntry battle(const LogEntry& e) const {
    const WarRule& w = m.war;
    const std::string a = actor_name(w.party_a), b = actor_name(w.party_b);
    const int fought = e.index, won_b = e.actor, won_a = fought - won_b;
    std::string what = fought == 1 ? fmt::format("A battle is fought and {} wins it", won_b == 1 ? b : a)
                                   : fmt::format("{} battles are fought: {} wins {}, {} wins {}", fought, b, won_b, a, won_a);
    std::string text = fmt::format(
        "{} ({}'s chance of winning a battle: {}). {} now holds {} of the disputed holdings. Both sides learn from the "
        "{}: {} now puts {}'s chance per battle at {}, {} at {}; they disagree by {}.",
        what, b, percent(e.p), b, plain(e.a), fought == 1 ? "outcome" : "outcomes", a, b, plain(e.b), b, plain(e.c),
        plain(std::abs(e.b - e.c)));
    return {"battle", e.step, e.day, "", won_b * 2 >= fought ? actor_id(w.party_b) : actor_id(w.party_a), text,
            json{{"battles", fought}, {"won_b", won_b}, {"p_battle", e.p}, {"control", e.a}, {"belief_a", e.b}, {"belief_b", e.c},
                 {"disagreement", std::abs(e.b - e.c)}}};
  }

  ChronicleEntry tell(const LogEntry& e) const {
    switch (e.kind) {
      case LogEntry::Kind::Option:
      case LogEntry::Kind::Decision: return {};  // told by choice()
      case LogEntry::Kind::Event: return event(e);
      case LogEntry::Kind::Agreement: return agreement(e);
      case LogEntry::Kind::Battle: return battle(e);
      case LogEntry::Kind::Breach: return breach(e);
      case LogEntry::Kind::Incident: return incident(e);
      case LogEntry::Kind::Invoked: return invoked(e);
      case LogEntry::Kind::Bound: return bound(e);
      case LogEntry::Kind::Offer: return offer(e);
      case LogEntry::Kind::Honoured:
      case LogEntry::Kind::Reneged: return decision(e);
      case LogEntry::Kind::Responded: return arrival(e);
    }
    return {};
  }
};

// Why talks did not succeed, summarised over the days with no ceasefire in force: on how many
// the bargaining range was closed (no deal both sides preferred to fighting) and how wide it was
// when open (a deal was possible; agreement arrives by chance, at the negotiation's rate).
Talks talks_summary(const Model& m, const Teller& t) {
  Talks k;
  if (!m.negotiation.present || !m.ceasefire.present) return k;
  const std::size_t steps = static_cast<std::size_t>(m.horizon_days / m.step_days);
  for (std::size_t st = 0; st < steps; ++st) {
    const auto in_force = t.at(m.ceasefire.in_force, st), range = t.at(m.negotiation.range, st + 1);
    if (!in_force || !range || *in_force > 0) continue;
    k.present = true;
    k.days_without += m.step_days;
    if (*range <= 0) {
      k.days_closed += m.step_days;
    } else {
      k.days_open += m.step_days;
      k.max_range = std::max(k.max_range, *range);
      k.mean_range += *range * m.step_days;
    }
  }
  if (k.days_open > 0) k.mean_range /= k.days_open;
  k.screening = m.negotiation.screening;
  k.party_a = t.actor_name(m.negotiation.party_a);
  k.party_b = t.actor_name(m.negotiation.party_b);
  return k;
}

const char* kind_name(OutcomeSpec::Kind k) {
  switch (k) {
    case OutcomeSpec::Kind::When: return "when";
    case OutcomeSpec::Kind::Value: return "value";
    case OutcomeSpec::Kind::Count: return "count";
  }
  return "?";
}

}  // namespace

std::string possessive(std::string_view name) { return std::string(name) + (!name.empty() && name.back() == 's' ? "'" : "'s"); }

std::vector<std::string> placeholder_names(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '{') continue;
    const auto close = text.find('}', i + 1);
    if (close == std::string_view::npos) break;
    const auto name = text.substr(i + 1, close - i - 1);
    const bool ok = !name.empty() && std::all_of(name.begin(), name.end(), [](char ch) {
      return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '.';
    });
    if (ok) out.emplace_back(name);
  }
  return out;
}

std::string expand_placeholders(std::string_view text,
                                const std::function<std::optional<double>(std::string_view)>& lookup) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') {
      const auto close = text.find('}', i + 1);
      if (close != std::string_view::npos) {
        const auto name = text.substr(i + 1, close - i - 1);
        if (auto v = lookup(name)) {
          out += plain(*v);
          i = close;
          continue;
        }
      }
    }
    out += text[i];
  }
  return out;
}

std::string calendar_date(std::string_view start, double days) {
  using namespace std::chrono;
  int y = 0;
  unsigned mo = 0, d = 0;
  char tail = 0;
  if (start.size() != 10 || std::sscanf(std::string(start).c_str(), "%d-%u-%u%c", &y, &mo, &d, &tail) != 3) return {};
  const year_month_day ymd{year{y}, month{mo}, day{d}};
  if (!ymd.ok()) return {};
  const sys_days when = sys_days{ymd} + std::chrono::days{static_cast<long>(std::floor(days))};
  const year_month_day out{when};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  return fmt::format("{} {} {} {}", kDays[weekday{when}.c_encoding()], static_cast<unsigned>(out.day()),
                     kMonths[static_cast<unsigned>(out.month()) - 1], static_cast<int>(out.year()));
}

Chronicle make_chronicle(const Model& m, std::uint64_t seed, std::uint64_t run, const Scenario* s) {
  Teller t(m, s);
  std::vector<LogEntry> log;
  t.rs.every_step = true;
  t.rs.prepare(t.traced);
  run_one(t.traced, seed, run, t.rs, &log, true);

  Chronicle c;
  c.scenario = m.name;
  c.variant = m.variant;
  c.start = m.start;
  c.seed = seed;
  c.run = run;
  c.horizon_days = m.horizon_days;
  c.step_days = m.step_days;
  c.log_entries = log.size();
  for (const auto& sm : m.sampled) {
    const std::string& name = m.slot_names[sm.slot];
    if (name.empty() || name[0] == '#') continue;  // hidden helper slots
    ChronicleDraw d{name, sm.path, "", t.at(sm.slot, 0).value_or(NAN)};
    if (s)
      for (const auto& p : s->parameters)
        if ("params." + p.name == name) d.describe = p.describe;
    c.drawn.push_back(d);
  }
  // One day convention with `geosim run`: day N is the N-th day of the run (day 1 begins at the
  // start date), the day on whose end a step's outcomes are measured and that `run` reports as an
  // outcome's first day. An entry of step s is dated (s + 1) * step_days.
  auto day_of = [&m](int step) { return std::min(static_cast<double>(step + 1) * m.step_days, static_cast<double>(m.horizon_days)); };
  // A decision is told when its choice differs from its last one (the first choice included): a
  // daily decision that keeps choosing the same action would otherwise fill the chronicle.
  std::vector<LogEntry> options;
  std::map<int, int> last_choice;  // decision -> action
  for (const auto& e : log) {
    if (e.kind == LogEntry::Kind::Option) {
      options.push_back(e);
      continue;
    }
    if (e.kind == LogEntry::Kind::Decision) {
      const int d = m.actions[static_cast<std::size_t>(e.index)].decision;
      auto [it, first] = last_choice.emplace(d, e.index);
      if (first || it->second != e.index || e.c != 0.0) {  // a policy's choices are all told
        c.entries.push_back(t.choice(e, options));
        c.entries.back().day = day_of(e.step);
      }
      it->second = e.index;
      options.clear();
      continue;
    }
    c.entries.push_back(t.tell(e));
    c.entries.back().day = day_of(e.step);
  }
  for (std::size_t k = 0; k < m.outcomes.size(); ++k) {
    const OutcomeRule& o = m.outcomes[k];
    const OutcomeValue& v = t.rs.outcomes[k];
    ChronicleOutcome co{o.id, trim(o.label.empty() ? o.id : o.label), kind_name(o.kind), v.happened, v.value, -1,
                        v.included, o.conditional ? o.given_text : std::string()};
    // The condition in words: the label of the outcome that tests it, when there is one.
    if (o.conditional && s)
      for (const auto& other : s->outcomes)
        if (other.kind == OutcomeSpec::Kind::When && other.expr.text == o.given_text) {
          co.given = fmt::format("'{}' happened", trim(other.label.empty() ? other.id : other.label));
          break;
        }
    if (o.kind == OutcomeSpec::Kind::When && v.happened && v.included) {
      const int step = std::max(0, static_cast<int>(std::ceil(v.time / m.step_days - 1e-9)) - 1);
      co.day = v.time;  // exactly the first day `geosim run` counts
      c.entries.push_back({"outcome", step, co.day, o.id, "", fmt::format("Outcome reached: {}.", co.label),
                           json{{"first_day_end", v.time}}});
    }
    c.outcomes.push_back(co);
  }
  c.talks = talks_summary(m, t);
  for (const auto& e : log) c.talks.offers_refused += e.kind == LogEntry::Kind::Offer ? 1 : 0;
  std::stable_sort(c.entries.begin(), c.entries.end(), [](const ChronicleEntry& a, const ChronicleEntry& b) {
    if (a.step != b.step) return a.step < b.step;
    return (a.kind == "outcome") < (b.kind == "outcome");
  });
  return c;
}

bool meets(const RunCondition& c, const OutcomeValue& v) {
  if (!v.included) return false;
  const double x = v.value;
  switch (c.compare) {
    case RunCondition::Compare::None: return v.happened == c.happened;
    case RunCondition::Compare::Less: return x < c.threshold;
    case RunCondition::Compare::LessEqual: return x <= c.threshold;
    case RunCondition::Compare::Greater: return x > c.threshold;
    case RunCondition::Compare::GreaterEqual: return x >= c.threshold;
    case RunCondition::Compare::Equal: return x == c.threshold;
    case RunCondition::Compare::NotEqual: return x != c.threshold;
  }
  return false;
}

std::optional<std::uint64_t> find_run(const Model& m, std::uint64_t seed, const std::vector<RunCondition>& conditions,
                                      std::uint64_t from, std::uint64_t limit, std::uint64_t* tried) {
  RunState rs;
  rs.prepare(m);
  std::uint64_t n = 0;
  std::optional<std::uint64_t> found;
  while (n < limit && !found) {
    const std::uint64_t r = from + n++;
    run_one(m, seed, r, rs);
    bool ok = true;
    for (const auto& c : conditions) ok = ok && c.outcome < rs.outcomes.size() && meets(c, rs.outcomes[c.outcome]);
    if (ok) found = r;
  }
  if (tried) *tried = n;
  return found;
}

}  // namespace geosim
