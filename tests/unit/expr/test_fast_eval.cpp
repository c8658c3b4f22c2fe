// SPDX-License-Identifier: Apache-2.0
// The fast evaluation form (engine/expr/fast.cpp) against the reference postfix interpreter:
// bit-identical results on generated expressions and states (NaN, infinities, signed zeros
// included), short-circuit where it applies, and inlined constants and loads.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "geosim/expr.hpp"

using namespace geosim::expr;

namespace {

constexpr int kSlots = 6;

Resolver resolver() {
  return [](std::string_view name) {
    Resolved r;
    if (name.size() == 2 && name[0] == 'v' && name[1] >= '0' && name[1] < '0' + kSlots) {
      r.ok = true;
      r.slot = static_cast<std::uint32_t>(name[1] - '0');
    } else {
      r.message = "unknown";
    }
    return r;
  };
}

Program compiled(const std::string& text) {
  Error err;
  auto p = compile(text, resolver(), &err);
  INFO("text: ", text, " error: ", err.message);
  REQUIRE(p.has_value());
  return *p;
}

bool same_bits(double a, double b) {
  if (std::isnan(a) && std::isnan(b)) return true;  // NaN payloads may differ; NaN-ness may not
  std::uint64_t x, y;
  std::memcpy(&x, &a, sizeof x);
  std::memcpy(&y, &b, sizeof y);
  return x == y;
}

// A random expression over v0..v5 using every operator and function, depth-limited.
std::string random_expr(std::mt19937_64& g, int depth) {
  std::uniform_int_distribution<int> pick(0, 99);
  const int r = pick(g);
  if (depth <= 0 || r < 25) {
    if (r % 3 == 0) {
      const char* consts[] = {"0", "1", "0.5", "2", "-3", "1e300", "0.25"};
      return consts[static_cast<std::size_t>(pick(g)) % 7];
    }
    return "v" + std::to_string(pick(g) % kSlots);
  }
  const auto sub = [&] { return random_expr(g, depth - 1); };
  const char* binary[] = {"+", "-", "*", "/", "^", "<", "<=", ">", ">=", "==", "!=", "and", "or"};
  if (r < 70) return "(" + sub() + " " + binary[static_cast<std::size_t>(pick(g)) % 13] + " " + sub() + ")";
  const char* unary[] = {"exp", "log", "sqrt", "abs", "floor", "ceil", "logistic", "logit"};
  if (r < 80) return std::string(unary[static_cast<std::size_t>(pick(g)) % 8]) + "(" + sub() + ")";
  if (r < 85) return "!" + sub();
  if (r < 88) return "-" + sub();
  if (r < 92) return "min(" + sub() + ", " + sub() + ", " + sub() + ")";
  if (r < 95) return "max(" + sub() + ", " + sub() + ")";
  if (r < 98) return "clamp(" + sub() + ", " + sub() + ", " + sub() + ")";
  return "if(" + sub() + ", " + sub() + ", " + sub() + ")";
}

}  // namespace

TEST_CASE("fast form is bit-identical to the postfix interpreter on 20,000 generated expressions") {
  std::mt19937_64 g(20261125);
  const double specials[] = {0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 1e-300, 1e300,
                             std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()};
  std::uniform_real_distribution<double> u(-2.0, 2.0);
  int checked = 0, with_jumps = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::string text = random_expr(g, 5);
    Error err;
    auto p = compile(text, resolver(), &err);
    if (!p) continue;  // e.g. a stack too deep: not what this test is about
    // A parenthesised right operand of and/or is not a leaf, so it gets a short-circuit jump.
    if (text.find("and (") != std::string::npos || text.find("or (") != std::string::npos) ++with_jumps;
    for (int s = 0; s < 8; ++s) {
      double state[kSlots];
      for (double& v : state) v = (g() % 4 == 0) ? specials[g() % 10] : u(g);
      const double fast = p->eval(state), slow = p->eval_postfix(state);
      if (!same_bits(fast, slow)) {
        INFO("expression: ", text);
        CHECK(fast == slow);
      }
      ++checked;
    }
  }
  CHECK(checked > 100000);
  CHECK(with_jumps > 1000);  // short-circuit jumps were exercised
}

