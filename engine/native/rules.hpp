// SPDX-License-Identifier: Apache-2.0
// The rule types of a binding: each rule of the model described as a list of members (slots,
// flags, numbers, programs, effect lists) and written out as C++ types that the step templates
// (engine/sim/step.hpp) read. Private to engine/native/.
//
// Two forms, the same members. Unrolled (a kind with few rules): one type per rule whose members
// are constants and whose programs use literal slots and constants, and a visitor that calls f
// on each type in turn. Rows (many rules): rules whose programs have the same operations in the
// same order share one *shape* type; its members read the rule's slots and constants from
// per-kind tables, and the visitor loops over the rules in order, dispatching on each rule's
// shape. Source size then grows with the number of distinct shapes, not with the rules.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "geosim/expr.hpp"
#include "native/emit.hpp"

namespace geosim::native {

/// @brief One member of a rule type.
struct Member {
  enum class Kind : std::uint8_t { Slot, Flag, Int, Program, Effects };
  Kind kind;
  const char* name;
  std::int64_t value = 0;                             ///< Slot, Flag, Int
  const expr::Program* program = nullptr;             ///< Program
  const std::vector<expr::Effect>* effects = nullptr; ///< Effects
};

/// @brief The members of one rule, in the order its type declares them.
using RuleDesc = std::vector<Member>;

inline Member slot_member(const char* name, std::uint32_t s) { return {Member::Kind::Slot, name, s}; }
inline Member flag_member(const char* name, bool v) { return {Member::Kind::Flag, name, v ? 1 : 0}; }
inline Member int_member(const char* name, std::int64_t v) { return {Member::Kind::Int, name, v}; }
inline Member program_member(const char* name, const expr::Program& p) { return {Member::Kind::Program, name, 0, &p}; }
inline Member effects_member(const char* name, const std::vector<expr::Effect>& e) {
  return {Member::Kind::Effects, name, 0, nullptr, &e};
}

/// @brief Writes the types of one kind of rule (`kind`, e.g. "Drift") to `e` and returns the
/// body of its visitor: statements that call `f` on each rule's view in order. Rows form when
/// there are more than `unroll_max` rules. For each of `subsets` (indices into `rules`, ascending)
/// it appends to `subset_bodies` the body of a visitor over those rules alone.
std::string write_rules(Emitter& e, const std::string& kind, const std::vector<RuleDesc>& rules, std::size_t unroll_max,
                        const std::vector<std::vector<std::uint32_t>>& subsets = {}, std::vector<std::string>* subset_bodies = nullptr);

}  // namespace geosim::native
