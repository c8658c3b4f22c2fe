// SPDX-License-Identifier: Apache-2.0
// The hand-written floor: bench/paris-2026-first-edition.yaml coded directly in C++ (no scenario file, no
// expression interpreter, no slots), used by the benchmark to measure the engine's overhead.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "geosim/stats.hpp"

namespace geosim::bench {

/// @brief One outcome over all runs, in the same terms as the engine's OutcomeSummary.
struct HandOutcome {
  std::string id;
  bool is_when = true;                        ///< a `when:` outcome (first passage recorded)
  std::uint64_t n = 0, happened = 0;          ///< runs counted (given held), condition held
  stats::MeanAccumulator values;              ///< When: 1/0; Value: the value; Count: the count
  std::vector<std::uint64_t> first_passage;   ///< When: runs first true at the end of step s
};

/// @brief Runs `runs` runs of the hand-written Paris model from run index 0, single-threaded.
/// Its random streams follow the engine's scheme (docs/model.md: one xoshiro256++ stream per
/// process, keyed by seed, run and a hash of the element's name; the same draws per step), so at
/// the same seed it reproduces the engine's runs, and at another seed it is an independent sample.
std::vector<HandOutcome> run_handwritten_paris(std::uint64_t runs, std::uint64_t seed);

/// @brief The tuned scalar floor: the same loop, the same draws and bit-identical outcomes, with
/// the work that cannot change a result left out (issue 21): the nine governments' resolve, the
/// same in every run, computed once; expm1 skipped when the draw already misses; what credibility
/// alone determines (the negotiation's security, each commitment's breach hazard ratio) cached
/// until credibility changes, and the ceasefire's baseline hazard by day from a table; outcomes
/// over counters alone checked only in a step that moved a counter.
std::vector<HandOutcome> run_tuned_paris(std::uint64_t runs, std::uint64_t seed);

}  // namespace geosim::bench
