#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes a synthetic scenario of N actors for the scaling benchmark (docs/performance.md).

    python3 bench/synthetic/make_scenario.py N [TIES] > synthetic-N.yaml

Every actor has two variables that drift (one toward a mix of its neighbours' values), one event
of its own whose rate reads its state, and its resolve spreads over a sparse relation in which
each actor is tied to TIES others (default 4, a ring lattice: the relation has N * (TIES + 1)
non-zero entries of N * N; TIES 0: no influence). Two of them negotiate with a ceasefire; eight guarantee it. The
numbers are arbitrary: the scenario measures cost, not anything about the world. Standard library
only, so it runs under any python3.
"""
import sys


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    ties = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    if n < 10:
        sys.exit("make_scenario.py: N must be at least 10")
    ids = [f"A{i:04d}" for i in range(n)]
    out = ["geosim: 1", "", "scenario:", f'  name: "Synthetic, {n} actors"',
           "  description: A generated scenario for the scaling benchmark (bench/synthetic).",
           "  step: day", "  horizon_days: 365", "", "actors:"]
    for i, a in enumerate(ids):
        out += [f"  {a}:", "    variables:",
                f"      resolve: {0.3 + 0.4 * ((i * 37) % 101) / 100:.3f}",
                f"      unity: {{value: {{uniform: [0.4, 0.8]}}}}",
                "      capability: 0.5"]
    if ties > 0:
        out += ["", "relations:", "  ties:", "    default: 0", "    diagonal: 1", "    values:"]
        for i, a in enumerate(ids):
            for k in range(1, ties // 2 + 1):
                out.append(f"      - [{a}, {ids[(i + k) % n]}, {0.2 + 0.1 * (k % 8):.1f}]")
    out += ["", "dynamics:"]
    for i, a in enumerate(ids):
        nb = ids[(i + 1) % n]
        out += [f"  - variable: {a}.unity", f'    toward: "0.6 - 0.2 * {a}.resolve + 0.1 * {nb}.unity"',
                "    rate: 0.01", "    noise: 0.004",
                f"  - variable: {a}.capability", f'    toward: "0.4 + 0.2 * {a}.unity"', "    rate: 0.005"]
    if ties > 0:
        out += ["  - influence: resolve", "    relation: ties", "    stubbornness: 0.8"]
    out += ["", "events:"]
    for i, a in enumerate(ids):
        out += [f"  crisis_{a}:", f"    actor: {a}", f'    rate: "0.002 + 0.01 * (1 - {a}.unity)"',
                f'    effects: ["{a}.unity -= 0.05", "{a}.resolve += 0.02"]']
    out += ["", "commitments:", "  guarantee:", "    type: security_guarantee",
            f"    guarantors: [{', '.join(ids[2:10])}]", f"    beneficiary: {ids[0]}", "    prior: [6, 4]",
            '    active_when: "ceasefire.in_force"', '    trigger: "ceasefire.breach_now"',
            '    honour: "credibility * self.resolve"', "",
            "negotiation:", f"  parties: [{ids[0]}, {ids[1]}]", '  issue: "a disputed province"',
            f'  p_win: "{ids[1]}.capability / ({ids[0]}.capability + {ids[1]}.capability)"',
            '  costs: ["0.2", "0.15"]', "  uncertainty: 0.1", "  commitment_problem: 0.1", "  rate: 0.005", "",
            "ceasefire:", "  breach:", "    weibull: {shape: 0.6, scale_days: 1500}",
            f'  pressure: "{ids[1]}.resolve - 0.5"', "",
            "outcomes:",
            '  deal: {label: "Ceasefire signed", when: "ceasefire.signed > 0"}',
            '  broken: {label: "Ceasefire broken", when: "ceasefire.breached > 0"}',
            f'  crises: {{label: "Crises of {ids[0]}", count: crisis_{ids[0]}}}',
            f'  unity: {{label: "Unity of {ids[0]} at the end", value: "{ids[0]}.unity"}}']
    print("\n".join(out))


if __name__ == "__main__":
    main()
