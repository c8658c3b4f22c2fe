# SPDX-License-Identifier: Apache-2.0
# geosim from Python gives what the geosim command gives, byte for byte: run, set and variants,
# compare, sweep (grid, Latin hypercube, a design DataFrame) and sensitivity, as documents and as
# DataFrames; errors carry FILE:LINE:COL.
import io
import json

import pandas as pd
import pytest

import geosim
from conftest import PARIS, SOURCE, without_provenance


@pytest.fixture(scope="module")
def paris():
    return geosim.load(PARIS)


def test_load_describes_the_scenario(paris):
    assert paris.name.startswith("Paris summit")
    assert "us_backstop_withdrawn" in paris.variants
    assert list(paris.uncertain["path"])[:2] == ["parameters.war_cost_ukr.value", "parameters.war_cost_rus.value"]
    assert paris.outcomes.loc["ceasefire_signed", "kind"] == "when"
    assert paris.variant is None and paris.files == [PARIS]


def test_run_equals_the_command_byte_for_byte(paris, cli):
    doc, csv = cli("run", PARIS, "--runs", "700", "--seed", "5", "--threads", "2")
    r = paris.run(runs=700, seed=5, threads=3)
    assert r.summary == doc
    assert r.csv == csv
    assert r.runs.equals(pd.read_csv(io.StringIO(csv)))
    assert r.provenance["command_line"][:2] == ["python", "geosim"]


def test_run_dataframes(paris):
    r = paris.run(runs=400, seed=2)
    o = r.outcomes
    j = r.json["outcomes"]
    assert o.loc["ceasefire_signed", "estimate"] == j["ceasefire_signed"]["probability"]
    assert [o.loc["ceasefire_signed", "ci_lo"], o.loc["ceasefire_signed", "ci_hi"]] == j["ceasefire_signed"]["ci95"]
    assert o.loc["strike_waves", "estimate"] == j["strike_waves"]["mean"]
    assert (o["ci_lo"] <= o["estimate"]).all() and (o["estimate"] <= o["ci_hi"]).all()
    runs = r.runs
    assert list(runs.columns[:3]) == ["run", "seed", "variant"] and len(runs) == 400
    assert runs["parameters.kyiv_fear.value"].between(0.3, 0.9).all()
    s = r.survival
    assert set(s["outcome"]) <= {k for k, v in j.items() if v["kind"] == "when"}
    assert s.groupby("outcome")["not_yet"].apply(lambda x: x.is_monotonic_decreasing).all()
    bands = r.series
    assert {"UKR.unity"} <= set(bands["variable"]) and (bands["p05"] <= bands["p95"]).all()


def test_run_long_and_without_rows(paris, cli):
    _, csv = cli("run", PARIS, "--runs", "300", "--csv-format", "long", want_json=False)
    r = paris.run(runs=300, per_run="long")
    assert r.csv == csv and list(r.runs.columns) == ["run", "outcome", "value"]
    with pytest.raises(ValueError):
        paris.run(runs=10, per_run=False).runs


def test_set_and_variant_equal_the_command(paris, cli):
    doc, csv = cli("run", PARIS, "--runs", "300", "--seed", "9", "--variant", "us_backstop_withdrawn",
                   "--set", "negotiation.progress=0.5", "--set", "parameters.kyiv_fear.value={uniform: [0.2, 0.4]}")
    sc = paris.with_variant("us_backstop_withdrawn").set({"negotiation.progress": 0.5}).set(
        {"parameters.kyiv_fear.value": {"uniform": [0.2, 0.4]}})
    assert sc.variant == "us_backstop_withdrawn" and len(sc.overrides) == 2
    r = sc.run(runs=300, seed=9)
    assert r.summary == doc and r.csv == csv
    assert (r.runs["variant"] == "us_backstop_withdrawn").all()
    assert r.runs["parameters.kyiv_fear.value"].between(0.2, 0.4).all()
    assert paris.variant is None  # the original is unchanged


def test_numpy_numbers_in_set_are_written_as_the_command_line_would(paris, cli):
    import numpy as np
    doc, _ = cli("run", PARIS, "--runs", "200", "--set", "scenario.horizon_days=200", "--set", "negotiation.progress=0.25",
                 want_csv=False)
    r = paris.set({"scenario.horizon_days": np.int64(200), "negotiation.progress": np.float64(0.25)}).run(runs=200)
    assert r.summary == doc


def test_loads_a_string_as_the_command_reads_the_file(cli, tmp_path):
    text = (SOURCE / "scenarios" / "bargaining-101.yaml").read_text()
    path = tmp_path / "b.yaml"
    path.write_text(text)
    doc, csv = cli("run", str(path), "--runs", "300")
    r = geosim.loads(text, name="b.yaml").run(runs=300)
    assert r.summary == doc and r.csv == csv


