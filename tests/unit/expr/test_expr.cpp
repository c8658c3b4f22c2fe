// SPDX-License-Identifier: Apache-2.0
// Expression compiler: evaluation against known answers, constant folding, every error class
// (offset and message), effects, nesting limits and a byte fuzz.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "geosim/expr.hpp"

using namespace geosim::expr;

namespace {

// A small world: five named slots; the actor variables are writable, time is not.
struct World {
  std::vector<std::string> names{"t", "RUS.resolve", "events.strike_campaign.count",
                                 "self.attention", "UKR.unity"};
  std::vector<bool> writable{false, true, false, true, true};
  std::vector<double> state{5.0, 0.8, 3.0, 0.25, 0.6};
  std::vector<std::string> asked;  // every name the resolver was given

  Resolver resolver() {
    return [this](std::string_view name) {
      asked.emplace_back(name);
      Resolved r;
      for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == name) {
          r.ok = true;
          r.slot = static_cast<std::uint32_t>(i);
          r.writable = writable[i];
          return r;
        }
      }
      r.message = "unknown variable '" + std::string(name) + "'";
      if (name == "RUS.resolv") r.message += "; did you mean 'RUS.resolve'?";
      return r;
    };
  }
};

Program compiled(World& w, std::string_view text) {
  Error err;
  auto p = compile(text, w.resolver(), &err);
  INFO("text: ", std::string(text), " error at ", err.offset, ": ", err.message);
  REQUIRE(p.has_value());
  return *p;
}

double eval(std::string_view text) {
  World w;
  return compiled(w, text).eval(w.state.data());
}

Error error_of(std::string_view text) {
  World w;
  Error err;
  const auto p = compile(text, w.resolver(), &err);
  INFO("text: ", std::string(text.substr(0, 80)));
  CHECK_FALSE(p.has_value());
  return err;
}

// Checks that `text` fails at `offset` with a message containing `fragment`.
void fails(std::string_view text, std::size_t offset, std::string_view fragment) {
  const Error e = error_of(text);
  INFO("text: ", std::string(text.substr(0, 80)), " -> ", e.offset, ": ", e.message);
  CHECK(e.offset == offset);
  CHECK(e.message.find(fragment) != std::string::npos);
}

