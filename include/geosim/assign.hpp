// SPDX-License-Identifier: Apache-2.0
// The assignment operators of effect statements (`UKR.unity -= 0.01`) and what each does: one
// definition for the interpreter and for native code (engine/native embeds this file's text).
// Standard headers only.
#pragma once

#include <cstdint>

namespace geosim {

/// @brief Assignment operator of an effect statement.
enum class Assign : std::uint8_t { Set, Add, Sub, Mul, Div };

/// @brief The target's new value when `op` applies `v` to its value `old` (before clamping).
constexpr double assigned(Assign op, double old, double v) noexcept {
  switch (op) {
    case Assign::Set: return v;
    case Assign::Add: return old + v;
    case Assign::Sub: return old - v;
    case Assign::Mul: return old * v;
    case Assign::Div: return old / v;
  }
  return v;  // unreachable: every operator is handled above
}

}  // namespace geosim
