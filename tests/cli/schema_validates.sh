#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `geosim schema` must be a valid JSON Schema (draft 2020-12) that accepts every shipped scenario
# and rejects scenarios whose structure is wrong, as the loader does. Validated with a real
# validator: python3-jsonschema and python3-yaml (Debian packages; scripts/install-deps.sh).
#
# Usage: bash schema_validates.sh GEOSIM_BINARY SOURCE_DIR
set -u

GEOSIM=${1:?usage: schema_validates.sh GEOSIM_BINARY SOURCE_DIR}
SRC=${2:?usage: schema_validates.sh GEOSIM_BINARY SOURCE_DIR}
PYTHON=/usr/bin/python3

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! "$GEOSIM" schema >"$tmp/schema.json"; then
  echo "FAIL geosim schema exited with an error"
  echo "0 passed, 1 failed"
  exit 1
fi

# Files the loader refuses for their structure (unknown keys, wrong types, missing keys, values
# out of range...): the schema must refuse them too.
structurally_invalid=(
  unknown_key_in_event.yaml
  misspelt_section_name.yaml
  list_where_map_expected.yaml
  missing_event_rate.yaml
  bad_step_enum.yaml
  p_win_out_of_range.yaml
  outcome_with_two_kinds.yaml
  set_without_extends.yaml
  normal_nonpositive_sd.yaml
  classroom_too_many_levers.yaml
  classroom_unknown_key.yaml
)
invalid_paths=()
for f in "${structurally_invalid[@]}"; do invalid_paths+=("$SRC/tests/invalid/$f"); done

# A file that extends a base may leave out required keys, but its keys are still checked.
cat >"$tmp/overlay_with_unknown_key.yaml" <<'YAML'
extends: base.yaml
scenario:
  nmae: An overlay with a misspelt key
YAML
invalid_paths+=("$tmp/overlay_with_unknown_key.yaml")

"$PYTHON" - "$tmp/schema.json" "$SRC"/scenarios/*.yaml -- "${invalid_paths[@]}" <<'PY'
import datetime
import json
import re
import sys

import yaml
from jsonschema import Draft202012Validator


class Loader(yaml.SafeLoader):
    """Reads scalars as geosim (yaml-cpp, YAML 1.2 style) does: dates stay text, 1e-3 is a number."""


Loader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float", re.compile(r"^[-+]?[0-9]+(\.[0-9]*)?[eE][-+]?[0-9]+$"), list("-+0123456789"))


def as_json(value):
    """The document as JSON data: dates (should any remain) as YYYY-MM-DD strings, keys as text."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value


args = sys.argv[1:]
schema_path = args[0]
split = args.index("--")
valid_files, invalid_files = args[1:split], args[split + 1:]

passed = failed = 0


def report(ok, name, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name}: {detail}")


with open(schema_path) as f:
    schema = json.load(f)
try:
    Draft202012Validator.check_schema(schema)
    report(True, "geosim schema is a valid draft 2020-12 schema")
except Exception as e:  # jsonschema.SchemaError
    report(False, "geosim schema is a valid draft 2020-12 schema", str(e).splitlines()[0])
validator = Draft202012Validator(schema)


def errors_of(path):
    with open(path) as f:
        doc = as_json(yaml.load(f, Loader=Loader))
    return sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))


for path in valid_files:
    errors = errors_of(path)
    detail = "; ".join(f"at {'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message[:160]}" for e in errors[:3])
    report(not errors, f"accepts {path}", detail)

for path in invalid_files:
    errors = errors_of(path)
    first = f" ({'/'.join(map(str, errors[0].absolute_path)) or '(root)'}: {errors[0].message[:100]})" if errors else ""
    report(bool(errors), f"rejects {path}{first}", "the schema accepts it, the loader does not")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
