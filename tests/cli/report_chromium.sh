#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The HTML reports open in a real browser: headless Chromium (Debian's chromium package) renders
# each with no console error, no blocked or failed load, and a screenshot of non-trivial size;
# at 400 and 1400 px each has no horizontal overflow, no chart text under 9 px or outside its
# chart, no empty chart or series, and its headline (lib/report_layout_check.js); printed to PDF,
# the headline is on the first page and the brief fits two A4 pages. Each detector is checked
# first on a page that has the fault, so a change in Chromium cannot make this test pass vacuously.
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
timeout 120 "$GEOSIM" run "$SRC/scenarios/alliance-cascade-1914.yaml" --runs 500 --report "$tmp/cascade.html" -q
check $? "geosim run --report on a cascade of commitments (1914)"
reports+=("$tmp/cascade.html")
# Decisions and a negotiation: the charts of choices and of the bargaining range over time.
timeout 120 "$GEOSIM" run "$SRC/scenarios/taiwan-strait-quarantine.yaml" --runs 500 --report "$tmp/decisions.html" -q \
  && grep -q 'id="chart-decision-escalate"' "$tmp/decisions.html" && grep -q 'id="chart-bargaining-range"' "$tmp/decisions.html"
check $? "geosim run --report on a scenario with decisions and a negotiation (Taiwan Strait)"
reports+=("$tmp/decisions.html")

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
render lhs sweep "$SCENARIO" --lhs 12 --runs 60
check $? "Latin hypercube sweep report"
render sensitivity sensitivity "$SCENARIO" --runs 60 --trajectories 6
check $? "sensitivity report"
render sobol sensitivity "$SRC/scenarios/bargaining-101.yaml" --method sobol --runs 40
check $? "Sobol sensitivity report"

# layout PAGE WIDTH: the layout checks of PAGE in an iframe WIDTH px wide (headless Chromium's
# window is at least 500 px); prints the problems found, fails when there are any or no verdict.
layout() {
  local page=$1 width=$2 profile
  python3 - "$page" "$SRC/tests/cli/lib/report_layout_check.js" "$tmp/probe.html" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
script = open(sys.argv[2], encoding="utf-8").read()
text = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*/>', "", text)  # lets the probe run
open(sys.argv[3], "w", encoding="utf-8").write(text.replace("</body>", "<script>//<![CDATA[\n" + script + "\n//]]></script></body>"))
PY
  printf '<!DOCTYPE html><html><body style="margin:0"><iframe src="probe.html" style="width:%spx;height:900px;border:0"></iframe></body></html>\n' \
    "$width" >"$tmp/frame.html"
  profile=$(mktemp -d)
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile" --window-size=1500,1000 \
    --enable-logging=stderr --v=0 --dump-dom "file://$tmp/frame.html" >/dev/null 2>"$tmp/log"
  rm -rf "$profile"
  grep -o 'geosim-layout-check[^"]*' "$tmp/log" >"$tmp/layout"
  grep 'geosim-layout-check: ' "$tmp/layout" | sed 's/^geosim-layout-check: /       /' | head -n 12
  grep -q "geosim-layout-check done: .* 0 problems, width $width\$" "$tmp/layout"
}

# pages PAGE MARKER: the number of A4 pages of PAGE printed to PDF up to MARKER (all of it when
# MARKER is empty). Content before a point lays out the same whether or not the rest follows.
pages() {
  local page=$1 marker=$2 profile
  python3 - "$page" "$marker" "$tmp/cut.html" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
if sys.argv[2]:
    text = text[:text.index(sys.argv[2])] + "</section></div></body></html>\n"
open(sys.argv[3], "w", encoding="utf-8").write(text)
PY
  rm -f "$tmp/cut.pdf"
  profile=$(mktemp -d)
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$profile" --no-pdf-header-footer \
    --print-to-pdf="$tmp/cut.pdf" "file://$tmp/cut.html" >"$tmp/log" 2>&1
  rm -rf "$profile"
  python3 -c 'import re, sys; print(len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", open(sys.argv[1], "rb").read())))' "$tmp/cut.pdf" 2>/dev/null || echo 0
}

# The layout detector on a page with each fault: overflow, tiny text, text outside its chart, an
# empty chart, no headline.
cat >"$tmp/faulty.html" <<'EOF'
<!DOCTYPE html>
<html><head><meta name="viewport" content="width=device-width"/></head><body>
<div style="width:900px">wide</div>
<svg class="chart" id="tiny" viewBox="0 0 400 100" style="width:200px"><text x="10" y="50" font-size="12">tiny</text></svg>
<svg class="chart" id="outside" viewBox="0 0 200 100" style="width:200px"><text x="150" y="50" font-size="14">outside the box</text></svg>
</body></html>
EOF
layout "$tmp/faulty.html" 400 >/dev/null
found=$(grep -c 'geosim-layout-check: ' "$tmp/layout")
(( found >= 5 )) && grep -q 'overflows horizontally' "$tmp/layout" && grep -q ' px$' "$tmp/layout" \
  && grep -q 'overflows the chart box' "$tmp/layout" && grep -q 'no data drawn' "$tmp/layout" && grep -q 'no headline' "$tmp/layout"
check $? "the layout detector sees overflow, tiny text, text outside a chart, an empty chart and a missing headline ($found)"

# The page counter on a page of three forced pages.
printf '<!DOCTYPE html><html><body><p>1</p><p style="break-before:page">2</p><p style="break-before:page">3</p></body></html>\n' >"$tmp/three.html"
n=$(pages "$tmp/three.html" "")
(( n == 3 ))
check $? "the page counter counts the pages of a printed page ($n)"

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
  for width in 400 1400; do
    layout "$page" "$width"
    check $? "$name at $width px: no overflow, no text under 9 px or outside its chart, no empty chart, a headline"
  done
  grep -q 'id="headline"' "$page" && grep -q '<!-- end of the headline -->' "$page" && grep -q '<!-- end of the brief -->' "$page"
  check $? "$name: a headline block and the brief's end marked"
  n=$(pages "$page" "<!-- end of the headline -->")
  (( n == 1 ))
  check $? "$name printed: the headline is on the first page ($n page)"
  n=$(pages "$page" "<!-- end of the brief -->")
  (( n >= 1 && n <= 2 ))
  check $? "$name printed: the brief fits two A4 pages ($n)"
done

printf '%d passed, %d failed\n' "$passed" "$failed"
(( failed == 0 ))
