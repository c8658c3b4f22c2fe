// SPDX-License-Identifier: Apache-2.0
// Postfix code emission with constant folding. Private to engine/expr/.
#pragma once

#include <cstddef>
#include <vector>

#include "geosim/expr.hpp"

namespace geosim::expr::detail {

/// @brief Collects a program's instructions as the parser emits them, folding each operation
/// whose operands are all constants into one Const. In postfix, a subexpression's last
/// instruction is its root, so the operands are all constant exactly when the last
/// `arity(op)` instructions (geosim/expr_ops.hpp) are all Const.
class Builder {
 public:
  void constant(double v, std::size_t offset);
  void load(std::uint32_t slot, std::size_t offset);
  void op(Op op, std::size_t offset);

  /// @brief The finished program, or the source offset of the first instruction that pushes
  /// the operand stack past kMaxStack (program.code is left empty then).
  struct Result {
    Program program;
    bool ok = true;
    std::size_t overflow_offset = 0;
  };
  Result finish() &&;

 private:
  std::vector<Instr> code_;
  std::vector<std::size_t> at_;  ///< source offset of each instruction, for errors
};

}  // namespace geosim::expr::detail
