// The form Program::eval runs: the per-step hot path of every scenario expression.
//
// A sum of products with constants (`c - k1*x1 - k2*x2`, the affine shape) is evaluated by a loop
// over its terms (try_affine, eval_affine). Anything else runs a fast form derived from the postfix
// code by two rewrites; both keep every floating-point operation and its order, so results are
// bit-identical to eval_postfix:
//  1. Operand fusion: a binary operation whose right operand is a constant or a single load takes
//     it from the instruction itself (`Load x; Const 0.5; Gt` becomes `PushL x; GtK 0.5`).
//  2. Short-circuit `and` / `or`: the right operand is skipped when the left one decides. The
//     postfix evaluator computes both; since expressions have no side effects, only time differs.
//     `a and b` becomes `[a] JumpIfFalse→T [b] T: ToBool`, `a or b` likewise with JumpIfTrue.
#include <algorithm>
#include <cmath>
#include <vector>

#include "geosim/expr.hpp"

namespace geosim::expr {
namespace {

// Binary operations come in three forms: S (right operand popped from the stack), K (the
// instruction's constant), L (state[arg]). The X-macro keeps the lists in one place.
#define GEOSIM_BINARY_OPS(X) \
  X(Add) X(Sub) X(Mul) X(Div) X(Pow) X(Lt) X(Le) X(Gt) X(Ge) X(Eq) X(Ne) X(And) X(Or) X(Min) X(Max)

#define GEOSIM_OTHER_OPS(X)                                                                  \
  X(End) X(PushK) X(PushL) X(Neg) X(Not) X(Exp) X(Log) X(Sqrt) X(Abs) X(Floor) X(Ceil) X(Logistic) \
  X(Logit) X(Clamp) X(If) X(JumpIfFalse) X(JumpIfTrue) X(ToBool)

enum F : std::uint8_t {
#define GEOSIM_DECLARE_ONE(name) name,
  GEOSIM_OTHER_OPS(GEOSIM_DECLARE_ONE)
#undef GEOSIM_DECLARE_ONE
#define GEOSIM_DECLARE(name) name##S, name##K, name##L,
  GEOSIM_BINARY_OPS(GEOSIM_DECLARE)
#undef GEOSIM_DECLARE
};

// The S form of a binary Op (K = S + 1, L = S + 2), or -1 when `op` is not binary.
int binary_base(Op op) {
  switch (op) {
#define GEOSIM_CASE(name) \
  case Op::name: return name##S;
    GEOSIM_BINARY_OPS(GEOSIM_CASE)
#undef GEOSIM_CASE
    default: return -1;
  }
}

std::uint8_t unary_or_ternary(Op op) {
  switch (op) {
    case Op::Neg: return Neg;
    case Op::Not: return Not;
    case Op::Exp: return Exp;
    case Op::Log: return Log;
    case Op::Sqrt: return Sqrt;
    case Op::Abs: return Abs;
    case Op::Floor: return Floor;
    case Op::Ceil: return Ceil;
    case Op::Logistic: return Logistic;
    case Op::Logit: return Logit;
    case Op::Clamp: return Clamp;
    case Op::If: return If;
    default: return PushK;  // not reached: Const, Load and binaries are handled by the caller
  }
}

// Values the instruction leaves on the stack minus those it takes, on its fall-through path.
int net(const FastInstr& in) {
  if (in.op == PushK || in.op == PushL) return 1;
  if (in.op == Clamp || in.op == If) return -2;
  if (in.op == JumpIfFalse || in.op == JumpIfTrue) return -1;
  if (in.op >= AddS) return (in.op - AddS) % 3 == 0 ? -1 : 0;
  return 0;  // unary, ToBool, End
}

enum AffineKind : std::uint8_t { KX, XK, X, KXY };
enum AffineOp : std::uint8_t { Set, Plus, Minus };

// Reads one affine term at code[i]: `Const k, Load x, Mul` (optionally `Load y, Mul` after it),
// `Load x, Const k, Mul`, or `Load x`. Advances i past it.
bool affine_term(const std::vector<Instr>& code, std::size_t& i, AffineTerm& t) {
  const std::size_t n = code.size();
  if (i + 2 < n && code[i].op == Op::Const && code[i + 1].op == Op::Load && code[i + 2].op == Op::Mul) {
    t = {KX, Set, code[i + 1].slot, 0, code[i].value};
    i += 3;
    if (i + 1 < n && code[i].op == Op::Load && code[i + 1].op == Op::Mul) {
      t.kind = KXY;
      t.slot2 = code[i].slot;
      i += 2;
    }
    return true;
  }
  if (i + 2 < n && code[i].op == Op::Load && code[i + 1].op == Op::Const && code[i + 2].op == Op::Mul) {
    t = {XK, Set, code[i].slot, 0, code[i + 1].value};
    i += 3;
    return true;
  }
  if (i < n && code[i].op == Op::Load) {
    t = {X, Set, code[i].slot, 0, 0.0};
    i += 1;
    return true;
  }
  return false;
}

}  // namespace

// A sum of terms, left to right, as the postfix code computes it: `c - k1*x1 - k2*x2` is
// ((c - (k1*x1)) - (k2*x2)); each product keeps its operand order. The shape of most drift targets
// and event rates, evaluated by a short loop instead of the interpreter.
bool Program::try_affine() {
  std::vector<AffineTerm> terms;
  std::size_t i = 0;
  AffineTerm t{};
  value_ = 0.0;
  if (affine_term(code, i, t)) {
    terms.push_back(t);  // op Set: the first term starts the sum
  } else if (code[0].op == Op::Const) {
    value_ = code[0].value;
    i = 1;
  } else {
    return false;
  }
  while (i < code.size()) {
    if (!affine_term(code, i, t) || i >= code.size() || (code[i].op != Op::Add && code[i].op != Op::Sub)) return false;
    t.op = code[i].op == Op::Add ? Plus : Minus;
    ++i;
    terms.push_back(t);
  }
  if (terms.empty()) return false;
  affine_ = std::move(terms);
  shape_ = Shape::Affine;
  return true;
}

double Program::eval_affine(const double* x) const noexcept {
  double acc = value_;
  for (const AffineTerm& t : affine_) {
    double v;
    switch (t.kind) {
      case KX: v = t.k * x[t.slot]; break;
      case XK: v = x[t.slot] * t.k; break;
      case X: v = x[t.slot]; break;
      default: v = (t.k * x[t.slot]) * x[t.slot2]; break;
    }
    acc = t.op == Set ? v : t.op == Plus ? acc + v : acc - v;
  }
  return acc;
}

void Program::optimise() {
  fast_.clear();
  affine_.clear();
  if (code.empty()) {
    shape_ = Shape::Const;
    value_ = 0.0;
    return;
  }
  if (code.size() == 1 && code[0].op == Op::Const) {
    shape_ = Shape::Const;
    value_ = code[0].value;
    return;
  }
  if (code.size() == 1 && code[0].op == Op::Load) {
    shape_ = Shape::Load;
    slot_ = code[0].slot;
    return;
  }
  if (code.size() == 3 && code[0].op == Op::Load && code[1].op == Op::Const) {
    const Op cmp = code[2].op;
    const Shape s = cmp == Op::Gt ? Shape::Gt : cmp == Op::Lt ? Shape::Lt : cmp == Op::Ge ? Shape::Ge
                  : cmp == Op::Le ? Shape::Le : cmp == Op::Eq ? Shape::Eq : cmp == Op::Ne ? Shape::Ne : Shape::Fast;
    if (s != Shape::Fast) {
      shape_ = s;
      slot_ = code[0].slot;
      value_ = code[1].value;
      return;
    }
  }
  if (code.size() == 2 && code[0].op == Op::Load && code[1].op == Op::Not) {
    shape_ = Shape::Not;
    slot_ = code[0].slot;
    return;
  }
  if (try_affine()) return;
  // 1. Operand fusion. In postfix the instruction just before a binary operation is the root of
  // its right operand, so when that is a push, the right operand is exactly that leaf.
  std::vector<FastInstr> fused;
  fused.reserve(code.size());
  for (const Instr& in : code) {
    if (in.op == Op::Const) {
      fused.push_back({PushK, 0, in.value});
    } else if (in.op == Op::Load) {
      fused.push_back({PushL, in.slot, 0.0});
    } else if (const int base = binary_base(in.op); base >= 0) {
      if (!fused.empty() && (fused.back().op == PushK || fused.back().op == PushL)) {
        FastInstr& leaf = fused.back();
        leaf.op = static_cast<std::uint8_t>(base + (leaf.op == PushK ? 1 : 2));
      } else {
        fused.push_back({static_cast<std::uint8_t>(base), 0, 0.0});
      }
    } else {
      fused.push_back({unary_or_ternary(in.op), 0, 0.0});
    }
  }
  // 2. Short-circuit: for each stack-form and/or, find where its right operand starts (the
  // shortest suffix before it that leaves exactly one value) and put a conditional jump there.
  std::vector<int> jump_at(fused.size(), -1);  // jump_at[j] = index of the and/or it serves
  std::vector<bool> served(fused.size(), false);
  for (std::size_t i = 0; i < fused.size(); ++i) {
    if (fused[i].op != AndS && fused[i].op != OrS) continue;
    int depth = 0;
    for (std::size_t k = i; k-- > 0;) {
      depth += net(fused[k]);
      if (depth == 1) {
        jump_at[k] = static_cast<int>(i);
        served[i] = true;
        break;
      }
    }
  }
  std::vector<std::uint32_t> new_index(fused.size());
  std::uint32_t n = 0;
  for (std::size_t i = 0; i < fused.size(); ++i) {
    if (jump_at[i] >= 0) ++n;
    new_index[i] = n++;
  }
  fast_.reserve(n + 1);
  for (std::size_t i = 0; i < fused.size(); ++i) {
    if (jump_at[i] >= 0) {
      const auto op = static_cast<std::size_t>(jump_at[i]);
      fast_.push_back({fused[op].op == AndS ? JumpIfFalse : JumpIfTrue, new_index[op], 0.0});
    }
    FastInstr in = fused[i];
    if (served[i]) in.op = ToBool;  // the jump's target
    fast_.push_back(in);
  }
  fast_.push_back({End, 0, 0.0});
  shape_ = Shape::Fast;
}

// Dispatch: with GCC and Clang, each instruction jumps straight to the next one's code through a
// table of label addresses (token threading, the GNU "labels as values" extension), which saves the
// loop and the switch's range check on every instruction; other compilers run the same bodies in
// a switch. OP(name) opens an instruction's body, NEXT goes to the following instruction.
#if defined(__GNUC__)
#define GEOSIM_THREADED 1
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#define OP(name) L_##name:
#define NEXT goto* labels[(++pc)->op]
#else
#define GEOSIM_THREADED 0
#define OP(name) case name:
#define NEXT break
#endif

double Program::eval_fast(const double* x) const noexcept {
  // The top of the stack lives in `acc` (a register), the values under it in `stack`: most
  // instructions then touch no memory but the state. optimise() keeps the postfix program's stack
  // bound (fusion and jumps only remove pushes), and the first push stores the unused initial
  // `acc`, so `stack` needs at most that many entries. The program ends with End.
  double stack[kMaxStack];
  double* sp = stack;  // one past the value under the top
  double acc = 0.0;
  const FastInstr* const begin = fast_.data();
  const FastInstr* pc = begin;
#if GEOSIM_THREADED
  static constexpr void* labels[] = {
#define GEOSIM_LABEL_ONE(name) &&L_##name,
      GEOSIM_OTHER_OPS(GEOSIM_LABEL_ONE)
#undef GEOSIM_LABEL_ONE
#define GEOSIM_LABEL(name) &&L_##name##S, &&L_##name##K, &&L_##name##L,
      GEOSIM_BINARY_OPS(GEOSIM_LABEL)
#undef GEOSIM_LABEL
  };
  goto* labels[pc->op];
#else
  for (;; ++pc) switch (pc->op) {
#endif
      OP(End) return acc;
      OP(PushK) *sp++ = acc; acc = pc->value; NEXT;
      OP(PushL) *sp++ = acc; acc = x[pc->arg]; NEXT;

      OP(Neg) acc = -acc; NEXT;
      OP(Not) acc = acc == 0.0 ? 1.0 : 0.0; NEXT;
      OP(Exp) acc = std::exp(acc); NEXT;
      OP(Log) acc = std::log(acc); NEXT;
      OP(Sqrt) acc = std::sqrt(acc); NEXT;
      OP(Abs) acc = std::fabs(acc); NEXT;
      OP(Floor) acc = std::floor(acc); NEXT;
      OP(Ceil) acc = std::ceil(acc); NEXT;
      OP(Logistic) acc = 1.0 / (1.0 + std::exp(-acc)); NEXT;
      OP(Logit) acc = std::log(acc / (1.0 - acc)); NEXT;

      OP(Clamp)  // x, lo, hi (= acc)
        acc = std::min(std::max(sp[-2], sp[-1]), acc);
        sp -= 2;
        NEXT;
      OP(If)  // cond, then, else (= acc)
        acc = sp[-2] != 0.0 ? sp[-1] : acc;
        sp -= 2;
        NEXT;

      OP(JumpIfFalse)  // left operand of `and` false: it is the answer (ToBool makes it 0)
        if (acc == 0.0) pc = begin + pc->arg - 1;
        else acc = *--sp;
        NEXT;
      OP(JumpIfTrue)  // left operand of `or` true: the answer (ToBool makes it 1)
        if (acc != 0.0) pc = begin + pc->arg - 1;
        else acc = *--sp;
        NEXT;
      OP(ToBool) acc = acc != 0.0 ? 1.0 : 0.0; NEXT;

#define GEOSIM_FORMS(name, expr)                     \
  OP(name##S) {                                      \
    const double a = *--sp, b = acc;                 \
    acc = (expr);                                    \
    NEXT;                                            \
  }                                                  \
  OP(name##K) {                                      \
    const double a = acc, b = pc->value;             \
    acc = (expr);                                    \
    NEXT;                                            \
  }                                                  \
  OP(name##L) {                                      \
    const double a = acc, b = x[pc->arg];            \
    acc = (expr);                                    \
    NEXT;                                            \
  }
      GEOSIM_FORMS(Add, a + b)
      GEOSIM_FORMS(Sub, a - b)
      GEOSIM_FORMS(Mul, a * b)
      GEOSIM_FORMS(Div, a / b)
      GEOSIM_FORMS(Pow, std::pow(a, b))
      GEOSIM_FORMS(Lt, a < b ? 1.0 : 0.0)
      GEOSIM_FORMS(Le, a <= b ? 1.0 : 0.0)
      GEOSIM_FORMS(Gt, a > b ? 1.0 : 0.0)
      GEOSIM_FORMS(Ge, a >= b ? 1.0 : 0.0)
      GEOSIM_FORMS(Eq, a == b ? 1.0 : 0.0)
      GEOSIM_FORMS(Ne, a != b ? 1.0 : 0.0)
      GEOSIM_FORMS(And, (a != 0.0 && b != 0.0) ? 1.0 : 0.0)
      GEOSIM_FORMS(Or, (a != 0.0 || b != 0.0) ? 1.0 : 0.0)
      GEOSIM_FORMS(Min, std::min(a, b))
      GEOSIM_FORMS(Max, std::max(a, b))
#undef GEOSIM_FORMS
#if !GEOSIM_THREADED
      default: return acc;  // not reached: optimise() emits only the opcodes above
    }
#endif
}

#if GEOSIM_THREADED
#pragma GCC diagnostic pop
#endif
#undef OP
#undef NEXT
#undef GEOSIM_THREADED
#undef GEOSIM_OTHER_OPS

#undef GEOSIM_BINARY_OPS

}  // namespace geosim::expr
