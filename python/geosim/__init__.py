# SPDX-License-Identifier: Apache-2.0
"""geosim from Python: Monte Carlo simulation of geopolitical scenarios, with results as pandas
DataFrames.

    import geosim
    sc = geosim.load("scenarios/paris-2026.yaml")
    r = sc.run(runs=2000, seed=1)
    r.outcomes            # each outcome's estimate and 95% interval
    r.runs                # one row per run: run, seed, variant, the numbers it drew, its outcomes
    sc.compare().differences
    sc.sweep(design=df).points
    sc.sensitivity().indices

The engine is the geosim command's: the same seed gives the same figures, byte for byte (the
``json`` and ``csv`` of every result are the documents ``geosim ... --json/--csv`` writes, apart
from the provenance block). The GIL is released while the engine runs, and Ctrl-C stops it
(KeyboardInterrupt). A scenario, point or design that is not valid raises ScenarioError, whose
text is the command's message: ``FILE:LINE:COL: error: WHAT; HOW TO FIX``. docs/python.md has a
worked example.
"""
import io
import json
import numbers
import os

import numpy as np
import pandas as pd

from . import _geosim
from ._geosim import ScenarioError, __version__

__all__ = ["load", "loads", "Scenario", "ScenarioError", "RunResult", "CompareResult", "SweepResult",
           "SensitivityResult", "__version__"]


def _yaml(value):
    """A --set value as YAML text: numbers as Python writes them, other structures as JSON (which
    YAML reads), text as it is."""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))
    if isinstance(value, str):
        return value
    return json.dumps(value)


def _sets(mapping):
    if mapping is None:
        return []
    if not hasattr(mapping, "items"):
        raise TypeError("set: give a mapping of paths to values, e.g. {'negotiation.progress': 0.5}")
    return [(str(path), _yaml(value)) for path, value in mapping.items()]


def load(path, variant=None, set=None):
    """Loads and checks a scenario file. `variant`: a variant declared in it; `set`: overrides
    {PATH: VALUE}, as --set PATH=VALUE (a number, a string of YAML, or a dict such as
    {"uniform": [0.1, 0.5]}). Raises ScenarioError when it is not valid."""
    sets = _sets(set)
    return Scenario(_geosim.load(os.fspath(path), variant or "", sets), ("file", os.fspath(path)), variant, sets)


def loads(text, name="<string>", variant=None, set=None):
    """Loads a scenario from YAML text; `name` stands for it in messages. It cannot `extends`
    another file (use load)."""
    sets = _sets(set)
    return Scenario(_geosim.loads(text, name, variant or "", sets), ("text", text, name), variant, sets)


def _frame(csv):
    return pd.read_csv(io.StringIO(csv))


def _threads(threads):
    return 0 if threads is None else int(threads)


