#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian packages geosim needs. Idempotent: when every package is already present it
# only runs dpkg-query and exits, so `make run` / `make test` stay fast.
#
#   scripts/install-deps.sh run    what building and running the geosim command needs
#   scripts/install-deps.sh test   that and what the tests, benchmarks and fuzz targets need (default)
set -euo pipefail

mode=${1:-test}
case $mode in
  run|test) ;;
  *) echo "usage: $0 [run|test]" >&2; exit 2 ;;
esac

# Building and running geosim (the default build enables MPI).
packages=(
  g++ cmake ninja-build make pkg-config
  libyaml-cpp-dev    # scenario files, with marks for errors
  libfmt-dev         # all formatting
  libeigen3-dev      # relation and influence matrices
  libboost-dev       # Boost.Random distributions, Boost.Math quantiles
  libcli11-dev       # command line
  nlohmann-json3-dev # JSON output and the JSON Schema
  libssl-dev         # SHA-256 of scenario files in provenance blocks
  libhwy-dev         # Highway: SIMD with run-time dispatch (batched random streams, batches of runs)
  libopenmpi-dev openmpi-bin  # distributed runs (GEOSIM_MPI)
)
# Testing, benchmarking and fuzzing it.
if [[ $mode == test ]]; then
  packages+=(
    doctest-dev        # unit tests
    librandom123-dev   # bench/rng: Philox (counter-based) against xoshiro256++, issue 4
    python3 python3-jsonschema python3-yaml  # schema test: validates shipped scenarios with a real validator
    python3-dev python3-pybind11  # the Python module (python/), built by the default build when found
    python3-numpy python3-pandas python3-pytest python3-matplotlib  # its tests and docs/python.md's example
    clang libclang-rt-14-dev  # `make fuzz`: libFuzzer with ASan/UBSan (fuzz/); g++ brings its own sanitizers
    dpkg-dev           # make package: dpkg-shlibdeps works out the .deb's Depends
    chromium           # HTML report test: renders reports headless, checks console errors, takes screenshots
    emscripten nodejs  # the browser engine of `geosim classroom` (web/) and the browser tests that run it
  )
  # npm installs playwright-core for the browser tests (below). Debian's npm package, unless an npm
  # is already there (some Node.js builds bring their own and conflict with Debian's).
  command -v npm >/dev/null || packages+=(npm)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if [[ ${#missing[@]} -gt 0 ]]; then
  echo "geosim: installing missing Debian packages: ${missing[*]}" >&2
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "geosim: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    SUDO="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The browser tests' one npm package, playwright-core (it drives Debian's chromium; no browser is
# downloaded: --ignore-scripts), at the version pinned in tests/browser/package-lock.json, into
# tests/browser/node_modules. Skipped when that version is already there.
if [[ $mode == test ]]; then
  browser_tests="$(cd "$(dirname "$0")/.." && pwd)/tests/browser"
  want=$(sed -n 's/.*"playwright-core": "\([0-9.]*\)".*/\1/p' "$browser_tests/package.json")
  have=$(sed -n 's/^  "version": "\([0-9.]*\)".*/\1/p' "$browser_tests/node_modules/playwright-core/package.json" 2>/dev/null || true)
  if [[ "$have" != "$want" ]]; then
    echo "geosim: installing playwright-core $want for the browser tests (npm, into tests/browser/node_modules)" >&2
    npm ci --prefix "$browser_tests" --no-audit --no-fund --ignore-scripts --loglevel=error
  fi
fi