TEST_CASE("and / or skip their right operand exactly when the left decides") {
  // A right operand that would give a different answer if it were wrongly skipped or wrongly
  // evaluated: the results follow the truth tables.
  const Program a = compiled("v0 > 0 and (v1 + v2 > 1)");
  const Program o = compiled("v0 > 0 or (v1 + v2 > 1)");
  CHECK(a.fast_size() > 0);
  for (double v0 : {-1.0, 1.0})
    for (double v1 : {0.0, 2.0}) {
      const double state[kSlots] = {v0, v1, 0.0, 0, 0, 0};
      CHECK(a.eval(state) == ((v0 > 0 && v1 > 1) ? 1.0 : 0.0));
      CHECK(o.eval(state) == ((v0 > 0 || v1 > 1) ? 1.0 : 0.0));
    }
  // Nested: the inner `or`'s jump must land on its own end, not the outer `and`'s.
  const Program n = compiled("(v0 or v1) and (v2 or v3)");
  for (int bits = 0; bits < 16; ++bits) {
    const double state[kSlots] = {double(bits & 1), double((bits >> 1) & 1), double((bits >> 2) & 1),
                                  double((bits >> 3) & 1), 0, 0};
    const bool want = ((bits & 1) || (bits & 2)) && ((bits & 4) || (bits & 8));
    CHECK(n.eval(state) == (want ? 1.0 : 0.0));
  }
  // Non-boolean operands still give 1/0, and NaN counts as true, as in the postfix form.
  const double nan_state[kSlots] = {std::numeric_limits<double>::quiet_NaN(), 7.0, 0, 0, 0, 0};
  CHECK(compiled("v0 and v1").eval(nan_state) == 1.0);
  CHECK(compiled("(v2 + 0) or (v1 * 2)").eval(nan_state) == 1.0);
}

TEST_CASE("constants and single loads are inlined, and fused operands shorten programs") {
  const double state[kSlots] = {3, 4, 5, 6, 7, 8};
  const Program k = compiled("2 * 3 + 1");
  CHECK(k.fast_size() == 0);
  CHECK(k.eval(state) == 7.0);
  const Program l = compiled("v4");
  CHECK(l.fast_size() == 0);
  CHECK(l.eval(state) == 7.0);
  for (const char* cond : {"v2 > 4.5", "v2 < 4.5", "v2 > 5", "v2 < 5", "v2 >= 5", "v2 <= 5", "v2 == 5", "v2 != 5",
                           "v2 >= 6", "v2 <= 4", "v2 == 4", "v2 != 4", "!v2", "!v5", "!v0"}) {
    const Program c = compiled(cond);
    CHECK(c.fast_size() == 0);
    CHECK(c.eval(state) == c.eval_postfix(state));
  }
  CHECK(compiled("v2 > 4.5").eval(state) == 1.0);
  CHECK(compiled("v2 < 5").eval(state) == 0.0);
  const double zero_state[kSlots] = {0, -0.0, std::numeric_limits<double>::quiet_NaN(), 1, 0, 0};
  for (const char* cond : {"!v0", "!v1", "!v2", "!v3", "v2 == 0", "v2 != 0", "v1 == 0", "v2 >= 0", "v2 <= 0"}) {
    INFO(cond);
    const Program c = compiled(cond);
    CHECK(c.fast_size() == 0);
    CHECK(c.eval(zero_state) == c.eval_postfix(zero_state));
  }
  const Program f = compiled("(0.75 - 0.35 * v1) / (1 + v2)");  // postfix: 9 instructions
  CHECK(f.code.size() == 9);
  CHECK(f.fast_size() == 7);  // PushConst PushConst MulL SubS PushConst AddL DivS
  CHECK(f.eval(state) == doctest::Approx((0.75 - 0.35 * 4) / (1 + 5)));
  const Program a = compiled("0.75 - 0.35 * v1 - 0.15 * v2");  // affine: no interpreter
  CHECK(a.affine_terms() == 2);
  CHECK(a.fast_size() == 0);
  CHECK(a.eval(state) == doctest::Approx(0.75 - 0.35 * 4 - 0.15 * 5));
  // A program whose code was set by hand is interpreted until optimise() is called again.
  Program hand;
  hand.code = {{Op::Load, 2, 0.0}, {Op::Const, 0, 1.0}, {Op::Add, 0, 0.0}};
  hand.max_stack = 2;
  CHECK(hand.eval(state) == 6.0);
  hand.optimise();
  CHECK(hand.fast_size() == 2);
  CHECK(hand.eval(state) == 6.0);
  CHECK(Program{}.eval(state) == 0.0);
}

