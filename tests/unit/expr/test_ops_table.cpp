// SPDX-License-Identifier: Apache-2.0
// The operation table (include/geosim/expr_ops.hpp) is the one definition of each operation: the
// built-in functions are its function rows, docs/scenario-format.md lists exactly those functions
// with the table's parameter text and doc line, and each evaluator computes what the table's
// semantics compute. The function list is also checked at compile time (doc_functions.hpp is
// generated from the docs by tests/CMakeLists.txt), so removing a function's row from the table
// while the docs list it fails the build; tests/build/drop_op.sh shows that every consumer of the
// table fails to compile when a row is missing from it.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "doc_functions.hpp"
#include "expr/functions.hpp"
#include "geosim/expr.hpp"

using namespace geosim::expr;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read ", path);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// The rows of the table under "### Functions" in docs/scenario-format.md.
std::vector<std::string> function_rows() {
  const std::string doc = read_file(GEOSIM_SOURCE_DIR "/docs/scenario-format.md");
  const std::size_t start = doc.find("\n### Functions\n");
  REQUIRE(start != std::string::npos);
  const std::size_t end = doc.find("\n#", start + 1);
  std::istringstream in(doc.substr(start, end - start));
  std::vector<std::string> rows;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("| `", 0) == 0) rows.push_back(line);
  }
  return rows;
}

// Every `name(params)` in the first cell of a row.
std::vector<std::pair<std::string, std::string>> calls_in(const std::string& row) {
  std::vector<std::pair<std::string, std::string>> out;
  const std::string cell = row.substr(1, row.find(" |", 1));
  for (std::size_t pos = cell.find('`'); pos != std::string::npos; pos = cell.find('`', pos)) {
    const std::size_t close = cell.find('`', pos + 1);
    if (close == std::string::npos) break;
    const std::string call = cell.substr(pos + 1, close - pos - 1);
    const std::size_t open = call.find('(');
    if (open != std::string::npos && call.back() == ')')
      out.emplace_back(call.substr(0, open), call.substr(open + 1, call.size() - open - 2));
    pos = close + 1;
  }
  return out;
}

// Times `name(params)` appears in the docs' function list.
constexpr int documented(std::string_view name, std::string_view params) {
  int n = 0;
  for (std::string_view d : kDocFunctions)
    if (d.size() == name.size() + params.size() + 2 && d.starts_with(name) && d[name.size()] == '(' &&
        d.substr(name.size() + 1, params.size()) == params && d.ends_with(')'))
      ++n;
  return n;
}

constexpr bool docs_list_every_function_once() {
  for (const OpInfo& o : kOps)
    if (!o.function.empty() && documented(o.function, o.params) != 1) return false;
  return true;
}

constexpr std::size_t function_rows_count() {
  std::size_t n = 0;
  for (const OpInfo& o : kOps) n += o.function.empty() ? 0 : 1;
  return n;
}

static_assert(docs_list_every_function_once(),
              "a function of the operation table is missing from docs/scenario-format.md's list, or its "
              "parameters differ there");
static_assert(sizeof(kDocFunctions) / sizeof(kDocFunctions[0]) == function_rows_count(),
              "docs/scenario-format.md lists a function that is not in the operation table");

bool same_bits(double a, double b) {
  if (std::isnan(a) && std::isnan(b)) return true;
  std::uint64_t x, y;
  std::memcpy(&x, &a, sizeof x);
  std::memcpy(&y, &b, sizeof y);
  return x == y;
}

}  // namespace

TEST_CASE("the table has one row per operation, in the order of Op") {
  static_assert(sizeof(kOps) / sizeof(kOps[0]) == kOpCount);
  for (std::size_t i = 0; i < kOpCount; ++i) {
    CHECK(kOps[i].op == static_cast<Op>(i));
    CHECK(&info(static_cast<Op>(i)) == &kOps[i]);
  }
  CHECK(arity(Op::Const) == 0);
  CHECK(arity(Op::Load) == 0);
  CHECK(arity(Op::Neg) == 1);
  CHECK(arity(Op::Pow) == 2);
  CHECK(arity(Op::Clamp) == 3);
  CHECK(info(Op::Logistic).name == "Logistic");
}

TEST_CASE("the built-in functions are the table's function rows") {
  std::set<std::string> from_table;
  for (const OpInfo& o : kOps) {
    if (o.function.empty()) continue;
    from_table.emplace(o.function);
    const detail::Function* f = detail::find_function(o.function);
    REQUIRE(f != nullptr);
    CHECK(f->op == o.op);
    CHECK(f->params == o.params);
    CHECK(f->min_args == o.arity);
    CHECK(f->max_args == (o.variadic() ? 0 : o.arity));
  }
  CHECK(from_table.size() == detail::functions().size());
  CHECK(detail::find_function("logistic")->op == Op::Logistic);
  CHECK(detail::find_function("sigmoid") == nullptr);
}

TEST_CASE("docs/scenario-format.md lists every function of the table with its parameters and doc, and no other") {
  std::set<std::pair<std::string, std::string>> documented;
  for (const std::string& row : function_rows()) {
    for (const auto& call : calls_in(row)) {
      documented.insert(call);
      bool known = false;
      for (const OpInfo& o : kOps) {
        if (o.function != call.first) continue;
        known = true;
        INFO("docs row: ", row);
        CHECK_MESSAGE(o.params == call.second, "table params of ", o.function, ": ", o.params);
        CHECK_MESSAGE(row.find(std::string(o.doc)) != std::string::npos, "table doc of ", o.function, ": ", o.doc);
      }
      CHECK_MESSAGE(known, "the docs list '", call.first, "(", call.second, ")', which is not in the table");
    }
  }
  for (const OpInfo& o : kOps) {
    if (o.function.empty()) continue;
    CHECK_MESSAGE(documented.count({std::string(o.function), std::string(o.params)}) == 1,
                  "the docs' function list lacks `", o.function, "(", o.params, ")`");
  }
  CHECK(documented.size() == detail::functions().size());
}

TEST_CASE("every evaluator and constant folding compute the table's semantics") {
  // One program per operation over loads (evaluated by the fast form) and over constants (folded
  // at compile), against apply() on the same operands, NaN and infinities included.
  const double inf = std::numeric_limits<double>::infinity();
  const double values[] = {0.0, -0.0, 1.0, -1.0, 0.5, 2.0, -3.5, 1e300, inf, -inf,
                           std::numeric_limits<double>::quiet_NaN()};
  int checked = 0;
  for (const OpInfo& o : kOps) {
    if (o.arity == 0) continue;
    for (double a : values)
      for (double b : values)
        for (double c : o.arity == 3 ? std::vector<double>(std::begin(values), std::end(values))
                                     : std::vector<double>{0.0}) {
          const double operands[3] = {a, b, c};
          const double want = apply(o.op, operands);
          Program loads;
          for (int k = 0; k < o.arity; ++k) loads.code.push_back({Op::Load, static_cast<std::uint32_t>(k), 0.0});
          loads.code.push_back({o.op, 0, 0.0});
          loads.max_stack = o.arity;
          const double before = loads.eval(operands);  // not optimised yet: the postfix interpreter
          loads.optimise();
          INFO(o.name, "(", a, ", ", b, ", ", c, ")");
          CHECK(same_bits(before, want));
          CHECK(same_bits(loads.eval(operands), want));
          CHECK(same_bits(loads.eval_postfix(operands), want));
          ++checked;
        }
  }
  CHECK(checked > 1000);
}
