// SPDX-License-Identifier: Apache-2.0
// Tokens of the expression language, each with its byte offset into the source text.
// Private to engine/expr/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace geosim::expr::detail {

/// @brief Token kinds. Keywords (`and`, `or`, `not`, `true`, `false`) get their own kinds;
/// the three `Bad*` kinds carry lexical errors to the parser, which reports them when reached.
enum class Tok : std::uint8_t {
  End, Number, Name,
  LParen, RParen, Comma,
  Plus, Minus, Star, Slash, Caret, Bang,
  Lt, Le, Gt, Ge, EqEq, BangEq, AndAnd, OrOr,
  KwAnd, KwOr, KwNot, KwTrue, KwFalse,
  Assign, PlusAssign, MinusAssign, StarAssign, SlashAssign,
  BadChar,    ///< a byte that starts no token
  BadNumber,  ///< digits run into letters or dots, or the value is out of range
  BadName,    ///< a dotted name ending in '.' or with a non-name after a '.'
};

/// @brief One token: kind, byte offset and length in the source, and value for Number.
struct Token {
  Tok kind = Tok::End;
  std::size_t offset = 0;
  std::size_t length = 0;
  double number = 0.0;
};

/// @brief Splits `text` into tokens, always ending with one End token (offset = text.size()).
/// Never fails: bytes that form no token become Bad* tokens. Iterative; never throws except
/// std::bad_alloc.
std::vector<Token> lex(std::string_view text);

/// @brief The token's source text.
inline std::string_view token_text(const Token& t, std::string_view text) {
  return text.substr(t.offset, t.length);
}

/// @brief How a token is quoted in messages: `'+'`, `'RUS.resolve'`, `end of expression`,
/// or `byte 0x00` for unprintable bytes. Long tokens are shortened.
std::string describe(const Token& t, std::string_view text);

/// @brief The message for a Bad* token, e.g. "unexpected character '$'".
std::string bad_token_message(const Token& t, std::string_view text);

/// @brief True for the Bad* kinds.
inline bool is_bad(Tok k) { return k == Tok::BadChar || k == Tok::BadNumber || k == Tok::BadName; }

}  // namespace geosim::expr::detail
