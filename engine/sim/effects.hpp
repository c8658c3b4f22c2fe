// SPDX-License-Identifier: Apache-2.0
// Effects: `TARGET op EXPR`, then the target clamped to its bounds. Part of the one definition of
// a step that the interpreter and native code share (see step.hpp for the binding a template reads).
#pragma once

#include <algorithm>
#include <cstdint>

#include "geosim/assign.hpp"

namespace geosim::sim {

/// @brief Applies one effect view `e` (target(), op(), rhs(x)) to the binding's state.
template <class B, class E>
inline void apply_effect(B& b, const E& e) {
  double* const x = b.x;
  const double v = e.rhs(x);
  const std::uint32_t t = e.target();
  x[t] = assigned(e.op(), x[t], v);
  x[t] = std::clamp(x[t], b.lower(t), b.upper(t));
}

/// @brief Applies a rule's effect list in order; `each(f)` calls f on every effect view.
template <class B, class Each>
inline void apply_effects(B& b, Each&& each) {
  each([&](const auto& e) { apply_effect(b, e); });
}

}  // namespace geosim::sim
