#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Distributed runs give the same JSON summary (provenance aside) as one process, for 2 and 3
# ranks, and for a precision-mode run; and the same per-run CSV. Usage: identical.sh GEOSIM SOURCE_DIR MPIEXEC
set -u
geosim=$1; src=$2; mpiexec=${3:-mpirun}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl=self,vader OMPI_MCA_rmaps_base_oversubscribe=1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
scenario="$src/scenarios/paris-2026.yaml"
strip() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("provenance"); print(json.dumps(d, sort_keys=True))' "$1"; }
pass=0; fail=0
check() {  # name, file-a, file-b
  if [[ -s $2 && -s $3 ]] && [[ "$(strip "$2")" == "$(strip "$3")" ]]; then echo "ok   $1"; pass=$((pass+1)); else echo "FAIL $1"; fail=$((fail+1)); fi
}
"$geosim" run "$scenario" --runs 3000 --seed 11 --threads 1 --json "$tmp/single.json" -q
for n in 2 3; do
  timeout 300 "$mpiexec" -n $n "$geosim" run "$scenario" --runs 3000 --seed 11 --threads 1 --json "$tmp/mpi$n.json" -q
  check "$n ranks = 1 process" "$tmp/single.json" "$tmp/mpi$n.json"
done
"$geosim" run "$scenario" --runs 512 --precision 0.02 --seed 5 --threads 2 --json "$tmp/p1.json" -q
timeout 300 "$mpiexec" -n 2 "$geosim" run "$scenario" --runs 512 --precision 0.02 --seed 5 --threads 1 --json "$tmp/p2.json" -q
check "precision mode, 2 ranks = 1 process" "$tmp/p1.json" "$tmp/p2.json"
# The per-run CSV (each run's draws travel with its outcomes from the rank that ran it).
"$geosim" run "$scenario" --runs 700 --seed 3 --threads 1 --csv "$tmp/single.csv" -q
timeout 300 "$mpiexec" -n 3 "$geosim" run "$scenario" --runs 700 --seed 3 --threads 1 --csv "$tmp/mpi3.csv" -q
if [[ -s $tmp/single.csv ]] && cmp -s "$tmp/single.csv" "$tmp/mpi3.csv"; then echo "ok   per-run CSV, 3 ranks = 1 process"; pass=$((pass+1)); else echo "FAIL per-run CSV differs with 3 ranks"; fail=$((fail+1)); fi
ranks=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["provenance"]["ranks"])' "$tmp/mpi3.json" 2>/dev/null)
if [[ $ranks == 3 ]]; then echo "ok   provenance records 3 ranks"; pass=$((pass+1)); else echo "FAIL provenance ranks: $ranks"; fail=$((fail+1)); fi
echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