def test_compare_equals_the_command(paris, cli):
    doc, csv = cli("compare", PARIS, "--variants", "us_backstop_withdrawn,air_defence_surge", "--runs", "400")
    c = paris.compare(variants=["us_backstop_withdrawn", "air_defence_surge"], runs=400)
    assert without_provenance(c.json) == doc and c.csv == csv
    d = c.differences
    assert set(d["variant"]) == {"us_backstop_withdrawn", "air_defence_surge"}
    assert (d["paired_lo"] <= d["difference"]).all()


def test_sweep_of_a_design_dataframe_equals_the_command(paris, cli, tmp_path):
    design = pd.DataFrame({"parameters.war_cost_ukr.value": [0.25, 0.45, 0.65],
                           "negotiation.progress": [0.6, 0.7, 0.8]})
    design.to_csv(tmp_path / "points.csv", index=False)
    doc, csv = cli("sweep", PARIS, "--design", str(tmp_path / "points.csv"), "--runs", "200")
    s = paris.sweep(design=design, runs=200)
    got = without_provenance(s.json)
    assert got["settings"].pop("design_file") == "DataFrame"
    assert doc["settings"].pop("design_file").endswith("points.csv")
    assert got == doc and s.csv == csv
    assert list(s.points["negotiation.progress"]) == [0.6, 0.7, 0.8]


def test_sweep_of_uncertain_numbers_only_fixes_them_in_place(cli, tmp_path):
    text = """geosim: 1
scenario: {name: reads, horizon_days: 30}
parameters:
  a: {value: {uniform: [0, 1]}}
outcomes:
  a_out: {value: "params.a"}
"""
    sc = geosim.loads(text)
    s = sc.sweep(design={"parameters.a.value": [0.1, 0.7]}, runs=50)
    assert list(s.points["a_out"]) == [0.1, 0.7]


def test_sweep_grid_and_lhs_equal_the_command(paris, cli):
    doc, csv = cli("sweep", PARIS, "--param", "negotiation.progress=0.5:0.9:3", "--runs", "200")
    s = paris.sweep(grid={"negotiation.progress": (0.5, 0.9, 3)}, runs=200)
    assert without_provenance(s.json) == doc and s.csv == csv
    doc, csv = cli("sweep", PARIS, "--lhs", "5", "--runs", "100", "--seed", "4")
    s = paris.sweep(lhs=5, runs=100, seed=4)
    assert without_provenance(s.json) == doc and s.csv == csv


def test_sensitivity_equals_the_command(paris, cli):
    doc, csv = cli("sensitivity", PARIS, "--runs", "40", "--trajectories", "4", "--bootstrap", "100")
    s = paris.sensitivity(runs=40, trajectories=4, bootstrap=100)
    assert without_provenance(s.json) == doc and s.csv == csv
    assert {"outcome", "parameter", "rank", "mu_star"} <= set(s.indices.columns)


def test_errors_carry_file_line_col():
    bad = str(SOURCE / "tests" / "invalid" / "unknown_function.yaml")
    with pytest.raises(geosim.ScenarioError) as e:
        geosim.load(bad)
    assert str(e.value).startswith(f"{bad}:12:18: error: ") and "unknown function 'sigmoid'" in str(e.value)
    d = e.value.diagnostics[0]
    assert (d["file"], d["line"], d["col"]) == (bad, 12, 18) and d["fix"]
    assert isinstance(e.value, ValueError)

    with pytest.raises(geosim.ScenarioError) as e:
        geosim.loads("geosim: 1\nscenario: {name: x, horizon_days: 10}\noutcomes:\n  a: {when: 'nope > 1'}\n", name="inline.yaml")
    assert str(e.value).startswith("inline.yaml:4:")

    with pytest.raises(geosim.ScenarioError) as e:
        geosim.load(PARIS, set={"negotiation.progress": 1.5})
    assert "must be within [0, 1]" in str(e.value) and e.value.diagnostics[0]["file"] == "--set negotiation.progress"

    with pytest.raises(geosim.ScenarioError, match="no variant 'nope'"):
        geosim.load(PARIS, variant="nope")


def test_bad_designs(paris):
    with pytest.raises(geosim.ScenarioError, match=r"did you mean 'parameters.war_cost_ukr.value'\?"):
        paris.sweep(design={"parameters.war_cost_uk.value": [0.3]}, runs=10)
    with pytest.raises(geosim.ScenarioError, match=r"row 2, column 'negotiation.progress': nan is not a finite number"):
        paris.sweep(design={"negotiation.progress": [0.5, float("nan")]}, runs=10)
    with pytest.raises(geosim.ScenarioError, match=r"DataFrame row 1, column 'negotiation.progress'.*must be within \[0, 1\]"):
        paris.sweep(design={"negotiation.progress": [1.5]}, runs=10)
    with pytest.raises(ValueError, match="not numeric"):
        paris.sweep(design={"negotiation.progress": ["high"]}, runs=10)
    with pytest.raises(ValueError, match="give one of"):
        paris.sweep(runs=10)
    with pytest.raises(ValueError, match="declares no variants"):
        geosim.load(SOURCE / "scenarios" / "calibration.yaml").compare(runs=10)
