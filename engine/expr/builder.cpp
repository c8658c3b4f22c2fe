#include "expr/builder.hpp"

#include <cstddef>
#include <cstdint>
#include <utility>

namespace geosim::expr::detail {

int arity(Op op) noexcept {
  switch (op) {
    case Op::Const:
    case Op::Load:
      return 0;
    case Op::Neg: case Op::Not:
    case Op::Exp: case Op::Log: case Op::Sqrt: case Op::Abs:
    case Op::Floor: case Op::Ceil: case Op::Logistic: case Op::Logit:
      return 1;
    case Op::Add: case Op::Sub: case Op::Mul: case Op::Div: case Op::Pow:
    case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge: case Op::Eq: case Op::Ne:
    case Op::And: case Op::Or: case Op::Min: case Op::Max:
      return 2;
    case Op::Clamp:
    case Op::If:
      return 3;
  }
  return 0;
}

void Builder::constant(double v, std::size_t offset) {
  code_.push_back(Instr{Op::Const, 0, v});
  at_.push_back(offset);
}

void Builder::load(std::uint32_t slot, std::size_t offset) {
  code_.push_back(Instr{Op::Load, slot, 0.0});
  at_.push_back(offset);
}

void Builder::op(Op op, std::size_t offset) {
  const auto n = static_cast<std::size_t>(arity(op));
  bool foldable = code_.size() >= n;
  for (std::size_t k = 0; foldable && k < n; ++k) {
    foldable = code_[code_.size() - 1 - k].op == Op::Const;
  }
  if (!foldable) {
    code_.push_back(Instr{op, 0, 0.0});
    at_.push_back(offset);
    return;
  }
  // Fold by running the very evaluator that would run it later, so the semantics agree.
  Program tiny;
  tiny.code.assign(code_.end() - static_cast<std::ptrdiff_t>(n), code_.end());
  tiny.code.push_back(Instr{op, 0, 0.0});
  tiny.max_stack = static_cast<int>(n);
  const double v = tiny.eval(nullptr);
  const std::size_t first = n > 0 ? at_[at_.size() - n] : offset;
  code_.resize(code_.size() - n);
  at_.resize(at_.size() - n);
  constant(v, first);
}

Builder::Result Builder::finish() && {
  Result r;
  int depth = 0;
  int most = 0;
  for (std::size_t i = 0; i < code_.size(); ++i) {
    depth += 1 - arity(code_[i].op);
    if (depth > kMaxStack) {
      r.ok = false;
      r.overflow_offset = at_[i];
      return r;
    }
    if (depth > most) most = depth;
  }
  r.program.code = std::move(code_);
  r.program.max_stack = most;
  r.program.optimise();
  return r;
}

}  // namespace geosim::expr::detail
