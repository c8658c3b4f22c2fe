// SPDX-License-Identifier: Apache-2.0
// The form Program::eval runs: the per-step hot path of every scenario expression.
//
// A sum of products with constants (`c - k1*x1 - k2*x2`, the affine shape) is evaluated by a loop
// over its terms (try_affine, eval_affine). Anything else runs a fast form derived from the postfix
// code by two rewrites; both keep every floating-point operation and its order, so results are
// bit-identical to eval_postfix:
//  1. Operand fusion: a binary operation whose right operand is a constant or a single load takes
//     it from the instruction itself (`Load x; Const 0.5; Gt` becomes `PushLoad x; GtK 0.5`).
//  2. Short-circuit `and` / `or`: the right operand is skipped when the left one decides. The
//     postfix evaluator computes both; since expressions have no side effects, only time differs.
//     `a and b` becomes `[a] JumpIfFalse→T [b] T: ToBool`, `a or b` likewise with JumpIfTrue.
#include <algorithm>
#include <cmath>
#include <vector>

#include "geosim/expr.hpp"

namespace geosim::expr {
namespace {

// The fast form's opcodes, generated from the operation table (geosim/expr_ops.hpp): each binary
// operation in three forms, S (right operand popped from the stack), K (the instruction's
// constant), L (state[arg]); then End, a push for each leaf (PushConst, PushLoad), the
// short-circuit jumps and ToBool; then each unary and ternary operation. GEOSIM_FAST_EACH(opcode,
// net) is called for each in that order, where `net` is the values the instruction leaves on the
// stack minus those it takes, on its fall-through path.
#define GEOSIM_FAST_BINARY_0(Name)
#define GEOSIM_FAST_BINARY_1(Name)
#define GEOSIM_FAST_BINARY_2(Name) GEOSIM_FAST_EACH(Name##S, -1) GEOSIM_FAST_EACH(Name##K, 0) GEOSIM_FAST_EACH(Name##L, 0)
#define GEOSIM_FAST_BINARY_3(Name)
#define GEOSIM_FAST_BINARY(Name, arity, ...) GEOSIM_EXPR_BY_ARITY(GEOSIM_FAST_BINARY_, arity)(Name)
#define GEOSIM_FAST_LEAF_0(Name) GEOSIM_FAST_EACH(Push##Name, 1)
#define GEOSIM_FAST_LEAF_1(Name)
#define GEOSIM_FAST_LEAF_2(Name)
#define GEOSIM_FAST_LEAF_3(Name)
#define GEOSIM_FAST_LEAF(Name, arity, ...) GEOSIM_EXPR_BY_ARITY(GEOSIM_FAST_LEAF_, arity)(Name)
#define GEOSIM_FAST_OTHER_0(Name)
#define GEOSIM_FAST_OTHER_1(Name) GEOSIM_FAST_EACH(Name, 0)
#define GEOSIM_FAST_OTHER_2(Name)
#define GEOSIM_FAST_OTHER_3(Name) GEOSIM_FAST_EACH(Name, -2)
#define GEOSIM_FAST_OTHER(Name, arity, ...) GEOSIM_EXPR_BY_ARITY(GEOSIM_FAST_OTHER_, arity)(Name)
#define GEOSIM_FAST_OPCODES                                                                  \
  GEOSIM_EXPR_OPS(GEOSIM_FAST_BINARY)                                                         \
  GEOSIM_FAST_EACH(End, 0)                                                                    \
  GEOSIM_EXPR_OPS(GEOSIM_FAST_LEAF)                                                           \
  GEOSIM_FAST_EACH(JumpIfFalse, -1) GEOSIM_FAST_EACH(JumpIfTrue, -1) GEOSIM_FAST_EACH(ToBool, 0) \
  GEOSIM_EXPR_OPS(GEOSIM_FAST_OTHER)

enum F : std::uint8_t {
#define GEOSIM_FAST_EACH(opcode, net) opcode,
  GEOSIM_FAST_OPCODES
#undef GEOSIM_FAST_EACH
};

constexpr int kNet[] = {
#define GEOSIM_FAST_EACH(opcode, net) net,
    GEOSIM_FAST_OPCODES
#undef GEOSIM_FAST_EACH
};

// The fast opcode of each Op: Push<leaf>, the S form of a binary operation, or the operation.
constexpr std::uint8_t kFastOf[] = {
#define GEOSIM_FAST_OF_0(Name) Push##Name
#define GEOSIM_FAST_OF_1(Name) Name
#define GEOSIM_FAST_OF_2(Name) Name##S
#define GEOSIM_FAST_OF_3(Name) Name
#define GEOSIM_FAST_OF(Name, arity, ...) GEOSIM_EXPR_BY_ARITY(GEOSIM_FAST_OF_, arity)(Name),
    GEOSIM_EXPR_OPS(GEOSIM_FAST_OF)
#undef GEOSIM_FAST_OF
#undef GEOSIM_FAST_OF_0
#undef GEOSIM_FAST_OF_1
#undef GEOSIM_FAST_OF_2
#undef GEOSIM_FAST_OF_3
};
static_assert(sizeof(kFastOf) == kOpCount, "a fast opcode for every operation");

constexpr std::uint8_t fast_of(Op op) { return kFastOf[static_cast<std::size_t>(op)]; }

// Values the instruction leaves on the stack minus those it takes, on its fall-through path.
int net(const FastInstr& in) { return kNet[in.op]; }

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
      case KX: v = ops::Mul(t.k, x[t.slot]); break;
      case XK: v = ops::Mul(x[t.slot], t.k); break;
      case X: v = x[t.slot]; break;
      default: v = ops::Mul(ops::Mul(t.k, x[t.slot]), x[t.slot2]); break;  // KXY (a kind, not an Op)
    }
    acc = t.op == Set ? v : t.op == Plus ? ops::Add(acc, v) : ops::Sub(acc, v);
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
      fused.push_back({PushConst, 0, in.value});
    } else if (in.op == Op::Load) {
      fused.push_back({PushLoad, in.slot, 0.0});
    } else if (arity(in.op) == 2) {  // S form; K = S + 1, L = S + 2
      const std::uint8_t base = fast_of(in.op);
      if (!fused.empty() && (fused.back().op == PushConst || fused.back().op == PushLoad)) {
        FastInstr& leaf = fused.back();
        leaf.op = static_cast<std::uint8_t>(base + (leaf.op == PushConst ? 1 : 2));
      } else {
        fused.push_back({base, 0, 0.0});
      }
    } else {
      fused.push_back({fast_of(in.op), 0, 0.0});
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
#define GEOSIM_FAST_EACH(opcode, net) &&L_##opcode,
      GEOSIM_FAST_OPCODES
#undef GEOSIM_FAST_EACH
  };
  static_assert(sizeof(labels) / sizeof(labels[0]) == sizeof(kNet) / sizeof(kNet[0]));
  goto* labels[pc->op];
