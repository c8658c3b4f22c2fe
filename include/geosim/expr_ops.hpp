// SPDX-License-Identifier: Apache-2.0
// The operations of the expression language, defined once: one table row per operation gives its
// enumerator in Op, its arity, the built-in function that compiles to it (if any) with its
// parameter text, a one-line doc, and its semantics. Everything else is derived from the rows:
// the enum Op, the inline semantics `geosim::expr::ops::NAME(a, ...)` that every evaluator calls
// (the reference interpreter, the fast form, constant folding, and the C++ that native code
// generates), the arity and function tables, and the check of the docs' function list.
//
// Adding an operation is adding its row here (and, for an operator rather than a function, its
// token in the lexer and parser). Every switch over Op is generated from the rows or lists every
// case without a `default:`, so a consumer that misses an operation does not compile (-Wswitch
// with -Werror), and every array indexed by Op is checked against the enum by a static_assert.
//
// Only standard headers and geosim/detmath.hpp (the engine's own exp, log and pow, embedded before
// this file): native code embeds this file's text in the C++ it generates
// (engine/native/embedded.cpp.in), so the generated code computes each operation with the very
// function the interpreter uses.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "geosim/detmath.hpp"

// GEOSIM_EXPR_TABLE(R, X): one row per operation, R(X, Name, arity, function, params, doc, semantics)
//   Name       the enumerator of Op, and the name of its semantics geosim::expr::ops::Name
//   arity      operands popped; the leaves Const and Load pop none and push the instruction's
//              operand (its constant, or state[slot]), which their semantics `a` stands for
//   function   the built-in function that compiles to the operation, or "" for operators
//   params     the function's parameter text, for messages and the docs; ending in "..." means any
//              number of arguments from `arity` up, compiled to a chain of the binary operation
//   doc        one line; for a function, the text of its row in docs/scenario-format.md
//   semantics  the result as an expression of the operands a, b, c (in the order they are pushed)
// The row order is the order of Op and of the function list in messages.
#define GEOSIM_EXPR_TABLE(R, X)                                                                    \
  R(X, Const, 0, "", "", "a constant", a)                                                          \
  R(X, Load, 0, "", "", "a state variable", a)                                                     \
  R(X, Neg, 1, "", "", "-x: unary minus", -a)                                                      \
  R(X, Not, 1, "", "", "!x, not x: 1 if x is 0, else 0", a == 0.0 ? 1.0 : 0.0)                     \
  R(X, Add, 2, "", "", "a + b", a + b)                                                             \
  R(X, Sub, 2, "", "", "a - b", a - b)                                                             \
  R(X, Mul, 2, "", "", "a * b", a * b)                                                             \
  R(X, Div, 2, "", "", "a / b", a / b)                                                             \
  R(X, Lt, 2, "", "", "a < b", a < b ? 1.0 : 0.0)                                                  \
  R(X, Le, 2, "", "", "a <= b", a <= b ? 1.0 : 0.0)                                                \
  R(X, Gt, 2, "", "", "a > b", a > b ? 1.0 : 0.0)                                                  \
  R(X, Ge, 2, "", "", "a >= b", a >= b ? 1.0 : 0.0)                                                \
  R(X, Eq, 2, "", "", "a == b", a == b ? 1.0 : 0.0)                                                \
  R(X, Ne, 2, "", "", "a != b", a != b ? 1.0 : 0.0)                                                \
  R(X, And, 2, "", "", "a and b, a && b", (a != 0.0 && b != 0.0) ? 1.0 : 0.0)                      \
  R(X, Or, 2, "", "", "a or b, a || b", (a != 0.0 || b != 0.0) ? 1.0 : 0.0)                        \
  R(X, Min, 2, "min", "a, b, ...", "smallest argument (two or more)", std::min(a, b))              \
  R(X, Max, 2, "max", "a, b, ...", "largest argument (two or more)", std::max(a, b))               \
  R(X, Clamp, 3, "clamp", "x, lo, hi", "`x` limited to [lo, hi]", std::min(std::max(a, b), c))    \
  R(X, If, 3, "if", "cond, then, else", "`then` if `cond` is non-zero, else `else`",               \
    a != 0.0 ? b : c)                                                                              \
  R(X, Exp, 1, "exp", "x", "e to the power x", det::exp(a))                                        \
  R(X, Log, 1, "log", "x", "natural logarithm", det::log(a))                                       \
  R(X, Sqrt, 1, "sqrt", "x", "square root", std::sqrt(a))                                          \
  R(X, Abs, 1, "abs", "x", "absolute value", std::fabs(a))                                         \
  R(X, Floor, 1, "floor", "x", "round down", std::floor(a))                                        \
  R(X, Ceil, 1, "ceil", "x", "round up", std::ceil(a))                                             \
  R(X, Logistic, 1, "logistic", "x", "1 / (1 + exp(−x))", 1.0 / (1.0 + det::exp(-a)))              \
  R(X, Logit, 1, "logit", "p", "log(p / (1 − p))", det::log(a / (1.0 - a)))                        \
  R(X, Pow, 2, "pow", "a, b", "a to the power b, same as `a ^ b`", det::pow(a, b))

