#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `geosim run --report`: the HTML report parses as XML (XHTML) and as HTML, holds every chart,
# and its numbers are those of the JSON summary of the same run; it needs nothing outside itself.
#
# Usage: bash report_html.sh GEOSIM_BINARY SOURCE_DIR
set -u
RUN_LIMIT=120
SHOW_LINES=8
source "$(dirname "$0")/lib/harness.sh" "$@"

run_geosim run "$SCENARIO" --runs 2000 --seed 3 --json "$tmp/run.json" --report "$tmp/run.html" -q
[[ $rc == 0 && -s "$tmp/run.html" && -s "$tmp/run.json" ]]
check $? "run --report writes the HTML report next to the JSON summary"

python3 - "$tmp/run.html" "$tmp/run.json" "$SCENARIO" >"$tmp/stdout" 2>"$tmp/stderr" <<'EOF'
import json, sys, xml.etree.ElementTree as ET
from html.parser import HTMLParser

html_path, json_path = sys.argv[1], sys.argv[2]
text = open(html_path, encoding="utf-8").read()
doc = json.load(open(json_path))
problems = []

# 1. Well-formed XML (XHTML), and accepted by Python's HTML parser with balanced tags.
root = ET.fromstring(text.split("\n", 1)[1])  # past the <!DOCTYPE html> line
X, S = "{http://www.w3.org/1999/xhtml}", "{http://www.w3.org/2000/svg}"