#else
  for (;; ++pc) switch (static_cast<F>(pc->op)) {
#endif
      OP(End) return acc;
      OP(PushConst) *sp++ = acc; acc = pc->value; NEXT;
      OP(PushLoad) *sp++ = acc; acc = x[pc->arg]; NEXT;

      OP(JumpIfFalse)  // left operand of `and` false: it is the answer (ToBool makes it 0)
        if (acc == 0.0) pc = begin + pc->arg - 1;
        else acc = *--sp;
        NEXT;
      OP(JumpIfTrue)  // left operand of `or` true: the answer (ToBool makes it 1)
        if (acc != 0.0) pc = begin + pc->arg - 1;
        else acc = *--sp;
        NEXT;
      OP(ToBool) acc = acc != 0.0 ? 1.0 : 0.0; NEXT;

      // Every operation of the table, with its table semantics; a binary one in its three forms.
#define GEOSIM_FAST_BODY_0(Name)  // the leaves: PushConst, PushLoad above
#define GEOSIM_FAST_BODY_1(Name) \
  OP(Name) acc = ops::Name(acc); NEXT;
#define GEOSIM_FAST_BODY_2(Name)                   \
  OP(Name##S) {                                    \
    const double a = *--sp;                        \
    acc = ops::Name(a, acc);                       \
    NEXT;                                          \
  }                                                \
  OP(Name##K) acc = ops::Name(acc, pc->value); NEXT; \
  OP(Name##L) acc = ops::Name(acc, x[pc->arg]); NEXT;
#define GEOSIM_FAST_BODY_3(Name) /* (a, b, c = acc) */ \
  OP(Name) acc = ops::Name(sp[-2], sp[-1], acc); sp -= 2; NEXT;
#define GEOSIM_FAST_BODY(Name, arity, ...) GEOSIM_EXPR_BY_ARITY(GEOSIM_FAST_BODY_, arity)(Name)
      GEOSIM_EXPR_OPS(GEOSIM_FAST_BODY)
#undef GEOSIM_FAST_BODY
#undef GEOSIM_FAST_BODY_0
#undef GEOSIM_FAST_BODY_1
#undef GEOSIM_FAST_BODY_2
#undef GEOSIM_FAST_BODY_3
#if !GEOSIM_THREADED
    }
#endif
}

#if GEOSIM_THREADED
#pragma GCC diagnostic pop
#endif
#undef OP
#undef NEXT
#undef GEOSIM_THREADED
#undef GEOSIM_FAST_OPCODES
#undef GEOSIM_FAST_BINARY
#undef GEOSIM_FAST_BINARY_0
#undef GEOSIM_FAST_BINARY_1
#undef GEOSIM_FAST_BINARY_2
#undef GEOSIM_FAST_BINARY_3
#undef GEOSIM_FAST_LEAF
#undef GEOSIM_FAST_LEAF_0
#undef GEOSIM_FAST_LEAF_1
#undef GEOSIM_FAST_LEAF_2
#undef GEOSIM_FAST_LEAF_3
#undef GEOSIM_FAST_OTHER
#undef GEOSIM_FAST_OTHER_0
#undef GEOSIM_FAST_OTHER_1
#undef GEOSIM_FAST_OTHER_2
#undef GEOSIM_FAST_OTHER_3

}  // namespace geosim::expr