class Scenario:
    """A loaded, checked scenario with a variant and overrides applied. Immutable: set() and
    with_variant() return new scenarios."""

    def __init__(self, handle, source, variant, sets):
        self._h = handle
        self._source = source
        self._variant = variant or None
        self._sets = list(sets)
        self._info = handle.info()

    def _derive(self, variant, sets):
        if self._source[0] == "file":
            return Scenario(_geosim.load(self._source[1], variant or "", sets), self._source, variant, sets)
        return Scenario(_geosim.loads(self._source[1], self._source[2], variant or "", sets), self._source, variant, sets)

    # ---- what it is -------------------------------------------------------------------------

    @property
    def name(self):
        return self._info["name"]

    @property
    def description(self):
        return self._info["description"]

    @property
    def variant(self):
        """The variant applied, or None."""
        return self._variant

    @property
    def variants(self):
        """The variants the scenario declares: {name: description}."""
        return dict(self._info["variants"])

    @property
    def overrides(self):
        """The overrides applied, as (PATH, YAML text) pairs, in order."""
        return list(self._sets)

    @property
    def outcomes(self):
        """Its outcomes: id (index), label, kind (when, value, count), given."""
        return pd.DataFrame(self._info["outcomes"], columns=["id", "label", "kind", "given"]).set_index("id")

    @property
    def uncertain(self):
        """Its uncertain numbers: the override path of each and its distribution."""
        return pd.DataFrame(self._info["uncertain"], columns=["path", "distribution"])

    @property
    def files(self):
        return list(self._info["files"])

    def __repr__(self):
        v = f", variant={self._variant!r}" if self._variant else ""
        s = f", {len(self._sets)} overrides" if self._sets else ""
        return f"<geosim.Scenario {self.name!r}{v}{s}>"

    # ---- derived scenarios ------------------------------------------------------------------

    def set(self, mapping):
        """A new scenario with more overrides, applied after these: {PATH: VALUE}."""
        return self._derive(self._variant, self._sets + _sets(mapping))

    def with_variant(self, name):
        """The same scenario with a declared variant applied (None: the base)."""
        return self._derive(name, self._sets)

    # ---- analyses ---------------------------------------------------------------------------

    def run(self, runs=2000, seed=1, threads=None, precision=None, max_runs=10_000_000, per_run=True, engine="auto"):
        """Monte Carlo: `runs` runs (with `precision`, the minimum; runs are added until every 95%
        interval's half-width is at most it). `per_run`: True or "wide" keeps one row per run,
        "long" one row per run and outcome column, False none (for very many runs)."""
        fmt = "long" if per_run == "long" else "wide"
        docs = self._h.run(int(runs), int(seed), _threads(threads), float(precision or 0), int(max_runs),
                           bool(per_run), fmt, engine)
        return RunResult(docs, bool(per_run))

    def compare(self, variants=None, runs=2000, seed=1, threads=None, precision=None, max_runs=1_000_000, engine="auto"):
        """The base and each variant (default: all declared) on the same runs: paired differences."""
        if isinstance(variants, str):
            variants = [variants]
        docs = self._h.compare(list(variants or []), int(runs), int(seed), _threads(threads), float(precision or 0),
                               int(max_runs), engine)
        return CompareResult(docs)

    def sweep(self, design=None, grid=None, lhs=None, runs=1000, seed=1, threads=None, engine="auto"):
        """Every outcome at each point of a design: `design`, a DataFrame (or a dict of columns)
        with one column per --set path or uncertain number and one row per point; `grid`,
        {PATH: (LO, HI, N)}; or `lhs`, a Latin hypercube of N points over the uncertain numbers.
        Every point runs the same seed (common random numbers)."""
        if sum(x is not None for x in (design, grid, lhs)) != 1:
            raise ValueError("sweep: give one of design=DataFrame, grid={PATH: (LO, HI, N)} or lhs=N")
        axes, columns, rows, name = [], None, [], "DataFrame"
        if grid is not None:
            for path, spec in grid.items():
                lo, hi, n = spec
                axes.append(f"{path}={_yaml(float(lo))}:{_yaml(float(hi))}:{int(n)}")
        if design is not None:
            frame = design if isinstance(design, pd.DataFrame) else pd.DataFrame(design)
            columns = [str(c) for c in frame.columns]
            for c in frame.columns:
                if not pd.api.types.is_numeric_dtype(frame[c]) or pd.api.types.is_bool_dtype(frame[c]):
                    raise ValueError(f"design: column {c!r} is not numeric ({frame[c].dtype}); every cell of a "
                                     "design is a number")
            rows = frame.to_numpy(dtype=float).tolist()
        docs = self._h.sweep(axes, int(lhs or 0), columns, rows, name, int(runs), int(seed), _threads(threads), engine)
        return SweepResult(docs)

    def sensitivity(self, method="morris", runs=None, seed=1, threads=None, trajectories=20, levels=4, samples=64,
                    bootstrap=1000, engine="auto"):
        """Morris screening or Sobol indices of every outcome over the uncertain numbers."""
        docs = self._h.sensitivity(method, int(runs or 0), int(seed), _threads(threads), int(trajectories), int(levels),
                                   int(samples), int(bootstrap), engine)
        return SensitivityResult(docs)


class _Result:
    def __init__(self, docs):
        self.json = json.loads(docs["json"])
        """The JSON document the command writes with --json (provenance: this Python call)."""
        self.csv = docs["csv"]
        """The CSV the command writes with --csv, as text."""

    @property
    def provenance(self):
        return self.json["provenance"]


