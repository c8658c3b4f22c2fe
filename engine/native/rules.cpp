// SPDX-License-Identifier: Apache-2.0
// Rule types in the unrolled and the rows form (see rules.hpp).
#include <map>

#include <fmt/format.h>

#include "native/rules.hpp"

namespace geosim::native {

namespace {

constexpr const char* kAssign[] = {"Set", "Add", "Sub", "Mul", "Div"};

const char* assign_name(Assign op) { return kAssign[static_cast<int>(op)]; }

// The unrolled form: every member a constant or a static function.
class Unrolled {
 public:
  explicit Unrolled(Emitter& e) : e_(e) {}

  void rule(const std::string& type, const RuleDesc& r) {
    std::string lists;
    for (const Member& m : r)
      if (m.kind == Member::Kind::Effects) lists += effect_list(type, m);
    e_.out += fmt::format("struct {} {{\n", type);
    for (const Member& m : r) member(m);
    e_.out += lists;
    e_.out += "};\n";
  }

 private:
  Emitter& e_;

  void function(int depth, const char* name, const expr::Program& p, const char* qualifier) {
    e_.line(depth, fmt::format("{}double {}(const double* x) {{", qualifier, name));
    Operands ops;
    const std::string v = program_text(e_, p, depth + 1, ops);
    e_.line(depth + 1, fmt::format("return {};", v));
    e_.line(depth, "}");
  }
  void member(const Member& m) {
    switch (m.kind) {
      case Member::Kind::Slot: e_.line(1, fmt::format("static constexpr std::uint32_t {}() {{ return {}; }}", m.name, m.value)); return;
      case Member::Kind::Flag: e_.line(1, fmt::format("static constexpr bool {}() {{ return {}; }}", m.name, m.value != 0)); return;
      case Member::Kind::Int: e_.line(1, fmt::format("static constexpr std::int64_t {}() {{ return {}; }}", m.name, m.value)); return;
      case Member::Kind::Program: function(1, m.name, *m.program, "static "); return;
      case Member::Kind::Effects: return;  // written after the other members (effect_list)
    }
  }
  // One type per effect, before the rule's type; returns the rule's member that visits them.
  std::string effect_list(const std::string& owner, const Member& m) {
    std::string calls;
    for (std::size_t k = 0; k < m.effects->size(); ++k) {
      const expr::Effect& ef = (*m.effects)[k];
      const std::string type = fmt::format("{}_{}{}", owner, m.name, k);
      e_.out += fmt::format("struct {} {{\n", type);
      e_.line(1, fmt::format("static constexpr std::uint32_t target() {{ return {}; }}", ef.target));
      e_.line(1, fmt::format("static constexpr Assign op() {{ return Assign::{}; }}", assign_name(ef.op)));
      function(1, "rhs", ef.rhs, "static ");
      e_.out += "};\n";
      calls += fmt::format(" f({}{{}});", type);
    }
    return fmt::format("  template <class F> static void {}(F&& f) {{{} (void)f; }}\n", m.name, calls);
  }
};

// The rows form: per kind, one table of slots (L), one of constants (K) and one of numbers (I),
// with each rule's offsets; one type per shape whose members read them.
class Rows {
 public:
  Rows(Emitter& e, const std::string& kind) : e_(e), kind_(kind) {}

  std::string write(const std::vector<RuleDesc>& rules, const std::vector<std::vector<std::uint32_t>>& subsets,
                    std::vector<std::string>* subset_bodies) {
    std::vector<std::uint32_t> shape_of;
    std::map<std::string, std::uint32_t> shapes;
    std::vector<const RuleDesc*> first;
    for (const RuleDesc& r : rules) {
      const auto [it, added] = shapes.emplace(signature(r), static_cast<std::uint32_t>(first.size()));
      if (added) first.push_back(&r);
      shape_of.push_back(it->second);
    }
    tables(rules, shape_of);
    for (std::size_t s = 0; s < first.size(); ++s) shape(s, *first[s]);
    // The loop's body for rule i: its shape's type over its part of the tables.
    std::string one = fmt::format("      const std::uint32_t* L = k{0}L + k{0}LOff[i];\n      const double* K = k{0}K + k{0}KOff[i];\n", kind_);
    one += "      (void)L; (void)K;\n";
    one += fmt::format("      switch (k{}Shape[i]) {{\n", kind_);
    for (std::size_t s = 0; s < first.size(); ++s)
      one += fmt::format("        case {0}: f({1}S{0}{{i, L, K}}); break;\n", s, kind_);
    one += "      }\n    }\n";
    // A subset: the rules listed in a table of their indices, in order.
    for (std::size_t j = 0; j < subsets.size(); ++j) {
      const std::string name = fmt::format("Sub{}", j);
      table("std::uint32_t", name, subsets[j], [](std::uint32_t v) { return std::to_string(v); });
      subset_bodies->push_back(fmt::format("    for (std::size_t n = 0; n < {}; ++n) {{\n      const std::size_t i = k{}{}[n];\n",
                                           subsets[j].size(), kind_, name) +
                               one);
    }
    return fmt::format("    for (std::size_t i = 0; i < {}; ++i) {{\n", rules.size()) + one;
  }

