#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Regenerate, or check, every figure the docs quote from geosim's own output.

A figure in a Markdown file is the number written just before a marker comment, which Markdown
does not show:

    <!-- fig b101: run scenarios/bargaining-101.yaml --runs 10000 --seed 1 -->
    ...
    deal signed 66.8%<!--b101 deal--> within the year

The first line names a command (any geosim command that writes `--json`: run, compare, sweep,
sensitivity); the name is local to the file. The marker `<!--NAME PATH-->` reads one number from
that command's JSON:

- PATH is a dotted path (list items by index). When it is not a path from the top of the JSON it
  is tried below `outcomes` (run), below `variants.V.differences` and `base.outcomes` (compare,
  where `V.deal` is variant V's paired difference), and below `points.N.outcomes` (sweep).
- When the path ends at an object, its `difference`, `estimate`, `probability` (`mean` first for
  count and value outcomes), `mean` or `value` is read, in that order.
- `ci95.0` and `ci95.1` are the interval's ends; `first_day.median` the median day; `happened`
  the number of runs. On a list, `*` takes the first element in which the rest of the path exists
  and `key=value&key=value` the first element with those fields, so a chronicle's figure reads
  `days.*.entries.id=dual_alliance&kind=honoured.p_honour` (`geosim explain --json`). A part in
  brackets is one key with dots in it: `deal.parameters.[parameters.war_cost.value].mu_star`.

The number keeps the style it is written in: its decimals, a `%` (the value times 100), a leading
`+` or `−`, thousands separators. A marker ending in ` %` scales by 100 without printing `%`
("+12.1<!--b guarantee.deal %--> points"). Numbers are rounded as the tool's table rounds them
(correctly rounded from the binary value, as fmt and Python both do).

A whole block of table rows can be kept in step too: `<!-- fig-table NAME: Label one | Label two -->`
on the line before a fenced code block replaces the block with the header and those rows of the
command's text table (rows whose label starts with one of the labels); `<!-- fig-output NAME -->`
replaces it with the command's whole text output (choose a command whose output is short, e.g.
with `--outcome`).

Usage:
    doc_figures.py --geosim BUILD/geosim [--write] [FILE.md ...]
