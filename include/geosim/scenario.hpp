// SPDX-License-Identifier: Apache-2.0
// The validated scenario: plain structs that remember where each value came from.
// Produced by load_scenario() after variants and `--set` overrides are applied; immutable after.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "geosim/diagnostics.hpp"

namespace geosim {

/// @brief A number that may be uncertain: a distribution sampled once per run.
struct Distribution {
  enum class Kind { Fixed, Normal, LogNormal, Beta, Uniform, Triangular };
  Kind kind = Kind::Fixed;
  double a = 0.0;  ///< Fixed: value; Normal/LogNormal: mean/mu; Beta: alpha; Uniform/Triangular: lo
  double b = 0.0;  ///< Normal/LogNormal: sd/sigma; Beta: beta; Uniform/Triangular: hi
  double c = 0.0;  ///< Triangular: mode
  bool uncertain() const { return kind != Kind::Fixed; }
  double mean() const;
};

/// @brief A number field: fixed or uncertain, with its place and its override path.
struct NumberSpec {
  Distribution dist;
  SourceMark mark;
  std::string path;  ///< e.g. "events.strike.rate": the name in sensitivity and sweep output
};

/// @brief An expression field (rate, condition, target) or a number / distribution in its place.
struct ExprSpec {
  std::string text;       ///< empty when `number` holds a constant or distribution
  NumberSpec number;      ///< used when text is empty
  SourceMark mark;        ///< first character of the expression text
  bool present = false;   ///< false when the key was absent (defaults apply)
};

/// @brief A named state variable of an actor or bloc.
struct VariableSpec {
  std::string name;
  NumberSpec initial;
  double min = 0.0;
  double max = 1.0;
  bool track = false;  ///< keep per-step quantile bands for reports
  std::string describe;
  SourceMark mark;
};

struct ActorSpec {
  std::string id, name, kind = "state";
  std::vector<VariableSpec> variables;
  SourceMark mark;
};

struct MemberSpec {
  std::string actor;
  double weight = 1.0;
  SourceMark mark;
};

struct BlocSpec {
  std::string id, name;
  std::vector<MemberSpec> members;
  std::vector<VariableSpec> variables;
  SourceMark mark;
};

struct RelationEntry {
  std::string from, to;
  double value = 0.0;
  SourceMark mark;
};

/// @brief A named actor-by-actor matrix (alignment, hostility, ...).
struct RelationSpec {
  std::string id;
  bool symmetric = true;
  double fill = 0.0;       ///< value of unlisted pairs
  double diagonal = 1.0;   ///< value of (A, A)
  std::vector<RelationEntry> entries;
  SourceMark mark;
};

/// @brief Drift of one variable toward a target, with noise (Ornstein-Uhlenbeck form).
struct DriftSpec {
  std::string variable;  ///< "ACTOR.var" or "BLOC.var"
  ExprSpec toward, rate;
  NumberSpec noise;      ///< sd per sqrt(day)
  SourceMark mark;
};

/// @brief Friedkin-Johnsen influence of one variable over a relation's ties.
struct InfluenceSpec {
  std::string variable;  ///< variable name shared by the actors, e.g. "resolve"
  std::string relation;
  std::vector<std::string> actors;  ///< empty = every actor that has the variable
  NumberSpec stubbornness;          ///< weight on each actor's initial opinion, [0, 1]
  SourceMark mark;
};

struct EffectText {
  std::string text;
  SourceMark mark;
};

struct EventSpec {
  std::string id, actor, describe;
  ExprSpec rate, when;
  bool repeat = true;
  std::vector<EffectText> effects;
  SourceMark mark;
};

/// @brief One action of a decision: its utility and what choosing it does.
struct ActionSpec {
  std::string id, describe;
  ExprSpec utility;
  std::vector<EffectText> effects;
  bool breaks_ceasefire = false;  ///< choosing it while a ceasefire holds breaks the ceasefire
  SourceMark mark;
};

/// @brief One piece of a decision's fixed policy: on the steps that start on a day in
/// [from_day, to_day) the decision takes `action` instead of following its rule (to_day < 0:
/// until the next piece, or the horizon).
struct PolicyStepSpec {
  int from_day = 0, to_day = -1;
  std::string action;
  SourceMark mark, action_mark;
};

/// @brief An actor's choice among actions by a random-utility (logit) rule or best response.
struct DecisionSpec {
  std::string id, actor, describe;
  ExprSpec when, on;          ///< gate (default true); optional rising edge that schedules it
  int every_days = 0;         ///< 0: every step; else on the steps holding a multiple of it
  bool best = false;          ///< rule: best (best response) instead of logit
  NumberSpec precision;       ///< logit precision lambda >= 0
  std::vector<ActionSpec> actions;
  std::vector<PolicyStepSpec> policy;  ///< fixed choices by day (role-play, a policy variant); in day order
  SourceMark mark, every_mark;
};

/// @brief How observers weigh a guarantor's record against its present interests.
struct PerceptionSpec {
  bool present = false;
  NumberSpec record_weight, bias;
  int every_days = 7;
  SourceMark mark;
};

/// @brief One rung of a commitment's response ladder (weakest first): what reaching it costs the
/// guarantor and adds, over the rung below, to the attacker's chance of winning and cost of war.
struct ResponseSpec {
  std::string id, describe;
  NumberSpec cost, attacker_p_win, attacker_cost;
  std::vector<EffectText> effects;
  SourceMark mark;
};

struct CommitmentSpec {
  std::string id, type, beneficiary;
  std::vector<std::pair<std::string, SourceMark>> guarantors;  ///< actors or blocs, as written
  bool binding = true, enabled = true;
  ExprSpec active_when, trigger, honour, coalition_acts;
  NumberSpec cost, prior_honoured, prior_reneged, spillover, ceasefire_effect, bargaining_effect, correlation, attacker_p_win,
      attacker_cost;
  NumberSpec raises_fear;  ///< two-sided bargaining: added to the other party's commitment problem
  std::vector<EffectText> on_honour, on_renege;
  std::vector<ResponseSpec> responses;  ///< graded responses, weakest first (empty: binary honour)
  NumberSpec response_lag_days;         ///< days from invocation to the responses' effects
  std::string describe;
  SourceMark mark;
};

struct NegotiationSpec {
  bool present = false;
  std::string party_a, party_b, issue, mediator;
  std::string agreement;  ///< what a deal is, in words, for the chronicle ("" : a ceasefire)
  SourceMark party_a_mark, party_b_mark, mediator_mark;
  ExprSpec p_win, cost_a, cost_b, uncertainty, commitment_problem, red_line, demand, when, mediation;
  NumberSpec rate, full_width, mediation_effect, progress, progress_effect;
  /// Two-sided bargaining: B's commitment problem (raises the lower bound) and B's demand as a
  /// premium over its rational bound p - c_B + u/2 (absent: only the absolute `demand`).
  ExprSpec commitment_problem_b, demand_premium;
  /// The offer rule: split the difference (default), or A's screening offer against B's unknown
  /// cost of war, believed uniform on [cost_b_belief.0, cost_b_belief.1].
  bool screening = false;
  NumberSpec belief_low, belief_high;
  SourceMark belief_mark;
  std::vector<EffectText> on_agreement;
  SourceMark mark;
};

struct CeasefireSpec {
  bool present = false;
  bool in_force_at_start = false;
  bool weibull = true;         ///< else a constant hazard
  NumberSpec shape, scale_days, constant_rate;
  bool dmz = false, imposed = false, renegotiate = true;
  NumberSpec dmz_effect, imposed_effect;
  ExprSpec pressure;
  std::vector<EffectText> on_breach;
  SourceMark mark;
  // Competing risks (docs/model.md, "Ceasefire"): a split-population baseline, incidents that
  // may escalate, and breaches started by the side the guarantees protect.
  bool has_cure = false;
  NumberSpec cure;  ///< breach.cure: share that never fails from the baseline
  struct Incidents {
    bool present = false;
    ExprSpec rate, monitoring;
    NumberSpec escalation, monitored_effect, dmz_effect;
  } incidents;
  struct Beneficiary {
    bool present = false;
    std::string actor;
    SourceMark actor_mark;
    ExprSpec rate, attribution;
  } beneficiary;
};

/// @brief Fighting as a process (`war:`): battles while no ceasefire holds move B's share of the
/// disputed holdings, and each party's Beta belief about B's chance of winning a battle learns
/// from every outcome (sim/war.hpp, docs/model.md).
struct WarSpec {
  bool present = false;
  std::string party_a, party_b;
  SourceMark party_a_mark, party_b_mark;
  ExprSpec p_battle, when;
  int every_days = 7;             ///< a battle on each multiple of this many days
  NumberSpec control, gain;       ///< B's initial share; share a battle moves to its winner
  NumberSpec alpha_a, beta_a, alpha_b, beta_b;  ///< Beta priors of A and B over p_battle
  SourceMark mark;
};

struct OutcomeSpec {
  enum class Kind { When, Value, Count };
  std::string id, label;
  Kind kind = Kind::When;
  ExprSpec expr;      ///< When: condition; Value: expression
  ExprSpec given;     ///< optional: measured only over runs where this holds at the end
  std::string event;  ///< Count
  SourceMark event_mark;
  std::string describe;  ///< what it answers, in words (reports)
  std::string share_of;  ///< When: reports show it as a share of the runs where this outcome happened
  SourceMark share_of_mark;
  SourceMark mark;
};

struct ParameterSpec {
  std::string name, describe;
  NumberSpec value;
  SourceMark mark;
};

struct VariantInfo {
  std::string name, description;
  SourceMark mark;
};

/// @brief A whole scenario after validation and overrides. Immutable once loaded.
/// @brief One lever of the classroom page: a number students move, written into the scenario as
/// `--set PATH=VALUE` would write it.
struct LeverSpec {
  std::string id, path, label, describe;
  double min = 0.0, max = 1.0, step = 0.05;
  double value = 0.0;  ///< where the lever starts: `value:`, else the scenario's own number
  SourceMark mark;     ///< the lever's key
};

/// @brief The `classroom:` section: what `geosim classroom` puts on the page (docs/classroom.md).
struct ClassroomSpec {
  bool present = false;
  std::string title, intro;
  std::vector<LeverSpec> levers;        ///< at most five (the format table's range of `levers`)
  std::vector<std::string> outcomes;    ///< outcome ids shown, in order (all when none listed)
  std::vector<std::string> forecast;    ///< outcome ids students forecast before a run
  std::vector<std::pair<std::string, std::string>> questions;  ///< key -> question, in file order
  std::vector<std::string> roles;       ///< decision ids a team can play (role-play)
  int runs = 2000;
  int seed = 1;
  SourceMark mark;
};

struct Scenario {
  std::string name, description, start;
  int step_days = 1;
  int horizon_days = 365;
  std::map<std::string, std::string> sources_cited;
  std::vector<ParameterSpec> parameters;
  std::vector<ActorSpec> actors;
  std::vector<BlocSpec> blocs;
  std::vector<RelationSpec> relations;
  std::vector<DriftSpec> drifts;
  std::vector<InfluenceSpec> influences;
  std::vector<EventSpec> events;
  std::vector<CommitmentSpec> commitments;
  std::vector<DecisionSpec> decisions;
  PerceptionSpec perception;
  NegotiationSpec negotiation;
  CeasefireSpec ceasefire;
  WarSpec war;
  std::vector<OutcomeSpec> outcomes;
  std::vector<VariantInfo> variants;  ///< declared in the file (and its bases)
  std::string variant;                ///< the variant applied, or empty
  std::vector<std::string> files;     ///< every file read, base first
  std::shared_ptr<Sources> sources;   ///< texts the marks point into
  ClassroomSpec classroom;            ///< the teaching page's levers and questions, if any
};

/// @brief An override `PATH=VALUE` from the command line or a sweep.
struct Override {
  std::string path;
  std::string value;  ///< YAML text, e.g. "0.3" or "{uniform: [0.1, 0.5]}"
};

/// @brief Resource limits checked at load, before anything large is built, so a scenario that
/// would need more memory than sensible is refused with a message instead of thrashing the
/// machine. The command line raises them with --max-actors and --max-memory (docs/errors.md).
struct ResourceLimits {
  std::size_t max_actors = 1000;       ///< actors, and blocs, each
  std::size_t max_memory_mb = 4096;    ///< estimated memory of the compiled model, MiB
};

struct LoadOptions {
  std::string variant;               ///< apply this variant after loading
  std::vector<Override> overrides;   ///< applied after the variant, in order
  ResourceLimits limits = {};        ///< refused at load when exceeded
  /// Folders besides the scenario's own (that of the file named, or the current folder for
  /// standard input) whose files `extends` may name (--allow-extends).
  std::vector<std::string> extends_from = {};
};

/// @brief Loads, merges `extends` bases, applies the variant and overrides, validates.
/// All problems go to `diags` (with marks into `*sources`); returns nullopt if any.
/// What a scenario may read (docs/errors.md, "Threat model"): a base named by `extends` must be a
/// `.yaml` or `.yml` file inside the scenario's own folder (or below it), or inside a folder of
/// `options.extends_from`, links resolved; a file that is not shaped like a scenario (no key of
/// its top level is a section of the format) is refused with one message that shows none of
/// its lines.
std::optional<Scenario> load_scenario(const std::string& path, const LoadOptions& options,
                                      Diagnostics& diags, std::shared_ptr<Sources> sources);

/// @brief Same, from text (tests feed YAML inline). `name` is used in messages.
std::optional<Scenario> load_scenario_text(const std::string& name, const std::string& text,
                                           const LoadOptions& options, Diagnostics& diags,
                                           std::shared_ptr<Sources> sources);

/// @brief The JSON Schema (draft 2020-12) of the scenario format, generated from the loader's
/// own key tables.
std::string scenario_json_schema();

}  // namespace geosim
