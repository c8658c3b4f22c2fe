// SPDX-License-Identifier: Apache-2.0
// The compiled model: a scenario turned into flat arrays, slot indices and compiled programs.
// Built once by compile_model(); immutable afterwards and shared read-only by every run/thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "geosim/diagnostics.hpp"
#include "geosim/expr.hpp"
#include "geosim/scenario.hpp"

namespace geosim {

using Slot = std::uint32_t;

namespace native {
struct Library;  // engine/native/library.hpp
}

/// @brief A number sampled once per run into a slot (parameter uncertainty).
struct SampledSlot {
  Slot slot{};
  Distribution dist;
  double lo, hi;           ///< clamp after sampling (variable bounds, or +-inf)
  std::uint64_t stream;    ///< stream id: hash of the path, so variants share draws
  std::string path;        ///< override path, for sweep and sensitivity output
};

struct DriftRule {
  Slot var{};
  expr::Program toward, rate;
  Slot noise{};              ///< sd per sqrt(day)
  std::uint64_t stream;
  /// Rate and noise are fixed for a run, so the OU decay and noise scale of a standard step are
  /// computed once per run (RunState::drift_decay, drift_sd) instead of every step.
  bool fixed_in_run = false;
};

/// @brief Friedkin-Johnsen over `members`: x <- L W x + (I - L) x0, once per day.
/// The row-stochastic W is kept dense (column-major) or, when at most a quarter of its entries
/// are non-zero, by columns of its non-zero entries only (compressed sparse columns): the cost of
/// a step is then proportional to the ties, not to the square of the members.
struct InfluenceRule {
  std::vector<Slot> members;
  std::vector<double> weights;        ///< dense: W(i, j) at [j * n + i]; empty when sparse
  std::vector<std::uint32_t> col_start;  ///< sparse: column j's entries at [col_start[j], col_start[j + 1])
  std::vector<std::uint32_t> row;     ///< sparse: each entry's row i
  std::vector<double> value;          ///< sparse: each entry's W(i, j) > 0
  std::vector<Slot> stubbornness;     ///< per member: 1 - L_ii (same slot for all when scalar)
  bool sparse() const { return weights.empty(); }
};

struct EventRule {
  std::string id, describe;
  int actor = -1;                 ///< index into Model::actor_ids, or -1
  expr::Program rate, when;
  bool repeat = true;
  std::vector<expr::Effect> effects;
  Slot count{}, now{};
  std::uint64_t stream;
  /// The rate is fixed for a run: its per-step chance is computed once per run (RunState::event_p).
  bool fixed_rate_in_run = false;
};

struct GuarantorRule {
  int actor;                      ///< index into Model::actor_ids
  expr::Program honour;           ///< probability, `self.` bound to this actor
  Slot honoured{}, reneged{}, credibility{};  ///< commitments.ID.members.ACTOR.*
  /// commitments.ID.members.ACTOR.{expected, level, responding}: its chance of responding if
  /// invoked now (perception), the rung its last response reached (0: reneged), and 1 once that
  /// response's effects have arrived; `due` (hidden) the day they arrive while pending.
  Slot expected{}, level{}, responding{}, due{};
};

/// @brief One rung of a commitment's response ladder (CommitmentRule::responses), weakest first.
struct ResponseRule {
  std::string id;
  Slot cost{}, attacker_p_win{}, attacker_cost{};  ///< cost to the guarantor; increments over the rung below
  std::vector<expr::Effect> effects;
  Slot count{};  ///< commitments.ID.responses.R.count: guarantors' responses that reached it
};

struct CommitmentRule {
  std::string id, type;
  int beneficiary = -1;
  bool binding = true;
  bool covers_ceasefire = true;   ///< its beneficiary is a party to the ceasefire (or no parties are named)
  expr::Program active_when, trigger;
  /// active_when / trigger read only discrete slots (see Model::continuous): re-evaluated only
  /// after a discrete change (RunState::epoch).
  bool active_discrete = false, trigger_discrete = false;
  std::vector<GuarantorRule> guarantors;
  /// Coalition: a first stage (does the coalition act at all?) and a common factor correlating
  /// the guarantors' decisions (0: independent). Both draw only when used.
  bool has_coalition = false;
  expr::Program coalition_acts;
  Slot correlation{};
  Slot cost{}, spillover{}, ceasefire_effect{}, bargaining_effect{}, prior_honoured{}, prior_reneged{};
  /// The typical credibility of its type (the type's default prior mean), at which its ceasefire
  /// hazard ratio applies in full (engine/sim/ceasefire.hpp).
  Slot typical_credibility{};
  std::vector<expr::Effect> on_honour, on_renege;
  /// Graded responses (empty: binary honour at `cost`). A guarantor's response reaches rung k
  /// while its draw stays below clamp(honour) at each rung's cost (docs/model.md).
  std::vector<ResponseRule> responses;
  /// Days from an invocation to its responses' effects (0: at once); `pending` counts the
  /// responses decided but not arrived, `level` the highest rung reached at the last invocation.
  Slot response_lag{}, pending{}, level{};
  bool has_lag = false;
  Slot invoked{}, honoured{}, reneged{}, credibility{}, active{};
  /// What observers see (Model::perception): the guarantors' expected behaviour if invoked now,
  /// and the perceived credibility that negotiation and the ceasefire read (= credibility when
  /// the scenario has no perception section).
  Slot expected{}, perceived{};
  /// What it takes from an attacker's value of war if honoured (attacker_cost - attacker_p_win),
  /// and that at its perceived credibility: commitments.ID.deters.
  Slot attacker_p_win{}, attacker_cost{}, deters{};
  /// Two-sided bargaining (the security dilemma): added, times its perceived credibility, to the
  /// commitment problem of the negotiation's party that is not its beneficiary.
  Slot raises_fear{};
  /// Something reads its perceived credibility: the ceasefire (covers_ceasefire), the negotiation
  /// (its beneficiary is a party and bargaining_effect may be non-zero) or a program reading
  /// expected / perceived. Perception computes only observed commitments (optimise_programs).
  bool observed = true;
  std::uint64_t stream;
};

/// @brief One action of a decision (Model::actions holds every decision's actions, in order).
struct ActionRule {
  std::string id, describe;
  int decision = 0;               ///< index into Model::decisions
  int position = 0;               ///< its place among the decision's actions
  expr::Program utility;          ///< `self.` bound to the deciding actor
  std::vector<expr::Effect> effects;
  bool breaks_ceasefire = false;
  Slot utility_slot{}, p{}, chosen{}, count{};  ///< decisions.ID.ACTION.{utility,p,chosen,count}
};

/// @brief An actor's choice among its actions: logit over utilities, or best response.
struct DecisionRule {
  std::string id, describe;
  int actor = -1;
  expr::Program when, on;
  bool has_on = false, best = false;
  int every_days = 0;             ///< 0: every step
  Slot precision{};               ///< lambda (a run-constant slot; may be sampled)
  Slot count{}, now{};            ///< decisions.ID.count (choices made), .now (1 in the step of one)
  std::uint32_t first_action = 0, actions = 0;  ///< its actions in Model::actions
  std::uint64_t stream;
  /// Its fixed policy (`policy:`), when has_policy: a program of `t` (the step's start day) giving
  /// the position of the action it fixes on that day, or -1 where the rule chooses (the constant
  /// -1 without a policy).
  bool has_policy = false;
  expr::Program policy;
};

struct NegotiationRule {
  bool present = false;
  int party_a = -1, party_b = -1, mediator = -1;
  expr::Program p_win, cost_a, cost_b, uncertainty, commitment_problem, red_line, demand, when, mediation;
  Slot rate{}, full_width{}, mediation_effect{}, progress{}, progress_effect{};
  std::vector<expr::Effect> on_agreement;
  Slot range{}, settlement{}, p_win_slot{};
  /// Two-sided bargaining (issue 16): B's commitment problem, B's demand as a premium over its
  /// rational bound (used when has_premium), the bounds of the range (negotiation.low / .high),
  /// and which bound binds: steps counts the steps whose range was computed, binds_* how many of
  /// them each bound set the range (negotiation.steps, negotiation.binds.*); bound is the last
  /// step's pair (1 + 2 * demand binds + red line binds, 0 before any), for the chronicle.
  expr::Program commitment_problem_b, demand_premium;
  bool has_premium = false;
  /// Offer rule: false splits the difference; true is A's screening offer against B's cost of war
  /// believed uniform on [belief_low, belief_high] (Fearon 1995's risk-return trade-off).
  bool screening = false;
  Slot belief_low{}, belief_high{};
  Slot low{}, high{}, steps{}, binds_rational_low{}, binds_demand{}, binds_rational_high{}, binds_red_line{}, bound{};
  std::uint64_t stream;
};

struct CeasefireRule {
  bool present = false, in_force_at_start = false, weibull = true, dmz = false, imposed = false, renegotiate = true;
  Slot shape{}, scale_days{}, constant_rate{}, dmz_effect{}, imposed_effect{};
  expr::Program pressure;
  std::vector<expr::Effect> on_breach;
  Slot in_force{}, signed_count{}, breached{}, signed_now{}, breach_now{}, days{};
  std::uint64_t stream;
  // Competing risks (CeasefireSpec): cure baseline, incidents, breaches by the beneficiary, and
  // the names they write (ceasefire.lasted, .incidents, .breaks.*, .blamed_beneficiary).
  bool cure = false, incidents = false, beneficiary = false;
  Slot cure_share{}, escalation{}, monitored_effect{}, incident_dmz_effect{};
  expr::Program incident_rate, monitoring, beneficiary_rate, attribution;
  int beneficiary_actor = -1;
  Slot lasted{}, incident_count{}, incidents_now{}, blamed_beneficiary{};
  Slot breaks_baseline{}, breaks_deliberate{}, breaks_incident{}, breaks_beneficiary{};
  std::uint64_t incident_stream = 0, beneficiary_stream = 0;
};

/// @brief Battles and beliefs (WarSpec, sim/war.hpp). The war.* names are its state.
struct WarRule {
  bool present = false;
  int party_a = -1, party_b = -1;
  int every_days = 7;
  expr::Program p_battle, when;
  Slot control0{}, gain{}, alpha_a{}, beta_a{}, alpha_b{}, beta_b{};  ///< run constants (may be sampled): B's initial share, gain, priors
  /// war.control, war.battles, war.won_a, war.won_b, war.now (1 in a step with a battle),
  /// war.belief_a.{alpha,beta,mean}, war.belief_b.{alpha,beta,mean}, war.disagreement.
  Slot control{}, battles{}, won_a{}, won_b{}, now{};
  Slot a_alpha{}, a_beta{}, a_mean{}, b_alpha{}, b_beta{}, b_mean{}, disagreement{};
  std::uint64_t stream = 0;
};

struct OutcomeRule {
  std::string id, label;
  OutcomeSpec::Kind kind;
  expr::Program expr;   ///< When / Value
  bool discrete = false;  ///< a When condition over discrete slots only (see CommitmentRule)
  int event = -1;       ///< Count
  bool conditional = false;
  expr::Program given;  ///< when conditional: the run counts only if this is true at the end
  std::string given_text;
  std::string share_of;  ///< When: also read as a share of the runs in which this outcome happened
};

/// @brief A tracked variable (per-step bands in reports).
struct TrackedSlot {
  Slot slot{};
  std::string name;
  /// False: only the mean across runs is wanted at each point (a counter whose increments the
  /// report divides), so its SeriesSummary has no quantile bands, which cost most of the series.
  bool bands = true;
};

/// @brief Everything a run needs. Slots index one flat state vector of doubles.
struct Model {
  std::string name, description, start, variant;
  int step_days = 1, steps = 365, horizon_days = 365;
  std::vector<std::string> slot_names;
  std::vector<double> initial;        ///< fixed initial state (sampled slots overwritten per run)
  std::vector<double> lower, upper;   ///< bounds per slot (+-inf when unbounded)
  /// Per slot: 1 when nothing changes it during a run (parameters and other number fields,
  /// fixed or sampled at the run's start); 0 for variables, mechanism state, t and scratch.
  std::vector<std::uint8_t> run_constant;
  /// Per slot: 1 when mechanisms may change it in any step (t, step, drifting and influenced
  /// variables, ceasefire days, the negotiation's range and p_win, honour scratch); every other
  /// slot is discrete: it changes only where the engine also advances RunState::epoch.
  std::vector<std::uint8_t> continuous;
  /// Indices of the commitments whose active_when / trigger, and of the When outcomes whose
  /// condition, read a continuous slot: all a step needs to evaluate while the epoch is still.
  std::vector<std::uint32_t> active_continuous, trigger_continuous, outcome_continuous;
  std::vector<SampledSlot> sampled;
  std::vector<Slot> clamped;          ///< variable slots with finite bounds
  Slot t_slot = 0, step_slot = 1;
  Slot scratch_credibility{}, scratch_cost{}, scratch_binding{};  ///< honour-expression inputs
  std::vector<std::string> actor_ids, actor_names;
  std::vector<DriftRule> drifts;
  std::vector<InfluenceRule> influences;
  std::vector<EventRule> events;
  std::vector<CommitmentRule> commitments;
  std::vector<DecisionRule> decisions;
  std::vector<ActionRule> actions;
  /// Perceived credibility (PerceptionSpec): when false, perceived = credibility and expected
  /// is not computed.
  bool perception = false;
  Slot record_weight{}, perception_bias{};
  int perception_every = 7;           ///< observers reassess every this many days (0: every step)
  /// @brief For each (commitment, guarantor) pair, the index of its reputation record.
  std::vector<std::vector<int>> reputation_index;
  /// @brief For each reputation record, the other records of the same guarantor (spillover).
  std::vector<std::vector<int>> reputation_peers;
  int reputation_records = 0;
  NegotiationRule negotiation;
  CeasefireRule ceasefire;
  WarRule war;
  std::vector<OutcomeRule> outcomes;
  std::vector<TrackedSlot> tracked;
  /// Native code for this model's steps (geosim/native.hpp, attach_native), or null: run_one
  /// then interprets the programs. Reset by optimise_programs, since it mirrors the programs.
  std::shared_ptr<const native::Library> native;

  /// @brief True when the program reads only run-constant slots (so its value is fixed for a run).
  bool fixed_in_run(const expr::Program& p) const;
  /// @brief True when the program reads no continuous slot (so it can change only with the epoch).
  bool discrete(const expr::Program& p) const;
  /// @brief Slot of a name such as "RUS.resolve", or nullopt.
  std::optional<Slot> find_slot(std::string_view wanted) const;
};

/// @brief Compiles a validated scenario. Expression errors (syntax, unknown names) go to `diags`
/// with marks; returns nullopt if any.
std::optional<Model> compile_model(const Scenario& s, Diagnostics& diags);

/// @brief Re-derives the evaluation form of every program in `m` (expr::Program::optimise) and
/// what is fixed within a run (DriftRule::fixed_in_run, EventRule::fixed_rate_in_run).
/// compile_model does it; call it again after changing any program's code by hand.
void optimise_programs(Model& m);

/// @brief Stable 64-bit id of a text (FNV-1a), used for stream ids.
std::uint64_t stable_hash(std::string_view text);

}  // namespace geosim
