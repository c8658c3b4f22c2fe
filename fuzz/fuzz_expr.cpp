// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the expression compiler. The input is expression text; its first byte picks
// what to compile (an expression or an effect statement), the rest is the text. Whatever
// compiles is evaluated, and the compiled program is checked against the compiler's promises:
// every Load reads a known slot, the operand stack never exceeds kMaxStack or underflows.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "geosim/expr.hpp"

using namespace geosim::expr;

namespace {

// The names a resolver knows: a few of each kind the model offers.
struct Name {
  const char* name;
  bool writable;
};
constexpr Name kNames[] = {
    {"t", false},           {"step", false},          {"RUS.resolve", true},   {"UKR.unity", true},
    {"self.attention", true}, {"params.p", false},    {"events.strike.count", false},
    {"ceasefire.in_force", false}, {"credibility", false},
};
constexpr std::size_t kSlots = sizeof(kNames) / sizeof(kNames[0]);

Resolved resolve(std::string_view name) {
  Resolved r;
  for (std::size_t i = 0; i < kSlots; ++i) {
    if (name == kNames[i].name) {
      r.ok = true;
      r.slot = static_cast<std::uint32_t>(i);
      r.writable = kNames[i].writable;
      return r;
    }
  }
  r.message = "unknown name '" + std::string(name) + "'; known names here: t, RUS.resolve";
  return r;
}

// The compiler's promises about a program; abort (a finding) when one is broken.
void verify(const Program& p) {
  if (p.code.empty()) std::abort();
  if (p.max_stack < 1 || p.max_stack > kMaxStack) std::abort();
  int depth = 0, most = 0;
  for (const Instr& in : p.code) {
    if (in.op == Op::Load && in.slot >= kSlots) std::abort();
    int a = arity(in.op);
    if (depth < a) std::abort();  // operand stack underflow
    depth += 1 - a;
    if (depth > most) most = depth;
  }
  if (depth != 1 || most > p.max_stack) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool effect = (data[0] & 1) != 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  std::vector<double> state(kSlots);
  for (std::size_t i = 0; i < kSlots; ++i) state[i] = 0.25 * static_cast<double>(i) - 0.5;
  Error err;
  if (effect) {
    if (auto e = compile_effect(text, resolve, &err)) {
      if (e->target >= kSlots || !kNames[e->target].writable) std::abort();
      verify(e->rhs);
      e->apply(state.data());
    } else if (err.message.empty() || err.offset > text.size()) {
      std::abort();  // a refusal must say why, at a place inside the text
    }
  } else {
    if (auto p = compile(text, resolve, &err)) {
      verify(*p);
      // Differential: the fast form (fused operands, short-circuit jumps, inline shapes) must give
      // the reference interpreter's result bit for bit (NaN for NaN).
      const double fast = p->eval(state.data()), slow = p->eval_postfix(state.data());
      if (!(std::isnan(fast) && std::isnan(slow)) && std::memcmp(&fast, &slow, sizeof fast) != 0) std::abort();
      (void)p->is_constant();
      for (auto slot : p->reads())
        if (slot >= kSlots) std::abort();
    } else if (err.message.empty() || err.offset > text.size()) {
      std::abort();
    }
  }
  for (const auto& [name, offset] : names(text))
    if (offset >= text.size() || name.empty()) std::abort();
  return 0;
}
