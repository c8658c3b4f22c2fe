// SPDX-License-Identifier: Apache-2.0
// Text emission shared by the parts of the native code generator. Private to engine/native/.
#pragma once

#include <string>
#include <string_view>

#include "geosim/expr.hpp"

namespace geosim::native {

/// @brief The source being written: lines at an indentation depth, and unique temporaries.
struct Emitter {
  std::string out;
  int temp = 0;
  void line(int depth, std::string_view text);
};

/// @brief A double as C++ source that reads back to the same bits: a hexadecimal literal when
/// finite, else its bit pattern.
std::string literal(double v);

/// @brief Where a program's loads and constants come from. Unrolled: `x[SLOT]` and literals.
/// Tables: `x[L[j]]` and `K[j]`, the j-th slot and constant of the rule's operand tables, counted
/// on from `lpos` and `kpos` (the rows form, engine/native/rules.cpp).
struct Operands {
  bool tables = false;
  int lpos = 0, kpos = 0;
};

/// @brief Emits `p` as statements, one temporary per operation, in postfix order (the order
/// eval_postfix computes them); returns the expression holding its value.
std::string program_text(Emitter& e, const expr::Program& p, int depth, Operands& ops);

}  // namespace geosim::native
