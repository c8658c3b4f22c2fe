// SPDX-License-Identifier: Apache-2.0
#include "scenario/format.hpp"

#include <cassert>

namespace geosim::scenario {

namespace {

constexpr double kInf = 1e300;

Field f(std::string key, Type type, std::string doc, std::string ref = {}) {
  Field out;
  out.key = std::move(key);
  out.type = type;
  out.doc = std::move(doc);
  out.ref = std::move(ref);
  return out;
}
Field req(Field x) { x.required = true; return x; }
Field range(Field x, double lo, double hi) { x.min = lo; x.max = hi; return x; }
Field units(Field x, std::string u) { x.units = std::move(u); return x; }
Field dflt(Field x, std::string d) { x.fallback = std::move(d); return x; }

std::vector<ObjectDef> build() {
  std::vector<ObjectDef> defs;
  defs.push_back({"scenario_file", "A scenario file: one crisis, its actors, mechanisms, outcomes and variants.", {
    dflt(range(f("geosim", Type::Int, "Version of the scenario format this file is written for."), 1, 1), "1"),
    f("extends", Type::String,
      "Path of a base scenario (relative to this file, a `.yaml` file in the scenario's folder or below) that this file overrides."),
    req(f("scenario", Type::Object, "Metadata: name, dates, step, horizon, sources.", "scenario")),
    f("parameters", Type::MapOf, "Named numbers usable in expressions as `params.NAME`; may be uncertain.", "parameter"),
    f("actors", Type::MapOf, "States and other agents, keyed by a short id such as UKR.", "actor"),
    f("blocs", Type::MapOf, "Alliances and coalitions, keyed by id.", "bloc"),
    f("relations", Type::MapOf, "Named actor-by-actor matrices such as alignment.", "relation"),
    f("dynamics", Type::ListOf, "How variables move each step: drift toward a target, noise, influence.", "dynamic"),
    f("events", Type::MapOf, "Stochastic, state-dependent events with effects.", "event"),
    f("commitments", Type::MapOf, "Guarantees, defence pacts, monitoring, aid and deployments.", "commitment"),
    f("decisions", Type::MapOf, "Choices an actor makes among named actions, by their utilities.", "decision"),
    f("perception", Type::Object, "How observers judge a commitment: its record against its guarantors' present interests.", "perception"),
    f("negotiation", Type::Object, "The bargaining process between two belligerents.", "negotiation"),
    f("ceasefire", Type::Object, "The ceasefire that an agreement brings, and its breach hazard.", "ceasefire"),
    f("war", Type::Object, "Fighting as a process: battles that move the disputed holdings and teach each side the balance.", "war"),
    req(f("outcomes", Type::MapOf, "What to measure in every run (at least one).", "outcome")),
    f("variants", Type::MapOf, "Named policy variants: overrides of this scenario by path.", "variant"),
    f("set", Type::Overrides, "Overrides applied to the base when this file `extends` one: PATH: value."),
    f("classroom", Type::Object, "The classroom page of `geosim classroom`: levers, outcomes shown, questions.", "classroom"),
  }});
  defs.push_back({"scenario", "Scenario metadata.", {
    req(f("name", Type::String, "Title shown in reports.")),
    f("description", Type::String, "What the scenario models, shown in reports."),
    f("start", Type::Date, "Calendar date of step 0 (YYYY-MM-DD)."),
    dflt(f("step", Type::Enum, "Length of one simulation step.", "day|week"), "day"),
    req(units(range(f("horizon_days", Type::Int, "How long each run lasts."), 1, 36500), "days")),
    f("sources", Type::StringMap, "Citations: short key -> full reference. Comments may refer to the keys."),
  }});
  defs.push_back({"parameter", "A named number, fixed or uncertain.", {
    req(f("value", Type::Quantity, "The number, or a distribution sampled once per run.")),
    f("describe", Type::String, "What it means and where it comes from."),
  }});
  defs.push_back({"variable", "A state variable with bounds.", {
    req(f("value", Type::Quantity, "Initial value, or a distribution sampled once per run.")),
    dflt(f("min", Type::Number, "Lower bound; the variable is clamped to [min, max]."), "0"),
    dflt(f("max", Type::Number, "Upper bound."), "1"),
    dflt(f("track", Type::Bool, "Record per-step quantile bands for reports."), "false"),
    f("describe", Type::String, "What it measures and where the value comes from."),
  }});
  defs.push_back({"actor", "A state or other agent.", {
    f("name", Type::String, "Full name shown in reports (default: the id)."),
    dflt(f("kind", Type::Enum, "What sort of agent it is.", "state|territory|organisation|other"), "state"),
    f("variables", Type::MapOf, "Named state variables: a number, a distribution, or {value, min, max, track}.", "VarValue"),
    f("describe", Type::String, "Notes and sources."),
  }});
  defs.push_back({"bloc", "An alliance or coalition.", {
    f("name", Type::String, "Full name shown in reports (default: the id)."),
    req(f("members", Type::Members, "Member actors: a list, or a map actor -> weight.")),
    f("variables", Type::MapOf, "Bloc-level variables such as cohesion.", "VarValue"),
    f("describe", Type::String, "Notes and sources."),
  }});
  defs.push_back({"relation", "A named actor-by-actor matrix.", {
    dflt(f("symmetric", Type::Bool, "Whether [A, B, x] also sets (B, A)."), "true"),
    dflt(f("default", Type::Number, "Value of pairs not listed."), "0"),
    dflt(f("diagonal", Type::Number, "Value of (A, A): an actor's tie to itself."), "1"),
    f("values", Type::Triples, "Entries as [A, B, value]."),
    f("describe", Type::String, "What the numbers mean."),
  }});
  defs.push_back({"dynamic", "One rule for how variables move: a drift (variable:) or an influence (influence:).", {
    f("variable", Type::String, "Drift: the variable that moves, as ACTOR.var or BLOC.var."),
    f("toward", Type::Expr, "Drift: the level it is pulled toward (default: its initial value)."),
    units(dflt(range(f("rate", Type::Expr, "Drift: speed of the pull; the gap shrinks by exp(-rate) per day."), 0, kInf), "0"), "per day"),
    units(dflt(range(f("noise", Type::Quantity, "Drift: standard deviation of random moves."), 0, kInf), "0"), "per sqrt(day)"),
    f("influence", Type::String, "Influence: the variable name that spreads, e.g. resolve."),
    f("relation", Type::Id, "Influence: the relation whose ties carry it."),
    f("actors", Type::IdList, "Influence: who takes part (default: every actor with the variable)."),
    dflt(range(f("stubbornness", Type::Quantity, "Influence: weight each actor keeps on its initial view."), 0, 1), "0.5"),
  }});
  defs.push_back({"event", "A stochastic event with a state-dependent rate.", {
    f("actor", Type::Id, "Whose choice the event is, for the chronicle and sensitivity analysis."),
    req(units(range(f("rate", Type::Expr, "Hazard rate; the chance per step is 1 - exp(-rate * days)."), 0, kInf), "per day")),
    dflt(f("when", Type::Expr, "Precondition: the event can only fire while this is true."), "true"),
    dflt(f("repeat", Type::Bool, "Whether the event can fire more than once."), "true"),
    f("effects", Type::Effects, "Statements applied when it fires, e.g. `UKR.unity -= 0.02`."),
    f("describe", Type::String, "Sentence for the chronicle; {ACTOR.var} inserts a value."),
  }});
  defs.push_back({"commitment", "A commitment from guarantors to a beneficiary.", {
    req(f("type", Type::Enum, "Kind of commitment; sets the calibrated defaults.",
          "security_guarantee|mutual_defence|monitoring|assistance|force_deployment")),
    req(f("guarantors", Type::IdList, "Actors or blocs (a bloc stands for its members) who decide to honour it.")),
    req(f("beneficiary", Type::Id, "The actor it protects or supports.")),
    dflt(f("binding", Type::Bool, "A binding commitment; available to `honour` as `binding`."), "true"),
    dflt(f("enabled", Type::Bool, "Whether it exists in this scenario (variants switch it off)."), "true"),
    dflt(f("active_when", Type::Expr, "While false the commitment is dormant: no trigger, no effect."), "true"),
    req(f("trigger", Type::Expr, "Condition that invokes it; each rise from false to true is one invocation.")),
    dflt(f("honour", Type::Expr, "Probability that a guarantor honours it when invoked. Names: credibility, cost, binding, self.VAR."), "credibility"),
    f("prior", Type::QuantityPair, "Beta prior [honoured, reneged] of the honour record (default by type)."),
    f("coalition_acts", Type::Expr, "Probability that the guarantors act as a coalition when it is invoked; if they do not, every one reneges."),
    dflt(range(f("correlation", Type::Quantity, "Correlation of the guarantors' decisions through a common factor (Gaussian copula)."), 0, 1), "0"),
    dflt(units(range(f("cost", Type::Quantity, "Cost of honouring relative to the guarantor's stake."), 0, 1), "share"), "0.3"),
    dflt(range(f("spillover", Type::Quantity, "Share of a decision's reputation update that reaches the guarantor's other commitments."), 0, 1), "0.5"),
    units(range(f("ceasefire_effect", Type::Quantity, "Breach hazard ratio while active, at its type's typical credibility (default by type)."), 0, kInf), "hazard ratio"),
    range(f("bargaining_effect", Type::Quantity, "Share of the commitment problem it removes, at full credibility (default by type)."), 0, 1),
    dflt(range(f("attacker_p_win", Type::Quantity, "If honoured: the change in the attacker's chance of winning a war (usually negative)."), -1, 1), "0"),
    dflt(range(f("attacker_cost", Type::Quantity, "If honoured: the change in the attacker's cost of war, in units of the issue."), -10, 10), "0"),
    dflt(units(range(f("raises_fear", Type::Quantity, "Security dilemma: added, at its perceived credibility, to the commitment problem of the negotiation's other party (the one it does not cover)."), 0, 1), "share of the issue"), "0"),
    f("on_honour", Type::Effects, "Effects when a guarantor honours it."),
    f("on_renege", Type::Effects, "Effects when a guarantor reneges."),
    f("responses", Type::MapOf, "Graded responses, weakest first: a guarantor climbs the ladder while its honour expression, at each rung's cost, allows.", "response"),
    dflt(units(range(f("response_lag_days", Type::Quantity, "Days from an invocation to the effects of the responses it brings (on_honour and each rung's effects)."), 0, 36500), "days"), "0"),
    f("describe", Type::String, "Notes and sources."),
  }});
  defs.push_back({"response", "One rung of a commitment's response ladder (e.g. statements, sanctions, materiel, air defence, troops).", {
    req(units(range(f("cost", Type::Quantity, "Cost to the guarantor of responding at this rung (`cost` in the honour expression)."), 0, 1), "share")),
    dflt(range(f("attacker_p_win", Type::Quantity, "What reaching this rung adds to the change in the attacker's chance of winning."), -1, 1), "0"),
    dflt(range(f("attacker_cost", Type::Quantity, "What reaching this rung adds to the change in the attacker's cost of war."), -10, 10), "0"),
    f("effects", Type::Effects, "Effects when a guarantor's response reaches this rung (after the lag)."),
    f("describe", Type::String, "What the response is."),
  }});
  defs.push_back({"decision", "An actor's choice among actions: logit (quantal response) over their utilities, or best response.", {
    req(f("actor", Type::Id, "Who decides; `self.VAR` in the utilities names this actor's variables.")),
    req(f("actions", Type::MapOf, "The actions, in order (the order breaks no ties: tied best actions are equally likely).", "action")),
    dflt(f("rule", Type::Enum, "logit: P(a) = exp(precision * U_a) / sum over b of exp(precision * U_b); best: the highest utility.", "logit|best"), "logit"),
    dflt(range(f("precision", Type::Quantity, "Logit precision (lambda): 0 chooses at random, larger follows the utilities more closely."), 0, kInf), "1"),
    dflt(units(range(f("every_days", Type::Int, "Decide on the steps that hold a multiple of this many days (0: every step)."), 0, 36500), "days"), "0"),
    f("on", Type::Expr, "Decide only on the steps where this condition rises from false to true."),
    dflt(f("when", Type::Expr, "Decide only while this is true."), "true"),
    f("policy", Type::ListOf, "Fixed choices by day, in day order (a team's choices in role-play, or a policy to test): on the steps they cover the decision takes the given action; other steps follow the rule.", "policy_step"),
    f("describe", Type::String, "Sentence for the chronicle."),
  }});
  defs.push_back({"policy_step", "One piece of a decision's policy: from a day on, take one action.", {
    req(units(range(f("from_day", Type::Int, "First day it covers: it applies on the steps that start on this day or later."), 0, 36500), "days")),
    units(range(f("to_day", Type::Int, "Day it stops covering (exclusive); default: the next piece's from_day, or the horizon."), 1, 36500), "days"),
    req(f("action", Type::Id, "The action taken on the steps it covers, when the decision is due and the action available.")),
  }});
  defs.push_back({"action", "One action of a decision.", {
    req(f("utility", Type::Expr, "Its utility to the actor now; NaN makes it unavailable.")),
    f("effects", Type::Effects, "Statements applied when it is chosen, e.g. `RUS.posture += 0.1`."),
    dflt(f("breaks_ceasefire", Type::Bool, "Choosing it while a ceasefire holds breaks the ceasefire (a deliberate breach)."), "false"),
    f("describe", Type::String, "What it means."),
  }});
  defs.push_back({"perception", "What observers see of each commitment: perceived = record_weight * record + (1 - record_weight) * expected + bias, within [0, 1].", {
    dflt(range(f("record_weight", Type::Quantity, "Weight on the honour record (past actions) against the guarantors' expected behaviour now (current interests)."), 0, 1), "0.5"),
    dflt(range(f("bias", Type::Quantity, "Observers' optimism (+) or pessimism (-) about every commitment."), -1, 1), "0"),
    dflt(units(range(f("every_days", Type::Int, "Observers reassess on the steps that hold a multiple of this many days (0: every step), and after every invocation."), 0, 36500), "days"), "7"),
    f("describe", Type::String, "Notes and sources."),
  }});
  defs.push_back({"negotiation", "Bargaining between two parties over an issue in [0, 1] (the share B obtains).", {
    req(f("parties", Type::IdList, "[A, B]: A holds the issue, B demands it.")),
    f("issue", Type::String, "What is bargained over, in words."),
    f("agreement", Type::String, "What a deal is, as a noun phrase for the chronicle (\"an agreement to withdraw the missiles\"; default: a ceasefire)."),
    req(range(f("p_win", Type::Expr, "Probability that B wins a war outright."), 0, 1)),
    req(f("costs", Type::ExprPair, "[cost to A, cost to B] of continued war, in units of the issue.")),
    dflt(range(f("uncertainty", Type::Expr, "How far the parties' estimates of p_win may differ; narrows the range."), 0, kInf), "0"),
    dflt(range(f("commitment_problem", Type::Expr, "A's commitment problem: expected shift in power against A after a deal; lowers the upper bound unless commitments to A cover it."), 0, kInf), "0"),
    dflt(range(f("commitment_problem_b", Type::Expr, "B's commitment problem: expected shift in power against B after a deal; raises the lower bound unless commitments to B cover it."), 0, kInf), "0"),
    dflt(range(f("red_line", Type::Expr, "Largest share A will concede, whatever the war's prospects."), 0, 1), "1"),
    dflt(range(f("demand", Type::Expr, "Smallest share B will accept, whatever the war's prospects."), 0, 1), "0"),
    dflt(f("offer", Type::Enum, "How a deal is set when talks succeed: split the difference of the range, or A's screening offer against B's unknown cost of war (Fearon's risk-return trade-off).", "split|screening"), "split"),
    f("cost_b_belief", Type::QuantityPair, "With offer: screening, [lowest, highest] cost of war A thinks B may have (uniform); B's true cost is the second of `costs`."),
    f("demand_premium", Type::Expr, "B's demand relative to its rational bound: it accepts no less than p_win - cost to B + uncertainty/2 + this premium (with `demand`, the larger of the two)."),
    dflt(f("when", Type::Expr, "Talks run only while this is true."), "true"),
    req(units(range(f("rate", Type::Quantity, "Base agreement hazard when the range is at least full_width wide, before the mediation and progress factors."), 0, kInf), "per day")),
    dflt(range(f("full_width", Type::Quantity, "Range width at which the agreement hazard reaches `rate`."), 1e-9, 2), "0.2"),
    f("mediator", Type::Id, "The mediating actor, if any."),
    dflt(f("mediation", Type::Expr, "Mediation intensity in [0, 1], e.g. the mediator's attention."), "1 with a mediator, else 0"),
    dflt(range(f("mediation_effect", Type::Quantity, "Relative increase of the agreement hazard at full mediation."), 0, kInf), "1"),
    dflt(range(f("progress", Type::Quantity, "Share of the deal already agreed (\"90% ready\" = 0.9)."), 0, 1), "0"),
    dflt(range(f("progress_effect", Type::Quantity, "Relative increase of the agreement hazard at full progress."), 0, kInf), "1"),
    f("on_agreement", Type::Effects, "Effects when an agreement is signed."),
    f("describe", Type::String, "Notes and sources."),
  }});
  defs.push_back({"ceasefire", "The ceasefire and its breach hazard.", {
    dflt(f("in_force_at_start", Type::Bool, "Whether a ceasefire already holds at step 0."), "false"),
    req(f("breach", Type::Object, "Baseline breach hazard: weibull or constant.", "breach")),
    dflt(f("dmz", Type::Bool, "A demilitarised zone separates the forces."), "false"),
    dflt(units(range(f("dmz_effect", Type::Quantity, "Hazard ratio of a demilitarised zone."), 0, kInf), "hazard ratio"), "0.8"),
    dflt(f("imposed", Type::Bool, "The ceasefire was brought about by outside pressure."), "false"),
    dflt(units(range(f("imposed_effect", Type::Quantity, "Hazard ratio of an imposed ceasefire."), 0, kInf), "hazard ratio"), "1.5"),
    dflt(units(f("pressure", Type::Expr, "Log hazard ratio from an unsatisfied party's pressure."), "log hazard ratio"), "0"),
    f("on_breach", Type::Effects, "Effects when it breaks."),
    dflt(f("renegotiate", Type::Bool, "Whether talks may produce a new ceasefire after a breach."), "true"),
    f("incidents", Type::Object, "Incidents and spoiler violations: a Poisson process, each may escalate to collapse.", "incidents"),
    f("beneficiary_breach", Type::Object, "Breaches started by the side the guarantees protect, with ambiguous blame.", "beneficiary_breach"),
    f("describe", Type::String, "Notes and sources."),
  }});
  defs.push_back({"incidents", "Incidents and spoiler violations while the ceasefire holds; each escalates to collapse with a chance.", {
    req(units(range(f("rate", Type::Expr, "Incidents per day while the ceasefire holds."), 0, kInf), "per day")),
    dflt(range(f("escalation", Type::Quantity, "Chance that an unmonitored incident escalates to collapse."), 0, 1), "0.05"),
    dflt(range(f("monitoring", Type::Expr, "Share of incidents that monitors observe and attribute, in [0, 1]."), 0, 1), "0"),
    dflt(units(range(f("monitored_effect", Type::Quantity, "Escalation ratio of a monitored, attributed incident."), 0, kInf), "ratio"), "0.5"),
    dflt(units(range(f("dmz_effect", Type::Quantity, "Escalation ratio with a demilitarised zone (dmz: true)."), 0, kInf), "ratio"), "0.5"),
  }});
  defs.push_back({"beneficiary_breach", "The protected side breaks the ceasefire; guarantors may or may not blame it.", {
    f("actor", Type::Id, "The side that starts these breaches (for the chronicle)."),
    req(units(range(f("rate", Type::Expr, "Breach hazard per day started by the beneficiary."), 0, kInf), "per day")),
    dflt(range(f("attribution", Type::Expr, "Chance that guarantors blame the beneficiary for its breach, in [0, 1]."), 0, 1), "0.5"),
  }});
  defs.push_back({"breach", "Baseline breach hazard as a function of days since signing.", {
    f("weibull", Type::Object, "Weibull hazard: H(d) = (d / scale_days) ^ shape.", "weibull"),
    units(range(f("constant", Type::Quantity, "Constant hazard."), 0, kInf), "per day"),
    range(f("cure", Type::Quantity, "Share of ceasefires that never fail from the baseline: S = cure + (1 - cure) S0."), 0, 1),
  }});
  defs.push_back({"weibull", "Weibull baseline; shape < 1 means the risk falls as the ceasefire ages.", {
    req(range(f("shape", Type::Quantity, "Shape k."), 1e-6, 100)),
    req(units(range(f("scale_days", Type::Quantity, "Scale: days by which 63% would have broken without modifiers."), 1e-6, kInf), "days")),
  }});
  defs.push_back({"war", "Battles while no ceasefire is in force: each is won by B with chance p_battle, moves `gain` of the holdings to its winner, and updates both sides' Beta beliefs about p_battle.", {
    req(f("parties", Type::IdList, "[A, B] as in the negotiation: A holds the issue, B demands it.")),
    req(range(f("p_battle", Type::Expr, "True chance that B wins a battle, which neither side knows."), 0, 1)),
    dflt(units(range(f("every_days", Type::Int, "A battle on each day that is a multiple of this many days (several in a longer step)."), 1, 36500), "days"), "7"),
    dflt(f("when", Type::Expr, "Battles are fought only while this is true and no ceasefire is in force."), "true"),
    dflt(range(f("control", Type::Quantity, "B's share of the disputed holdings at the start (war.control)."), 0, 1), "0"),
    dflt(range(f("gain", Type::Quantity, "Share of the holdings that one battle moves to its winner."), 0, 1), "0.01"),
    f("belief_a", Type::Object, "A's Beta prior over p_battle (default alpha 1, beta 1: uniform).", "belief"),
    f("belief_b", Type::Object, "B's Beta prior over p_battle (default alpha 1, beta 1: uniform).", "belief"),
    f("describe", Type::String, "Notes and sources."),
  }});
  defs.push_back({"belief", "A Beta(alpha, beta) prior over B's chance of winning a battle: mean alpha / (alpha + beta), worth alpha + beta battles.", {
    dflt(range(f("alpha", Type::Quantity, "Prior pseudo-count of battles won by B."), 1e-6, kInf), "1"),
    dflt(range(f("beta", Type::Quantity, "Prior pseudo-count of battles won by A."), 1e-6, kInf), "1"),
  }});
  defs.push_back({"outcome", "Something measured in every run: exactly one of when, value, count.", {
    f("label", Type::String, "Human-readable name for tables and charts."),
    f("when", Type::Expr, "A condition: probability it held at some step by the horizon, and when it first did."),
    f("value", Type::Expr, "An expression: its value at the end of each run."),
    f("count", Type::Id, "An event: how many times it fired."),
    f("given", Type::Expr, "Condition at the end of a run: the outcome is measured only over runs where it holds (a conditional estimate)."),
    f("describe", Type::String, "What it answers."),
    f("share_of", Type::Id, "Another 'when' outcome this one is a subset of: reports also show it as a share of those runs (e.g. held 6 months / could have held 6 months)."),
  }});
  defs.push_back({"variant", "A named policy variant.", {
    f("description", Type::String, "What changes and why it matters."),
    req(f("set", Type::Overrides, "Overrides: PATH: value, e.g. commitments.us_monitoring.enabled: false.")),
  }});
  defs.push_back({"classroom", "What `geosim classroom` puts on the teaching page (docs/classroom.md).", {
    f("title", Type::String, "Heading of the page (default: the scenario's name)."),
    f("intro", Type::String, "The situation in a few sentences, shown above the levers."),
    range(f("levers", Type::MapOf, "At most five numbers students move, keyed by a short id.", "lever"), 0, 5),
    f("outcomes", Type::IdList, "Outcomes shown in the results table, in order (default: all)."),
    f("forecast", Type::IdList, "Outcomes students forecast before each run (default: the first two shown)."),
    f("questions", Type::StringMap, "Questions for the class: short key -> question, shown in file order."),
    f("roles", Type::IdList, "Decisions a team can take over in role-play: the page stops at each of the decision's occasions in one run and the team chooses."),
    dflt(range(f("runs", Type::Int, "Runs per press of Run."), 1, 100000), "2000"),
    dflt(range(f("seed", Type::Int, "Random seed of every run of the page, as `geosim run --seed`."), 0, 2147483647), "1"),
  }});
  defs.push_back({"lever", "A number of the scenario that students set, within a range.", {
    req(f("path", Type::String, "Override path of a number, as for `--set` (e.g. parameters.us_attention).")),
    req(f("label", Type::String, "What the number means, in plain language.")),
    req(f("min", Type::Number, "Lowest setting.")),
    req(f("max", Type::Number, "Highest setting.")),
    f("step", Type::Number, "Step of the slider (default: a twentieth of the range)."),
    f("value", Type::Number, "Starting setting (default: the scenario's own number at `path`)."),
    f("describe", Type::String, "A sentence on what moving it stands for."),
  }});
  return defs;
}

}  // namespace

const Field* ObjectDef::field(std::string_view key) const {
  for (const auto& x : fields)
    if (x.key == key) return &x;
  return nullptr;
}

std::vector<std::string> ObjectDef::keys() const {
  std::vector<std::string> out;
  for (const auto& x : fields) out.push_back(x.key);
  return out;
}

const std::vector<ObjectDef>& objects() {
  static const std::vector<ObjectDef> defs = build();
  return defs;
}

const ObjectDef& object(std::string_view name) {
  for (const auto& d : objects())
    if (d.name == name) return d;
  assert(false && "unknown object kind in the format table");
  return objects().front();
}

const std::vector<std::string>& exactly_one_of(std::string_view object) {
  static const std::vector<std::string> none;
  static const std::vector<std::string> outcome = {"when", "value", "count"};
  static const std::vector<std::string> breach = {"weibull", "constant"};
  static const std::vector<std::string> dynamic = {"variable", "influence"};
  if (object == "outcome") return outcome;
  if (object == "breach") return breach;
  if (object == "dynamic") return dynamic;
  return none;
}

const std::vector<CommitmentType>& commitment_types() {
  static const std::vector<CommitmentType> types = {
      {"security_guarantee", 4.1, 5.9, 0.7, 0.5,
       "prior mean 0.41: defence pacts honoured 41%, 1816-2003 (Berkemeier & Fuhrmann 2018), the nearest published "
       "rate for a one-sided guarantee; effects: assumption"},
      {"mutual_defence", 4.1, 5.9, 0.8, 0.3,
       "prior mean 0.41: a mutual-defence treaty is a defence pact, honoured 41%, 1816-2003 (Berkemeier & Fuhrmann "
       "2018); effects: assumption"},
      {"monitoring", 5.0, 5.0, 0.8, 0.2,
       "direction from Fortna 2003 (monitoring and joint commissions lower the hazard); sizes: assumption"},
      {"assistance", 5.0, 5.0, 0.9, 0.1, "assumption"},
      {"force_deployment", 5.0, 5.0, 0.5, 0.3,
       "hazard ratio 0.5: upper end of 0.15-0.5 for peacekeepers (Fortna; Gilligan & Sergenti 2008, as "
       "summarised by PKSOI)"},
  };
  return types;
}

std::vector<std::string> enum_choices(const Field& fld) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : fld.ref) {
    if (c == '|') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

bool is_identifier(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!alpha(s[0])) return false;
  for (char c : s)
    if (!alpha(c) && !(c >= '0' && c <= '9')) return false;
  return true;
}

}  // namespace geosim::scenario