// Two views of the table. GEOSIM_EXPR_OPS_ALL(X) calls X(Name, arity, function, params, doc,
// semantics) for every row; only the enum Op is declared from it. GEOSIM_EXPR_OPS(X) does the same
// for every row not dropped, and everything else is generated from it. Nothing is dropped in a
// build; the hook exists for the test that proves a missing row breaks the build
// (tests/build/drop_op.sh): compiling with -DGEOSIM_EXPR_DROP_<Name>=~,1 removes row <Name>
// from GEOSIM_EXPR_OPS, as if a consumer had forgotten that operation.
#define GEOSIM_EXPR_ROW(X, ...) X(__VA_ARGS__)
#define GEOSIM_EXPR_OPS_ALL(X) GEOSIM_EXPR_TABLE(GEOSIM_EXPR_ROW, X)
#define GEOSIM_EXPR_OPS(X) GEOSIM_EXPR_TABLE(GEOSIM_EXPR_ROW_UNLESS_DROPPED, X)

#define GEOSIM_EXPR_CAT_(a, b) a##b
#define GEOSIM_EXPR_CAT(a, b) GEOSIM_EXPR_CAT_(a, b)
#define GEOSIM_EXPR_SECOND_(a, b, ...) b
#define GEOSIM_EXPR_SECOND(...) GEOSIM_EXPR_SECOND_(__VA_ARGS__)
// 1 when GEOSIM_EXPR_DROP_<Name> is defined as `~,1`, else 0 (it stays one unknown identifier).
#define GEOSIM_EXPR_DROPPED(Name) GEOSIM_EXPR_SECOND(GEOSIM_EXPR_DROP_##Name, 0, ~)
#define GEOSIM_EXPR_KEEP_0(...) __VA_ARGS__
#define GEOSIM_EXPR_KEEP_1(...)
#define GEOSIM_EXPR_ROW_UNLESS_DROPPED(X, Name, ...) \
  GEOSIM_EXPR_CAT(GEOSIM_EXPR_KEEP_, GEOSIM_EXPR_DROPPED(Name))(X(Name, __VA_ARGS__))

// Helpers that select on a row's arity by token pasting: GEOSIM_EXPR_BY_ARITY(P, arity) is P0..P3.
#define GEOSIM_EXPR_BY_ARITY(P, arity) GEOSIM_EXPR_CAT(P, arity)

