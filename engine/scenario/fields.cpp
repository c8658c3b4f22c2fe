// SPDX-License-Identifier: Apache-2.0
#include "scenario/fields.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace geosim::scenario {

std::optional<double> parse_number(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  double v = 0.0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

SourceMark text_mark(const Node& n, const Sources*) {
  SourceMark m = n.mark;
  if (n.quoted && m.line > 0) ++m.col;
  return m;
}

namespace {

const std::vector<std::string> kDistributions = {"normal", "lognormal", "beta", "uniform", "triangular"};

// Numbers of a distribution's parameters, from a list [a, b(, c)] or a map with the given keys.
bool params(const Node& n, const std::vector<std::string>& keys, std::vector<double>& out,
            std::string_view where, std::string_view dist, Diagnostics& d) {
  out.clear();
  std::string shape = "[" + keys[0];
  for (std::size_t i = 1; i < keys.size(); ++i) shape += ", " + keys[i];
  shape += "]";
  if (n.is_seq()) {
    if (n.items.size() != keys.size()) {
      d.error(n.mark, fmt::format("{}: {} takes {} numbers, got {}", where, dist, keys.size(), n.items.size()),
              fmt::format("write {}: {}", dist, shape));
      return false;
    }
    for (const auto& item : n.items) {
      auto v = item.is_scalar() ? parse_number(item.text) : std::nullopt;
      if (!v) {
        d.error(item.mark, fmt::format("{}: {} parameter is not a number", where, dist), "write a number such as 0.5");
        return false;
      }
      out.push_back(*v);
    }
    return true;
  }
  if (n.is_map()) {
    for (std::size_t i = 0; i < n.keys.size(); ++i) {
      bool known = false;
      for (const auto& k : keys) known = known || k == n.keys[i];
      if (!known) {
        d.error(n.key_marks[i], fmt::format("{}: unknown {} parameter '{}'", where, dist, n.keys[i]),
                did_you_mean(n.keys[i], keys));
        return false;
      }
    }
    for (const auto& k : keys) {
      const Node* v = n.find(k);
      auto x = v && v->is_scalar() ? parse_number(v->text) : std::nullopt;
      if (!x) {
        d.error(v ? v->mark : n.mark,
                fmt::format("{}: {} needs '{}' as a number", where, dist, k), fmt::format("write {}: {}", dist, shape));
        return false;
      }
      out.push_back(*x);
    }
    return true;
  }
  d.error(n.mark, fmt::format("{}: {} parameters must be a list or a map", where, dist),
          fmt::format("write {}: {}", dist, shape));
  return false;
}

}  // namespace

std::optional<Distribution> read_distribution(const Node& n, std::string_view where, Diagnostics& d) {
  Distribution out;
  if (n.is_scalar()) {
    auto v = parse_number(n.text);
    if (!v) {
      d.error(text_mark(n, nullptr), fmt::format("{}: '{}' is not a number", where, n.text),
              "write a number such as 0.5, or a distribution such as {uniform: [0.2, 0.6]}");
      return std::nullopt;
    }
    out.a = *v;
    return out;
  }
  if (!n.is_map() || n.keys.size() != 1) {
    d.error(n.mark, fmt::format("{}: expected a number or a distribution", where),
            "write e.g. 0.5 or {normal: {mean: 0.5, sd: 0.1}}");
    return std::nullopt;
  }
  const std::string& kind = n.keys[0];
  const Node& p = n.items[0];
  std::vector<double> v;
  SourceMark km = n.key_marks[0];
  if (kind == "normal" || kind == "lognormal") {
    bool normal = kind == "normal";
    if (!params(p, normal ? std::vector<std::string>{"mean", "sd"} : std::vector<std::string>{"mu", "sigma"}, v,
                where, kind, d))
      return std::nullopt;
    if (!(v[1] > 0)) {
      d.error(p.mark, fmt::format("{}: {} needs a positive spread, got {}", where, kind, v[1]), "use a value above 0");
      return std::nullopt;
    }
    out.kind = normal ? Distribution::Kind::Normal : Distribution::Kind::LogNormal;
    out.a = v[0];
    out.b = v[1];
  } else if (kind == "beta") {
    bool moments = p.is_map() && p.find("mean") != nullptr;
    if (!params(p, moments ? std::vector<std::string>{"mean", "sd"} : std::vector<std::string>{"alpha", "beta"}, v,
                where, kind, d))
      return std::nullopt;
    if (moments) {
      double m = v[0], s = v[1];
      if (!(m > 0 && m < 1 && s > 0 && s * s < m * (1 - m))) {
        d.error(p.mark, fmt::format("{}: no beta distribution has mean {} and sd {}", where, m, s),
                "use 0 < mean < 1 and sd < sqrt(mean * (1 - mean))");
        return std::nullopt;
      }
      double k = m * (1 - m) / (s * s) - 1;
      v = {m * k, (1 - m) * k};
    }
    if (!(v[0] > 0 && v[1] > 0)) {
      d.error(p.mark, fmt::format("{}: beta needs alpha > 0 and beta > 0", where), "use positive pseudo-counts");
      return std::nullopt;
    }
    out.kind = Distribution::Kind::Beta;
    out.a = v[0];
    out.b = v[1];
  } else if (kind == "uniform") {
    if (!params(p, {"lo", "hi"}, v, where, kind, d)) return std::nullopt;
    if (!(v[0] < v[1])) {
      d.error(p.mark, fmt::format("{}: uniform needs lo < hi, got [{}, {}]", where, v[0], v[1]), "swap or widen the bounds");
      return std::nullopt;
    }
    out.kind = Distribution::Kind::Uniform;
    out.a = v[0];
    out.b = v[1];
  } else if (kind == "triangular") {
    if (!params(p, {"lo", "mode", "hi"}, v, where, kind, d)) return std::nullopt;
    if (!(v[0] <= v[1] && v[1] <= v[2] && v[0] < v[2])) {
      d.error(p.mark, fmt::format("{}: triangular needs lo <= mode <= hi and lo < hi", where), "reorder the numbers");
      return std::nullopt;
    }
    out.kind = Distribution::Kind::Triangular;
    out.a = v[0];
    out.c = v[1];
    out.b = v[2];
  } else {
    d.error(km, fmt::format("{}: unknown distribution '{}'", where, kind), did_you_mean(kind, kDistributions));
    return std::nullopt;
  }
  return out;
}

Fields::Fields(const Node& node, const ObjectDef& def, std::string where, std::string path, Diagnostics& d)
    : node_(node), def_(def), where_(std::move(where)), path_(std::move(path)), d_(d) {
  if (!node.is_map()) {
    d.error(node.mark, fmt::format("{} must be a map of keys, not {}", where_, kind_name(node)),
            fmt::format("write keys such as '{}:' under it", def.fields.empty() ? "name" : def.fields.front().key));
    ok_ = false;
    return;
  }
  std::vector<std::string> suggested;  // keys that an unknown key's "did you mean" already names
  for (std::size_t i = 0; i < node.keys.size(); ++i) {
    if (def.field(node.keys[i]) == nullptr) {
      std::string near = closest(node.keys[i], def.keys());
      std::string fix = did_you_mean(node.keys[i], def.keys());
      if (fix.empty()) fix = "remove it (see docs/scenario-format.md for the keys of this section)";
      d.error(node.key_marks[i], fmt::format("unknown key '{}' in {}", node.keys[i], where_), fix);
      if (!near.empty()) suggested.push_back(near);
      ok_ = false;
    }
  }
  for (const auto& f : def.fields) {
    // A misspelt required key is reported once, where it is misspelt, not again as missing.
    bool misspelt = std::find(suggested.begin(), suggested.end(), f.key) != suggested.end();
    if (f.required && !misspelt && node.find(f.key) == nullptr) {
      d.error(node.mark, fmt::format("{} is missing required key '{}'", where_, f.key),
              fmt::format("add '{}:' ({})", f.key, f.doc));
      ok_ = false;
    }
  }
}

const Field& Fields::field(std::string_view key) const {
  const Field* f = def_.field(key);
  assert(f != nullptr && "reader asked for a key the format table does not define");
  return *f;
}

bool Fields::has(std::string_view key) const { return node(key) != nullptr; }

const Node* Fields::node(std::string_view key) const {
  if (!node_.is_map()) return nullptr;
  const Node* n = node_.find(key);
  return n;
}

SourceMark Fields::mark_of(std::string_view key) const { return node_.is_map() ? node_.key_mark(key) : node_.mark; }

std::string Fields::string(std::string_view key, std::string fallback) const {
  const Node* n = node(key);
  if (n == nullptr || n->is_null()) return fallback;
  if (!n->is_scalar()) {
    d_.error(n->mark, fmt::format("{}: '{}' must be text, not {}", where_, key, kind_name(*n)), "write it on one line");
    return fallback;
  }
  return n->text;
}

bool Fields::boolean(std::string_view key, bool fallback) const {
  const Node* n = node(key);
  if (n == nullptr) return fallback;
  if (n->is_scalar() && (n->text == "true" || n->text == "yes")) return true;
  if (n->is_scalar() && (n->text == "false" || n->text == "no")) return false;
  d_.error(text_mark(*n, nullptr), fmt::format("{}: '{}' must be true or false", where_, key),
           fmt::format("write '{}: true' or '{}: false'", key, key));
  return fallback;
}

int Fields::integer(std::string_view key, int fallback) const {
  const Node* n = node(key);
  if (n == nullptr) return fallback;
  const Field& f = field(key);
  auto v = n->is_scalar() ? parse_number(n->text) : std::nullopt;
  if (!v || std::floor(*v) != *v) {
    d_.error(text_mark(*n, nullptr), fmt::format("{}: '{}' must be a whole number", where_, key),
             fmt::format("write e.g. '{}: {}'", key, fallback));
    return fallback;
  }
  if (*v < f.min || *v > f.max) {
    d_.error(text_mark(*n, nullptr), fmt::format("{}: '{}' is {}, outside [{}, {}]", where_, key, *v, f.min, f.max),
             "use a value in range");
    return fallback;
  }
  return static_cast<int>(*v);
}

void Fields::check_range(const Field& f, const Distribution& dist, SourceMark m) const {
  auto out = [&](double x) { return x < f.min || x > f.max; };
  std::string span = f.max >= 1e299 ? fmt::format("at least {}", f.min) : fmt::format("within [{}, {}]", f.min, f.max);
  bool bad = false;
  switch (dist.kind) {
    case Distribution::Kind::Fixed: bad = out(dist.a); break;
    case Distribution::Kind::Uniform:
    case Distribution::Kind::Triangular: bad = out(dist.a) || out(dist.b); break;
    case Distribution::Kind::Beta: bad = f.min > 0 || f.max < 1; break;
    case Distribution::Kind::LogNormal: bad = f.min > 0 || f.max < 1e299; break;
    case Distribution::Kind::Normal: bad = f.min > -1e299 || f.max < 1e299; break;
  }
  if (!bad) return;
  if (dist.kind == Distribution::Kind::Fixed)
    d_.error(m, fmt::format("{}: '{}' is {}, but must be {}", where_, f.key, dist.a, span),
             f.units.empty() ? "use a value in range" : fmt::format("use a value in range ({})", f.units));
  else
    d_.error(m, fmt::format("{}: '{}' may be sampled outside its range ({})", where_, f.key, span),
             "use a uniform, triangular or beta distribution inside the range");
}

NumberSpec Fields::number(std::string_view key, std::optional<double> fallback) const {
  const Field& f = field(key);
  NumberSpec out;
  out.path = path_ + "." + std::string(key);
  out.mark = mark_of(key);
  const Node* n = node(key);
  if (n == nullptr) {
    out.dist.a = fallback ? *fallback : parse_number(f.fallback).value_or(0.0);
    return out;
  }
  out.mark = text_mark(*n, nullptr);
  auto dist = read_distribution(*n, fmt::format("{}: '{}'", where_, key), d_);
  if (!dist) return out;
  out.dist = *dist;
  check_range(f, out.dist, out.mark);
  return out;
}

double Fields::fixed(std::string_view key) const {
  NumberSpec n = number(key);
  if (n.dist.uncertain()) {
    d_.error(n.mark, fmt::format("{}: '{}' must be a fixed number, not a distribution", where_, key),
             "write a plain number here; only values and parameters may be uncertain");
  }
  return n.dist.a;
}

ExprSpec read_expr(const Node& n, const std::string& path, std::string_view where, Diagnostics& d) {
  ExprSpec out;
  out.present = true;
  out.mark = text_mark(n, nullptr);
  out.number.path = path;
  out.number.mark = out.mark;
  if (n.is_scalar()) {
    if (n.text.find_first_not_of(" \t\r\n") == std::string::npos) {
      d.error(out.mark, fmt::format("{} is empty", where), "write a number or an expression, e.g. 0.05 or \"0.05 * RUS.resolve\"");
      return out;
    }
    if (auto v = parse_number(n.text)) {
      out.number.dist.a = *v;
    } else if (n.text == "true" || n.text == "false") {
      out.number.dist.a = n.text == "true" ? 1.0 : 0.0;
    } else {
      out.text = n.text;
    }
    return out;
  }
  if (n.is_map()) {
    if (auto dist = read_distribution(n, where, d)) out.number.dist = *dist;
    return out;
  }
  d.error(n.mark, fmt::format("{} must be a number or an expression, not {}", where, kind_name(n)),
          "write e.g. 0.05 or \"0.05 * RUS.resolve\"");
  return out;
}

ExprSpec Fields::expr(std::string_view key) const {
  const Node* n = node(key);
  if (n == nullptr) {
    ExprSpec out;
    out.mark = mark_of(key);
    out.number.path = path_ + "." + std::string(key);
    return out;
  }
  const Field& f = field(key);
  ExprSpec out = read_expr(*n, path_ + "." + std::string(key), fmt::format("{}: '{}'", where_, key), d_);
  if (out.text.empty()) check_range(f, out.number.dist, out.mark);
  return out;
}

std::string Fields::id(std::string_view key) const {
  const Node* n = node(key);
  if (n == nullptr) return {};
  if (!n->is_scalar() || !is_identifier(n->text)) {
    d_.error(n->mark, fmt::format("{}: '{}' must be a name such as UKR", where_, key),
             "use letters, digits and '_', starting with a letter");
    return {};
  }
  return n->text;
}

std::vector<std::pair<std::string, SourceMark>> Fields::ids(std::string_view key) const {
  std::vector<std::pair<std::string, SourceMark>> out;
  const Node* n = node(key);
  if (n == nullptr) return out;
  auto one = [&](const Node& x) {
    if (!x.is_scalar() || !is_identifier(x.text)) {
      d_.error(x.mark, fmt::format("{}: '{}' must list names such as UKR", where_, key),
               "use letters, digits and '_', starting with a letter");
      return;
    }
    out.emplace_back(x.text, x.mark);
  };
  if (n->is_seq()) {
    for (const auto& item : n->items) one(item);
  } else {
    one(*n);
  }
  return out;
}

std::vector<EffectText> Fields::effects(std::string_view key) const {
  std::vector<EffectText> out;
  const Node* n = node(key);
  if (n == nullptr || n->is_null()) return out;
  auto one = [&](const Node& x) {
    if (!x.is_scalar()) {
      d_.error(x.mark, fmt::format("{}: each of '{}' must be a statement such as \"UKR.unity -= 0.02\"", where_, key),
               "write one statement per list item");
      return;
    }
    out.push_back({x.text, text_mark(x, nullptr)});
  };
  if (n->is_seq()) {
    for (const auto& item : n->items) one(item);
  } else {
    one(*n);
  }
  return out;
}

std::string Fields::enumeration(std::string_view key) const {
  const Field& f = field(key);
  const Node* n = node(key);
  if (n == nullptr) return f.fallback;
  auto choices = enum_choices(f);
  if (n->is_scalar()) {
    for (const auto& c : choices)
      if (c == n->text) return c;
  }
  std::string fix = n->is_scalar() ? did_you_mean(n->text, choices) : std::string{};
  if (fix.empty() || fix.rfind("expected", 0) != 0) {
    std::string list;
    for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
    fix = fix.empty() ? "use one of: " + list : fix;
  }
  d_.error(text_mark(*n, nullptr),
           fmt::format("{}: '{}' cannot be '{}'", where_, key, n->is_scalar() ? n->text : std::string(kind_name(*n))), fix);
  return f.fallback;
}

}  // namespace geosim::scenario
