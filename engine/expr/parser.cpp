// SPDX-License-Identifier: Apache-2.0
// Recursive-descent parser with precedence climbing for the binary operators. Emits postfix
// instructions straight into a Builder (which folds constants); no syntax tree is built.
//
//   expr    := binary(1)
//   binary  := unary (BINOP binary(prec + 1))*         precedence climbing, left-associative
//   unary   := ('-' | '+' | '!' | 'not') unary | power
//   power   := primary ('^' unary)?                     right-associative; -2^2 = -(2^2)
//   primary := NUMBER | 'true' | 'false' | NAME | FUNC '(' args ')' | '(' expr ')'
//
// Binary precedence, lowest first: 1 '||' 'or'; 2 '&&' 'and'; 3 '==' '!='; 4 '<' '<=' '>' '>=';
// 5 '+' '-'; 6 '*' '/'. A NAME directly followed by '(' is a call, otherwise a variable.
//
// Nesting (parentheses, calls, unary operators, '^') is capped at kMaxDepth, so the C++ stack
// stays bounded whatever the input.
#include <exception>
#include <optional>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "expr/builder.hpp"
#include "expr/functions.hpp"
#include "expr/lexer.hpp"
#include "expr/parser.hpp"
#include "geosim/expr.hpp"

namespace geosim::expr::detail {
namespace {

constexpr int kMaxDepth = 64;

struct BinaryOp {
  int prec;
  Op op;
};

std::optional<BinaryOp> binary_op(Tok k) {
  switch (k) {
    case Tok::OrOr: case Tok::KwOr: return BinaryOp{1, Op::Or};
    case Tok::AndAnd: case Tok::KwAnd: return BinaryOp{2, Op::And};
    case Tok::EqEq: return BinaryOp{3, Op::Eq};
    case Tok::BangEq: return BinaryOp{3, Op::Ne};
    case Tok::Lt: return BinaryOp{4, Op::Lt};
    case Tok::Le: return BinaryOp{4, Op::Le};
    case Tok::Gt: return BinaryOp{4, Op::Gt};
    case Tok::Ge: return BinaryOp{4, Op::Ge};
    case Tok::Plus: return BinaryOp{5, Op::Add};
    case Tok::Minus: return BinaryOp{5, Op::Sub};
    case Tok::Star: return BinaryOp{6, Op::Mul};
    case Tok::Slash: return BinaryOp{6, Op::Div};
    default: return std::nullopt;
  }
}

bool starts_value(Tok k) {
  return k == Tok::Number || k == Tok::Name || k == Tok::LParen || k == Tok::KwTrue ||
         k == Tok::KwFalse || k == Tok::KwNot || k == Tok::Bang;
}

}  // namespace

std::string Parser::where(std::size_t offset) const {
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < text_.size(); ++i) {
    if (text_[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  if (line == 1) return fmt::format("column {}", offset + 1);
  return fmt::format("line {}, column {}", line, offset - line_start + 1);
}

bool Parser::fail(std::size_t offset, std::string message) {
  if (!error_) error_ = Error{offset, std::move(message)};
  return false;
}

bool Parser::unexpected(const Token& t, std::string message) {
  if (is_bad(t.kind)) return fail(t.offset, bad_token_message(t, text_));
  return fail(t.offset, std::move(message));
}

Parser::Nest::Nest(Parser& p, const Token& t) : parser(p) {
  ok = ++parser.depth_ <= kMaxDepth ||
       parser.fail(t.offset, fmt::format("expression nested too deeply (limit {}); split it into smaller parts", kMaxDepth));
}

bool Parser::binary(int min_prec) {
  if (!unary()) return false;
  for (;;) {
    const Token& t = cur();
    const auto b = binary_op(t.kind);
    if (!b || b->prec < min_prec) return true;
    ++pos_;
    if (!binary(b->prec + 1)) return false;
    out_.op(b->op, t.offset);
  }
}

bool Parser::unary() {
  const Token& t = cur();
  std::optional<Op> op;
  switch (t.kind) {
    case Tok::Minus: op = Op::Neg; break;
    case Tok::Bang: case Tok::KwNot: op = Op::Not; break;
    case Tok::Plus: break;
    default: return power();
  }
  const Nest nest(*this, t);
  if (!nest.ok) return false;
  ++pos_;
  if (!unary()) return false;
  if (op) out_.op(*op, t.offset);
  return true;
}

bool Parser::power() {
  if (!primary()) return false;
  const Token& t = cur();
  if (t.kind != Tok::Caret) return true;
  const Nest nest(*this, t);
  if (!nest.ok) return false;
  ++pos_;
  if (!unary()) return false;
  out_.op(Op::Pow, t.offset);
  return true;
}

bool Parser::primary() {
  const Token& t = cur();
  switch (t.kind) {
    case Tok::Number: ++pos_; out_.constant(t.number, t.offset); return true;
    case Tok::KwTrue: ++pos_; out_.constant(1.0, t.offset); return true;
    case Tok::KwFalse: ++pos_; out_.constant(0.0, t.offset); return true;
    case Tok::Name: return peek(1).kind == Tok::LParen ? call() : variable();
    case Tok::LParen: {
      const Nest nest(*this, t);
      if (!nest.ok) return false;
      ++pos_;
      if (!expr()) return false;
      if (cur().kind != Tok::RParen) {
        std::string msg = fmt::format("expected ')' to close '(' opened at {}", where(t.offset));
        if (cur().kind != Tok::End) msg += fmt::format(" but found {}", describe(cur(), text_));
        msg += "; add the missing ')' or an operator between the values";
        if (cur().kind == Tok::End) msg = fmt::format("expected ')' to close '(' opened at {}; add the missing ')'", where(t.offset));
        return unexpected(cur(), std::move(msg));
      }
      ++pos_;
      return true;
    }
    default: break;
  }
  // A value was required here and is missing.
  if (pos_ == 0) {
    return unexpected(t, fmt::format("expected a value but found {}; start with a number, a name or '('", describe(t, text_)));
  }
  const std::string prev = describe(toks_[pos_ - 1], text_);
  if (t.kind == Tok::End) {
    return fail(t.offset, fmt::format("expected a value after {} but the expression ends; add the missing value, e.g. "
                                      "\"AAA.resolve > 0.5\", or remove {}", prev, prev));
  }
  return unexpected(t, fmt::format("expected a value after {} but found {}; put a number, a name or '(' between them", prev,
                                   describe(t, text_)));
}

bool Parser::variable() {
  const Token& t = cur();
  ++pos_;
  Resolved r;
  if (!resolve(t, r)) return false;
  out_.load(r.slot, t.offset);
  return true;
}

bool Parser::resolve(const Token& t, Resolved& r) {
  std::string name(token_text(t, text_));
  if (name.rfind("each.", 0) == 0) {
    if (each_.empty())
      return fail(t.offset, fmt::format("'{}': 'each.' is only defined inside an aggregate; write e.g. "
                                        "sum(BLOC, {}) or name the actor, e.g. AAA.{}", name, name, name.substr(5)));
    name = each_.back() + name.substr(4);
  }
  if (!resolver_) {
    return fail(t.offset,
                fmt::format("unknown variable '{}'; no variables are defined here", name));
  }
  try {
    r = resolver_(name);
  } catch (const std::exception& e) {
    return fail(t.offset, fmt::format("could not resolve '{}': {}", name, e.what()));
  }
  if (!r.ok) {
    if (r.message.empty()) r.message = fmt::format("unknown variable '{}'; check its name against the scenario", name);
    return fail(t.offset, std::move(r.message));
  }
  return true;
}

namespace {
// Aggregates over a group's members: sum(G, e), mean(G, e), count(G, cond), all(G, cond),
// any(G, cond), and min / max when their first argument names a group. Expanded here into the
// operations of the expression written once per member (so both execution paths see plain code).
constexpr std::string_view kAggregates[] = {"sum", "mean", "count", "all", "any", "min", "max"};
bool is_aggregate(std::string_view f) {
  for (auto a : kAggregates)
    if (a == f) return true;
  return false;
}
}  // namespace

bool Parser::aggregate(const Token& name, std::string_view fname, const std::vector<std::string>& members) {
  const Nest nest(*this, name);
  if (!nest.ok) return false;
  pos_ += 4;  // name '(' GROUP ','
  const std::size_t start = pos_;
  for (std::size_t k = 0; k < members.size(); ++k) {
    pos_ = start;
    each_.push_back(members[k]);
    const bool ok = expr();
    each_.pop_back();
    if (!ok) return false;
    if (fname == "count" || fname == "all" || fname == "any") {  // as 1 or 0
      out_.op(Op::Not, name.offset);
      out_.op(Op::Not, name.offset);
    }
    if (k == 0) continue;
    if (fname == "sum" || fname == "mean" || fname == "count") out_.op(Op::Add, name.offset);
    else if (fname == "all") out_.op(Op::And, name.offset);
    else if (fname == "any") out_.op(Op::Or, name.offset);
    else out_.op(fname == "min" ? Op::Min : Op::Max, name.offset);
  }
  if (fname == "mean") {
    out_.constant(static_cast<double>(members.size()), name.offset);
    out_.op(Op::Div, name.offset);
  }
  if (cur().kind != Tok::RParen) {
    if (cur().kind == Tok::End)
      return fail(cur().offset, fmt::format("expected ')' to close '{}(' opened at {}; add the missing ')'", fname, where(name.offset)));
    return unexpected(cur(), fmt::format("expected ')' after the expression of '{}' but found {}; an aggregate takes a group "
                                         "and one expression, e.g. {}(BLOC, each.resolve > 0.5)",
                                         fname, describe(cur(), text_), fname));
  }
  ++pos_;
  return true;
}

bool Parser::call() {
  const Token& name = cur();
  const std::string_view fname = token_text(name, text_);
  if (is_aggregate(fname) && peek(2).kind == Tok::Name && peek(3).kind == Tok::Comma && resolver_) {
    const std::string group(token_text(peek(2), text_));
    Resolved g;
    try {
      g = resolver_("group:" + group);
    } catch (const std::exception&) {
      g.ok = false;
    }
    if (g.ok && !g.members.empty()) return aggregate(name, fname, g.members);
    Resolved value;
    try {
      value = resolver_(group);
    } catch (const std::exception&) {
      value.ok = false;
    }
    if (value.ok && fname != "min" && fname != "max")
      return fail(name.offset, fmt::format("'{}' is an aggregate over a group, and '{}' is a value, not a group; write {}(GROUP, "
                                           "EXPRESSION), e.g. {}(NATO, each.resolve){}",
                                           fname, group, fname, fname, fname == "mean" ? ", or (a + b) / 2 for the mean of values" :
                                                                       fname == "sum" ? ", or a + b for the sum of values" : ""));
    if (fname != "min" && fname != "max" && !value.ok)
      return fail(peek(2).offset, g.message.empty() ? fmt::format("'{}' is not a group; an aggregate runs over a bloc's members "
                                                                  "or a commitment's guarantors, e.g. {}(NATO, each.resolve) or "
                                                                  "{}(commitments.ID.guarantors, each.honoured)", group, fname, fname)
                                                    : g.message);
  }
  if (is_aggregate(fname) && fname != "min" && fname != "max")
    return fail(name.offset, fmt::format("'{}' is an aggregate over a group; write {}(GROUP, EXPRESSION), e.g. "
                                         "{}(NATO, each.resolve > 0.5)", fname, fname, fname));
  const Function* f = find_function(fname);
  if (f == nullptr) return fail(name.offset, unknown_function_message(fname));
  const Nest nest(*this, name);
  if (!nest.ok) return false;
  pos_ += 2;  // name and '('
  int count = 0;
  if (cur().kind != Tok::RParen) {
    for (;;) {
      if (!expr()) return false;
      ++count;
      if (f->max_args == 0 && count >= 2) out_.op(f->op, name.offset);  // min/max chain
      if (cur().kind != Tok::Comma) break;
      ++pos_;
    }
  }
  if (cur().kind != Tok::RParen) {
    if (cur().kind == Tok::End) {
      return fail(cur().offset, fmt::format("expected ')' to close '{}(' opened at {}; add the missing ')'", fname,
                                            where(name.offset)));
    }
    return unexpected(cur(), fmt::format("expected ',' or ')' in the call to '{}' but found {}; separate the arguments with ','",
                                         fname, describe(cur(), text_)));
  }
  ++pos_;
  if (count < f->min_args || (f->max_args != 0 && count > f->max_args)) {
    return fail(name.offset, arity_message(*f, count));
  }
  if (f->max_args != 0) out_.op(f->op, name.offset);
  return true;
}

bool Parser::end() {
  const Token& t = cur();
  if (t.kind == Tok::End) return true;
  std::string msg = fmt::format("unexpected {} after end of expression", describe(t, text_));
  if (t.kind == Tok::RParen) {
    msg += "; there is no '(' to match it";
  } else if (t.kind == Tok::Assign) {
    msg += "; use '==' to compare";
  } else if (t.kind == Tok::PlusAssign || t.kind == Tok::MinusAssign ||
             t.kind == Tok::StarAssign || t.kind == Tok::SlashAssign) {
    msg += "; assignments belong in effects";
  } else if (starts_value(t.kind)) {
    msg += "; is an operator missing?";
  } else {
    msg += "; remove it, or join it to the expression with an operator";
  }
  return unexpected(t, std::move(msg));
}

std::optional<Program> Parser::finish() {
  auto r = std::move(out_).finish();
  if (!r.ok) {
    fail(r.overflow_offset,
         fmt::format("expression needs more than {} operand slots; split it into smaller parts",
                     kMaxStack));
    return std::nullopt;
  }
  return std::move(r.program);
}

}  // namespace geosim::expr::detail
