// SPDX-License-Identifier: Apache-2.0
// Public entry points: compile, compile_effect and names. None of them throws.
#include <exception>
#include <new>
#include <optional>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "expr/lexer.hpp"
#include "expr/parser.hpp"
#include "geosim/expr.hpp"

namespace geosim::expr {
namespace {

using detail::Parser;
using detail::Tok;
using detail::Token;

void set(Error* err, std::size_t offset, std::string message) {
  if (err != nullptr) *err = Error{offset, std::move(message)};
}

void set(Error* err, const std::optional<Error>& e) {
  if (err != nullptr && e) *err = *e;
}

bool too_long(std::string_view text, Error* err) {
  if (text.size() <= kMaxLength) return false;
  set(err, kMaxLength,
      fmt::format("expression is too long: {} bytes, over the limit of {}; split it, e.g. into parameters or several simpler "
                  "expressions", text.size(), kMaxLength));
  return true;
}

std::optional<Program> compile_impl(std::string_view text, const Resolver& resolve, Error* err) {
  if (too_long(text, err)) return std::nullopt;
  const auto toks = detail::lex(text);
  if (toks.front().kind == Tok::End) {
    set(err, 0, "empty expression");
    return std::nullopt;
  }
  Parser p(text, toks, 0, resolve);
  std::optional<Program> prog;
  if (p.expr() && p.end()) prog = p.finish();
  if (!prog) set(err, p.error());
  return prog;
}

std::optional<Assign> assign_op(Tok k) {
  switch (k) {
    case Tok::Assign: return Assign::Set;
    case Tok::PlusAssign: return Assign::Add;
    case Tok::MinusAssign: return Assign::Sub;
    case Tok::StarAssign: return Assign::Mul;
    case Tok::SlashAssign: return Assign::Div;
    default: return std::nullopt;
  }
}

std::optional<Effect> compile_effect_impl(std::string_view text, const Resolver& resolve,
                                          Error* err) {
  if (too_long(text, err)) return std::nullopt;
  const auto toks = detail::lex(text);
  if (toks.front().kind == Tok::End) {
    set(err, 0, "empty effect; write e.g. 'UKR.unity -= 0.01'");
    return std::nullopt;
  }
  Parser p(text, toks, 0, resolve);
  const Token& target = toks[0];
  const auto fail = [&] {
    set(err, p.error());
    return std::optional<Effect>{};
  };
  if (target.kind != Tok::Name) {
    p.unexpected(target, fmt::format("an effect must start with the variable to change, e.g. "
                                     "'UKR.unity -= 0.01', not {}",
                                     detail::describe(target, text)));
    return fail();
  }
  const std::string_view name = detail::token_text(target, text);
  Resolved r;
  if (!p.resolve(target, r)) return fail();
  if (!r.writable) {
    p.fail(target.offset, fmt::format("'{}' cannot be assigned; effects may only change actor "
                                      "and bloc variables", name));
    return fail();
  }
  const Token& op = toks[1];
  const auto assign = assign_op(op.kind);
  if (!assign) {
    std::string msg = fmt::format("expected '=', '+=', '-=', '*=' or '/=' after '{}'", name);
    if (op.kind != Tok::End) msg += fmt::format(" but found {}", detail::describe(op, text));
    if (op.kind == Tok::EqEq) msg += "; '==' compares, '=' assigns";
    p.unexpected(op, std::move(msg));
    return fail();
  }
  p.advance(2);
  std::optional<Program> rhs;
  if (p.expr() && p.end()) rhs = p.finish();
  if (!rhs) return fail();
  Effect e;
  e.target = r.slot;
  e.op = *assign;
  e.rhs = std::move(*rhs);
  return e;
}

}  // namespace

std::optional<Program> compile(std::string_view text, const Resolver& resolve, Error* err) {
  try {
    return compile_impl(text, resolve, err);
  } catch (const std::bad_alloc&) {
    set(err, 0, "out of memory while compiling the expression");
  } catch (const std::exception& e) {
    set(err, 0, fmt::format("internal error while compiling the expression: {}", e.what()));
  } catch (...) {
    set(err, 0, "internal error while compiling the expression");
  }
  return std::nullopt;
}

std::optional<Effect> compile_effect(std::string_view text, const Resolver& resolve, Error* err) {
  try {
    return compile_effect_impl(text, resolve, err);
  } catch (const std::bad_alloc&) {
    set(err, 0, "out of memory while compiling the effect");
  } catch (const std::exception& e) {
    set(err, 0, fmt::format("internal error while compiling the effect: {}", e.what()));
  } catch (...) {
    set(err, 0, "internal error while compiling the effect");
  }
  return std::nullopt;
}

std::vector<std::pair<std::string, std::size_t>> names(std::string_view text) {
  std::vector<std::pair<std::string, std::size_t>> out;
  try {
    const auto toks = detail::lex(text);
    for (std::size_t i = 0; i + 1 < toks.size(); ++i) {
      // A name followed by '(' is a function call (known or not), never a variable.
      if (toks[i].kind == Tok::Name && toks[i + 1].kind != Tok::LParen) {
        out.emplace_back(std::string(detail::token_text(toks[i], text)), toks[i].offset);
      }
    }
  } catch (...) {
    // Only std::bad_alloc can get here; return what was gathered.
  }
  return out;
}

}  // namespace geosim::expr
