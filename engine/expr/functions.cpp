// SPDX-License-Identifier: Apache-2.0
#include "expr/functions.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include <fmt/format.h>

namespace geosim::expr::detail {
namespace {

// The table's rows that are functions, in table order.
constexpr std::size_t kFunctionCount = [] {
  std::size_t n = 0;
  for (const OpInfo& o : kOps) n += o.function.empty() ? 0 : 1;
  return n;
}();

constexpr std::array<Function, kFunctionCount> kFunctions = [] {
  std::array<Function, kFunctionCount> out{};
  std::size_t k = 0;
  for (const OpInfo& o : kOps) {
    if (o.function.empty()) continue;
    out[k++] = Function{o.function, o.op, o.arity, o.variadic() ? 0 : o.arity, o.params};
  }
  return out;
}();
static_assert([] {
  for (const Function& f : kFunctions)
    if (f.max_args == 0 && arity(f.op) != 2) return false;  // a chain needs a binary operation
  return true;
}());

}  // namespace

std::span<const Function> functions() noexcept { return kFunctions; }

const Function* find_function(std::string_view name) noexcept {
  for (const auto& f : kFunctions) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t cap) {
  const std::size_t longer = std::max(a.size(), b.size());
  const std::size_t shorter = std::min(a.size(), b.size());
  if (longer - shorter > cap) return cap + 1;
  // One row of the Wagner-Fischer table; names here are short, inputs are capped by the caller.
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    std::size_t best = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({up + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0U : 1U)});
      diag = up;
      best = std::min(best, row[j]);
    }
    if (best > cap) return cap + 1;
  }
  return std::min(row[b.size()], cap + 1);
}

std::string unknown_function_message(std::string_view name) {
  // A suggestion only for a plausible typo: one edit in a short name ('mean' is not a misspelt
  // 'min'), two in a longer one; otherwise the known functions are listed.
  const std::size_t kCap = name.size() <= 4 ? 1 : 2;
  const Function* best = nullptr;
  std::size_t best_d = kCap + 1;
  for (const auto& f : kFunctions) {
    const std::size_t d = edit_distance(name, f.name, kCap);
    if (d < best_d) {
      best_d = d;
      best = &f;
    }
  }
  if (best != nullptr) {
    return fmt::format("unknown function '{}'; did you mean '{}'?", name, best->name);
  }
  std::string known;
  for (const auto& f : kFunctions) {
    if (!known.empty()) known += ", ";
    known += f.name;
  }
  return fmt::format("unknown function '{}'; known functions are {}", name, known);
}

std::string arity_message(const Function& f, int given) {
  if (f.max_args == 0) {
    return fmt::format("'{}' takes at least {} arguments ({}) but was given {}; give it {} or more", f.name,
                       f.min_args, f.params, given, f.min_args);
  }
  return fmt::format("'{}' takes {} argument{} ({}) but was given {}; give it exactly {}", f.name, f.min_args,
                     f.min_args == 1 ? "" : "s", f.params, given, f.min_args);
}

}  // namespace geosim::expr::detail
