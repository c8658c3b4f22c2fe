// SPDX-License-Identifier: Apache-2.0
// A run's working state beyond the state vector and the outcomes: what the mechanisms of a step
// keep between steps (random streams, reputation records, per-run constants, epochs, influence
// buffers) and what native code fills for run_one. Private to the engine; RunState owns one.
// Sized by prepare() once per model, reused across runs: the step loop allocates nothing.
#pragma once

#include <cstdint>
#include <vector>

#include "geosim/model.hpp"
#include "geosim/random.hpp"
#include "sim/memo.hpp"

namespace geosim::sim {

struct Scratch {
  std::vector<double> opinion0;     ///< influence: initial opinions per rule member, flattened
  std::vector<double> rep_honoured, rep_reneged;  ///< Beta pseudo-counts per reputation record
  std::vector<std::uint8_t> prev_trigger;
  std::vector<std::uint8_t> prev_on;  ///< per decision: its `on` condition held at the last step
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
  std::vector<random::Xoshiro256pp> drift_rng, event_rng, commitment_rng, decision_rng;
  random::Xoshiro256pp negotiation_rng, ceasefire_rng, war_rng;
  random::Xoshiro256pp ceasefire_risk_rng[2];  ///< the ceasefire's incidents and beneficiary's breaches
  /// Per influence rule: its members' values during a step, the product W v, and (sparse W) one
  /// column of W written out (a step with a value that is not finite multiplies densely).
  std::vector<std::vector<double>> influence_x, influence_tmp, influence_col;
  /// Per influence rule: its members' stubbornness at the last computed step, and that step's
  /// number of days when the step gave back exactly the values it started from (else 0).
  std::vector<std::vector<double>> influence_stub;
  std::vector<int> influence_fixed;
  /// Memos (sim/memo.hpp): per commitment, its breach hazard ratio; the ceasefire's baseline
  /// hazard at its last two days since signing (reset at a run's start).
  std::vector<PowMemo> hazard_ratio_memo;
  PairMemo baseline_memo;
  /// The negotiation's security sums (cover and fear of party A, then B) and the epoch they were
  /// computed at (Model::security_discrete).
  double security_memo[4] = {0.0, 0.0, 0.0, 0.0};
  std::uint64_t security_epoch = ~std::uint64_t{0};
  bool security_discrete = false;  ///< sim::security_discrete of the model prepared for
  /// Native code (Model::native): per outcome, whether its condition has held and when.
  std::vector<std::uint8_t> native_done;
  std::vector<double> native_time;
  std::vector<double*> native_rows;  ///< per tracked variable: its row of RunState::tracked, set each run

  void prepare(const Model& m);
};

/// @brief True when what the negotiation's security sums read (every commitment's
/// bargaining_effect, raises_fear and perceived credibility) is discrete (Model::continuous): the
/// sums then change only with the epoch. Both bindings skip them by it (negotiation.hpp).
inline bool security_discrete(const Model& m) {
  for (const CommitmentRule& c : m.commitments)
    if (m.continuous[c.bargaining_effect] != 0 || m.continuous[c.raises_fear] != 0 || m.continuous[c.perceived] != 0) return false;
  return true;
}

}  // namespace geosim::sim
