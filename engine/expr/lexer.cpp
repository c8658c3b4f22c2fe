// SPDX-License-Identifier: Apache-2.0
#include "expr/lexer.hpp"

#include <charconv>
#include <system_error>

#include <fmt/format.h>

namespace geosim::expr::detail {
namespace {

// Byte classes by hand: <cctype> is locale-dependent and undefined for negative chars.
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_printable(char c) { return c >= 0x21 && c <= 0x7e; }

struct Keyword {
  std::string_view word;
  Tok kind;
};
constexpr Keyword kKeywords[] = {
    {"and", Tok::KwAnd}, {"or", Tok::KwOr}, {"not", Tok::KwNot},
    {"true", Tok::KwTrue}, {"false", Tok::KwFalse},
};

struct Lexer {
  std::string_view s;
  std::size_t i = 0;

  char at(std::size_t k) const { return k < s.size() ? s[k] : '\0'; }
  bool more() const { return i < s.size(); }

  std::size_t digits(std::size_t k) const {
    while (k < s.size() && is_digit(s[k])) ++k;
    return k;
  }

  // digits ['.' digits*] | '.' digits, then optional [eE][+-]?digits.
  Token number() {
    Token t{Tok::Number, i, 0, 0.0};
    std::size_t k = digits(i);
    if (at(k) == '.') k = digits(k + 1);
    if (at(k) == 'e' || at(k) == 'E') {
      std::size_t e = k + 1;
      if (at(e) == '+' || at(e) == '-') ++e;
      if (is_digit(at(e))) k = digits(e);
    }
    // "2x", "1.2.3", "1e": swallow the whole run so the message shows all of it.
    bool bad = is_alnum(at(k)) || at(k) == '.';
    while (is_alnum(at(k)) || at(k) == '.') ++k;
    t.length = k - i;
    i = k;
    if (!bad) {
      const char* first = s.data() + t.offset;
      const char* last = first + t.length;
      auto [ptr, ec] = std::from_chars(first, last, t.number);
      bad = ec != std::errc{} || ptr != last;
    }
    if (bad) t.kind = Tok::BadNumber;
    return t;
  }

  // segment ('.' segment)*, with no spaces around the dots.
  Token name() {
    Token t{Tok::Name, i, 0, 0.0};
    std::size_t k = i;
    for (;;) {
      while (is_alnum(at(k))) ++k;
      if (at(k) != '.') break;
      if (!is_alpha(at(k + 1))) {  // "RUS." or "RUS.5": take the dot and what follows
        ++k;
        while (is_alnum(at(k)) || at(k) == '.') ++k;
        t.kind = Tok::BadName;
        break;
      }
      ++k;
    }
    t.length = k - i;
    i = k;
    if (t.kind == Tok::Name) {
      for (const auto& kw : kKeywords) {
        if (token_text(t, s) == kw.word) t.kind = kw.kind;
      }
    }
    return t;
  }

  Token op() {
    const char c = s[i];
    const char n = at(i + 1);
    auto tok = [&](Tok k, std::size_t len) {
      Token t{k, i, len, 0.0};
      i += len;
      return t;
    };
    switch (c) {
      case '(': return tok(Tok::LParen, 1);
      case ')': return tok(Tok::RParen, 1);
      case ',': return tok(Tok::Comma, 1);
      case '^': return tok(Tok::Caret, 1);
      case '+': return n == '=' ? tok(Tok::PlusAssign, 2) : tok(Tok::Plus, 1);
      case '-': return n == '=' ? tok(Tok::MinusAssign, 2) : tok(Tok::Minus, 1);
      case '*': return n == '=' ? tok(Tok::StarAssign, 2) : tok(Tok::Star, 1);
      case '/': return n == '=' ? tok(Tok::SlashAssign, 2) : tok(Tok::Slash, 1);
      case '!': return n == '=' ? tok(Tok::BangEq, 2) : tok(Tok::Bang, 1);
      case '<': return n == '=' ? tok(Tok::Le, 2) : tok(Tok::Lt, 1);
      case '>': return n == '=' ? tok(Tok::Ge, 2) : tok(Tok::Gt, 1);
      case '=': return n == '=' ? tok(Tok::EqEq, 2) : tok(Tok::Assign, 1);
      case '&': return n == '&' ? tok(Tok::AndAnd, 2) : tok(Tok::BadChar, 1);
      case '|': return n == '|' ? tok(Tok::OrOr, 2) : tok(Tok::BadChar, 1);
      default: return tok(Tok::BadChar, 1);
    }
  }
};

}  // namespace

std::vector<Token> lex(std::string_view text) {
  Lexer lx{text};
  std::vector<Token> out;
  for (;;) {
    while (lx.more() && is_space(text[lx.i])) ++lx.i;
    if (!lx.more()) break;
    const char c = text[lx.i];
    if (is_digit(c) || (c == '.' && is_digit(lx.at(lx.i + 1)))) {
      out.push_back(lx.number());
    } else if (is_alpha(c)) {
      out.push_back(lx.name());
    } else {
      out.push_back(lx.op());
    }
  }
  out.push_back(Token{Tok::End, text.size(), 0, 0.0});
  return out;
}

std::string describe(const Token& t, std::string_view text) {
  if (t.kind == Tok::End) return "end of expression";
  std::string_view s = token_text(t, text);
  if (s.size() == 1 && !is_printable(s[0])) {
    return fmt::format("byte 0x{:02x}", static_cast<unsigned>(static_cast<unsigned char>(s[0])));
  }
  constexpr std::size_t kShown = 40;
  if (s.size() > kShown) return fmt::format("'{}...'", s.substr(0, kShown));
  return fmt::format("'{}'", s);
}

std::string bad_token_message(const Token& t, std::string_view text) {
  const std::string_view s = token_text(t, text);
  switch (t.kind) {
    case Tok::BadNumber: {
      double v = 0.0;
      const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (ec == std::errc::result_out_of_range && ptr == s.data() + s.size()) {
        return fmt::format("number {} is out of range; numbers must lie within about 1.8e308 of zero: write a smaller one",
                           describe(t, text));
      }
      return fmt::format("malformed number {}; write numbers like 12, 0.5, .5 or 1e-3",
                         describe(t, text));
    }
    case Tok::BadName:
      return fmt::format("malformed name {}; each '.' must be followed by a name part",
                         describe(t, text));
    case Tok::BadChar:
      if (s == "&") return "unexpected '&'; use '&&' or 'and'";
      if (s == "|") return "unexpected '|'; use '||' or 'or'";
      if (s == "?") return "unexpected '?'; write conditionals as if(cond, a, b)";
      if (static_cast<unsigned char>(s[0]) >= 0x80) {
        return fmt::format("unexpected non-ASCII byte 0x{:02x}; expressions are plain ASCII",
                           static_cast<unsigned>(static_cast<unsigned char>(s[0])));
      }
      if (!is_printable(s[0])) return fmt::format("unexpected {}; remove it: expressions are plain text", describe(t, text));
      return fmt::format("unexpected character {}; remove it (docs/scenario-format.md lists the operators)", describe(t, text));
    default:
      return fmt::format("unexpected {}; check the expression against docs/scenario-format.md", describe(t, text));
  }
}

}  // namespace geosim::expr::detail