class RunResult(_Result):
    """geosim run: outcomes with intervals, survival curves, time-series bands, and (unless
    per_run=False) the per-run table."""

    def __init__(self, docs, per_run):
        super().__init__(docs)
        self._per_run = per_run
        self._runs = None

    @property
    def summary(self):
        """The JSON summary without its provenance: what `geosim run --json` writes, byte for byte."""
        return {k: v for k, v in self.json.items() if k != "provenance"}

    @property
    def runs(self):
        """One row per run, as `geosim run --csv` writes it (or run, outcome, value with per_run="long")."""
        if not self._per_run:
            raise ValueError("run(per_run=False) kept no per-run rows")
        if self._runs is None:
            self._runs = _frame(self.csv)
        return self._runs

    @property
    def outcomes(self):
        """Each outcome (index: id): its estimate (the probability by the horizon for `when`, the
        mean for `value` and `count`) with its 95% interval, the runs counted, and per kind the
        median first day, the share of runs with a count, the sd and quantiles of values."""
        rows = []
        for oid, o in self.json["outcomes"].items():
            kind = o["kind"]
            est = o["probability"] if kind == "when" else o["mean"]
            lo, hi = o["ci95"]
            row = {"id": oid, "label": o["label"], "kind": kind, "estimate": est, "ci_lo": lo, "ci_hi": hi,
                   "runs": o["runs"], "given": o.get("given")}
            if kind == "when":
                row["median_day"] = o["first_day"]["median"]
            if kind == "count":
                row["probability"] = o["probability"]
            if kind != "when":
                row["sd"] = o["sd"]
                row.update(o["quantiles"])
            rows.append(row)
        cols = ["id", "label", "kind", "estimate", "ci_lo", "ci_hi", "runs", "given", "median_day", "probability", "sd",
                "p05", "p25", "p50", "p75", "p95"]
        return pd.DataFrame(rows, columns=cols).set_index("id").astype({"estimate": float, "ci_lo": float, "ci_hi": float})

    @property
    def survival(self):
        """Kaplan-Meier curves of the `when` outcomes' first days: outcome, day, not_yet (share of
        runs where it has not happened by that day), its 95% interval, at_risk, events."""
        rows = []
        for oid, o in self.json["outcomes"].items():
            if o["kind"] != "when":
                continue
            for pt in o["first_day"]["curve"]:
                lo, hi = pt["ci95"]
                rows.append((oid, pt["day"], pt["not_yet"], lo, hi, pt["at_risk"], pt["events"]))
        return pd.DataFrame(rows, columns=["outcome", "day", "not_yet", "ci_lo", "ci_hi", "at_risk", "events"])

    @property
    def series(self):
        """Bands of the tracked variables: variable, day, p05, p25, p50, p75, p95 (quantiles across runs)."""
        frames = []
        for name, s in self.json["series"].items():
            f = pd.DataFrame({"day": s["day"], **{p: s[p] for p in ("p05", "p25", "p50", "p75", "p95")}})
            f.insert(0, "variable", name)
            frames.append(f)
        if not frames:
            return pd.DataFrame(columns=["variable", "day", "p05", "p25", "p50", "p75", "p95"])
        return pd.concat(frames, ignore_index=True)


class CompareResult(_Result):
    """geosim compare: per variant and outcome, both estimates and the paired difference."""

    @property
    def differences(self):
        """As `geosim compare --csv`: variant, outcome, kind, measure, base (with base_lo, base_hi),
        variant_estimate (..._lo, ..._hi), difference, paired_lo, paired_hi, unpaired_lo,
        unpaired_hi, distinguishable, runs."""
        return _frame(self.csv)


class SweepResult(_Result):
    """geosim sweep: one row per point."""

    @property
    def points(self):
        """As `geosim sweep --csv`: point, one column per swept path, then ID, ID_lo, ID_hi per outcome."""
        return _frame(self.csv)


class SensitivityResult(_Result):
    """geosim sensitivity: indices per outcome and parameter."""

    @property
    def indices(self):
        """As `geosim sensitivity --csv`: outcome, parameter, rank and the method's indices."""
        return _frame(self.csv)
