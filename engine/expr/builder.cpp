// SPDX-License-Identifier: Apache-2.0
#include "expr/builder.hpp"

#include <cstddef>
#include <cstdint>
#include <utility>

namespace geosim::expr::detail {

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
  // Fold with the operation's table semantics, the function every evaluator calls.
  double operands[3] = {0.0, 0.0, 0.0};
  for (std::size_t k = 0; k < n; ++k) operands[k] = code_[code_.size() - n + k].value;
  const double v = apply(op, operands);
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