TEST_CASE("affine programs (sums of k*x, x*k, x, k*x*y terms) are bit-identical to the postfix form") {
  // Generated sums like `0.9 - 0.5 * v1 * v2 + v3 * 2 - v0`, with and without a leading constant,
  // over states with NaN, infinities and signed zeros; and shapes that look affine but are not
  // (grouping, products of loads) must keep the general form.
  std::mt19937_64 g(7);
  std::uniform_int_distribution<int> pick(0, 99);
  const char* consts[] = {"0", "1", "0.5", "2", "-3", "1e300", "0.25", "0.35"};
  const double specials[] = {0.0, -0.0, 1.0, -2.5, 1e-300, 1e300, std::numeric_limits<double>::infinity(),
                             -std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN(), 0.3};
  const auto leaf = [&](int r) { return "v" + std::to_string(r % kSlots); };
  const auto k = [&](int r) { return std::string(consts[static_cast<std::size_t>(r) % 8]); };
  int affine = 0, checked = 0;
  for (int e = 0; e < 3000; ++e) {
    std::string text = pick(g) < 70 ? k(pick(g)) : "";
    const int terms = 1 + pick(g) % 4;
    for (int t = 0; t < terms; ++t) {
      if (!text.empty()) text += pick(g) % 2 ? " + " : " - ";
      switch (pick(g) % 4) {
        case 0: text += k(pick(g)) + " * " + leaf(pick(g)); break;
        case 1: text += leaf(pick(g)) + " * " + k(pick(g)); break;
        case 2: text += leaf(pick(g)); break;
        default: text += k(pick(g)) + " * " + leaf(pick(g)) + " * " + leaf(pick(g)); break;
      }
    }
    const Program p = compiled(text);
    affine += p.affine_terms() > 0 ? 1 : 0;
    for (int s = 0; s < 20; ++s) {
      double state[kSlots];
      for (double& v : state) v = pick(g) < 30 ? specials[pick(g) % 10] : (pick(g) - 50) / 7.0;
      INFO(text);
      CHECK(same_bits(p.eval(state), p.eval_postfix(state)));
      ++checked;
    }
  }
  CHECK(affine > 2500);  // constant folding makes a few programs constants
  CHECK(checked == 60000);
  for (const char* text : {"0.5 - (v1 - v2)", "v1 * v2", "2 * (v1 + v2)", "0.5 - 2 * (v1 * v2)", "1 + v1 / 2"}) {
    INFO(text);
    CHECK(compiled(text).affine_terms() == 0);
  }
  for (const char* text : {"2 * v1", "0.008 + 0.02 * v3", "0.9 - 0.5 * v1 * v2", "v1 * 0.5 + v2 - 3 * v4"}) {
    INFO(text);
    CHECK(compiled(text).affine_terms() > 0);
  }
}
