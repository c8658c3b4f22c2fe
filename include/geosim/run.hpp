// One run: a pure function of (model, seed, run index). Reusable scratch state keeps the step
// loop free of allocation; a log is kept only when a chronicle is asked for.
#pragma once

#include <cstdint>
#include <vector>

#include "geosim/model.hpp"
#include "geosim/random.hpp"

namespace geosim {

/// @brief Something that happened in a run, for the chronicle. Numbers only; names come from the model.
struct LogEntry {
  enum class Kind : std::uint8_t { Event, Agreement, Breach, Invoked, Honoured, Reneged };
  Kind kind;
  int step = 0;
  double day = 0.0;
  int index = -1;      ///< event or commitment index
  int actor = -1;      ///< acting actor (event owner, guarantor), or -1
  double p = 0.0;      ///< probability of what happened this step
  double a = 0.0, b = 0.0, c = 0.0;  ///< reasons: see docs/model.md (e.g. credibility, cost, range)
};

/// @brief One outcome's result in one run.
struct OutcomeValue {
  double value = 0.0;   ///< When: 1/0; Value: the value; Count: the count
  double time = 0.0;    ///< When: first day the condition held, or the horizon when censored
  bool happened = false;
  bool included = true;  ///< false when the outcome's `given` condition failed: not counted
};

/// @brief Per-thread scratch for runs; sized once per model, reused across runs.
struct RunState {
  std::vector<double> state;
  std::vector<double> opinion0;     ///< influence: initial opinions per rule member, flattened
  std::vector<double> rep_honoured, rep_reneged;  ///< Beta pseudo-counts per reputation record
  std::vector<std::uint8_t> prev_trigger;
  /// Per drift fixed within the run: OU decay and noise scale of a standard step; per event with
  /// a fixed rate: its chance per standard step. Set at the run's start (run_one).
  std::vector<double> drift_decay, drift_sd, event_p;
  /// Advanced whenever a discrete slot may have changed (an event fires or its `now` resets, a
  /// commitment is invoked, a ceasefire is signed or breaks, an active flag flips). A program over
  /// discrete slots evaluated at epoch E gives the same value while the epoch is still E, so
  /// outcome conditions, active_when and triggers are re-evaluated only when it moved.
  std::uint64_t epoch = 0;
  std::vector<std::uint64_t> outcome_epoch, active_epoch, trigger_epoch;
  /// The epoch at the end of the last pass over active flags / triggers / outcomes, when that pass
  /// advanced no epoch itself (else ~0): while the epoch still equals it, a pass needs only the
  /// rules listed in Model::*_continuous.
  std::uint64_t active_pass = ~std::uint64_t{0}, trigger_pass = ~std::uint64_t{0}, outcome_pass = ~std::uint64_t{0};
  /// False re-evaluates every program and computes every influence step, every step (tests
  /// compare both ways).
  bool use_epochs = true;
  std::vector<random::Xoshiro256pp> drift_rng, event_rng, commitment_rng;
  random::Xoshiro256pp negotiation_rng, ceasefire_rng;
  /// Per influence rule: its members' values during a step, the product W v, and (sparse W) one
  /// column of W written out (a step with a value that is not finite multiplies densely).
  std::vector<std::vector<double>> influence_x, influence_tmp, influence_col;
  /// Per influence rule: its members' stubbornness at the last computed step, and that step's
  /// number of days when the step gave back exactly the values it started from (else 0).
  std::vector<std::vector<double>> influence_stub;
  std::vector<int> influence_fixed;
  std::vector<OutcomeValue> outcomes;
  std::vector<std::vector<double>> tracked;  ///< [tracked var][step], filled when track = true
  double ceasefire_days = 0.0;
  /// Native code (Model::native): per outcome, whether its condition has held and when.
  std::vector<std::uint8_t> native_done;
  std::vector<double> native_time;
  std::vector<double*> native_rows;  ///< per tracked variable: its row of `tracked`, set each run
  void prepare(const Model& m);
};

/// @brief Runs one simulation. Results land in `rs.outcomes`; `log`, when given, gets the chronicle.
/// Thread-safe for distinct RunState objects sharing one Model.
void run_one(const Model& m, std::uint64_t seed, std::uint64_t run, RunState& rs,
             std::vector<LogEntry>* log = nullptr, bool track = false);

}  // namespace geosim
