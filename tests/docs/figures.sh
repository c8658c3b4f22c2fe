#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Every figure the docs quote from the tool's output agrees with the tool (scripts/doc_figures.py
# reruns each command behind them), and the checker itself catches a figure that does not.
#
# Usage: bash figures.sh GEOSIM_BINARY SOURCE_DIR
set -u
GEOSIM=${1:?usage: figures.sh GEOSIM_BINARY SOURCE_DIR}
SRC=${2:?usage: figures.sh GEOSIM_BINARY SOURCE_DIR}
PY=$(command -v python3) || { echo "FAIL python3 is needed"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

# 1. The checker catches a wrong figure, a figure rounded the other way and a bad marker.
mkdir -p "$tmp/docs"
cat > "$tmp/docs/probe.md" <<'MD'
<!-- fig b: run scenarios/bargaining-101.yaml --runs 2000 --seed 1 -->
Deal signed 99.9%<!--b deal--> and clashes 1.0<!--b clashes-->.
MD
out=$("$PY" "$SRC/scripts/doc_figures.py" --geosim "$GEOSIM" --root "$SRC" "$tmp/docs/probe.md"); rc=$?
if [ $rc -eq 1 ] && grep -q "probe.md:2: the doc says 99.9%" <<<"$out" && grep -q "the doc says 1.0," <<<"$out"; then
  echo "ok   the checker names a figure that differs from the tool (file:line, both values)"
else
  echo "FAIL the checker missed a wrong figure (exit $rc): $out"; failed=1
fi
"$PY" "$SRC/scripts/doc_figures.py" --geosim "$GEOSIM" --root "$SRC" --write "$tmp/docs/probe.md" >/dev/null
want=$("$GEOSIM" run "$SRC/scenarios/bargaining-101.yaml" --runs 2000 --seed 1 | awk '/^Deal signed +[0-9.]+%/{print $3; exit}')
if grep -q "Deal signed $want<!--b deal-->" "$tmp/docs/probe.md" &&
   "$PY" "$SRC/scripts/doc_figures.py" --geosim "$GEOSIM" --root "$SRC" "$tmp/docs/probe.md" >/dev/null; then
  echo "ok   --write puts the table's own figure ($want) in the doc, and the check then passes"
else
  echo "FAIL --write did not write the table's figure $want: $(cat "$tmp/docs/probe.md")"; failed=1
fi
printf '<!-- fig b: run scenarios/bargaining-101.yaml --runs 200 --seed 1 -->\nx 1.0<!--b no_such_outcome-->\n' > "$tmp/docs/bad.md"
err=$("$PY" "$SRC/scripts/doc_figures.py" --geosim "$GEOSIM" --root "$SRC" "$tmp/docs/bad.md" 2>&1); rc=$?
if [ $rc -eq 2 ] && grep -q "bad.md:2: .no_such_outcome. is not a number" <<<"$err"; then
  echo "ok   a marker naming no figure is an error with file:line (exit 2)"
else
  echo "FAIL bad marker (exit $rc): $err"; failed=1
fi

# 2. The shipped docs.
out=$("$PY" "$SRC/scripts/doc_figures.py" --geosim "$GEOSIM" --root "$SRC" 2>&1); rc=$?
echo "$out" | tail -n 40
if [ $rc -eq 0 ]; then
  echo "ok   every figure in README.md and docs/*.md agrees with the tool"
else
  echo "FAIL figures in the docs differ from the tool: run"
  echo "     python3 scripts/doc_figures.py --geosim build/geosim --write   (then read the diff)"
  failed=1
fi
exit $failed
