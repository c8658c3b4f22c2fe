// SPDX-License-Identifier: Apache-2.0
// One run: a pure function of (model, seed, run index). Reusable scratch state keeps the step
// loop free of allocation; a log is kept only when a chronicle is asked for.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "geosim/model.hpp"

namespace geosim {

/// @brief Something that happened in a run, for the chronicle. Numbers only; names come from the model.
struct LogEntry {
  /// Bound: the bounds that set the bargaining range changed (index: 0 both rational, 1 red line,
  /// 2 demand, 3 demand and red line; p the previous index or -1; a, b the range; c p_win).
  /// Offer: a screening offer refused (a the offer, b the least B accepts, p A's estimate of the
  /// chance of acceptance, c p_win).
  enum class Kind : std::uint8_t { Event, Agreement, Breach, Invoked, Honoured, Reneged, Option, Decision, Responded, Battle, Incident, Bound, Offer };
  Kind kind;
  int step = 0;
  double day = 0.0;
  int index = -1;      ///< event or commitment index
  int actor = -1;      ///< acting actor (event owner, guarantor), or -1
  double p = 0.0;      ///< probability of what happened this step
  double a = 0.0, b = 0.0, c = 0.0;  ///< reasons: see docs/model.md (e.g. credibility, cost, range)
  /// The state the decision read, at the moment it was logged: (slot, value) for each slot its
  /// program reads, by slot. Invoked: the trigger's; Honoured / Reneged: the
  /// guarantor's honour expression's (before its response's effects). Empty for other kinds.
  std::vector<std::pair<Slot, double>> read = {};
};

/// @brief One outcome's result in one run.
struct OutcomeValue {
  double value = 0.0;   ///< When: 1/0; Value: the value; Count: the count
  double time = 0.0;    ///< When: first day the condition held, or the horizon when censored
  bool happened = false;
  bool included = true;  ///< false when the outcome's `given` condition failed: not counted
};

namespace sim {
struct Scratch;  // engine/sim/scratch.hpp: the mechanisms' working state, private to the engine
}

/// @brief Per-thread state for runs; sized once per model, reused across runs. Movable, not
/// copyable. After run_one: `state` holds the final state vector, `outcomes` each outcome's
/// result, `drawn` the numbers drawn at the run's start and `tracked` the tracked variables at
/// the series' points (when asked for; geosim/series_points.hpp).
struct RunState {
  std::vector<double> state;
  std::vector<OutcomeValue> outcomes;
  std::vector<double> drawn;  ///< per Model::sampled: the value this run drew (after clamping)
  std::vector<std::vector<double>> tracked;  ///< [tracked var][point], filled when track = true
  /// True: `tracked` holds every step (0 = start, s + 1 = end of step s), for one run's trace (a
  /// chronicle); false: the series' points. Such a run is interpreted. Set before prepare().
  bool every_step = false;
  /// False re-evaluates every program and computes every influence step, every step, instead of
  /// skipping those whose inputs have not changed (same results; tests compare both ways).
  bool use_epochs = true;
  std::unique_ptr<sim::Scratch> scratch;  ///< the mechanisms' working state between steps

  RunState();
  ~RunState();
  RunState(RunState&&) noexcept;
  RunState& operator=(RunState&&) noexcept;
  void prepare(const Model& m);
};

/// @brief Runs one simulation. Results land in `rs.outcomes`; `log`, when given, gets the chronicle.
/// Thread-safe for distinct RunState objects sharing one Model.
void run_one(const Model& m, std::uint64_t seed, std::uint64_t run, RunState& rs,
             std::vector<LogEntry>* log = nullptr, bool track = false);

}  // namespace geosim
