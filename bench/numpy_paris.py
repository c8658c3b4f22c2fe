#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The NumPy peer: bench/paris-2026-first-edition.yaml written the way a Python user would write
it instead of using geosim (issue 21; docs/performance.md, "Against NumPy").

Vectorised across runs: every variable is an array of shape [runs], one Python loop goes over the
365 days, and every mechanism is array arithmetic with masks (events, the negotiation, the
ceasefire, commitments and their guarantors, outcomes). The model is the one the hand-written
loop states (bench/handwritten_paris.cpp), mechanism by mechanism and in its order within a day.
Randomness is NumPy's Generator (PCG64), so runs are not geosim's runs, only the same model:
bench/numpy_check.py compares the outcomes within sampling error.

It does the work `geosim run` does for the same answer: the 25 outcomes (probabilities with
intervals, first-passage curves and quartiles, means, standard deviations and quantiles), and
the bands of the six tracked variables (5%, 25%, 50%, 75%, 95% at each of the 366 recorded
days: the start and the end of every day) over a sample of at most 2,048 runs, as geosim keeps.

    /usr/bin/python3 bench/numpy_paris.py [--runs N] [--seed S] [--no-track] [--json]

CPU time (time.process_time) is taken around the simulation and its statistics only (not
importing NumPy, not printing). One thread: OpenBLAS and OpenMP are held to one.
"""
import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

STEPS = 365        # horizon_days: 365, step: day (dt = 1 throughout)
SAMPLE = 2048      # trajectories kept for the time-series bands, as geosim keeps
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)

# The nine governments of the resolve influence, in the file's order; also every guarantor.
GOVS = ["USA", "GBR", "FRA", "DEU", "ITA", "POL", "ESP", "DNK", "CAN"]
USA, GBR, FRA, DEU, ITA, POL, ESP, DNK, CAN = range(9)
COALITION = [GBR, FRA, DEU, ITA, POL, ESP, DNK, CAN]
RESOLVE0 = np.array([0.5, 0.75, 0.75, 0.65, 0.5, 0.8, 0.5, 0.7, 0.65])
ATTENTION0 = np.array([0.6, 0.8, 0.85, 0.7, 0.55, 0.8, 0.5, 0.6, 0.6])  # only the US's drifts

# Commitments in file order: id, guarantors (deciding in this order), spillover, ceasefire_effect,
# bargaining_effect, prior, covers Ukraine (a party to the talks), trigger, active_when. Type
# defaults where the file relies on them; typical credibility = the type's default prior mean
# (0.41 for security guarantees and mutual defence, 0.5 otherwise).
COMMITMENTS = [
    ("us_monitoring", [USA], 0.5, 0.85, 0.15, (5.0, 5.0), True, "breach", "in_force_attention"),
    ("coalition_monitors", COALITION, 0.5, 0.95, 0.05, (5.0, 5.0), True, "breach", "in_force"),
    ("guarantee_GBR", [GBR], 0.5, 0.92, 0.10, (4.1, 5.9), True, "breach", "in_force"),
    ("guarantee_FRA", [FRA], 0.5, 0.92, 0.10, (4.1, 5.9), True, "breach", "in_force"),
    ("guarantee_DEU", [DEU], 0.5, 0.928, 0.09, (4.1, 5.9), True, "breach", "in_force"),
    ("guarantee_POL", [POL], 0.5, 0.944, 0.07, (4.1, 5.9), True, "breach", "in_force"),
    ("guarantee_ITA", [ITA], 0.5, 0.96, 0.05, (4.1, 5.9), True, "breach", "in_force"),
    ("guarantee_ESP", [ESP], 0.5, 0.972, 0.035, (4.1, 5.9), True, "breach", "in_force"),
    ("guarantee_CAN", [CAN], 0.5, 0.976, 0.03, (4.1, 5.9), True, "breach", "in_force"),
    ("guarantee_DNK", [DNK], 0.5, 0.98, 0.025, (4.1, 5.9), True, "breach", "in_force"),
    ("us_backstop", [USA], 0.5, 0.75, 0.35, (4.1, 5.9), True, "breach", "in_force"),
    ("multinational_force", [GBR, FRA], 0.5, 0.5, 0.3, (5.0, 5.0), True, "breach", "in_force"),
    ("long_term_aid", COALITION, 0.25, 0.95, 0.1, (5.0, 5.0), True, "air_low", "always"),
    ("denmark_us_1951", [USA], 0.5, 0.8, 0.3, (4.1, 5.9), False, "greenland", "always"),
    ("nato_solidarity", [GBR, FRA, DEU, ITA, POL, ESP, CAN], 0.5, 0.8, 0.3, (4.1, 5.9), False, "greenland", "always"),
]
NCOM = len(COMMITMENTS)
(US_MON, COAL_MON, G_GBR, G_FRA, G_DEU, G_POL, G_ITA, G_ESP, G_CAN, G_DNK, US_BACK, MNF, LTA, DK1951,
 NATO_SOL) = range(NCOM)
GUARANTEES = list(range(G_GBR, G_DNK + 1))
TYPICAL = np.array([0.41 if c[0].startswith("guarantee_") or c[0] in ("us_backstop", "denmark_us_1951", "nato_solidarity")
                    else 0.5 for c in COMMITMENTS])
COVERS = np.array([c[6] for c in COMMITMENTS])
BARGAINING = np.array([c[4] for c in COMMITMENTS])
# The ceasefire's hazard ratio of commitment c at credibility k is effect ^ (k / typical).
LOG_EFFECT_PER_TYPICAL = np.log(np.array([c[3] for c in COMMITMENTS])) / TYPICAL

# Reputation records: one per (commitment, guarantor); a record's peers are the same guarantor's
# records in its other commitments (spillover).
RECORDS = [(c, g) for c, info in enumerate(COMMITMENTS) for g in info[1]]
RECORD_OF = {cg: r for r, cg in enumerate(RECORDS)}
PEERS = [np.array([q for q, (c2, g2) in enumerate(RECORDS) if g2 == g and c2 != c], dtype=np.intp) for (c, g) in RECORDS]
PRIOR_H = np.array([COMMITMENTS[c][5][0] for c, _ in RECORDS])
PRIOR_R = np.array([COMMITMENTS[c][5][1] for c, _ in RECORDS])
MEAN_OF = np.zeros((len(RECORDS), NCOM))  # credibility of c = the mean of its records
for _r, (_c, _g) in enumerate(RECORDS):
    MEAN_OF[_r, _c] = 1.0 / len(COMMITMENTS[_c][1])

WHEN_OUTCOMES = [
    "ceasefire_signed", "signed_first_half", "held_6m", "held_12m", "ceasefire_broken", "guarantee_invoked",
    "guarantee_honoured_all", "guarantee_honoured_core", "guarantee_honoured_any", "honoured_GBR", "honoured_FRA",
    "honoured_DEU", "honoured_POL", "honoured_ITA", "honoured_ESP", "honoured_CAN", "honoured_DNK",
    "us_participates", "greenland_crisis", "us_breaks_1951", "allies_back_denmark", "nato_crisis"]
TRACKED = ["UKR.unity", "UKR.air_defence", "RUS.resolve", "USA.attention", "GRL.us_pressure", "NATO.cohesion"]


def alignment():
    """The row-normalised alignment matrix over the nine governments (default 0.3, diagonal 1)."""
    m = np.full((9, 9), 0.3)
    np.fill_diagonal(m, 1.0)
    for a, b, v in [(GBR, FRA, 0.9), (FRA, DEU, 0.9), (DEU, POL, 0.7), (GBR, CAN, 0.7), (GBR, USA, 0.5),
                    (DNK, GBR, 0.6), (ITA, ESP, 0.7)]:
        m[a, b] = m[b, a] = v
    return m / m.sum(axis=1, keepdims=True)


def ou(theta, noise):
    """Exact Ornstein-Uhlenbeck transition over one day: decay and the noise's standard deviation."""
    sd = np.sqrt(noise * noise * -np.expm1(-2 * theta) / (2 * theta)) if noise > 0 else 0.0
    return np.exp(-theta), sd


