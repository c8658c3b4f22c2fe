#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A century of daily steps with a tracked variable: 10,000 runs stay under 1 GB of peak resident
# memory (daily trajectories of every candidate run took about 4 GB at 2,000 runs), and the series
# holds the start and 987 points 37 days apart, the horizon last (docs/outputs.md, "Series").
# About 7 s of CPU (the sanitizer build: several times that).
#
# Usage: bash long_series.sh GEOSIM_BINARY SOURCE_DIR
set -u
RUN_LIMIT=120
source "$(dirname "$0")/lib/harness.sh" "$@"

cat >"$tmp/century.yaml" <<'YAML'
geosim: 1
scenario: {name: "A century of days", step: day, horizon_days: 36500}
actors:
  A:
    variables:
      x: {value: 0.5, min: 0, max: 1, track: true}
dynamics:
  - {variable: A.x, toward: 0.5, rate: 0.01, noise: 0.02}
outcomes:
  x_end: {value: A.x}
YAML

# Peak resident memory of the child, from the kernel's accounting (getrusage), in KiB.
peak=$(/usr/bin/python3 - "$GEOSIM" "$tmp/century.yaml" "$tmp/century.json" "$(( RUN_LIMIT * SCALE ))" "$tmp" <<'PY'
import resource, subprocess, sys
geosim, scenario, out, limit, tmp = sys.argv[1:6]
with open(tmp + "/stdout", "w") as o, open(tmp + "/stderr", "w") as e:
    r = subprocess.run([geosim, "run", scenario, "--runs", "10000", "--threads", "2", "--engine", "interpreter",
                        "--json", out, "-q"], stdout=o, stderr=e, timeout=int(limit))
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if r.returncode == 0 else -1)
PY
)
(( peak > 0 && peak < 1024 * 1024 ))
check $? "36,500 daily steps, 10,000 runs: peak resident memory ${peak} KiB, under 1 GiB"

/usr/bin/python3 - "$tmp/century.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["series"]["A.x"]
day = s["day"]
assert len(day) == 988, len(day)
assert day[:3] == [0, 37, 74] and day[-2:] == [36482, 36500], (day[:3], day[-2:])
assert all(len(s[k]) == 988 for k in ("p05", "p25", "p50", "p75", "p95")), "a band of another length"
assert s["runs_used"] == 2048, s["runs_used"]
assert s["p05"][-1] < 0.45 < 0.5 < 0.55 < s["p95"][-1], (s["p05"][-1], s["p95"][-1])  # the noise spread it
PY
check $? "the series: 988 points (day 0, every 37 days, day 36,500), bands of 2,048 runs"

finish