class Balance(HTMLParser):
    VOID = {"meta", "br", "img", "hr", "input", "link"}
    def __init__(self):
        super().__init__()
        self.stack = []
    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        pass
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            problems.append(f"html.parser: </{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()
b = Balance()
b.feed(text)
if b.stack:
    problems.append(f"html.parser: unclosed {b.stack}")

# 2. Self-contained: no scripts, no external resources.
for el in root.iter():
    tag = el.tag.split("}")[-1]
    if tag in ("script", "iframe", "object", "embed", "link", "img"):
        problems.append(f"element <{tag}> in a self-contained report")
    for k, v in el.attrib.items():
        if k in ("src", "href") or k.endswith("}href"):
            problems.append(f"external reference {k}={v}")
if "url(" in text or "@import" in text:
    problems.append("CSS loads something")

# 3. Every chart present. A survival curve for each `when` outcome that happened, is not
# conditional (`given:`), is no durability share (`share_of`, from the scenario) and is not the
# same curve as an earlier one; none for the others.
import re
scenario_text = open(sys.argv[3], encoding="utf-8").read()
open_share = dict(re.findall(r"^  (\w+):\n(?:    .*\n)*?    share_of: (\w+)", scenario_text, re.M))
share_of = set(open_share)
charts = [el for el in root.iter(S + "svg")]
kinds = {}
for c in charts:
    kinds.setdefault(c.get("data-chart"), []).append(c.get("id"))
outs = doc["outcomes"]
when = [k for k, o in outs.items() if o["kind"] == "when"]
vals = [k for k, o in outs.items() if o["kind"] in ("value", "count")]
curves, seen = [], []
for k in when:
    o = outs[k]
    if o.get("given") or k in share_of or o["happened"] == 0:
        continue
    key = (o["happened"], json.dumps(o["first_day"]["curve"]))
    if key in seen:
        continue
    seen.append(key)
    curves.append(k)
if not share_of or not any(outs[k].get("given") for k in when):
    problems.append("the scenario should have share_of and given: outcomes for this test")
expect = {"probabilities": 1, "headline": 1, "survival": len(curves), "quantiles": len(vals), "fan": len(doc["series"])}
for kind, n in expect.items():
    if len(kinds.get(kind, [])) != n:
        problems.append(f"{kind}: {len(kinds.get(kind, []))} charts, expected {n}")
for k in when:
    has = "chart-survival-" + k in kinds.get("survival", [])
    if has != (k in curves):
        problems.append(f"{k}: survival chart {'present' if has else 'missing'}")
for name in doc["series"]:
    if "chart-series-" + name not in kinds.get("fan", []):
        problems.append(f"no fan chart for {name}")
for c in charts:
    if c.find(S + "title") is None or not (c.find(S + "title").text or "").strip():
        problems.append(f"chart {c.get('id')} has no title")

# 4. The numbers: probability labels, survival end points, means, table rows.
labels = {}
prob_chart = next(x for x in root.iter(S + "svg") if x.get("id") == "chart-probabilities")
for t in prob_chart.iter(S + "text"):
    if t.get("class") == "value" and t.get("data-p") is not None:
        labels[t.get("data-outcome")] = (float(t.get("data-p")), "".join(t.itertext()))
for k, o in outs.items():
    if o["kind"] in ("when", "count"):
        p = o["probability"]
        if k in share_of:  # durability: held / could have held
            base = outs[open_share[k]] if k in open_share else None
            p = o["happened"] / base["happened"] if base and base["happened"] else p
        if k not in labels:
            problems.append(f"no probability label for {k}")
            continue
        got_p, got_label = labels[k]
        if got_p != p or got_label != f"{100 * p:.1f}%":
            problems.append(f"{k}: label {got_label} (data-p {got_p}), JSON probability {p}")
for c in kinds.get("survival", []):
    k = c[len("chart-survival-"):]
    el = next(x for x in root.iter(S + "svg") if x.get("id") == c)
    final = [t for t in el.iter(S + "text") if t.get("data-final") is not None]
    if not final or abs(float(final[0].get("data-final")) - (1 - outs[k]["probability"])) > 1e-12:
        problems.append(f"{k}: survival end point does not match 1 - probability")
for k in vals:
    found = [t for t in root.iter(S + "text") if t.get("data-outcome") == k and t.get("data-mean") is not None]
    if not found or float(found[0].get("data-mean")) != outs[k]["mean"]:
        problems.append(f"{k}: mean label does not match")
rows = {tr.get("data-outcome") for tr in root.iter(X + "tr") if tr.get("data-outcome")}
if rows != set(outs):
    problems.append(f"summary table rows {sorted(rows)} != outcomes {sorted(outs)}")
title = root.find(f"{X}head/{X}title").text
if doc["scenario"]["name"] not in title:
    problems.append(f"title {title!r} lacks the scenario name")

print("\n".join(problems) if problems else f"ok: {len(charts)} charts")
sys.exit(1 if problems else 0)
EOF
r=$?
rc=$r
check $r "the report is well-formed XHTML, self-contained, with every chart and the JSON's numbers"

# Text that needs escaping, from a scenario file.
sed -e 's/^  name: Paris summit, 6 January 2026$/  name: "Paris <summit> \& \\"friends\\""/' "$SCENARIO" >"$tmp/escape.yaml"
run_geosim run "$tmp/escape.yaml" --runs 100 --report "$tmp/escape.html" -q
[[ $rc == 0 ]] && grep -q 'Paris &lt;summit&gt; &amp; &quot;friends&quot;' "$tmp/escape.html" \
  && python3 -c 'import sys, xml.etree.ElementTree as E; E.fromstring(open(sys.argv[1]).read().split("\n",1)[1])' "$tmp/escape.html"
check $? "names with <, & and quotes are escaped and the report stays well-formed"

run_geosim run "$SCENARIO" --runs 100 --report "$tmp/run.html" -q
[[ $rc == 2 ]] && grep -q -- "--force" "$tmp/stderr"
check $? "an existing report is not overwritten without --force (exit 2)"

run_geosim run "$SCENARIO" --runs 100 --report "$tmp/no/such/dir/r.html" -q
[[ $rc == 2 ]] && [[ ! -e "$tmp/no" ]]
check $? "a report in a missing folder fails fast with exit 2"

run_geosim run "$SCENARIO" --runs 100 --report -
[[ $rc == 0 ]] && head -n 1 "$tmp/stdout" | grep -q '^<!DOCTYPE html>' && ! grep -q '95% interval  ' "$tmp/stdout"
check $? "--report - writes the page to stdout, without the table"

finish
