#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `geosim classroom`: refuses a scenario without a classroom: section, and a lever whose range
# reaches values the scenario does not accept, with one message naming FILE:LINE:COL and exit 2,
# leaving no page behind; without the browser engine beside geosim it says how to get it (exit 1);
# with it, the page is one file that holds the engine, the scenario tree and a policy that forbids
# every load. (The page in a browser: tests/browser/.)
set -u
geosim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { echo "ok   $1"; pass=$((pass+1)); }
bad() { echo "FAIL $1"; [[ -n "${2:-}" ]] && sed 's/^/       /' <<<"$2" | head -n 8; fail=$((fail+1)); }

# No classroom: section.
err=$("$geosim" classroom "$src/scenarios/calibration.yaml" -o "$tmp/none.html" 2>&1); status=$?
[[ $status -eq 2 && "$err" == *"has no 'classroom:' section"* && "$err" == *"docs/classroom.md"* && ! -e "$tmp/none.html" ]] \
  && ok "a scenario without a classroom: section: exit 2, says what to add, no page" || bad "no classroom section (exit $status)" "$err"

# A lever whose top end makes the scenario invalid (progress is a share, at most 1).
cat >"$tmp/lever.yaml" <<'YAML'
scenario: {name: Lever out of range, horizon_days: 60}
actors:
  A: {variables: {resolve: 0.5}}
  B: {variables: {resolve: 0.5}}
negotiation:
  parties: [A, B]
  p_win: 0.5
  costs: [0.2, 0.2]
  rate: 0.01
  progress: 0.5
ceasefire:
  breach: {constant: 0.001}
outcomes:
  deal: {when: "ceasefire.signed > 0"}
classroom:
  levers:
    progress: {path: negotiation.progress, label: "Share agreed", min: 0, max: 2}
YAML
"$geosim" check "$tmp/lever.yaml" >/dev/null 2>&1 && ok "geosim check accepts the lever (its path and start are fine)" || bad "check refuses a valid lever"
err=$("$geosim" classroom "$tmp/lever.yaml" -o "$tmp/lever.html" 2>&1); status=$?
first=$(head -n 1 <<<"$err")
[[ $status -eq 2 && "$first" == "$tmp/lever.yaml:17:5: error: lever 'progress': at 2 the scenario is invalid: "*"progress"* && ! -e "$tmp/lever.html" ]] \
  && ok "a lever whose range the scenario refuses: FILE:LINE:COL of the lever, exit 2, no page" || bad "lever range (exit $status)" "$err"

# Without the browser engine beside it, geosim says how to get it.
cp "$geosim" "$tmp/geosim-alone"
err=$(env -u GEOSIM_BROWSER_ENGINE "$tmp/geosim-alone" classroom "$src/scenarios/paris-2026.yaml" -o "$tmp/alone.html" 2>&1); status=$?
[[ $status -eq 1 && "$err" == *"geosim-engine.js"* && "$err" == *"install-deps.sh test"* && ! -e "$tmp/alone.html" ]] \
  && ok "without the browser engine: exit 1, says how to build it, no page" || bad "no engine (exit $status)" "$err"

# The page: with the real engine when this build has one; else (sanitizer builds) with a stand-in
# named by GEOSIM_BROWSER_ENGINE, so that writing the page is tested there too.
if [[ ! -f "$(dirname "$geosim")/geosim-engine.js" ]]; then
  echo "the browser engine is not built here (emscripten; not in sanitizer builds): a stand-in engine file instead"
  printf 'var GeosimEngine = function () { return Promise.reject("stand-in"); };\n' >"$tmp/engine.js"
  export GEOSIM_BROWSER_ENGINE="$tmp/engine.js"
fi
"$geosim" classroom "$src/scenarios/bargaining-101.yaml" -o "$tmp/page.html" 2>"$tmp/err"; status=$?
[[ $status -eq 0 && -s "$tmp/page.html" ]] && ok "writes the page" || bad "classroom failed (exit $status)" "$(cat "$tmp/err")"
grep -q "Content-Security-Policy\" content=\"default-src 'none'" "$tmp/page.html" && ok "the page forbids every load by its policy" || bad "no policy"
grep -q '"format":"geosim-classroom"' "$tmp/page.html" && grep -q 'GeosimEngine' "$tmp/page.html" \
  && ok "the page holds the scenario tree and the engine" || bad "bundle or engine missing"
"$geosim" classroom "$src/scenarios/bargaining-101.yaml" -o "$tmp/page.html" >/dev/null 2>&1; status=$?
[[ $status -eq 2 ]] && ok "an existing page is not overwritten without --force" || bad "overwrote without --force (exit $status)"

echo "$pass passed, $fail failed"
(( fail == 0 ))
