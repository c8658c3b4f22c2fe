# SPDX-License-Identifier: Apache-2.0
# Shared by the Python module's tests (ctest runs each file as python.NAME with /usr/bin/python3 -m
# pytest): GEOSIM_BINARY (the geosim command of the same build) and GEOSIM_SOURCE_DIR come from
# the environment, and PYTHONPATH holds BUILD/python.
import json
import os
import pathlib
import subprocess

import pytest

SOURCE = pathlib.Path(os.environ.get("GEOSIM_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
BINARY = os.environ.get("GEOSIM_BINARY", str(SOURCE / "build" / "geosim"))
PARIS = str(SOURCE / "scenarios" / "paris-2026.yaml")


@pytest.fixture
def cli(tmp_path):
    """cli(*args, json=True, csv=True): runs the geosim command with --json and --csv into tmp_path;
    returns (the JSON without its provenance, the CSV's text)."""

    def run(*args, want_json=True, want_csv=True):
        out_json, out_csv = tmp_path / "cli.json", tmp_path / "cli.csv"
        extra = ["-q", "--force"]
        if want_json:
            extra += ["--json", str(out_json)]
        if want_csv:
            extra += ["--csv", str(out_csv)]
        subprocess.run([BINARY, *args, *extra], check=True, capture_output=True)
        doc = None
        if want_json:
            doc = json.loads(out_json.read_text())
            doc.pop("provenance")
        return doc, out_csv.read_text() if want_csv else None

    return run


def without_provenance(doc):
    return {k: v for k, v in doc.items() if k != "provenance"}
