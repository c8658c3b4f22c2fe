// SPDX-License-Identifier: Apache-2.0
// Expressions in scenario files: rates, conditions, targets and effects.
// Parsed and name-checked once at load into a flat postfix Program; evaluated per step over a
// state vector of doubles with no allocation, no string look-up and no virtual dispatch.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "geosim/assign.hpp"
#include "geosim/expr_ops.hpp"  // enum Op and each operation's semantics, from one table

namespace geosim::expr {

/// @brief One instruction of a compiled program.
struct Instr {
  Op op;
  std::uint32_t slot = 0;  ///< state index for Load
  double value = 0.0;      ///< constant for Const
};

/// @brief Largest operand stack a program may need; deeper expressions are refused at compile.
inline constexpr int kMaxStack = 64;
/// @brief Longest expression text accepted, in bytes.
inline constexpr std::size_t kMaxLength = 4096;

/// @brief One instruction of a program's fast form (see Program::optimise). Private layout.
struct FastInstr {
  std::uint8_t op;
  std::uint32_t arg = 0;   ///< state index, or jump target
  double value = 0.0;
};

/// @brief One term of an affine-shaped program (see Program::optimise). Private layout.
struct AffineTerm {
  std::uint8_t kind;       ///< k * x, x * k, x, or (k * x) * y
  std::uint8_t op;         ///< set the result, add to it, or subtract from it
  std::uint32_t slot = 0, slot2 = 0;
  double k = 0.0;
};

/// @brief A compiled expression. Immutable after compile; eval is thread-safe.
///
/// `code` is the canonical postfix form (constant-folded). `optimise()` derives what `eval` runs:
/// a constant or a single load is returned inline with no interpreter call; a sum of terms
/// `k*x`, `x*k`, `x`, `k*x*y` (optionally after a constant) by a loop over the terms; anything
/// else runs a fast form in which a binary operation whose right operand is a constant or a load takes it
/// directly (one dispatch instead of two) and `and` / `or` skip their right operand when the left
/// one decides. Both forms compute the same operations in the same order, so results are
/// bit-identical to the postfix interpreter (`eval_postfix`), which tests check.
struct Program {
  std::vector<Instr> code;
  int max_stack = 0;
  /// @brief Evaluates over `state` (indexed by slot). Booleans are 1.0 / 0.0.
  double eval(const double* state) const noexcept {
    switch (shape_) {
      case Shape::Load: return state[slot_];
      case Shape::Const: return value_;
      case Shape::Gt: return ops::Gt(state[slot_], value_);
      case Shape::Lt: return ops::Lt(state[slot_], value_);
      case Shape::Ge: return ops::Ge(state[slot_], value_);
      case Shape::Le: return ops::Le(state[slot_], value_);
      case Shape::Eq: return ops::Eq(state[slot_], value_);
      case Shape::Ne: return ops::Ne(state[slot_], value_);
      case Shape::Not: return ops::Not(state[slot_]);
      case Shape::Affine: return eval_affine(state);
      case Shape::Fast: return eval_fast(state);
      default: return eval_postfix(state);
    }
  }
  /// @brief The reference interpreter over `code` (used before optimise(), and by tests).
  double eval_postfix(const double* state) const noexcept;
  /// @brief Derives the form `eval` runs from `code`. Call again whenever `code` changes; until
  /// then `eval` interprets `code` directly (correct, slower).
  void optimise();
  /// @brief True when the program reads no state (a constant, possibly folded).
  bool is_constant() const noexcept;
  /// @brief The state slots the program reads, sorted, without duplicates.
  std::vector<std::uint32_t> reads() const;
  /// @brief Instructions `eval` runs (0 for an inlined constant or load); for tests and benches.
  std::size_t fast_size() const noexcept { return fast_.empty() ? 0 : fast_.size() - 1; }  // End not counted
  /// @brief Terms of the affine form, when the program has that shape (else 0); for tests.
  std::size_t affine_terms() const noexcept { return affine_.size(); }

 private:
  // Const, Load and the commonest conditions (`x > c` and the other comparisons of a variable
  // with a constant: thresholds, triggers, "happened" tests; `!x`) are evaluated inline; Fast
  // runs fast_; Postfix interprets code. Affine: `c ± k*x ± x*k ± x ± k*x*y ...` (drift targets,
  // event rates), a loop over affine_ starting from value_.
  enum class Shape : std::uint8_t { Postfix, Const, Load, Gt, Lt, Ge, Le, Eq, Ne, Not, Affine, Fast };
  double eval_fast(const double* state) const noexcept;
  double eval_affine(const double* state) const noexcept;
  bool try_affine();
  Shape shape_ = Shape::Postfix;
  std::uint32_t slot_ = 0;
  double value_ = 0.0;
  std::vector<FastInstr> fast_;
  std::vector<AffineTerm> affine_;
};

/// @brief The result of resolving a dotted name such as `RUS.resolve` or `t`.
struct Resolved {
  bool ok = false;
  std::uint32_t slot = 0;
  bool writable = false;  ///< may be the target of an effect
  std::string message;    ///< when !ok: e.g. "unknown variable 'RUS.resolv'; did you mean 'RUS.resolve'?"
  /// A group (the resolver is asked for "group:NAME" when NAME opens an aggregate such as
  /// sum(NAME, each.VAR)): the name prefix that `each.` stands for, per member, in order.
  std::vector<std::string> members;
};

/// @brief Maps a dotted name to a state slot. Called at compile time only.
using Resolver = std::function<Resolved(std::string_view name)>;

/// @brief A compile error: byte offset into the expression text and a message.
struct Error {
  std::size_t offset = 0;
  std::string message;
};

/// @brief Compiles an expression. Returns nullopt and fills `err` on a syntax or name error.
std::optional<Program> compile(std::string_view text, const Resolver& resolve, Error* err);

/// @brief Assignment operator of an effect statement (geosim/assign.hpp).
using Assign = geosim::Assign;

/// @brief A compiled effect statement `TARGET op EXPR`, e.g. `UKR.unity -= 0.01`.
struct Effect {
  std::uint32_t target = 0;
  Assign op = Assign::Set;
  Program rhs;
  /// @brief Applies the effect to `state` in place (no clamping; the caller clamps to bounds).
  void apply(double* state) const noexcept;
};

/// @brief Compiles an effect statement; the target must resolve as writable.
std::optional<Effect> compile_effect(std::string_view text, const Resolver& resolve, Error* err);

/// @brief Every dotted name the text refers to, in order of appearance, with offsets.
/// Used by the loader to report all unknown names and by dependency analysis. Never throws.
std::vector<std::pair<std::string, std::size_t>> names(std::string_view text);

}  // namespace geosim::expr
