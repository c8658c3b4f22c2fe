#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# geosim as a subproject: tests/consumer_subdir/ (add_subdirectory() of the source tree) configured,
# built (the engine compiled again, unoptimised to keep it short) and run on a shipped scenario; its
# figures must be those of this build's geosim command. Its generated sources live in geosim's own
# binary directory, and geosim's tests are not part of it.
#
#   bash tests/package/subdir.sh BUILD_DIR SOURCE_DIR GENERATOR CXX MPI(ON|OFF)
set -u
build=$1 src=$2 generator=$3 cxx=$4 mpi=$5
fail() { echo "subdir.sh: $*" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

out=$(cmake -S "$src/tests/consumer_subdir" -B "$tmp/subdir" -G "$generator" -DCMAKE_BUILD_TYPE=Debug \
        -DCMAKE_CXX_FLAGS_DEBUG=-O0 -DCMAKE_CXX_COMPILER="$cxx" -DGEOSIM_SOURCE="$src" -DGEOSIM_MPI="$mpi" 2>&1) ||
  fail "add_subdirectory() of the source tree does not configure:"$'\n'"$out"
[[ -f $tmp/subdir/geosim/generated/native/embedded.cpp && -f $tmp/subdir/geosim/generated/geosim/version.hpp ]] ||
  fail "add_subdirectory(): the generated sources are not in geosim's own binary directory"
if [[ $generator == Ninja ]]; then
  ! grep -q 'geosim_unit_tests' "$tmp/subdir/build.ninja" || fail "add_subdirectory() built geosim's tests"
  ! grep -q 'python/geosim/_geosim' "$tmp/subdir/build.ninja" || fail "add_subdirectory() built geosim's Python module"
fi
echo "add_subdirectory() of the source tree configures (generated sources in its own binary dir)"

out=$(cmake --build "$tmp/subdir" -j "$(nproc)" --target consumer 2>&1) || fail "the subproject does not build:"$'\n'"$out"
echo "the consumer builds with geosim as a subproject"

scenario=$src/scenarios/bargaining-101.yaml
out=$("$tmp/subdir/consumer" "$scenario" 200 2>&1) || fail "the consumer failed:"$'\n'"$out"
echo "$out"
p=$(sed -n 's/^deal: p = \([0-9.]*\) .*/\1/p' <<<"$out")
[[ -n $p ]] || fail "no outcome 'deal'"
"$build/geosim" run "$scenario" --runs 200 --seed 1 --json "$tmp/out.json" -q || fail "the build's geosim does not run"
q=$(python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["outcomes"]["deal"]["probability"])' "$tmp/out.json")
[[ $p == "$q" ]] || fail "the subproject's consumer says p(deal) = $p, geosim $q"
echo "p(deal) = $p, as geosim says"