Without --write it checks: it prints FILE:LINE for each figure that differs from the tool's output
and exits 1 when any does (2 on a malformed marker or a failing command). With --write it rewrites
the figures in place. Without files it reads README.md and docs/*.md. Standard library only, so
any python3 runs it; the commands run from the project's root.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import re
import shlex
import subprocess
import sys

DEF_RE = re.compile(r"<!--\s*fig\s+([A-Za-z0-9_.-]+)\s*:\s*(.*?)\s*-->")
TABLE_RE = re.compile(r"<!--\s*fig-table\s+([A-Za-z0-9_.-]+)\s*:\s*(.*?)\s*-->")
OUTPUT_RE = re.compile(r"<!--\s*fig-output\s+([A-Za-z0-9_.-]+)\s*-->")
# A number (optionally signed, with thousands separators and a per cent sign) right before a
# figure marker. The marker's name must be a defined command, so other comments are left alone.
FIG_RE = re.compile(
    r"(?P<num>(?P<sign>[+\u2212-])?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<dec>\d+))?(?P<pct>%)?)"
    r"<!--(?P<name>[A-Za-z0-9_.-]+) (?P<path>[^ >]+?)(?P<scale> %)?-->")


class DocError(Exception):
    pass


def run_json(geosim: str, root: str, command: str, where: str) -> dict:
    args = shlex.split(command)
    quiet = [] if args and args[0] == "explain" else ["-q"]  # explain writes no table to quieten
    proc = subprocess.run([geosim, *args, "--json", "-", *quiet], cwd=root, capture_output=True, text=True)
    if proc.returncode != 0:
        raise DocError(f"{where}: `geosim {command}` failed (exit {proc.returncode}): {proc.stderr.strip()}")
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        raise DocError(f"{where}: `geosim {command}` did not write JSON: {e}")


def run_text(geosim: str, root: str, command: str, where: str) -> list[str]:
    proc = subprocess.run([geosim, *shlex.split(command)], cwd=root, capture_output=True, text=True)
    if proc.returncode != 0:
        raise DocError(f"{where}: `geosim {command}` failed (exit {proc.returncode}): {proc.stderr.strip()}")
    return proc.stdout.splitlines()


def walk(node, parts):
    """Follows a dotted path. On a list, a part is an index, `*` (the first element for which the
    rest of the path exists) or `key=value&key=value` (the first element with those fields)."""
    for n, p in enumerate(parts):
        if isinstance(node, dict) and p in node:
            node = node[p]
        elif isinstance(node, list) and p.isdigit() and int(p) < len(node):
            node = node[int(p)]
        elif isinstance(node, list) and p == "*":
            for item in node:
                hit = walk(item, parts[n + 1:])
                if hit is not None:
                    return hit
            return None
        elif isinstance(node, list) and "=" in p:
            want = dict(kv.split("=", 1) for kv in p.split("&"))
            node = next((item for item in node if isinstance(item, dict)
                         and all(str(item.get(k)) == v for k, v in want.items())), None)
            if node is None:
                return None
        else:
            return None
    return node


def split_path(path: str) -> list[str]:
    """Dotted parts; `[a.b.c]` is one part with dots in it (a key such as a --set path)."""
    return [a if a else b for a, b in re.findall(r"\[([^\]]+)\]|([^.\[\]]+)", path)]


def resolve(doc: dict, path: str):
    parts = split_path(path)
    candidates = [parts, ["outcomes", *parts], ["base", "outcomes", *parts]]
    if len(parts) > 1:
        candidates.append(["variants", parts[0], "differences", *parts[1:]])
        candidates.append(["variants", parts[0], "outcomes", *parts[1:]])
        if parts[0].isdigit():
            candidates.append(["points", parts[0], "outcomes", *parts[1:]])
    for c in candidates:
        node = walk(doc, c)
        if isinstance(node, dict):
            counted = node.get("kind") in ("count", "value")
            order = ("difference", "estimate", *(("mean", "probability") if counted else ("probability", "mean")), "value")
            for leaf in order:
                if isinstance(node.get(leaf), (int, float)) and not isinstance(node.get(leaf), bool):
                    return node[leaf]
            continue
        if isinstance(node, (int, float)) and not isinstance(node, bool):
            return node
    return None


def render(value: float, m: re.Match) -> str:
    scaled = value * 100 if (m.group("pct") or m.group("scale")) else value
    decimals = len(m.group("dec") or "")
    text = f"{abs(scaled):,.{decimals}f}" if "," in m.group("int") else f"{abs(scaled):.{decimals}f}"
    sign = m.group("sign")
    negative = scaled < 0 and text.strip("0.,") != ""
    if negative:
        text = ("\u2212" if sign == "\u2212" else "-") + text
    elif sign == "+":
        text = "+" + text
    elif sign in ("-", "\u2212"):
        text = "+" + text  # written as a negative, now zero or positive: the sign must show it
    return text + (m.group("pct") or "")


def process(path: str, geosim: str, root: str, write: bool) -> tuple[int, int]:
    """Returns (figures, mismatches)."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    commands: dict[str, str] = {}
    for i, line in enumerate(lines):
        for m in DEF_RE.finditer(line):
            if m.group(1) in commands:
                raise DocError(f"{path}:{i + 1}: figure command `{m.group(1)}` is defined twice; give it another name")
            commands[m.group(1)] = m.group(2)
    if not commands:
        return 0, 0
    cache: dict[str, dict] = {}

    def data(name: str, where: str) -> dict:
        if name not in cache:
            cache[name] = run_json(geosim, root, commands[name], where)
        return cache[name]

    figures = mismatches = 0
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        where = f"{path}:{i + 1}"
        t = TABLE_RE.search(line) or OUTPUT_RE.search(line)
        if t:
            whole = t.re is OUTPUT_RE
            name = t.group(1)
            labels = [] if whole else [s.strip() for s in t.group(2).split("|") if s.strip()]
            if name not in commands:
                raise DocError(f"{where}: this marker names `{name}`, which no `<!-- fig {name}: ... -->` line defines")
            if i + 1 >= len(lines) or not lines[i + 1].startswith("```"):
                raise DocError(f"{where}: a fig-table or fig-output marker must be followed by a fenced code block")
            end = i + 2
            while end < len(lines) and not lines[end].startswith("```"):
                end += 1
            if end >= len(lines):
                raise DocError(f"{where}: the code block after this marker is not closed")
            text = run_text(geosim, root, commands[name], where)
            while text and not text[-1].strip():
                text.pop()
            header = text if whole else [l for l in text if l.startswith("outcome ")][:1]
            rows = []
            for label in labels:
                hit = [l for l in text if l.strip().startswith(label)]
                if not hit:
                    raise DocError(f"{where}: the table of `geosim {commands[name]}` has no row `{label}`")
                rows.append(hit[0])
            new_block = header + rows
            figures += 1
            if lines[i + 2:end] != new_block:
                mismatches += 1
                if not write:
                    print(f"{where}: the table rows differ from `geosim {commands[name]}`")
            out.extend([line, lines[i + 1]])
            out.extend(new_block if write else lines[i + 2:end])
            out.append(lines[end])
            i = end + 1
            continue

        def replace(m: re.Match) -> str:
            nonlocal figures, mismatches
            name = m.group("name")
            if name not in commands:
                return m.group(0)
            figures += 1
            value = resolve(data(name, where), m.group("path"))
            if value is None:
                raise DocError(f"{where}: `{m.group('path')}` is not a number in the output of `geosim {commands[name]}`")
            want = render(float(value), m)
            if want != m.group("num"):
                mismatches += 1
                if not write:
                    print(f"{where}: the doc says {m.group('num')}, `geosim {commands[name]}` gives {want} ({m.group('path')})")
            return (want if write else m.group("num")) + m.group(0)[len(m.group("num")):]

        out.append(FIG_RE.sub(replace, line))
        i += 1
    if write and out != lines:
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write("\n".join(out))
        os.replace(tmp, path)
    return figures, mismatches


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--geosim", required=True, help="the geosim binary")
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                    help="the project's root (commands run there)")
    ap.add_argument("--write", action="store_true", help="rewrite the figures in place")
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    files = a.files or [os.path.join(a.root, "README.md"), *sorted(glob.glob(os.path.join(a.root, "docs", "*.md")))]
    total = bad = 0
    try:
        for f in files:
            n, m = process(f, os.path.abspath(a.geosim), a.root, a.write)
            total += n
            bad += m
    except DocError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    verb = "rewritten" if a.write else "differ from the tool"
    print(f"{total} figures in {len(files)} files; {bad} {verb}")
    return 1 if bad and not a.write else 0


if __name__ == "__main__":
    sys.exit(main())
