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

namespace geosim::expr {

/// @brief One postfix instruction. `Load` reads state[slot]; `Const` pushes value.
enum class Op : std::uint8_t {
  Const, Load,
  Neg, Not,
  Add, Sub, Mul, Div, Pow,
  Lt, Le, Gt, Ge, Eq, Ne, And, Or,
  Min, Max,        // binary; n-ary calls compile to a chain
  Clamp,           // (x, lo, hi)
  If,              // (cond, then, else), both branches evaluated
  Exp, Log, Sqrt, Abs, Floor, Ceil, Logistic, Logit,
};

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

/// @brief A compiled expression. Immutable after compile; eval is thread-safe.
struct Program {
  std::vector<Instr> code;
  int max_stack = 0;
  /// @brief Evaluates over `state` (indexed by slot). Booleans are 1.0 / 0.0.
  double eval(const double* state) const noexcept;
  /// @brief True when the program reads no state (a constant, possibly folded).
  bool is_constant() const noexcept;
  /// @brief The state slots the program reads, sorted, without duplicates.
  std::vector<std::uint32_t> reads() const;
};

/// @brief The result of resolving a dotted name such as `RUS.resolve` or `t`.
struct Resolved {
  bool ok = false;
  std::uint32_t slot = 0;
  bool writable = false;  ///< may be the target of an effect
  std::string message;    ///< when !ok: e.g. "unknown variable 'RUS.resolv'; did you mean 'RUS.resolve'?"
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

/// @brief Assignment operator of an effect statement.
enum class Assign : std::uint8_t { Set, Add, Sub, Mul, Div };

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
