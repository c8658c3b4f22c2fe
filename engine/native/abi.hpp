// SPDX-License-Identifier: Apache-2.0
// The interface between run_one and the native code generated for a scenario (engine/native):
// plain pointers into a run's state and callbacks into the engine for the rare or intricate parts
// (Gaussian draws, Friedkin-Johnsen influence, a commitment's invocation). The generated source
// embeds this file's text, so both sides see one definition.
#pragma once

#include <cstdint>

#include "geosim/random.hpp"

namespace geosim::native {

/// @brief Changes whenever Context or the generated entry point changes meaning; a cached
/// library built for another version is rebuilt.
inline constexpr std::uint32_t kAbiVersion = 5;  // 5: the engine's own exp, log and pow (geosim/detmath.hpp)

/// @brief What the generated `geosim_native_run` reads and writes for one run.
struct Context {
  double* x;                                ///< the run's state vector (RunState::state)
  random::Xoshiro256pp* drift_rng;          ///< per drift
  random::Xoshiro256pp* event_rng;          ///< per event
  random::Xoshiro256pp* decision_rng;       ///< per decision
  random::Xoshiro256pp* negotiation_rng;
  random::Xoshiro256pp* ceasefire_rng;
  random::Xoshiro256pp* war_rng;            ///< battles (war:)
  random::Xoshiro256pp* ceasefire_risk_rng; ///< [0] incidents, [1] breaches by the beneficiary
  const double* drift_decay;                ///< per drift fixed in the run: OU decay of a standard step
  const double* drift_sd;                   ///< ... and its noise scale
  const double* event_p;                    ///< per event with a fixed rate: chance per standard step
  std::uint8_t* prev_trigger;               ///< per commitment: trigger held at the last step
  std::uint8_t* prev_on;                    ///< per decision: its `on` condition held at the last step
  std::uint8_t* outcome_done;               ///< per outcome: a When condition has held
  double* outcome_time;                     ///< per outcome: the day it first held
  double* const* tracked;                   ///< per tracked slot: values by step, or null
  void* engine;                             ///< passed back to the callbacks
  double (*normal)(random::Xoshiro256pp* g);                      ///< standard normal draw
  void (*influence)(void* engine, int step, double day, double dt);  ///< Friedkin-Johnsen step
  /// A commitment's invocation (decisions, reputation, effects); returns 1 when a decision was taken.
  int (*invoke)(void* engine, int commitment, int step, double day);
  void (*refresh)(void* engine);            ///< credibility from the reputation records
  /// A commitment's responses whose lag has run out arrive (their effects apply).
  void (*deliver)(void* engine, int commitment, int step, double day);
};

/// @brief The generated entry point: runs every step of one run (sampling and seeding done).
using RunFn = void (*)(Context* c);

}  // namespace geosim::native
