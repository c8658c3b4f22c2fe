#include "expr/functions.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace geosim::expr::detail {
namespace {

constexpr Function kFunctions[] = {
    {"min", Op::Min, 2, 0, "a, b, ..."},
    {"max", Op::Max, 2, 0, "a, b, ..."},
    {"clamp", Op::Clamp, 3, 3, "x, lo, hi"},
    {"if", Op::If, 3, 3, "cond, then, else"},
    {"exp", Op::Exp, 1, 1, "x"},
    {"log", Op::Log, 1, 1, "x"},
    {"sqrt", Op::Sqrt, 1, 1, "x"},
    {"abs", Op::Abs, 1, 1, "x"},
    {"floor", Op::Floor, 1, 1, "x"},
    {"ceil", Op::Ceil, 1, 1, "x"},
    {"logistic", Op::Logistic, 1, 1, "x"},
    {"logit", Op::Logit, 1, 1, "p"},
    {"pow", Op::Pow, 2, 2, "a, b"},
};

}  // namespace

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
  constexpr std::size_t kCap = 2;
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
    return fmt::format("'{}' takes at least {} arguments ({}) but was given {}", f.name,
                       f.min_args, f.params, given);
  }
  return fmt::format("'{}' takes {} argument{} ({}) but was given {}", f.name, f.min_args,
                     f.min_args == 1 ? "" : "s", f.params, given);
}

}  // namespace geosim::expr::detail
