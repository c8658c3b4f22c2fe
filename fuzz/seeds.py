#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the seed corpora of the fuzz targets from the repository's own inputs.

    seeds.py SOURCE_DIR OUT_DIR

OUT_DIR/scenario/: every shipped scenario, every invalid-corpus case and every fuzz regression.
OUT_DIR/expr/: every expression and effect statement found in those files, each prefixed with
the byte fuzz_expr reads as its mode ('0' expression, '1' effect statement).
OUT_DIR/native/: one input per scenario structure of fuzz_native (its first byte).
"""
import hashlib
import pathlib
import re
import sys

import yaml

src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
files = sorted(src.glob("scenarios/*.yaml")) + sorted(src.glob("tests/invalid/**/*.yaml")) + \
    sorted(src.glob("tests/fuzz-regressions/*.yaml"))


def write(kind, data):
    d = out / kind
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


EFFECT_KEYS = {"effects", "on_honour", "on_renege", "on_agreement", "on_breach"}
ASSIGN = re.compile(r"^\s*[A-Za-z_][\w.]*\s*([-+*/]?=)(?!=)")


def walk(node, key=None):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from walk(v, str(k))
    elif isinstance(node, list):
        for v in node:
            yield from walk(v, key)
    elif isinstance(node, str):
        yield key, node


def strings(doc, cap=20000):
    """At most `cap` strings: an alias bomb expands without end."""
    for i, item in enumerate(walk(doc)):
        if i >= cap:
            return
        yield item


expressions = set()
for f in files:
    data = f.read_bytes()
    write("scenario", data)
    try:
        doc = yaml.safe_load(data)
    except Exception:  # invalid YAML is a seed for the scenario target only
        continue
    for key, text in strings(doc):
        effect = key in EFFECT_KEYS or bool(ASSIGN.match(text))
        if effect or re.search(r"[()<>=+*/^-]|\.\w|\b(and|or|not|t)\b", text):
            expressions.add((effect, text))
for effect, text in sorted(expressions):
    write("expr", (b"1" if effect else b"0") + text.encode())
NATIVE_STRUCTURES = 16  # fuzz/fuzz_native.cpp: kStructures
for i in range(NATIVE_STRUCTURES):
    # structure, run seed and first run, then 128 bytes of value choices (64 numbers)
    values = b"".join(hashlib.sha256(bytes([i, k])).digest() for k in range(4))
    write("native", bytes([i]) + bytes([0] * 7 + [i + 1, 0]) + values)
print(f"seeds: {len(files)} scenario files, {len(expressions)} expressions, {NATIVE_STRUCTURES} native structures")