def beta_ab(mean, sd):
    """The file's {beta: {mean, sd}} as shape parameters, by moments."""
    k = mean * (1 - mean) / (sd * sd) - 1
    return mean * k, (1 - mean) * k


def clip01(v):
    # np.clip's Python-level checks cost more than the arithmetic on small arrays.
    return np.minimum(np.maximum(v, 0.0), 1.0)


def step_probability(rate):
    return -np.expm1(-rate)


def firings(u, p, y):
    """How often a repeating event fires in a day on which it fires (u < p = 1 - exp(-y)): a
    Poisson(y) count by inversion from the same draw, the smallest n >= 1 with u >= P(N > n)."""
    n = np.ones(u.shape, dtype=np.int64)
    log_y, log_term, tail = np.log(y), -y, p.copy()
    going = np.ones(u.shape, dtype=bool)
    k = 1
    while True:
        log_term = log_term + log_y - np.log(k)
        tail = tail - np.exp(log_term)
        going &= u < tail
        if not going.any():
            return n
        n += going
        k += 1


class Paris:
    """All runs' state, each variable an array over runs."""

    def __init__(self, runs, rng):
        self.n, self.rng = runs, rng
        self.w = alignment()
        self.ou_attention, self.ou_venezuela, self.ou_rus = ou(0.02, 0.01), ou(0.006, 0.0), ou(0.004, 0.003)
        self.ou_nato, self.ou_greenland, self.ou_focus = ou(0.01, 0.004), ou(0.008, 0.0), ou(0.02, 0.0)
        self.ou_unity, self.ou_air = ou(0.01, 0.004), ou(0.004, 0.0)
        self.p_delivery, self.p_venezuela = step_probability(0.02), step_probability(0.004)
        # Uncertain numbers, sampled once per run.
        self.war_cost_ukr = rng.uniform(0.2, 0.7, runs)
        self.war_cost_rus = rng.uniform(0.15, 0.40, runs)
        self.kyiv_fear = rng.uniform(0.3, 0.9, runs)
        self.unity = clip01(rng.beta(*beta_ab(0.65, 0.08), runs))
        self.unity0 = self.unity.copy()
        self.rus_resolve = clip01(rng.beta(*beta_ab(0.75, 0.08), runs))
        full = lambda v: np.full(runs, v)  # noqa: E731
        self.air, self.rus_cap, self.attention = full(0.45), full(0.55), full(ATTENTION0[USA])
        self.resolve = np.tile(RESOLVE0, (runs, 1))
        self.responded, self.greenland, self.venezuela, self.nato = full(0.0), full(0.5), full(0.7), full(0.8)
        self.cohesion, self.focus, self.verified, self.eu = full(0.75), full(0.85), full(0.0), full(0.75)
        self.settlement, self.days = full(0.0), full(0.0)
        self.strikes = np.zeros(runs, dtype=np.int64)
        self.in_force = np.zeros(runs, dtype=bool)
        self.signed_now = np.zeros(runs, dtype=bool)
        self.breach_now = np.zeros(runs, dtype=bool)
        self.signed_count = np.zeros(runs, dtype=np.int64)
        self.breached = np.zeros(runs, dtype=np.int64)
        self.invoked = np.zeros((NCOM, runs), dtype=np.int64)
        self.honoured = np.zeros((NCOM, runs), dtype=np.int64)
        self.reneged = np.zeros((NCOM, runs), dtype=np.int64)
        self.active = np.zeros((NCOM, runs), dtype=bool)
        self.prev_trigger = np.zeros((NCOM, runs), dtype=bool)
        self.rep_h = np.tile(PRIOR_H, (runs, 1))
        self.rep_r = np.tile(PRIOR_R, (runs, 1))
        self.refresh_credibility()
        self.hit = np.zeros((len(WHEN_OUTCOMES), runs), dtype=bool)
        self.hit_day = np.zeros((len(WHEN_OUTCOMES), runs), dtype=np.int64)

    def refresh_credibility(self, runs=None):
        """Each commitment's credibility, the mean of its guarantors' records: of all runs, or of `runs`."""
        if runs is None:
            self.cred = (self.rep_h / (self.rep_h + self.rep_r)) @ MEAN_OF  # [runs, commitments]
        else:
            self.cred[runs] = (self.rep_h[runs] / (self.rep_h[runs] + self.rep_r[runs])) @ MEAN_OF

    def tracked(self):
        return [self.unity, self.air, self.rus_resolve, self.attention, self.greenland, self.nato]

    # ---- the mechanisms of a day, in the engine's order -------------------------------------------

    def begin_commitments(self):
        attentive = self.in_force & (self.attention > 0.3)
        for c, info in enumerate(COMMITMENTS):
            self.active[c] = True if info[8] == "always" else attentive if info[8] == "in_force_attention" else self.in_force

    def dynamics(self):
        normal = self.rng.standard_normal((4, self.n))

        def drift(x, target, decay_sd, z=None):
            decay, sd = decay_sd
            v = target + (x - target) * decay
            return clip01(v + sd * z if z is not None else v)

        self.attention = drift(self.attention, 0.75 - 0.35 * self.venezuela - 0.15 * self.greenland, self.ou_attention, normal[0])
        self.venezuela = drift(self.venezuela, 0.2, self.ou_venezuela)
        self.rus_resolve = drift(self.rus_resolve, 0.9 - 0.5 * self.attention * self.nato, self.ou_rus, normal[1])
        self.nato = drift(self.nato, 0.85 - 0.3 * self.greenland, self.ou_nato, normal[2])
        self.greenland = drift(self.greenland, 0.15, self.ou_greenland)
        self.focus = drift(self.focus, 0.95 - 0.35 * self.greenland, self.ou_focus)
        self.unity = drift(self.unity, self.unity0, self.ou_unity, normal[3])
        self.air = drift(self.air, 0.35, self.ou_air)
        # Friedkin-Johnsen influence of resolve, stubbornness 0.8, once a day.
        self.resolve = clip01(0.2 * (self.resolve @ self.w.T) + 0.8 * RESOLVE0)

    def events(self):
        u = self.rng.random((5, self.n))
        # strike_campaign (Russia), only while no ceasefire is in force
        y = 0.05 * self.rus_resolve * (1.2 - self.air)
        p = step_probability(y)
        hit = np.flatnonzero(~self.in_force & (u[0] < p))
        if hit.size:
            k = firings(u[0, hit], p[hit], y[hit])
            self.strikes[hit] += k
            self.unity[hit] = clip01(self.unity[hit] - 0.02 * k)
            self.air[hit] = clip01(self.air[hit] - 0.02 * k)
        # air_defence_delivery, a constant rate
        hit = np.flatnonzero(u[1] < self.p_delivery)
        if hit.size:
            k = firings(u[1, hit], np.full(hit.size, self.p_delivery), np.full(hit.size, 0.02))
            self.air[hit] = clip01(self.air[hit] + 0.03 * k)
        # greenland_rhetoric
        y = 0.008 + 0.02 * self.greenland
        p = step_probability(y)
        hit = np.flatnonzero(u[2] < p)
        if hit.size:
            k = firings(u[2, hit], p[hit], y[hit])
            self.greenland[hit] = clip01(self.greenland[hit] + 0.12 * k)
            self.nato[hit] = clip01(self.nato[hit] - 0.02 * k)
        # europe_backs_denmark
        y = 0.02 * self.greenland
        p = step_probability(y)
        hit = np.flatnonzero(u[3] < p)
        if hit.size:
            k = firings(u[3, hit], p[hit], y[hit])
            self.greenland[hit] = clip01(self.greenland[hit] - 0.04 * k)
            self.eu[hit] = clip01(self.eu[hit] + 0.02 * k)
        # venezuela_flare, a constant rate
        hit = np.flatnonzero(u[4] < self.p_venezuela)
        if hit.size:
            k = firings(u[4, hit], np.full(hit.size, self.p_venezuela), np.full(hit.size, 0.004))
            self.venezuela[hit] = clip01(self.venezuela[hit] + 0.25 * k)

    def negotiation(self):
        u = self.rng.random(self.n)
        p = clip01(self.rus_cap / (self.rus_cap + 0.45))
        half_u = 0.5 * 0.1
        security = self.cred[:, COVERS] @ BARGAINING[COVERS]
        cp = np.maximum(0.0, self.kyiv_fear) * (1.0 - np.minimum(1.0, security))
        lo = np.maximum(p - self.war_cost_rus + half_u, 1.0 * self.rus_resolve)
        hi = np.minimum(p + (self.war_cost_ukr + 0.3 * (0.65 - self.unity)) - half_u - cp, 0.9)
        width = hi - lo
        hazard = 0.003 * np.minimum(1.0, width / 0.2) * (1 + clip01(self.attention)) * (1 + 0.5 * 0.9)
        deal = np.flatnonzero(~self.in_force & (width > 0) & (u < step_probability(hazard)))
        if deal.size == 0:
            return
        settlement = clip01(0.5 * (lo[deal] + hi[deal]))
        self.settlement[deal] = settlement
        self.in_force[deal] = True
        self.signed_count[deal] += 1
        self.signed_now[deal] = True
        self.days[deal] = 0.0
        self.verified[deal] = 0.0
        self.rus_cap[deal] = clip01(self.rus_cap[deal] + 0.1 * settlement)
        self.unity[deal] = clip01(self.unity[deal] - 0.1 * settlement)

    def ceasefire(self):
        u = self.rng.random(self.n)
        on = np.flatnonzero(self.in_force & ~self.signed_now)
        if on.size == 0:
            return
        tau = self.days[on]
        dh = ((tau + 1.0) / 2000.0) ** 0.6 - (tau / 2000.0) ** 0.6
        ratio = ((self.active[:, on] & COVERS[:, None]) * self.cred[on].T * LOG_EFFECT_PER_TYPICAL[:, None]).sum(axis=0)
        pressure = (np.maximum(0.0, 1.0 - self.settlement[on]) + 3 * (self.rus_cap[on] - 0.55) + 2 * (self.rus_resolve[on] - 0.7)
                    - 2 * (self.air[on] - 0.45))
        broke = u[on] < -np.expm1(-dh * np.exp(ratio + pressure))
        self.days[on[~broke]] = tau[~broke] + 1.0
        b = on[broke]
        if b.size:
            self.in_force[b] = False
            self.breached[b] += 1
            self.breach_now[b] = True
            self.unity[b] = clip01(self.unity[b] - 0.05)
            self.rus_resolve[b] = clip01(self.rus_resolve[b] + 0.03)

    def honour_probability(self, c, g, runs, credibility):
        l = np.log(credibility / (1.0 - credibility))  # noqa: E741
        att = self.attention[runs] if g == USA else ATTENTION0[g]
        res = self.resolve[runs, g]
        if c == US_MON:
            v = l + 4 * (att - 0.5)
        elif c == COAL_MON:
            v = l + 2 * (att - 0.6)
        elif c == US_BACK:
            v = l + 4 * (att - 0.5) + 2 * (res - 0.5) + 1.0 * (self.verified[runs] - 0.5) + 0.6 * (0.0 - 0.5)
        elif c == MNF:
            v = l + 2 * (res - 0.6) + 1.0 * (self.verified[runs] - 0.5) - 2 * (0.5 - 0.5)
        elif c == LTA:
            v = l + 2 * (self.eu[runs] - 0.7) + 1.5 * (att - 0.6)
        elif c == DK1951:
            v = l - 4 * (self.greenland[runs] - 0.6) + 2 * (self.nato[runs] - 0.6)
        elif c == NATO_SOL:
            v = l + 3 * (self.eu[runs] - 0.6) + 1.5 * (res - 0.6) - 2 * (0.2 - 0.3)
        else:  # the eight guarantees: binding, cost 0.4
            v = (l + 2 * (res - 0.6) + 1.5 * (att - 0.6) + 1.2 * (self.verified[runs] - 0.5) + 1.5 * (self.focus[runs] - 0.85)
                 + 3 * (self.cohesion[runs] - 0.75) - 2 * (0.4 - 0.4) + 0.6 * (1.0 - 0.5))
        return clip01(1.0 / (1.0 + np.exp(-v)))

    def add(self, name, runs, delta):
        x = getattr(self, name)
        x[runs] = clip01(x[runs] + delta)

    def on_honour(self, c, runs):
        if c == US_MON:
            self.add("verified", runs, 0.6)
        elif c == COAL_MON:
            self.add("verified", runs, 0.08)
        elif c == US_BACK:
            self.responded[runs] = 1.0
            self.add("rus_resolve", runs, -0.03)
        elif c == MNF:
            self.add("rus_resolve", runs, -0.03)
        elif c == LTA:
            self.add("air", runs, 0.02)
        elif c == DK1951:
            self.add("greenland", runs, -0.2)
        elif c == NATO_SOL:
            self.add("greenland", runs, -0.04)
            self.add("eu", runs, 0.02)
        else:
            self.add("rus_resolve", runs, -0.02)
            self.add("unity", runs, 0.01)
            self.add("cohesion", runs, 0.03)

    def on_renege(self, c, runs):
        if c == US_MON:
            self.add("cohesion", runs, -0.05)
        elif c == COAL_MON:
            pass
        elif c == US_BACK:
            self.add("cohesion", runs, -0.05)
            self.add("nato", runs, -0.03)
            self.add("unity", runs, -0.02)
        elif c == MNF:
            self.add("unity", runs, -0.05)
            self.add("cohesion", runs, -0.08)
        elif c == LTA:
            self.add("unity", runs, -0.005)
        elif c == DK1951:
            self.add("nato", runs, -0.1)
            self.add("eu", runs, -0.02)
        elif c == NATO_SOL:
            self.add("nato", runs, -0.03)
            self.add("eu", runs, -0.03)
        else:
            self.add("unity", runs, -0.03)
            self.add("cohesion", runs, -0.05)
            self.add("nato", runs, -0.01)

    def commitments(self):
        changed = []
        for c, info in enumerate(COMMITMENTS):
            # Each trigger is read after the commitments before it have acted (their effects count).
            kind = info[7]
            trig = self.breach_now if kind == "breach" else (self.air < 0.38) if kind == "air_low" else (self.greenland > 0.8)
            rising = trig & ~self.prev_trigger[c]
            self.prev_trigger[c] = trig
            runs = np.flatnonzero(rising & self.active[c])
            if runs.size == 0:
                continue
            changed.append(runs)
            self.invoked[c, runs] += 1
            for g in info[1]:
                r = RECORD_OF[(c, g)]
                credibility = self.rep_h[runs, r] / (self.rep_h[runs, r] + self.rep_r[runs, r])
                yes = self.rng.random(runs.size) < self.honour_probability(c, g, runs, credibility)
                h, n = runs[yes], runs[~yes]
                self.honoured[c, h] += 1
                self.reneged[c, n] += 1
                self.rep_h[h, r] += 1.0
                self.rep_r[n, r] += 1.0
                if PEERS[r].size:
                    self.rep_h[np.ix_(h, PEERS[r])] += info[2]
                    self.rep_r[np.ix_(n, PEERS[r])] += info[2]
                if h.size:
                    self.on_honour(c, h)
                if n.size:
                    self.on_renege(c, n)
        if changed:
            self.refresh_credibility(np.unique(np.concatenate(changed)))

    def outcomes(self, step):
        t = step + 1.0
        ren = self.reneged[G_GBR:G_DNK + 1].sum(axis=0)
        hon = self.honoured[G_GBR:G_DNK + 1].sum(axis=0)
        signed, held = self.signed_count > 0, self.breached == 0
        gbr = self.invoked[G_GBR] > 0
        conditions = [
            signed & (t <= 365), signed & (t <= 183),
            held & (self.days >= 182) & (t - self.days <= 183), held & (self.days >= 365) & (t - self.days <= 365),
            ~held, gbr, gbr & (ren == 0),
            (self.honoured[G_GBR] > 0) & (self.honoured[G_FRA] > 0) & (self.honoured[G_DEU] > 0), hon > 0,
            *(self.honoured[c] > 0 for c in GUARANTEES),
            self.responded > 0, (self.greenland > 0.8) | (self.invoked[DK1951] > 0), self.reneged[DK1951] > 0,
            (self.invoked[NATO_SOL] == 1) & (self.honoured[NATO_SOL] >= 4), self.nato < 0.5,
        ]
        for o, cond in enumerate(conditions):
            new = cond & ~self.hit[o]
            if new.any():
                self.hit[o] |= new
                self.hit_day[o, new] = step + 1

    def simulate(self, track):
        sample = np.sort(self.rng.choice(self.n, size=min(self.n, SAMPLE), replace=False)) if track else None
        series = np.empty((len(TRACKED), STEPS + 1, sample.size)) if track else None
        if track:
            for v, x in enumerate(self.tracked()):
                series[v, 0] = x[sample]
        for step in range(STEPS):
            self.signed_now[:] = False
            self.breach_now[:] = False
            self.begin_commitments()
            self.dynamics()
            self.events()
            self.negotiation()
            self.ceasefire()
            self.commitments()
            self.outcomes(step)
            if track:
                for v, x in enumerate(self.tracked()):
                    series[v, step + 1] = x[sample]
        return series