std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST_SUITE("expr") {

TEST_CASE("expr: numbers and literals") {
  CHECK(eval("12") == 12.0);
  CHECK(eval("0.5") == 0.5);
  CHECK(eval(".5") == 0.5);
  CHECK(eval("1e-3") == doctest::Approx(1e-3));
  CHECK(eval("2.5E+2") == 250.0);
  CHECK(eval("3.") == 3.0);
  CHECK(eval("true") == 1.0);
  CHECK(eval("false") == 0.0);
  CHECK(eval("  \t\n 7 \r\n") == 7.0);
}

TEST_CASE("expr: precedence and associativity") {
  CHECK(eval("1 + 2 * 3") == 7.0);
  CHECK(eval("(1 + 2) * 3") == 9.0);
  CHECK(eval("10 - 4 - 3") == 3.0);
  CHECK(eval("16 / 4 / 2") == 2.0);
  CHECK(eval("2 * 3 ^ 2") == 18.0);
  CHECK(eval("2 ^ 3 ^ 2") == 512.0);  // right-associative
  CHECK(eval("-2 ^ 2") == -4.0);      // ^ binds tighter than unary minus on its left
  CHECK(eval("(-2) ^ 2") == 4.0);
  CHECK(eval("2 ^ -1") == 0.5);
  CHECK(eval("2 ^ -2 ^ 2") == 1.0 / 16.0);
  CHECK(eval("- -2") == 2.0);
  CHECK(eval("+2") == 2.0);
  CHECK(eval("2 - -2") == 4.0);
  CHECK(eval("2 * -3") == -6.0);
  CHECK(eval("1 + 2 < 4 == 1") == 1.0);  // ((1 + 2) < 4) == 1
  CHECK(eval("1 || 0 && 0") == 1.0);     // && binds tighter than ||
  CHECK(eval("1 or 0 and 0") == 1.0);
  CHECK(eval("(1 || 0) && 0") == 0.0);
  CHECK(eval("!1 == 0") == 1.0);         // (!1) == 0
  CHECK(eval("not 0 and 0") == 0.0);     // (not 0) and 0
  CHECK(eval("not (0 and 0)") == 1.0);
  CHECK(eval("1 < 2 && 3 > 4 || 1") == 1.0);
}

TEST_CASE("expr: comparisons and logic give 1/0") {
  CHECK(eval("1 < 2") == 1.0);
  CHECK(eval("2 < 1") == 0.0);
  CHECK(eval("2 <= 2") == 1.0);
  CHECK(eval("3 <= 2") == 0.0);
  CHECK(eval("3 > 2") == 1.0);
  CHECK(eval("2 >= 3") == 0.0);
  CHECK(eval("2 == 2") == 1.0);
  CHECK(eval("2 != 2") == 0.0);
  CHECK(eval("2 && -0.5") == 1.0);  // nonzero is true
  CHECK(eval("0 || 0") == 0.0);
  CHECK(eval("!7") == 0.0);
  CHECK(eval("!0") == 1.0);
}

TEST_CASE("expr: every function") {
  const double e = std::exp(1.0);
  CHECK(eval("min(3, 1, 2)") == 1.0);
  CHECK(eval("max(3, 1, 5, 2)") == 5.0);
  CHECK(eval("min(4, 9)") == 4.0);
  CHECK(eval("clamp(5, 0, 1)") == 1.0);
  CHECK(eval("clamp(-1, 0, 1)") == 0.0);
  CHECK(eval("clamp(0.3, 0, 1)") == 0.3);
  CHECK(eval("if(1, 2, 3)") == 2.0);
  CHECK(eval("if(0, 2, 3)") == 3.0);
  CHECK(eval("if(-0.1, 2, 3)") == 2.0);
  CHECK(eval("exp(1)") == doctest::Approx(e));
  CHECK(eval("log(exp(2))") == doctest::Approx(2.0));
  CHECK(eval("sqrt(16)") == 4.0);
  CHECK(eval("abs(-2.5)") == 2.5);
  CHECK(eval("floor(-1.5)") == -2.0);
  CHECK(eval("ceil(1.2)") == 2.0);
  CHECK(eval("logistic(0)") == 0.5);
  CHECK(eval("logistic(2)") == doctest::Approx(1.0 / (1.0 + std::exp(-2.0))));
  CHECK(eval("logit(0.5)") == 0.0);
  CHECK(eval("logit(0.8)") == doctest::Approx(std::log(4.0)));
  CHECK(eval("logit(logistic(1.3))") == doctest::Approx(1.3));
  CHECK(eval("pow(2, 10)") == 1024.0);
  CHECK(eval("log(0)") == -std::numeric_limits<double>::infinity());
  CHECK(std::isnan(eval("log(-1)")));
  CHECK(eval("max(min(4, 2) * 3, clamp(10, 0, 7))") == 7.0);
}

TEST_CASE("expr: names go through the resolver") {
  World w;
  const Program p = compiled(w, "RUS.resolve * 2 + events.strike_campaign.count - t");
  CHECK(p.eval(w.state.data()) == doctest::Approx(0.8 * 2 + 3.0 - 5.0));
  CHECK_FALSE(p.is_constant());
  CHECK(w.asked == std::vector<std::string>{"RUS.resolve", "events.strike_campaign.count", "t"});

  const Program q = compiled(w, "self.attention + t * self.attention + RUS.resolve");
  CHECK(q.reads() == std::vector<std::uint32_t>{0, 1, 3});
  w.state[3] = 2.0;
  CHECK(q.eval(w.state.data()) == doctest::Approx(2.0 + 5.0 * 2.0 + 0.8));

  // A function name not followed by '(' is an ordinary name for the resolver.
  World w2;
  Error err;
  CHECK_FALSE(compile("exp + 1", w2.resolver(), &err));
  CHECK(w2.asked == std::vector<std::string>{"exp"});
  CHECK(err.message == "unknown variable 'exp'");
}

TEST_CASE("expr: constant folding") {
  World w;
  const Program p = compiled(w, "2*0.5+1");
  REQUIRE(p.code.size() == 1);
  CHECK(p.code[0].op == Op::Const);
  CHECK(p.code[0].value == 2.0);
  CHECK(p.is_constant());
  CHECK(p.reads().empty());
  CHECK(compiled(w, "-2").code.size() == 1);
  CHECK(compiled(w, "min(3, 1, 2) + clamp(2, 0, 1) * logistic(0)").code.size() == 1);
  CHECK(compiled(w, "if(1 < 2, 10, 20)").code.size() == 1);

  const Program q = compiled(w, "t + 2 * 3");  // Load, Const 6, Add
  REQUIRE(q.code.size() == 3);
  CHECK(q.code[0].op == Op::Load);
  CHECK(q.code[1].value == 6.0);
  CHECK(q.code[2].op == Op::Add);
  CHECK(q.max_stack == 2);
  CHECK(compiled(w, "t + t * t").max_stack == 3);
  CHECK(compiled(w, "max(t, t, t, t, t, t, t, t)").max_stack == 2);  // chained, not stacked
}

TEST_CASE("expr: syntax errors give offset and message") {
  fails("", 0, "empty expression");
  fails("   ", 0, "empty expression");
  fails("1 +", 3, "expected a value after '+' but the expression ends");
  fails("*2", 0, "expected a value but found '*'");
  fails("1 + * 2", 4, "expected a value after '+' but found '*'");
  fails("()", 1, "expected a value after '('");
  fails("(1 + 2", 6, "expected ')' to close '(' opened at column 1");
  fails("2 * (1 + (2 3)", 12, "expected ')' to close '(' opened at column 10 but found '3'");
  fails("1 +\n(2", 6, "opened at line 2, column 1");
  fails("1 + 2)", 5, "unexpected ')' after end of expression");
  fails("1 2", 2, "unexpected '2' after end of expression");
  fails("t = 1", 2, "use '=='");
  fails("1 $ 2", 2, "unexpected character '$'");
  fails(std::string_view("1 +\0", 4), 3, "byte 0x00");
  fails("1 \xc3\x97 2", 2, "non-ASCII byte 0xc3");
  fails("t & 1", 2, "use '&&' or 'and'");
  fails("t | 1", 2, "use '||' or 'or'");
  fails("1 + 2x", 4, "malformed number '2x'");
  fails("1.2.3", 0, "malformed number '1.2.3'");
  fails("1e999", 0, "out of range");
  fails("RUS. + 1", 0, "malformed name 'RUS.'");
  fails("t .resolve", 2, "unexpected character '.'");
  fails("t + (1 @", 7, "unexpected character '@'");  // the bad byte wins over the missing ')'
}

TEST_CASE("expr: name and function errors") {
  fails("3 + RUS.resolv", 4, "unknown variable 'RUS.resolv'; did you mean 'RUS.resolve'?");
  fails("mn(1, 2)", 0, "unknown function 'mn'; did you mean 'min'?");
  fails("1 + logisitc(0)", 4, "did you mean 'logistic'?");
  fails("frobnicate(1)", 0, "unknown function 'frobnicate'; known functions are min, max");
  fails("RUS.resolve(1)", 0, "unknown function 'RUS.resolve'");
  fails("clamp(1, 2)", 0, "'clamp' takes 3 arguments (x, lo, hi) but was given 2");
  fails("if(1, 2, 3, 4)", 0, "'if' takes 3 arguments");
  fails("min(1)", 0, "'min' takes at least 2 arguments");
  fails("1 + exp()", 4, "'exp' takes 1 argument (x) but was given 0");
  fails("pow(2)", 0, "'pow' takes 2 arguments");
  fails("min(1, )", 7, "expected a value after ','");
  fails("min(1 2)", 6, "expected ',' or ')' in the call to 'min' but found '2'");
  fails("max(1, 2", 8, "expected ')' to close 'max(' opened at column 1");

  // The resolver's message is kept verbatim; a throwing or missing resolver is an error too.
  Error err;
  const Resolver thrower = [](std::string_view) -> Resolved { throw std::runtime_error("boom"); };
  CHECK_FALSE(compile("1 + x", thrower, &err));
  CHECK(err.offset == 4);
  CHECK(err.message.find("boom") != std::string::npos);
  CHECK_FALSE(compile("x", Resolver{}, &err));
  CHECK(err.message.find("unknown variable 'x'") != std::string::npos);
  CHECK(compile("1 + 1", Resolver{}, &err));
  CHECK_FALSE(compile("1 +", Resolver{}, nullptr));  // no Error* is fine
}

TEST_CASE("expr: limits") {
  fails(std::string(kMaxLength + 1, '1'), kMaxLength, "too long");
  CHECK(error_of(std::string(100000, '(')).message.find("too long") != std::string::npos);

  // 64 levels of nesting are fine, 65 are not; the error is at the 65th opener.
  CHECK(eval(repeat("(", 64) + "1" + repeat(")", 64)) == 1.0);
  fails(repeat("(", 65) + "1" + repeat(")", 65), 64, "expression nested too deeply (limit 64)");
  fails(std::string(4000, '('), 64, "nested too deeply");
  CHECK(eval(repeat("-", 64) + "1") == 1.0);
  fails(repeat("-", 65) + "1", 64, "nested too deeply");
  fails(repeat("not ", 500) + "1", 256, "nested too deeply");
  fails(repeat("2^", 1000) + "2", 129, "nested too deeply");
  fails(repeat("abs(", 100) + "1" + repeat(")", 100), 256, "nested too deeply");

  // Nesting within the limit can still need more operand slots than kMaxStack.
  World w;
  CHECK(compiled(w, repeat("t+(", 63) + "t" + repeat(")", 63)).max_stack == 64);
  const std::string deep = repeat("t+(", 64) + "t" + repeat(")", 64);
  Error err;
  CHECK_FALSE(compile(deep, w.resolver(), &err));
  CHECK(err.message.find("operand slots") != std::string::npos);
  CHECK(err.offset == 64 * 3);  // the 65th load
}

TEST_CASE("expr: effects") {
  World w;
  Error err;
  const auto apply = [&](std::string_view text) {
    auto e = compile_effect(text, w.resolver(), &err);
    INFO("effect: ", std::string(text), " error: ", err.message);
    REQUIRE(e.has_value());
    e->apply(w.state.data());
    return *e;
  };
  const Effect e = apply("UKR.unity -= 0.01");
  CHECK(e.target == 4);
  CHECK(e.op == Assign::Sub);
  CHECK(e.rhs.is_constant());
  CHECK(w.state[4] == doctest::Approx(0.59));
  apply("UKR.unity += 0.11");
  CHECK(w.state[4] == doctest::Approx(0.70));
  apply("UKR.unity *= 2");
  CHECK(w.state[4] == doctest::Approx(1.40));
  apply("UKR.unity /= 4");
  CHECK(w.state[4] == doctest::Approx(0.35));
  apply("self.attention = t * 0.1 + RUS.resolve");
  CHECK(w.state[3] == doctest::Approx(1.3));
  apply("RUS.resolve=RUS.resolve==0.8");  // '=' then '==' without spaces
  CHECK(w.state[1] == 1.0);

  const auto effect_fails = [&](std::string_view text, std::size_t offset,
                                std::string_view fragment) {
    INFO("effect: ", std::string(text));
    CHECK_FALSE(compile_effect(text, w.resolver(), &err));
    INFO("error at ", err.offset, ": ", err.message);
    CHECK(err.offset == offset);
    CHECK(err.message.find(fragment) != std::string::npos);
  };
  effect_fails("t = 1", 0,
               "'t' cannot be assigned; effects may only change actor and bloc variables");
  effect_fails("UKR.unty = 1", 0, "unknown variable 'UKR.unty'");
  effect_fails("UKR.unity == 1", 10, "'==' compares, '=' assigns");
  effect_fails("UKR.unity", 9, "expected '=', '+=', '-=', '*=' or '/=' after 'UKR.unity'");
  effect_fails("UKR.unity -=", 12, "expected a value after '-=' but the expression ends");
  effect_fails("UKR.unity = 1 2", 14, "unexpected '2' after end of expression");
  effect_fails("UKR.unity = (1", 14, "expected ')'");
  effect_fails("3 = UKR.unity", 0, "an effect must start with the variable to change");
  effect_fails("# x = 1", 0, "unexpected character '#'");
  effect_fails("", 0, "empty effect");
  effect_fails(std::string(kMaxLength + 1, ' '), kMaxLength, "too long");
}

TEST_CASE("expr: names lists every dotted variable with its offset") {
  using Names = std::vector<std::pair<std::string, std::size_t>>;
  CHECK(names("RUS.resolve + max(t, self.attention) - foo(1)") ==
        Names{{"RUS.resolve", 0}, {"t", 18}, {"self.attention", 21}});
  CHECK(names("not x and true or false") == Names{{"x", 4}});
  CHECK(names("UKR.unity -= events.strike_campaign.count") ==
        Names{{"UKR.unity", 0}, {"events.strike_campaign.count", 13}});
  // Lenient: bad bytes and broken syntax are skipped, not fatal.
  CHECK(names("a $ (( b.c \xff 2x d.") == Names{{"a", 0}, {"b.c", 7}});
  CHECK(names("").empty());
  CHECK(names(std::string(100000, '(')).empty());
}

TEST_CASE("expr: random bytes never crash") {
  World w;
  std::mt19937 rng(20260101);  // fixed seed: reproducible
  const std::vector<std::string> pieces{
      "(", ")", "t", "1", ".5", "+", "-", "*", "/", "^", "min", "clamp", "if", ",", " ", "not",
      "&&", "||", "==", "=", "+=", "<", "!", "RUS.resolve", ".", "e", "5", "x",
      std::string(1, '\0'), "\xff"};
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<std::size_t> len(0, 48);
  std::uniform_int_distribution<std::size_t> piece(0, pieces.size() - 1);
  int compiled_ok = 0;
  for (int i = 0; i < 4000; ++i) {
    std::string s;
    const std::size_t n = len(rng);
    for (std::size_t k = 0; k < n; ++k) {
      if (i % 2 == 0) {
        s += static_cast<char>(byte(rng));
      } else {
        s += pieces[piece(rng)];
      }
    }
    Error err;
    const auto p = compile(s, w.resolver(), &err);
    if (p) {
      ++compiled_ok;
      CHECK(p->max_stack <= kMaxStack);
      (void)p->eval(w.state.data());
    } else {
      CHECK(err.offset <= s.size());
      CHECK_FALSE(err.message.empty());
    }
    const auto e = compile_effect(s, w.resolver(), &err);
    if (!e) {
      CHECK(err.offset <= s.size());
    }
    for (const auto& [name, offset] : names(s)) CHECK(s.compare(offset, name.size(), name) == 0);
  }
  CHECK(compiled_ok > 0);  // the token fuzz produces some valid programs too
}

}  // TEST_SUITE("expr")
