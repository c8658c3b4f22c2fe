// SPDX-License-Identifier: Apache-2.0
// The reference postfix interpreter (fast.cpp holds the form eval runs), effects, reads.
#include <algorithm>
#include <cmath>

#include "geosim/expr.hpp"

namespace geosim::expr {

double Program::eval_postfix(const double* state) const noexcept {
  // Compile guarantees the stack never exceeds kMaxStack and every op finds its operands.
  double stack[kMaxStack];
  int sp = 0;  // number of operands on the stack
  for (const Instr& in : code) {
    double* top = stack + sp;  // one past the top operand
    switch (in.op) {
      case Op::Const: stack[sp++] = in.value; break;
      case Op::Load: stack[sp++] = state[in.slot]; break;
      // Every other operation, from the table (include/geosim/expr_ops.hpp): the result replaces
      // its operands, the lowest of which is top[-arity].
#define GEOSIM_POSTFIX_0(Name)  // the leaves, above
#define GEOSIM_POSTFIX_1(Name) \
  case Op::Name: top[-1] = ops::Name(top[-1]); break;
#define GEOSIM_POSTFIX_2(Name) \
  case Op::Name: top[-2] = ops::Name(top[-2], top[-1]); --sp; break;
#define GEOSIM_POSTFIX_3(Name) \
  case Op::Name: top[-3] = ops::Name(top[-3], top[-2], top[-1]); sp -= 2; break;
#define GEOSIM_POSTFIX(Name, arity, ...) GEOSIM_EXPR_BY_ARITY(GEOSIM_POSTFIX_, arity)(Name)
      GEOSIM_EXPR_OPS(GEOSIM_POSTFIX)
#undef GEOSIM_POSTFIX
#undef GEOSIM_POSTFIX_0
#undef GEOSIM_POSTFIX_1
#undef GEOSIM_POSTFIX_2
#undef GEOSIM_POSTFIX_3
    }
  }
  return sp > 0 ? stack[sp - 1] : 0.0;
}

bool Program::is_constant() const noexcept {
  return std::none_of(code.begin(), code.end(), [](const Instr& in) { return in.op == Op::Load; });
}

std::vector<std::uint32_t> Program::reads() const {
  std::vector<std::uint32_t> slots;
  for (const Instr& in : code) {
    if (in.op == Op::Load) slots.push_back(in.slot);
  }
  std::sort(slots.begin(), slots.end());
  slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
  return slots;
}

void Effect::apply(double* state) const noexcept {
  const double v = rhs.eval(state);
  state[target] = assigned(op, state[target], v);
}

}  // namespace geosim::expr