# ---- statistics, as `geosim run` reports them ------------------------------------------------------

def wilson(k, n):
    if n == 0:
        return [0.0, 1.0]
    z, p = 1.959963984540054, k / n
    centre, half = (p + z * z / (2 * n)) / (1 + z * z / n), z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return [float(centre - half), float(centre + half)]


def first_passage(days, n):
    """Kaplan-Meier curve of the first day an outcome held (censored at the horizon), and its quartiles."""
    events = np.bincount(days, minlength=STEPS + 1)[1:]
    at_risk = n - np.concatenate(([0], np.cumsum(events)[:-1]))
    not_yet = 1.0 - np.cumsum(events) / max(n, 1)
    day = np.flatnonzero(events) + 1
    quart = {}
    for name, q in (("q25", 0.75), ("median", 0.5), ("q75", 0.25)):
        below = np.flatnonzero(not_yet <= q)
        quart[name] = float(below[0] + 1) if below.size else None
    curve = [{"day": float(d), "not_yet": float(not_yet[d - 1]), "at_risk": int(at_risk[d - 1]), "events": int(events[d - 1])}
             for d in day]
    return {**quart, "censored_at": float(STEPS), "curve": curve}


def values_summary(v):
    n = v.size
    mean, sd = float(v.mean()), float(v.std(ddof=1)) if n > 1 else 0.0
    half = 1.959963984540054 * sd / np.sqrt(n)
    qs = np.quantile(v, QUANTILES)
    return {"mean": mean, "ci95": [mean - half, mean + half], "sd": sd, "min": float(v.min()), "max": float(v.max()),
            "quantiles": {f"p{round(100 * q):02d}": float(x) for q, x in zip(QUANTILES, qs)}, "runs": int(n)}


