#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The Debian package (make package = cpack -G DEB): built from this build tree into a scratch
# folder, its control data (dpkg-deb --info: name, version, every Depends a package this system
# has) and contents (dpkg-deb --contents: the command, the library, headers, package config,
# LICENSE, the Python module); then extracted into a temporary root, whose geosim runs a scenario
# with the build's figures, and whose Python module, imported from there, gives the same.
#
#   bash tests/package/deb.sh BUILD_DIR SOURCE_DIR PYTHON(ON|OFF) PYTHON3
set -u
build=$1 src=$2 python=$3 python3=${4:-/usr/bin/python3}
fail() { echo "deb.sh: $*" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

out=$(cd "$build" && cpack -G DEB -B "$tmp/out" 2>&1) || fail "cpack failed:"$'\n'"$out"
deb=$(ls "$tmp"/out/*.deb 2>/dev/null | head -n 1)
[[ -f $deb ]] || fail "no .deb:"$'\n'"$out"
echo "built $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"

info=$(dpkg-deb --info "$deb") || fail "dpkg-deb --info failed"
field() { dpkg-deb --field "$deb" "$1"; }
[[ $(field Package) == geosim ]] || fail "Package: $(field Package)"
version=$(sed -n 's/^project(geosim VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
[[ $(field Version) == "$version" ]] || fail "Version: $(field Version), not $version"
[[ $(field Architecture) == "$(dpkg --print-architecture)" ]] || fail "Architecture: $(field Architecture)"
depends=$(field Depends)
echo "Depends: $depends"
for want in libyaml-cpp libssl libstdc++ libfmt; do
  grep -q "$want" <<<"$depends" || fail "Depends lacks $want (the command links it): $depends"
done
if [[ $python == ON ]]; then
  for want in python3 python3-pandas python3-numpy; do
    grep -Eq "(^|, )$want( |,|$)" <<<"$depends" || fail "Depends lacks $want (the Python module needs it): $depends"
  done
fi
# Each dependency is a package Debian has, in a version this system satisfies (the package was
# built here, against them).
IFS=',' read -ra alternatives <<<"$depends"
for dep in "${alternatives[@]}"; do
  ok=0
  IFS='|' read -ra choices <<<"$dep"
  for choice in "${choices[@]}"; do
    name=$(sed 's/^ *//; s/ .*//; s/:any$//' <<<"$choice")
    relation=$(sed -n 's/.*(\(.*\)).*/\1/p' <<<"$choice")
    have=$(dpkg-query -W -f='${Version}' "$name" 2>/dev/null) || continue
    if [[ -z $relation ]]; then ok=1; break; fi
    op=${relation%% *} v=${relation#* }
    case $op in ">=") o=ge ;; "<<") o=lt ;; "<=") o=le ;; ">>") o=gt ;; "=") o=eq ;; *) o=ge ;; esac
    if dpkg --compare-versions "$have" "$o" "$v"; then ok=1; break; fi
  done
  (( ok )) || fail "Depends '$dep' is not satisfied on this system"
done
echo "every dependency is satisfied here"

contents=$(dpkg-deb --contents "$deb") || fail "dpkg-deb --contents failed"
has() { grep -Eq " \./$1\$" <<<"$contents" || fail "not in the package: $1"$'\n'"$contents"; }
has usr/bin/geosim
has "usr/lib[^ ]*/libgeosim_engine\.a"
has usr/include/geosim/mc.hpp
has usr/include/geosim/version.hpp
has "usr/lib[^ ]*/cmake/geosim/geosimConfig\.cmake"
has usr/share/doc/geosim/LICENSE
if [[ $python == ON ]]; then
  has "usr/lib/python3/dist-packages/geosim/__init__\.py"
  has "usr/lib/python3/dist-packages/geosim/_geosim[^ ]*\.so"
fi
echo "contents: $(grep -c '^-' <<<"$contents") files"

root=$tmp/root
dpkg-deb -x "$deb" "$root" || fail "dpkg-deb -x failed"
scenario=$src/scenarios/bargaining-101.yaml
"$root/usr/bin/geosim" --version | grep -q "^geosim $version" || fail "the packaged geosim does not say its version"
"$root/usr/bin/geosim" run "$scenario" --runs 300 --seed 4 -q --json "$tmp/deb.json" || fail "the packaged geosim does not run"
"$build/geosim" run "$scenario" --runs 300 --seed 4 -q --json "$tmp/build.json" || fail "the build's geosim does not run"
strip() { "$python3" -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("provenance"); print(json.dumps(d))' "$1"; }
[[ "$(strip "$tmp/deb.json")" == "$(strip "$tmp/build.json")" ]] || fail "the packaged geosim's figures differ from the build's"
echo "the extracted geosim runs $(basename "$scenario") with the build's figures"

if [[ $python == ON ]]; then
  got=$(cd "$tmp" && PYTHONPATH="$root/usr/lib/python3/dist-packages" PYTHONDONTWRITEBYTECODE=1 "$python3" - "$scenario" "$root" <<'PY'
import json, sys
import geosim
assert geosim.__file__.startswith(sys.argv[2]), geosim.__file__
r = geosim.load(sys.argv[1]).run(runs=300, seed=4)
print(json.dumps(r.summary))
PY
  ) || fail "the packaged Python module does not import and run"
  [[ $got == "$(strip "$tmp/build.json")" ]] || fail "the packaged Python module's figures differ from the command's"
  echo "the extracted Python module imports from the temporary root and gives the same figures"
fi
