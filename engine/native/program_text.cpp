// SPDX-License-Identifier: Apache-2.0
// Programs as C++ statements, and the small helpers of the generator's text.
#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "native/emit.hpp"

namespace geosim::native {

void Emitter::line(int depth, std::string_view text) {
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
  out += text;
  out += '\n';
}

std::string literal(double v) {
  if (std::isfinite(v)) return fmt::format("({:a})", v);
  return fmt::format("std::bit_cast<double>(UINT64_C(0x{:016x}))", std::bit_cast<std::uint64_t>(v));
}

std::string program_text(Emitter& e, const expr::Program& p, int depth, Operands& ops) {
  using expr::Op;
  std::vector<std::string> st;
  st.reserve(p.code.size());
  const auto temp = [&](const std::string& value) {
    std::string name = fmt::format("t{}", e.temp++);
    e.line(depth, fmt::format("const double {} = {};", name, value));
    return name;
  };
  const auto pop = [&st] {
    std::string v = std::move(st.back());
    st.pop_back();
    return v;
  };
  // Each operation calls its table semantics (geosim/expr_ops.hpp, embedded in the prelude),
  // the function the interpreter calls: `expr::ops::Exp(t3)`, `expr::ops::Add(x[2], (0x1p-1))`.
  const auto call = [&](Op op) {
    const expr::OpInfo& o = expr::info(op);
    std::vector<std::string> args(static_cast<std::size_t>(o.arity));
    for (std::size_t k = args.size(); k-- > 0;) args[k] = pop();
    return temp(fmt::format("expr::ops::{}({})", o.name, fmt::join(args, ", ")));
  };
  for (const expr::Instr& in : p.code) {
    switch (in.op) {
      case Op::Const: st.push_back(ops.tables ? fmt::format("K[{}]", ops.kpos++) : literal(in.value)); break;
      case Op::Load: st.push_back(ops.tables ? fmt::format("x[L[{}]]", ops.lpos++) : fmt::format("x[{}]", in.slot)); break;
#define GEOSIM_NATIVE_CASE_0(Name)  // the leaves, above
#define GEOSIM_NATIVE_CASE_1(Name) case Op::Name:
#define GEOSIM_NATIVE_CASE_2(Name) case Op::Name:
#define GEOSIM_NATIVE_CASE_3(Name) case Op::Name:
#define GEOSIM_NATIVE_CASE(Name, arity, ...) GEOSIM_EXPR_BY_ARITY(GEOSIM_NATIVE_CASE_, arity)(Name)
      GEOSIM_EXPR_OPS(GEOSIM_NATIVE_CASE)
#undef GEOSIM_NATIVE_CASE
#undef GEOSIM_NATIVE_CASE_0
#undef GEOSIM_NATIVE_CASE_1
#undef GEOSIM_NATIVE_CASE_2
#undef GEOSIM_NATIVE_CASE_3
        st.push_back(call(in.op));
        break;
    }
  }
  // A bare load is copied: the caller may write the slot before using the value.
  if (st.empty()) return "0.0";
  return temp(st.back());
}

}  // namespace geosim::native
