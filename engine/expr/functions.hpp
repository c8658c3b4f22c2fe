// SPDX-License-Identifier: Apache-2.0
// The built-in functions of the expression language. Private to engine/expr/.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "geosim/expr.hpp"

namespace geosim::expr::detail {

/// @brief A built-in function: `min_args..max_args` arguments compile to `op`
/// (variadic min/max compile to a chain of the binary op; max_args = 0 means unbounded).
/// Derived from the operation table (geosim/expr_ops.hpp): the rows with a function name.
struct Function {
  std::string_view name;
  Op op{};
  int min_args = 0;
  int max_args = 0;
  std::string_view params;  ///< for messages, e.g. "x, lo, hi"
};

/// @brief Every built-in function, in table order.
std::span<const Function> functions() noexcept;

/// @brief The function called `name`, or nullptr.
const Function* find_function(std::string_view name) noexcept;

/// @brief "unknown function 'mn'; did you mean 'min'?" (closest known name within edit
/// distance 2), or a list of the known functions when nothing is close.
std::string unknown_function_message(std::string_view name);

/// @brief "'clamp' takes 3 arguments (x, lo, hi) but was given 2".
std::string arity_message(const Function& f, int given);

/// @brief Levenshtein edit distance, capped: returns `cap + 1` once the distance exceeds `cap`.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t cap);

}  // namespace geosim::expr::detail
