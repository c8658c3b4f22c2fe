#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# geosim as a package: `cmake --install` of this build into a temporary prefix, then a project of
# its own (tests/consumer/) configured with -DCMAKE_PREFIX_PATH=PREFIX, find_package(geosim) and
# geosim::engine, built and run on a shipped scenario; its figures must be those of the installed
# geosim command. (add_subdirectory() of the source tree: tests/package/subdir.sh.)
#
#   bash tests/package/consumer.sh BUILD_DIR SOURCE_DIR GENERATOR CXX MPI(ON|OFF) SANITIZE(ON|OFF)
set -u
build=$1 src=$2 generator=$3 cxx=$4 mpi=$5 sanitize=$6
fail() { echo "consumer.sh: $*" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

out=$(cmake --install "$build" --prefix "$prefix" 2>&1) || fail "cmake --install failed:"$'\n'"$out"
for f in bin/geosim include/geosim/mc.hpp include/geosim/scenario.hpp include/geosim/version.hpp \
         share/doc/geosim/LICENSE; do
  [[ -f $prefix/$f ]] || fail "not installed: $f"$'\n'"$(cd "$prefix" && find . -type f | sort)"
done
libdir=$(cd "$prefix" && ls -d lib*/cmake/geosim | head -n 1)
[[ -n $libdir && -f $prefix/$libdir/geosimConfig.cmake && -f $prefix/$libdir/geosimConfigVersion.cmake ]] ||
  fail "no package config under $prefix/lib*/cmake/geosim"
[[ -f $prefix/${libdir%/cmake/geosim}/libgeosim_engine.a ]] || fail "no libgeosim_engine.a"
echo "installed: $(cd "$prefix" && find . -type f | wc -l) files, package config in $libdir"

flags=()
if [[ $sanitize == ON ]]; then  # the installed engine is instrumented: so must the consumer be
  flags=(-DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all"
         -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined")
fi
out=$(cmake -S "$src/tests/consumer" -B "$tmp/consumer" -G "$generator" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_PREFIX_PATH="$prefix" "${flags[@]}" 2>&1) ||
  fail "the consumer does not configure against the installed tree:"$'\n'"$out"
out=$(cmake --build "$tmp/consumer" -j 2 2>&1) || fail "the consumer does not build:"$'\n'"$out"
echo "the consumer builds against the installed tree (find_package(geosim), geosim::engine)"

scenario=$src/scenarios/bargaining-101.yaml
out=$("$tmp/consumer/consumer" "$scenario" 200 2>&1) || fail "the consumer failed:"$'\n'"$out"
echo "$out"
grep -q '^geosim [0-9.]*: 200 runs of ' <<<"$out" || fail "no summary line"
line=$(grep '^deal: p = ' <<<"$out") || fail "no outcome 'deal'"
p=$(sed 's/^deal: p = \([0-9.]*\) .*/\1/' <<<"$line")

# The installed command gives the same probability for the same seed and runs.
"$prefix/bin/geosim" run "$scenario" --runs 200 --seed 1 --json "$tmp/out.json" >/dev/null 2>&1 ||
  fail "the installed geosim does not run"
q=$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print("%.3f" % d["outcomes"]["deal"]["probability"])' "$tmp/out.json") ||
  fail "no outcome 'deal' in the installed geosim's JSON"
[[ $p == "$q" ]] || fail "the consumer says p(deal) = $p, the installed geosim $q"
echo "p(deal) = $p, as the installed geosim says"