namespace geosim::expr {

/// @brief One postfix operation (see the table above). `Load` reads state[slot]; `Const` pushes value.
enum class Op : std::uint8_t {
#define GEOSIM_EXPR_ENUM(Name, ...) Name,
  GEOSIM_EXPR_OPS_ALL(GEOSIM_EXPR_ENUM)
#undef GEOSIM_EXPR_ENUM
};

/// @brief Number of operations (enumerators of Op).
inline constexpr std::size_t kOpCount = 0
#define GEOSIM_EXPR_ONE(...) +1
    GEOSIM_EXPR_OPS_ALL(GEOSIM_EXPR_ONE);
#undef GEOSIM_EXPR_ONE

/// @brief Each operation's semantics, one inline function per operation that pops operands:
/// `ops::Exp(a)`, `ops::Add(a, b)`, `ops::Clamp(a, b, c)`. Every evaluator calls these.
namespace ops {
#define GEOSIM_EXPR_SEMANTICS_0(Name, ...)
#define GEOSIM_EXPR_SEMANTICS_1(Name, ...) \
  inline double Name(double a) noexcept { return __VA_ARGS__; }
#define GEOSIM_EXPR_SEMANTICS_2(Name, ...) \
  inline double Name(double a, double b) noexcept { return __VA_ARGS__; }
#define GEOSIM_EXPR_SEMANTICS_3(Name, ...) \
  inline double Name(double a, double b, double c) noexcept { return __VA_ARGS__; }
#define GEOSIM_EXPR_SEMANTICS(Name, arity, function, params, doc, ...) \
  GEOSIM_EXPR_BY_ARITY(GEOSIM_EXPR_SEMANTICS_, arity)(Name, __VA_ARGS__)
GEOSIM_EXPR_OPS(GEOSIM_EXPR_SEMANTICS)
#undef GEOSIM_EXPR_SEMANTICS
#undef GEOSIM_EXPR_SEMANTICS_0
#undef GEOSIM_EXPR_SEMANTICS_1
#undef GEOSIM_EXPR_SEMANTICS_2
#undef GEOSIM_EXPR_SEMANTICS_3
}  // namespace ops

/// @brief What the table says about one operation.
struct OpInfo {
  Op op;
  std::string_view name;      ///< the enumerator's name, also that of its ops:: function
  int arity;                  ///< operands popped
  std::string_view function;  ///< built-in function name, or empty
  std::string_view params;    ///< the function's parameter text, e.g. "x, lo, hi"
  std::string_view doc;       ///< one line
  /// @brief A function taking `arity` or more arguments, compiled to a chain of the binary op.
  constexpr bool variadic() const noexcept { return params.ends_with("..."); }
};

/// @brief The table, indexed by Op.
inline constexpr OpInfo kOps[] = {
#define GEOSIM_EXPR_INFO(Name, arity, function, params, doc, ...) \
  OpInfo{Op::Name, #Name, arity, function, params, doc},
    GEOSIM_EXPR_OPS(GEOSIM_EXPR_INFO)
#undef GEOSIM_EXPR_INFO
};
static_assert(sizeof(kOps) / sizeof(kOps[0]) == kOpCount, "one table row per enumerator of Op");
static_assert(
    [] {
      for (std::size_t i = 0; i < kOpCount; ++i)
        if (kOps[i].op != static_cast<Op>(i)) return false;
      return true;
    }(),
    "the table's rows are in the order of Op");

/// @brief The table's row for `op`.
constexpr const OpInfo& info(Op op) noexcept { return kOps[static_cast<std::size_t>(op)]; }

/// @brief Number of operands `op` pops (Const and Load pop none; every operation pushes one).
constexpr int arity(Op op) noexcept { return info(op).arity; }

/// @brief `op` applied to its operands `v[0..arity)` (in push order); for a leaf, `v[0]` is the
/// value it pushes. The same ops:: function every evaluator calls; used for constant folding.
inline double apply(Op op, const double* v) noexcept {
  switch (op) {
#define GEOSIM_EXPR_CALL_0(Name) v[0]
#define GEOSIM_EXPR_CALL_1(Name) ops::Name(v[0])
#define GEOSIM_EXPR_CALL_2(Name) ops::Name(v[0], v[1])
#define GEOSIM_EXPR_CALL_3(Name) ops::Name(v[0], v[1], v[2])
#define GEOSIM_EXPR_APPLY(Name, arity, ...) \
  case Op::Name: return GEOSIM_EXPR_BY_ARITY(GEOSIM_EXPR_CALL_, arity)(Name);
    GEOSIM_EXPR_OPS(GEOSIM_EXPR_APPLY)
#undef GEOSIM_EXPR_APPLY
#undef GEOSIM_EXPR_CALL_0
#undef GEOSIM_EXPR_CALL_1
#undef GEOSIM_EXPR_CALL_2
#undef GEOSIM_EXPR_CALL_3
  }
  return 0.0;  // not reached: the switch lists every Op (a missing one fails -Wswitch)
}

}  // namespace geosim::expr
