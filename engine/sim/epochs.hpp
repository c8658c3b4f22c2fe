// SPDX-License-Identifier: Apache-2.0
// Epochs: the bookkeeping that lets a step skip a program whose inputs cannot have changed, used
// by both bindings (the interpreter's, model_binding.hpp, and the one native code generates).
// A binding keeps an epoch counter that it advances at every discrete change (`discrete_change`:
// an event fires or its `now` resets, a commitment is invoked or its responses arrive, a
// ceasefire is signed or breaks, an active flag flips). A program that reads only discrete slots
// (Model::discrete) gives the same value while the epoch is the one it was last evaluated at.
// Skipping it is therefore exact: the results are the bits of evaluating it. Standard headers only
// (native code embeds this text).
#pragma once

#include <cstddef>
#include <cstdint>

namespace geosim::sim {

/// @brief True when a program over discrete slots was last evaluated at `epoch` (so it would give
/// the same value); otherwise records `epoch` as the one it is now evaluated at.
inline bool unchanged_since(std::uint64_t epoch, std::uint64_t& seen) {
  if (seen == epoch) return true;
  seen = epoch;
  return false;
}

/// @brief A pass over a kind of rule in order (active flags, triggers), calling `one(r)` on each
/// rule view: `all(g)` calls g on every rule in order, `continuous(g)` on those whose program
/// reads a continuous slot, in order; views answer `index()`. When the epoch has not moved since a
/// pass that moved nothing (`pass_epoch`), the other rules would all be skipped (their programs
/// are unchanged), so only the continuous ones are visited, until one of them moves the epoch:
/// from there on every later rule is visited in order again. `use` false: every rule, always.
template <class All, class Continuous, class One>
inline void epoch_pass(const std::uint64_t& epoch, std::uint64_t& pass_epoch, bool use, All&& all, Continuous&& continuous,
                       One&& one) {
  const std::uint64_t start = epoch;
  if (use && pass_epoch == start) {
    bool moved = false;
    std::size_t from = 0;
    continuous([&](const auto& r) {
      if (moved) return;
      one(r);
      if (epoch != start) {
        moved = true;
        from = static_cast<std::size_t>(r.index()) + 1;
      }
    });
    if (moved)
      all([&](const auto& r) {
        if (static_cast<std::size_t>(r.index()) >= from) one(r);
      });
  } else {
    all(one);
  }
  pass_epoch = epoch == start ? start : ~std::uint64_t{0};
}

/// @brief The pass over outcomes. Checking a condition changes nothing, so when no discrete change
/// happened since the last full pass, only the conditions over continuous slots can have turned
/// true: `continuous(one)` then, else `all(one)`.
template <class All, class Continuous, class One>
inline void epoch_outcome_pass(std::uint64_t epoch, std::uint64_t& pass_epoch, bool use, All&& all, Continuous&& continuous,
                               One&& one) {
  if (use && pass_epoch == epoch) {
    continuous(one);
  } else {
    all(one);
    pass_epoch = epoch;
  }
}

}  // namespace geosim::sim