 private:
  Emitter& e_;
  std::string kind_;

  // What makes two rules share a type: flags, the operations of each program and effect, and
  // each effect's assignment; slots, constants and numbers are data.
  static std::string signature(const RuleDesc& r) {
    std::string sig;
    const auto code = [&sig](const expr::Program& p) {
      for (const expr::Instr& in : p.code) sig += fmt::format("{},", static_cast<int>(in.op));
      sig += ';';
    };
    for (const Member& m : r) {
      switch (m.kind) {
        case Member::Kind::Slot:
        case Member::Kind::Int: break;
        case Member::Kind::Flag: sig += m.value != 0 ? "T" : "F"; break;
        case Member::Kind::Program: code(*m.program); break;
        case Member::Kind::Effects:
          sig += fmt::format("[{}:", m.effects->size());
          for (const expr::Effect& ef : *m.effects) {
            sig += assign_name(ef.op);
            code(ef.rhs);
          }
          sig += ']';
          break;
      }
    }
    return sig;
  }
  // Slots in member order (a program's loads in code order, an effect's target then its loads);
  // constants likewise; numbers in member order.
  static void operands(const RuleDesc& r, std::vector<std::uint32_t>& L, std::vector<double>& K, std::vector<std::int64_t>& I) {
    const auto code = [&](const expr::Program& p) {
      for (const expr::Instr& in : p.code) {
        if (in.op == expr::Op::Load) L.push_back(in.slot);
        if (in.op == expr::Op::Const) K.push_back(in.value);
      }
    };
    for (const Member& m : r) {
      switch (m.kind) {
        case Member::Kind::Slot: L.push_back(static_cast<std::uint32_t>(m.value)); break;
        case Member::Kind::Int: I.push_back(m.value); break;
        case Member::Kind::Flag: break;
        case Member::Kind::Program: code(*m.program); break;
        case Member::Kind::Effects:
          for (const expr::Effect& ef : *m.effects) {
            L.push_back(ef.target);
            code(ef.rhs);
          }
          break;
      }
    }
  }
  template <class T, class Format>
  void table(const char* type, const std::string& name, const std::vector<T>& v, Format format) {
    e_.out += fmt::format("constexpr {} k{}{}[] = {{", type, kind_, name);
    for (std::size_t k = 0; k < v.size(); ++k) e_.out += (k % 12 == 0 ? "\n  " : " ") + format(v[k]) + ",";
    if (v.empty()) e_.out += "0";
    e_.out += "\n};\n";
  }
  void tables(const std::vector<RuleDesc>& rules, const std::vector<std::uint32_t>& shape_of) {
    std::vector<std::uint32_t> L, loff, koff, ioff;
    std::vector<double> K;
    std::vector<std::int64_t> I;
    for (const RuleDesc& r : rules) {
      loff.push_back(static_cast<std::uint32_t>(L.size()));
      koff.push_back(static_cast<std::uint32_t>(K.size()));
      ioff.push_back(static_cast<std::uint32_t>(I.size()));
      operands(r, L, K, I);
    }
    const auto u = [](std::uint32_t v) { return std::to_string(v); };
    table("std::uint32_t", "L", L, u);
    table("double", "K", K, [](double v) { return literal(v); });
    table("std::int64_t", "I", I, [](std::int64_t v) { return std::to_string(v); });
    table("std::uint32_t", "LOff", loff, u);
    table("std::uint32_t", "KOff", koff, u);
    table("std::uint32_t", "IOff", ioff, u);
    table("std::uint32_t", "Shape", shape_of, u);
  }
  void function(int depth, const char* name, const expr::Program& p, Operands& ops) {
    e_.line(depth, fmt::format("double {}(const double* x) const {{", name));
    const std::string v = program_text(e_, p, depth + 1, ops);
    e_.line(depth + 1, fmt::format("return {};", v));
    e_.line(depth, "}");
  }
  // The type of shape `s`, written from its first rule: member j of each kind reads entry j of
  // the rule's part of the tables, in the order operands() lays them out.
  void shape(std::size_t s, const RuleDesc& r) {
    const std::string type = fmt::format("{}S{}", kind_, s);
    std::string lists;
    Operands ops{true, 0, 0};
    int ipos = 0;
    Emitter body;  // the members, written apart so effect types can come first
    body.temp = e_.temp;
    for (const Member& m : r) {
      switch (m.kind) {
        case Member::Kind::Slot: body.line(1, fmt::format("std::uint32_t {}() const {{ return L[{}]; }}", m.name, ops.lpos++)); break;
        case Member::Kind::Flag: body.line(1, fmt::format("static constexpr bool {}() {{ return {}; }}", m.name, m.value != 0)); break;
        case Member::Kind::Int:
          body.line(1, fmt::format("std::int64_t {}() const {{ return k{}I[k{}IOff[i] + {}]; }}", m.name, kind_, kind_, ipos++));
          break;
        case Member::Kind::Program: {
          body.line(1, fmt::format("double {}(const double* x) const {{", m.name));
          const std::string v = program_text(body, *m.program, 2, ops);
          body.line(2, fmt::format("return {};", v));
          body.line(1, "}");
          break;
        }
        case Member::Kind::Effects: {
          std::string calls;
          for (std::size_t k = 0; k < m.effects->size(); ++k) {
            const expr::Effect& ef = (*m.effects)[k];
            const std::string et = fmt::format("{}_{}{}", type, m.name, k);
            Emitter eb;
            eb.temp = body.temp;
            eb.out += fmt::format("struct {} {{\n", et);
            eb.line(1, "const std::uint32_t* L;");
            eb.line(1, "const double* K;");
            eb.line(1, fmt::format("std::uint32_t target() const {{ return L[{}]; }}", ops.lpos++));
            eb.line(1, fmt::format("static constexpr Assign op() {{ return Assign::{}; }}", assign_name(ef.op)));
            eb.line(1, "double rhs(const double* x) const {");
            const std::string v = program_text(eb, ef.rhs, 2, ops);
            eb.line(2, fmt::format("return {};", v));
            eb.line(1, "}");
            eb.out += "};\n";
            body.temp = eb.temp;
            lists += eb.out;
            calls += fmt::format(" f({}{{L, K}});", et);
          }
          body.line(1, fmt::format("template <class F> void {}(F&& f) const {{{} (void)f; }}", m.name, calls));
          break;
        }
      }
    }
    e_.temp = body.temp;
    e_.out += lists;
    e_.out += fmt::format("struct {} {{\n", type);
    e_.line(1, "std::size_t i;");
    e_.line(1, "const std::uint32_t* L;");
    e_.line(1, "const double* K;");
    e_.out += body.out;
    e_.out += "};\n";
  }
};

}  // namespace

std::string write_rules(Emitter& e, const std::string& kind, const std::vector<RuleDesc>& rules, std::size_t unroll_max,
                        const std::vector<std::vector<std::uint32_t>>& subsets, std::vector<std::string>* subset_bodies) {
  if (rules.size() > unroll_max) return Rows(e, kind).write(rules, subsets, subset_bodies);
  Unrolled u(e);
  std::string body;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const std::string type = fmt::format("{}{}", kind, i);
    u.rule(type, rules[i]);
    body += fmt::format("    f({}{{}});\n", type);
  }
  for (const auto& subset : subsets) {
    std::string sub;
    for (std::uint32_t i : subset) sub += fmt::format("    f({}{}{{}});\n", kind, i);
    subset_bodies->push_back(std::move(sub));
  }
  return body;
}

}  // namespace geosim::native
