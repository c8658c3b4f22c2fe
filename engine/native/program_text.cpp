// Programs as C++ statements, and the small helpers of the generator's text.
#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

#include <fmt/format.h>

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
  for (const expr::Instr& in : p.code) {
    switch (in.op) {
      case Op::Const:
        st.push_back(ops.tables ? fmt::format("K[{}]", ops.kpos++) : literal(in.value));
        continue;
      case Op::Load:
        st.push_back(ops.tables ? fmt::format("x[L[{}]]", ops.lpos++) : fmt::format("x[{}]", in.slot));
        continue;
      default: break;
    }
    const char* unary = nullptr;
    switch (in.op) {
      case Op::Neg: unary = "-{}"; break;
      case Op::Not: unary = "{} == 0.0 ? 1.0 : 0.0"; break;
      case Op::Exp: unary = "std::exp({})"; break;
      case Op::Log: unary = "std::log({})"; break;
      case Op::Sqrt: unary = "std::sqrt({})"; break;
      case Op::Abs: unary = "std::fabs({})"; break;
      case Op::Floor: unary = "std::floor({})"; break;
      case Op::Ceil: unary = "std::ceil({})"; break;
      case Op::Logistic: unary = "1.0 / (1.0 + std::exp(-{}))"; break;
      case Op::Logit: unary = "std::log({0} / (1.0 - {0}))"; break;
      default: break;
    }
    if (unary != nullptr) {
      const std::string a = pop();
      st.push_back(temp(fmt::format(fmt::runtime(unary), a)));
      continue;
    }
    if (in.op == Op::Clamp || in.op == Op::If) {
      const std::string hi = pop(), lo = pop(), v = pop();
      st.push_back(temp(in.op == Op::Clamp ? fmt::format("std::min(std::max({}, {}), {})", v, lo, hi)
                                           : fmt::format("{} != 0.0 ? {} : {}", v, lo, hi)));
      continue;
    }
    const std::string b = pop(), a = pop();
    std::string v;
    switch (in.op) {
      case Op::Add: v = fmt::format("{} + {}", a, b); break;
      case Op::Sub: v = fmt::format("{} - {}", a, b); break;
      case Op::Mul: v = fmt::format("{} * {}", a, b); break;
      case Op::Div: v = fmt::format("{} / {}", a, b); break;
      case Op::Pow: v = fmt::format("std::pow({}, {})", a, b); break;
      case Op::Lt: v = fmt::format("{} < {} ? 1.0 : 0.0", a, b); break;
      case Op::Le: v = fmt::format("{} <= {} ? 1.0 : 0.0", a, b); break;
      case Op::Gt: v = fmt::format("{} > {} ? 1.0 : 0.0", a, b); break;
      case Op::Ge: v = fmt::format("{} >= {} ? 1.0 : 0.0", a, b); break;
      case Op::Eq: v = fmt::format("{} == {} ? 1.0 : 0.0", a, b); break;
      case Op::Ne: v = fmt::format("{} != {} ? 1.0 : 0.0", a, b); break;
      case Op::And: v = fmt::format("({} != 0.0 && {} != 0.0) ? 1.0 : 0.0", a, b); break;
      case Op::Or: v = fmt::format("({} != 0.0 || {} != 0.0) ? 1.0 : 0.0", a, b); break;
      case Op::Min: v = fmt::format("std::min({}, {})", a, b); break;
      case Op::Max: v = fmt::format("std::max({}, {})", a, b); break;
      default: v = "0.0"; break;  // every operation is handled above
    }
    st.push_back(temp(v));
  }
  // A bare load is copied: the caller may write the slot before using the value.
  if (st.empty()) return "0.0";
  return temp(st.back());
}

}  // namespace geosim::native
