#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Regenerates the report screenshots of docs/reports.md with the same headless Chromium the tests
# use. Each chart is cut out of its report into a page of its own size, then photographed.
#
# Usage (from the repository root, after a build):
#   bash docs/img/make-screenshots.sh build/geosim
# compare, sweep and sensitivity reports come from their --report option when they have one, else
# from their JSON through the unit-test binary's render hook (build/tests/geosim_unit_tests).
set -euo pipefail

GEOSIM=${1:?usage: make-screenshots.sh GEOSIM_BINARY}
UNIT_TESTS="$(dirname "$GEOSIM")/tests/geosim_unit_tests"
OUT="$(cd "$(dirname "$0")" && pwd)"
SCENARIO="$OUT/../../scenarios/paris-2026.yaml"
CHROMIUM=$(command -v chromium || command -v chromium-browser)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# report NAME COMMAND ARGS...: the HTML report of `geosim COMMAND ARGS...` in $tmp/NAME.html.
report() {
  local name=$1
  shift
  if "$GEOSIM" "$1" --help | grep -q -- '--report'; then
    "$GEOSIM" "$@" --report "$tmp/$name.html" --force -q
  else
    "$GEOSIM" "$@" --json "$tmp/$name.json" --force -q
    GEOSIM_RENDER_JSON="$tmp/$name.json" GEOSIM_RENDER_HTML="$tmp/$name.html" \
      "$UNIT_TESTS" --test-case='html: render the document named by GEOSIM_RENDER_JSON*' >/dev/null
  fi
}

# shot PAGE PNG WIDTH HEIGHT
shot() {
  local profile
  profile=$(mktemp -d)
  "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile" \
    --window-size="$3,$4" --screenshot="$2" "file://$1" >/dev/null 2>&1
  rm -rf "$profile"
}

# chart REPORT CHART_ID PNG: one chart of a report, at its own size.
chart() {
  python3 - "$tmp/$1.html" "$2" "$tmp/chart.html" >"$tmp/size" <<'EOF'
import re, sys
page, wanted, out = sys.argv[1:4]
text = open(page, encoding="utf-8").read()
style = re.search(r"<style>.*?</style>", text, re.S).group(0)
svg = re.search(r'<svg [^>]*id="%s".*?</svg>' % re.escape(wanted), text, re.S).group(0)
w, h = re.search(r'width="([\d.]+)" height="([\d.]+)"', svg).groups()
open(out, "w", encoding="utf-8").write(
    '<!DOCTYPE html><html><head><meta charset="utf-8"/>%s<style>body{margin:0;padding:0} '
    'svg.chart{width:%spx;height:%spx}</style></head><body>%s</body></html>' % (style, w, h, svg))
print(int(float(w)), int(float(h)))
EOF
  read -r w h <"$tmp/size"
  shot "$tmp/chart.html" "$OUT/$3" "$w" "$h"
  echo "$3: ${w}x${h}, $(stat -c %s "$OUT/$3") bytes"
}

report run run "$SCENARIO" --runs 4000 --seed 1
report cascade run "$OUT/../../scenarios/alliance-cascade-1914.yaml" --runs 4000 --seed 1
report bargaining run "$OUT/../../scenarios/bargaining-101.yaml" --runs 4000 --seed 1
report decisions run "$OUT/../../scenarios/taiwan-strait-quarantine.yaml" --runs 4000 --seed 1
report compare compare "$SCENARIO" --all --runs 2000 --seed 1
report sweep sweep "$SCENARIO" --param negotiation.progress=0:1:6 --runs 1000 --seed 1
report lhs sweep "$SCENARIO" --lhs 40 --runs 200 --seed 1
report sensitivity sensitivity "$SCENARIO" --runs 200 --seed 1

shot "$tmp/run.html" "$OUT/report-run-top.png" 1100 1300
echo "report-run-top.png: $(stat -c %s "$OUT/report-run-top.png") bytes"
# The same report on a phone: in an iframe 400 px wide (headless Chromium's window is at least 500).
printf '<!DOCTYPE html><html><body style="margin:0"><iframe src="run.html" style="width:400px;height:1400px;border:0"></iframe></body></html>\n' >"$tmp/phone.html"
shot "$tmp/phone.html" "$OUT/report-run-phone.png" 500 1400
echo "report-run-phone.png: $(stat -c %s "$OUT/report-run-phone.png") bytes"
chart run chart-probabilities chart-probabilities.png
chart run chart-survival-ceasefire_signed chart-survival.png
chart run chart-values-donbas_ceded chart-values.png
chart cascade chart-cascade-local_war chart-cascade.png
chart run chart-series-USA.attention chart-fan.png
chart bargaining chart-bargaining-range chart-bargaining-range.png
chart run chart-bargaining-binds chart-bargaining-binds.png
chart decisions chart-decision-escalate chart-decisions.png
chart compare chart-headline chart-compare-headline.png
chart compare chart-diff-ceasefire_signed chart-forest.png
chart compare chart-overlay-ceasefire_signed chart-survival-overlay.png
chart sweep chart-sweep-ceasefire_signed chart-sweep.png
chart lhs chart-sweep-ceasefire_signed-war_cost_ukr chart-sweep-lhs.png
chart sensitivity chart-sensitivity-ceasefire_signed chart-sensitivity.png
