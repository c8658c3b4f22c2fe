// SPDX-License-Identifier: Apache-2.0
// The expression parser. Private to engine/expr/; the public entry points are in compile.cpp.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expr/builder.hpp"
#include "expr/lexer.hpp"
#include "geosim/expr.hpp"

namespace geosim::expr::detail {

/// @brief Parses one expression from `toks[first..]`, emitting postfix code. Every parse
/// function returns false after recording the first error; callers just unwind.
class Parser {
 public:
  Parser(std::string_view text, const std::vector<Token>& toks, std::size_t first,
         const Resolver& resolver)
      : text_(text), toks_(toks), resolver_(resolver), pos_(first) {}

  /// @brief Parses an expression starting at the current token.
  bool expr() { return binary(1); }
  /// @brief Succeeds when every token has been consumed, else reports the trailing token.
  bool end();
  /// @brief The compiled program; nullopt (with error set) if it needs too much stack.
  std::optional<Program> finish();

  /// @brief Resolves the name token `t` into `r`, reporting failures at its offset.
  bool resolve(const Token& t, Resolved& r);
  /// @brief Records an error (only the first one is kept) and returns false.
  bool fail(std::size_t offset, std::string message);
  /// @brief Like fail at `t`, but a Bad* token reports its own lexical message instead.
  bool unexpected(const Token& t, std::string message);

  const Token& cur() const { return toks_[pos_]; }
  void advance(std::size_t n = 1) { pos_ += n; }
  const std::optional<Error>& error() const { return error_; }
  /// @brief "column 7", or "line 2, column 3" for multi-line text.
  std::string where(std::size_t offset) const;

 private:
  // Counts one level of nesting for its lifetime; `ok` is false past the limit.
  struct Nest {
    Nest(Parser& p, const Token& t);
    ~Nest() { --parser.depth_; }
    Nest(const Nest&) = delete;
    Nest& operator=(const Nest&) = delete;
    Parser& parser;
    bool ok = false;
  };

  bool binary(int min_prec);
  bool unary();
  bool power();
  bool primary();
  bool variable();
  bool call();
  bool aggregate(const Token& name, std::string_view fname, const std::vector<std::string>& members);
  const Token& peek(std::size_t k) const {
    return pos_ + k < toks_.size() ? toks_[pos_ + k] : toks_.back();
  }

  std::string_view text_;
  const std::vector<Token>& toks_;
  const Resolver& resolver_;
  std::size_t pos_;
  int depth_ = 0;
  std::vector<std::string> each_;  ///< the member `each.` stands for, innermost aggregate last
  Builder out_;
  std::optional<Error> error_;
};

}  // namespace geosim::expr::detail
