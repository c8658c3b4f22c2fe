#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A missing row of the operation table (include/geosim/expr_ops.hpp) fails the build, not a run.
# The table's consumers (the reference interpreter, the fast form, the builder, the function table,
# the native code generator) and the docs check (tests/unit/expr/test_ops_table.cpp) are built as
# object libraries outside `all` (tests/CMakeLists.txt), three ways, with row 'Exp' as the victim:
#   full     as they are: must compile;
#   dropped  -DGEOSIM_EXPR_DROP_Exp=~,1 removes the row from what the consumers are generated from
#            while the enum Op keeps it, as if a consumer had forgotten an operation: every one must
#            fail, by the static_assert of one row per enumerator and by -Wswitch on the switches
#            over Op, which have no default;
#   deleted  against a copy of the headers with the row deleted outright: the enum, the semantics
#            and every generated consumer lose it together, and the compile-time check of the
#            docs' function list (which still lists exp) must fail.
#
#   bash tests/compile/drop_op.sh BUILD_DIR       (ctest runs it)
set -u
build=$1
fail() { echo "drop_op.sh: $*" >&2; exit 1; }
failed() { grep -q "FAILED: .*${1//./\\.}\.o" <<<"$2"; }
consumers="engine/expr/program.cpp engine/expr/fast.cpp engine/expr/builder.cpp engine/expr/functions.cpp
           engine/native/program_text.cpp unit/expr/test_ops_table.cpp"

out=$(cmake --build "$build" --target geosim_op_table_full -j 2 2>&1) ||
  fail "the consumers do not compile with the full table:"$'\n'"$out"
echo "full table: the consumers and the docs check compile"

out=$(cmake --build "$build" --target geosim_op_table_dropped -j 2 -- -k 0 2>&1) &&
  fail "the consumers still compile with the row 'Exp' dropped"
for src in $consumers; do
  failed "$src" "$out" || fail "$src compiled without the row 'Exp':"$'\n'"$out"
done
grep -q "one table row per enumerator of Op" <<<"$out" || fail "no static_assert on the table size:"$'\n'"$out"
for src in include/geosim/expr_ops.hpp engine/expr/program.cpp engine/native/program_text.cpp; do  # switches over Op
  grep -q "${src//./\\.}:[0-9]*:[0-9]*: error: enumeration value .Exp. not handled in switch" <<<"$out" ||
    fail "no -Wswitch error in $src:"$'\n'"$out"
done
grep -q "a fast opcode for every operation" <<<"$out" || fail "no static_assert in the fast form:"$'\n'"$out"
echo "row 'Exp' dropped from the consumers: every one fails to compile (static_assert, -Wswitch)"

out=$(cmake --build "$build" --target geosim_op_table_deleted -j 2 -- -k 0 2>&1) &&
  fail "everything still compiles with the row 'Exp' deleted"
failed unit/expr/test_ops_table.cpp "$out" && grep -q "lists a function that is not in the operation table" <<<"$out" ||
  fail "the docs check did not fail with the row 'Exp' deleted:"$'\n'"$out"
echo "row 'Exp' deleted: the compile-time check of the docs' function list fails"
