#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The HTML reports open in a real browser: headless Chromium (Debian's chromium package) renders
# each with no console error, no blocked or failed load, and a screenshot of non-trivial size.
# The detector is checked first on a page that does log an error, so a change in Chromium's log
# format cannot make this test pass vacuously.
#
# Usage: bash report_chromium.sh GEOSIM_BINARY SOURCE_DIR
set -u

GEOSIM=${1:?usage: report_chromium.sh GEOSIM_BINARY SOURCE_DIR}
SRC=${2:?usage: report_chromium.sh GEOSIM_BINARY SOURCE_DIR}
SCENARIO="$SRC/scenarios/paris-2026.yaml"
UNIT_TESTS="$(dirname "$GEOSIM")/tests/geosim_unit_tests"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

check() {
  local ok=$1 name=$2
  if (( ok == 0 )); then
    passed=$(( passed + 1 ))
    printf 'ok   %s\n' "$name"
  else
    failed=$(( failed + 1 ))
    printf 'FAIL %s\n' "$name"
    [[ -f "$tmp/log" ]] && grep -v -i dbus "$tmp/log" | sed 's/^/       chromium: /' | head -n 12
  fi
}

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$CHROMIUM" ]]; then
  echo "FAIL chromium is not installed (scripts/install-deps.sh installs Debian's chromium package)"
  exit 1
fi

# browse PAGE PNG: renders PAGE headless into PNG; Chromium's log goes to $tmp/log.
browse() {
  local profile
  profile=$(mktemp -d)
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
    --user-data-dir="$profile" --window-size=1280,2400 --enable-logging=stderr --v=0 \
    --screenshot="$2" "file://$1" >"$tmp/log" 2>&1
  local status=$?
  rm -rf "$profile"
  return $status
}

# Console messages, CSP refusals and failed loads as Chromium logs them.
console_errors() {
  grep -E 'CONSOLE|Uncaught|Refused to|Content Security Policy|net::ERR_|Failed to load' "$tmp/log"
}

size() { stat -c %s "$1" 2>/dev/null || echo 0; }

# The detector: a page with a console error and a blocked external load must be caught.
cat >"$tmp/bad.html" <<'EOF'
<!DOCTYPE html>
<html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'"/></head>
<body><p>bad</p><img src="http://example.invalid/x.png"/><script>console.error("report test: deliberate error")</script></body></html>
EOF
browse "$tmp/bad.html" "$tmp/bad.png"
console_errors >/dev/null
check $? "the detector sees a console error in a page that logs one"

reports=()
timeout 120 "$GEOSIM" run "$SCENARIO" --runs 1000 --seed 2 --report "$tmp/run.html" -q
check $? "geosim run --report"
reports+=("$tmp/run.html")

# compare, sweep and sensitivity: with their own --report when they have it, else by rendering
# their JSON through the unit-test binary's render hook (test_html.cpp).
render() {  # render NAME ARGS...: geosim ARGS... --json, then HTML
  local name=$1
  shift
  if "$GEOSIM" "$1" --help 2>/dev/null | grep -q -- '--report'; then
    timeout 300 "$GEOSIM" "$@" --report "$tmp/$name.html" -q || return 1
  else
    [[ -x "$UNIT_TESTS" ]] || return 0
    timeout 300 "$GEOSIM" "$@" --json "$tmp/$name.json" -q || return 1
    GEOSIM_RENDER_JSON="$tmp/$name.json" GEOSIM_RENDER_HTML="$tmp/$name.html" \
      "$UNIT_TESTS" --test-case='html: render the document named by GEOSIM_RENDER_JSON*' >/dev/null || return 1
  fi
  reports+=("$tmp/$name.html")
}
render compare compare "$SCENARIO" --all --runs 500
check $? "compare report"
render sweep sweep "$SCENARIO" --param negotiation.progress=0:1:5 --runs 200
check $? "sweep report"
render sensitivity sensitivity "$SCENARIO" --runs 60 --trajectories 6
check $? "sensitivity report"

for page in "${reports[@]}"; do
  name=$(basename "$page" .html)
  browse "$page" "$tmp/$name.png"
  status=$?
  (( status == 0 )) && [[ -f "$tmp/$name.png" ]]
  check $? "$name: Chromium renders it (exit $status)"
  ! console_errors
  check $? "$name: no console error, blocked or failed load"
  bytes=$(size "$tmp/$name.png")
  (( bytes > 40000 ))
  check $? "$name: screenshot of non-trivial size ($bytes bytes)"
done

printf '%d passed, %d failed\n' "$passed" "$failed"
(( failed == 0 ))
