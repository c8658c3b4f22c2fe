#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The cost of agents that decide (docs/performance.md, "Decisions and perception"): paris-2026
# in its first edition (bench/paris-2026-first-edition.yaml, without decisions or perception)
# against the same scenario with Russia deciding every day whether to break the ceasefire, its
# attack utility reading two guarantees' perceived credibility, and observers reassessing every
# guarantee weekly (perception). CPU seconds per run, native and interpreted, and the ratio.
#
#   bash bench/decisions.sh [GEOSIM] [RUNS]      (defaults: build/geosim 5000)
set -euo pipefail
bin=${1:-build/geosim}
runs=${2:-5000}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export GEOSIM_CACHE_DIR="$tmp/cache"
cp "$here/paris-2026-first-edition.yaml" "$tmp/paris-2026.yaml"   # the first edition: no decisions, no perception
cat > "$tmp/paris-decisions.yaml" <<'YAML'
geosim: 1
extends: paris-2026.yaml
perception: {record_weight: 0.5}
decisions:
  renew_war:
    actor: RUS
    when: "ceasefire.in_force"
    precision: 10
    actions:
      hold: {utility: 0}
      attack:
        utility: "0.1 * self.resolve - 0.2 * (commitments.us_backstop.perceived + commitments.multinational_force.perceived) - 0.1"
        breaks_ceasefire: true
YAML
cpu() { /usr/bin/time -f "%U %S" -o "$tmp/time" "$@" >/dev/null 2>&1; awk '{ printf "%.3f", $1 + $2 }' "$tmp/time"; }
echo "decisions and perception: paris-2026, $runs runs, 1 thread, seed 1 (CPU ms per run)"
printf "  %-12s  %12s  %16s  %6s\n" engine paris-2026 "with decisions" ratio
for engine in native interpreter; do
  "$bin" run "$tmp/paris-2026.yaml" --runs 10 --engine "$engine" -q >/dev/null        # build the libraries first
  "$bin" run "$tmp/paris-decisions.yaml" --runs 10 --engine "$engine" -q >/dev/null
  base=$(cpu "$bin" run "$tmp/paris-2026.yaml" --runs "$runs" --engine "$engine" --threads 1 -q)
  with=$(cpu "$bin" run "$tmp/paris-decisions.yaml" --runs "$runs" --engine "$engine" --threads 1 -q)
  awk -v e="$engine" -v b="$base" -v w="$with" -v n="$runs" \
    'BEGIN { printf "  %-12s  %12.3f  %16.3f  %5.2fx\n", e, 1e3 * b / n, 1e3 * w / n, w / b }'
done