def summarise(m, series):
    out = {}
    gbr = m.invoked[G_GBR] > 0
    given = {"guarantee_honoured_all": gbr, "guarantee_honoured_core": gbr, "guarantee_honoured_any": gbr, "us_participates": gbr}
    for c in GUARANTEES:
        given["honoured_" + COMMITMENTS[c][0].split("_")[1]] = m.invoked[c] > 0
    for o, name in enumerate(WHEN_OUTCOMES):
        runs = given.get(name, np.ones(m.n, dtype=bool))
        n = int(runs.sum())
        hit = m.hit[o] & runs
        k = int(hit.sum())
        out[name] = {"probability": k / n if n else 0.0, "ci95": wilson(k, n), "happened": k, "runs": n,
                     "first_day": first_passage(m.hit_day[o, hit], n), "kind": "when"}
    strikes = values_summary(m.strikes.astype(float))
    k = int((m.strikes > 0).sum())
    out["strike_waves"] = {**strikes, "probability": k / m.n, "probability_ci95": wilson(k, m.n), "kind": "count"}
    out["donbas_ceded"] = {**values_summary(m.settlement), "kind": "value"}
    out["unity_end"] = {**values_summary(m.unity), "kind": "value"}
    bands = {}
    if series is not None:
        for v, name in enumerate(TRACKED):  # one variable at a time: np.quantile copies its input
            qs = np.quantile(series[v], QUANTILES, axis=1)  # [quantile, day]
            bands[name] = {"day": [float(d) for d in range(STEPS + 1)], "runs_used": int(series.shape[2]),
                           **{f"p{round(100 * q):02d}": qs[i].tolist() for i, q in enumerate(QUANTILES)}}
    return out, bands


