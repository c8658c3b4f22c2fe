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

      case Op::Neg: top[-1] = -top[-1]; break;
      case Op::Not: top[-1] = top[-1] == 0.0 ? 1.0 : 0.0; break;
      case Op::Exp: top[-1] = std::exp(top[-1]); break;
      case Op::Log: top[-1] = std::log(top[-1]); break;
      case Op::Sqrt: top[-1] = std::sqrt(top[-1]); break;
      case Op::Abs: top[-1] = std::fabs(top[-1]); break;
      case Op::Floor: top[-1] = std::floor(top[-1]); break;
      case Op::Ceil: top[-1] = std::ceil(top[-1]); break;
      case Op::Logistic: top[-1] = 1.0 / (1.0 + std::exp(-top[-1])); break;
      case Op::Logit: top[-1] = std::log(top[-1] / (1.0 - top[-1])); break;

      case Op::Add: top[-2] += top[-1]; --sp; break;
      case Op::Sub: top[-2] -= top[-1]; --sp; break;
      case Op::Mul: top[-2] *= top[-1]; --sp; break;
      case Op::Div: top[-2] /= top[-1]; --sp; break;
      case Op::Pow: top[-2] = std::pow(top[-2], top[-1]); --sp; break;
      case Op::Lt: top[-2] = top[-2] < top[-1] ? 1.0 : 0.0; --sp; break;
      case Op::Le: top[-2] = top[-2] <= top[-1] ? 1.0 : 0.0; --sp; break;
      case Op::Gt: top[-2] = top[-2] > top[-1] ? 1.0 : 0.0; --sp; break;
      case Op::Ge: top[-2] = top[-2] >= top[-1] ? 1.0 : 0.0; --sp; break;
      case Op::Eq: top[-2] = top[-2] == top[-1] ? 1.0 : 0.0; --sp; break;
      case Op::Ne: top[-2] = top[-2] != top[-1] ? 1.0 : 0.0; --sp; break;
      case Op::And: top[-2] = (top[-2] != 0.0 && top[-1] != 0.0) ? 1.0 : 0.0; --sp; break;
      case Op::Or: top[-2] = (top[-2] != 0.0 || top[-1] != 0.0) ? 1.0 : 0.0; --sp; break;
      case Op::Min: top[-2] = std::min(top[-2], top[-1]); --sp; break;
      case Op::Max: top[-2] = std::max(top[-2], top[-1]); --sp; break;

      case Op::Clamp:  // x, lo, hi
        top[-3] = std::min(std::max(top[-3], top[-2]), top[-1]);
        sp -= 2;
        break;
      case Op::If:  // cond, then, else
        top[-3] = top[-3] != 0.0 ? top[-2] : top[-1];
        sp -= 2;
        break;
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