def whole_number(text, least):
    try:
        v = int(float(text))
    except (ValueError, OverflowError):
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number (e.g. 20000 or 2e4)")
    if v < least or v != float(text):
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of at least {least}")
    return v


def own_peak_rss_mb():
    """This process's peak resident set (VmHWM). ru_maxrss would also count what the parent had
    resident before exec."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main():
    ap = argparse.ArgumentParser(description="The NumPy peer of geosim on bench/paris-2026-first-edition.yaml.")
    ap.add_argument("--runs", type=lambda t: whole_number(t, 1), default=2000, help="number of runs (default 2000)")
    ap.add_argument("--seed", type=lambda t: whole_number(t, 0), default=1, help="seed of NumPy's PCG64 generator (default 1)")
    ap.add_argument("--no-track", action="store_true", help="no time-series bands")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    a = ap.parse_args()

    c0 = time.process_time()
    w0 = time.perf_counter()
    model = Paris(a.runs, np.random.Generator(np.random.PCG64(a.seed)))
    series = model.simulate(not a.no_track)
    outcomes, bands = summarise(model, series)
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    peak_mb = own_peak_rss_mb()
    if a.json:
        json.dump({"peer": "numpy", "numpy": np.__version__, "runs": a.runs, "seed": a.seed, "cpu_seconds": cpu,
                   "wall_seconds": wall, "peak_rss_mb": peak_mb, "outcomes": outcomes, "series": bands}, sys.stdout)
        print()
        return 0
    print(f"NumPy peer of bench/paris-2026-first-edition.yaml: {a.runs} runs, seed {a.seed}, NumPy {np.__version__}")
    for name, o in outcomes.items():
        if o["kind"] == "when":
            print(f"  {name:<26} {o['probability']:8.4f}   ({o['happened']} of {o['runs']} runs)")
        else:
            print(f"  {name:<26} {o['mean']:8.4f}   (mean; sd {o['sd']:.4f})")
    print(f"CPU time {cpu:.3f} s (simulation and statistics; wall {wall:.3f} s); peak RSS {peak_mb:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
