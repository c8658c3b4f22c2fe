#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The bad-input contract (docs/errors.md) for command-line misuse and resource limits: each
# mistake gets exit code 2 and ONE clear line on stderr in the common style
# "geosim: error: ..." (or FILE:LINE:COL: error: ... when the problem has a place in a file),
# never a crash, a hang or a partial output file. SIGINT, SIGTERM or SIGHUP at any moment of a
# long run stops it promptly, says so, exits 1 and leaves no output file behind.
#
# Usage: bash misuse.sh GEOSIM_BINARY SOURCE_DIR
set -u

source "$(dirname "$0")/lib/harness.sh" "$@"

has() { grep -q -- "$1" "$tmp/stderr"; }
one_line() { [[ $(wc -l <"$tmp/stderr") == 1 ]]; }
# usage_error FRAGMENT...: exit 2, one line, "geosim: error: " first, every fragment present.
usage_error() {
  [[ $rc == 2 ]] && one_line && [[ $(head -c 15 "$tmp/stderr") == "geosim: error: " ]] || return 1
  local f
  for f in "$@"; do has "$f" || return 1; done
}

# --- Options and arguments ---

run_geosim run "$SCENARIO" --bogus
usage_error "unknown option '--bogus'" "geosim run --help"
check $? "an unknown flag: exit 2, one line naming it"

run_geosim run "$SCENARIO" --runz 10
usage_error "unknown option '--runz'" "did you mean '--runs'"
check $? "a misspelt flag with a value: exit 2, names it and suggests the real one"

run_geosim check "$SCENARIO" --bogus
usage_error "check: unknown option '--bogus'"
check $? "an unknown flag on check: exit 2, one line"

run_geosim run "$SCENARIO" --runs -5
usage_error "--runs -5" "from 1 to"
check $? "--runs -5: exit 2, one line with the allowed range"

run_geosim run "$SCENARIO" --threads 0
usage_error "--threads 0" "from 1 to"
check $? "--threads 0: exit 2, one line with the allowed range"

run_geosim run "$SCENARIO" --seed abc
usage_error "--seed 'abc'" "whole number"
check $? "--seed abc: exit 2, one line saying a whole number is expected"

run_geosim run "$SCENARIO" --runs many
usage_error "--runs 'many'" "expected a number"
check $? "--runs many: exit 2, one line saying a number is expected"

run_geosim run "$SCENARIO" --runs 10 --json
usage_error "--json needs a value"
check $? "--json without its value: exit 2, one line"

run_geosim --bogus
usage_error "unknown option '--bogus'"
check $? "an unknown flag before any command: exit 2, one line naming it"

run_geosim run "$SCENARIO" --runs 10 --set nosuch.path=1
usage_error "unknown path 'nosuch.path'"
check $? "--set on an unknown path: exit 2, one line naming the path"

run_geosim run "$SCENARIO" --runs 10 --set 'negotiation'
usage_error "PATH=VALUE"
check $? "--set without '=': exit 2, one line"

run_geosim run "$SCENARIO" --runs 10 --variant no_such_variant
usage_error "no variant 'no_such_variant'"
check $? "--variant with an unknown name: exit 2, one line"

run_geosim frobnicate "$SCENARIO"
usage_error "unknown command 'frobnicate'" "check, run"
check $? "an unknown subcommand: exit 2, one line naming it and the real ones"

run_geosim chek "$SCENARIO"
usage_error "unknown command 'chek'" "did you mean 'check'"
check $? "a misspelt subcommand: exit 2, suggests the real one"

run_geosim
usage_error "no command given"
check $? "no arguments: exit 2, one line"

run_geosim run
usage_error "scenario FILE is required"
check $? "run without a file: exit 2, one line"

# --- Input files ---

run_geosim run "$tmp/no-such-scenario.yaml" --runs 10
usage_error "no-such-scenario.yaml" "no such file"
check $? "a missing file: exit 2, one line naming it"

run_geosim check "$SRC/scenarios"
usage_error "is a directory"
check $? "a directory instead of a file: exit 2, one line"

# --- Output files ---

run_geosim run "$SCENARIO" --runs 10 --json "/nonexistent-dir-$$/x.json"
usage_error "--json" "does not exist"
check $? "--json into a folder that does not exist: exit 2, one line"

run_geosim run "$SCENARIO" --runs 10 --json "/proc/geosim-$$.json"
usage_error "--json" "cannot be written"
check $? "--json where no file can be created (/proc; root ignores chmod): exit 2, one line"

run_geosim run "$SCENARIO" --runs 10 --csv "$tmp"
usage_error "--csv" "is a directory"
check $? "--csv naming a directory: exit 2, one line"

echo '{"keep": true}' >"$tmp/existing.json"
run_geosim run "$SCENARIO" --runs 10 --json "$tmp/existing.json"
usage_error "already exists" "--force" && [[ $(cat "$tmp/existing.json") == '{"keep": true}' ]]
check $? "an existing output file without --force: exit 2, one line, file untouched"

run_geosim run "$SCENARIO" --runs 10 --json "$tmp/existing.json" --force -q
[[ $rc == 0 ]] && python3 -c 'import json,sys; json.load(open(sys.argv[1]))["outcomes"]' "$tmp/existing.json"
check $? "the same with --force: exit 0, file replaced"

# --- Resource limits ---

run_geosim run "$SCENARIO" --runs 10 --max-actors 3
[[ $rc == 2 ]] && has "over the limit of 3" && has "--max-actors" && [[ $(head -n 1 "$tmp/stderr") == "$SCENARIO:"* ]]
check $? "more actors than --max-actors: exit 2, at the first actor over, says how to raise it"

# A scenario with 1500 actors: refused by default (1000), accepted with --max-actors 2000.
python3 - "$tmp/many_actors.yaml" 1500 <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    f.write("geosim: 1\nscenario: {name: Many actors, horizon_days: 10}\nactors:\n")
    for i in range(n):
        f.write(f"  A{i}: {{variables: {{x: 0.5}}}}\n")
    f.write("outcomes:\n  high: {when: A0.x > 0.9}\n")
PY
run_geosim check "$tmp/many_actors.yaml"
[[ $rc == 2 ]] && has "declares 1500 actors, over the limit of 1000" && has "--max-actors 1500"
check $? "1500 actors: refused by default, with the limit and the flag to raise it"

run_geosim check "$tmp/many_actors.yaml" --max-actors 2000
[[ $rc == 0 ]]
check $? "1500 actors with --max-actors 2000: accepted"

# A million actors cannot even be listed within the YAML node budget (1,000,000 nodes, fixed):
# refused by it, before anything is read. 900,000 actors fit in the budget: refused by
# --max-actors, which says how to raise it.
gen_actors() {
  python3 - "$1" "$2" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    f.write("geosim: 1\nscenario: {name: Many actors, horizon_days: 10}\nactors:\n")
    f.writelines(f"  A{i}:\n" for i in range(n))
    f.write("outcomes:\n  t: {value: t}\n")
PY
}
gen_actors "$tmp/million_actors.yaml" 1000000
start=$(date +%s%3N)
run_geosim check "$tmp/million_actors.yaml"
elapsed=$(( $(date +%s%3N) - start ))
[[ $rc == 2 ]] && has "more than 1000000 nodes"
check $? "a million actors: refused by the node budget (${elapsed} ms)"

gen_actors "$tmp/many_more_actors.yaml" 900000
start=$(date +%s%3N)
run_geosim check "$tmp/many_more_actors.yaml"
elapsed=$(( $(date +%s%3N) - start ))
[[ $rc == 2 ]] && has "declares 900000 actors, over the limit of 1000" && has "--max-actors 900000"
check $? "900,000 actors: refused by --max-actors, says how to raise it (${elapsed} ms)"
rm -f "$tmp/million_actors.yaml" "$tmp/many_more_actors.yaml"

# An influence rule over 1000 actors with --max-actors raised to 40000 would still be fine; over
# 40000 actors it needs a 40000 x 40000 matrix (25 GB): refused by the memory estimate.
python3 - "$tmp/big_influence.yaml" 40000 <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    f.write("geosim: 1\nscenario: {name: Big influence, horizon_days: 10}\nactors:\n")
    f.writelines(f"  A{i}: {{variables: {{x: 0.5}}}}\n" for i in range(n))
    f.write("relations:\n  ties: {default: 0.1}\n")
    f.write("dynamics:\n  - {influence: x, relation: ties}\n")
    f.write("outcomes:\n  t: {value: t}\n")
PY
run_geosim check "$tmp/big_influence.yaml" --max-actors 50000
[[ $rc == 2 ]] && has "40000 x 40000 matrix" && has "over the limit of 4096 MiB" && has "--max-memory"
check $? "a 40000-actor influence matrix: refused by the memory estimate, says --max-memory"

# 30,000 events that each name an unknown variable: every error is reported (the first 100
# shown), in seconds -- not an hour of "did you mean" searches over 30,000 names each.
python3 - "$tmp/many_unknown_names.yaml" 30000 <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    f.write("geosim: 1\nscenario: {name: Unknown names, horizon_days: 10}\nactors:\n  A: {variables: {x: 0.5}}\nevents:\n")
    f.writelines(f"  e{i}: {{rate: A.y{i}}}\n" for i in range(n))
    f.write("outcomes:\n  t: {value: t}\n")
PY
start=$(date +%s%3N)
run_geosim check "$tmp/many_unknown_names.yaml"
elapsed=$(( $(date +%s%3N) - start ))
[[ $rc == 2 ]] && has "unknown name 'A.y0'" && has "and 29900 more errors not shown" && has "^30000 errors" &&
  (( $(wc -l <"$tmp/stderr") < 400 ))
check $? "30,000 unknown names: the first 100 shown, a count, in ${elapsed} ms"

# Runs x tracked points: 400 tracked variables over 100 years of days (988 points each).
python3 - "$tmp/tracked.yaml" 400 <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    f.write("geosim: 1\nscenario: {name: Tracked, horizon_days: 36500}\nactors:\n  A:\n    variables:\n")
    f.writelines(f"      v{i}: {{value: 0.5, track: true}}\n" for i in range(n))
    f.write("outcomes:\n  t: {value: t}\n")
PY
run_geosim run "$tmp/tracked.yaml" --runs 100000 --threads 2 -q
[[ $rc == 2 ]] && one_line && has "this run would need about" && has "400 tracked variables x 988 points" && has "--max-memory"
check $? "runs x tracked points over the memory limit: refused before running, says --max-memory"

run_geosim check "$tmp/tracked.yaml"
[[ $rc == 0 ]]
check $? "the same scenario passes check (the run's size is not known there)"

run_geosim check "$SCENARIO" --set scenario.horizon_days=1000000000
[[ $rc == 2 ]] && has "36500"
check $? "a 10^9-day horizon: refused by the format, naming its limit (36500 days)"

run_geosim run "$SCENARIO" --runs 10 --max-memory 0
usage_error "--max-memory 0"
check $? "--max-memory 0: exit 2, one line"

# --- Signals: SIGINT (Ctrl-C), SIGTERM (timeout, docker stop, scancel), SIGHUP (a closed terminal) ---

# stop_after DELAY SIGNAL PID: after DELAY seconds sends SIGNAL and waits up to 10 s for the
# process to end. Sets rc (its exit status) and elapsed (ms from the signal); returns 1 (after
# SIGKILL) when it did not stop. The handlers are installed when geosim starts, so any moment
# counts: during the load, the native compile or the runs.
stop_after() {
  local delay=$1 sig=$2 pid=$3 i start
  sleep "$delay"
  kill -"$sig" "$pid"
  start=$(date +%s%3N)
  for i in $(seq 1 $(( 100 * SCALE ))); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  elapsed=
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid"
    wait "$pid"
    rc=timeout
    return 1
  fi
  wait "$pid"
  rc=$?
  elapsed=$(( $(date +%s%3N) - start ))
}
# stopped_cleanly OUTPUT: exit 1 (not a death by the signal), says so, no output nor temporary.
stopped_cleanly() {
  (( rc == 1 )) && has "interrupted" && [[ ! -e $1 ]] && ! compgen -G "$1.tmp-*" >/dev/null
}
# Jobs started with job control (set -m), as from a terminal: SIGINT is not ignored in them.
set -m

# A run far longer than the test: each signal must stop it within a few seconds, say so, exit 1
# and leave neither the output file nor its temporary behind.
for sig in INT TERM HUP; do
  "$GEOSIM" run "$SCENARIO" --runs 1000000000 --threads 2 --json "$tmp/interrupted.json" --csv "$tmp/interrupted.csv" \
    >"$tmp/stdout" 2>"$tmp/stderr" &
  stop_after 2 "$sig" $! && stopped_cleanly "$tmp/interrupted.json" && stopped_cleanly "$tmp/interrupted.csv" &&
    has "by SIG$sig" && has "no output files written" && (( elapsed < 8000 * SCALE ))
  check $? "SIG$sig stops a long run within 8 s (${elapsed:-?} ms), says so, exit 1, no output (JSON, partial CSV) or temporary"
done

# (A 100-year daily horizon keeps about 34 GiB of trajectories at most: the tracked variables and
# the run report's series of the bargaining range; the limit lets the job start.)
# A signal in the first instants is honoured too, not lost: with an empty native-code cache this
# job is large enough for `--engine auto` to compile first, so the signal comes during the compile.
for sig in INT TERM; do
  GEOSIM_CACHE_DIR="$tmp/early-cache-$sig" "$GEOSIM" run "$SCENARIO" --runs 1000000 --threads 2 --set scenario.horizon_days=36500 --max-memory 65536 \
    --json "$tmp/early.json" >"$tmp/stdout" 2>"$tmp/stderr" &
  stop_after 0.3 "$sig" $! && stopped_cleanly "$tmp/early.json" && (( elapsed < 5000 * SCALE )) &&
    [[ -z $(ls -A "$tmp/early-cache-$sig" 2>/dev/null | grep -v '^key$') ]]
  check $? "SIG$sig in the first 0.3 s (loading, compiling) of a 36,500-day run stops it within 5 s (${elapsed:-?} ms), exit 1, no output, nothing left in the cache"
done

# Long horizons: a block of 256 runs of 100 years takes tens of seconds, so the workers must stop
# between runs, not only between blocks (run, compare).
for cmd in run compare; do
  "$GEOSIM" $cmd "$SCENARIO" --runs 1000000 --threads 2 --set scenario.horizon_days=36500 --max-memory 65536 \
    --json "$tmp/long-$cmd.json" >"$tmp/stdout" 2>"$tmp/stderr" &
  stop_after 1 INT $! && stopped_cleanly "$tmp/long-$cmd.json" && (( elapsed < 5000 * SCALE ))
  check $? "SIGINT stops '$cmd' on a 36,500-day horizon within 5 s (${elapsed:-?} ms), no output file"
done

# explain --outcome searching a very long way: a signal stops the search.
"$GEOSIM" explain "$SCENARIO" --outcome '!ceasefire_signed' --outcome ceasefire_signed --max-search 1000000000 \
  --json "$tmp/explain.json" >"$tmp/stdout" 2>"$tmp/stderr" &
stop_after 1 TERM $! && stopped_cleanly "$tmp/explain.json"
check $? "SIGTERM stops a long 'explain --outcome' search (${elapsed:-?} ms), exit 1, no output"
# A scenario awaited on standard input (a terminal, a pipe nobody writes to): a signal ends the wait.
mkfifo "$tmp/stdin-fifo"
exec 7<>"$tmp/stdin-fifo"   # held open: the reader waits for data, never sees an end
"$GEOSIM" check - <"$tmp/stdin-fifo" >"$tmp/stdout" 2>"$tmp/stderr" &
stop_after 1 INT $! && (( rc == 1 )) && has "interrupted by SIGINT"
check $? "SIGINT while 'check -' waits for standard input: exit 1 at once (${elapsed:-?} ms), says so"
exec 7>&-

# check of many files: a signal stops it between two files.
files=()
for i in $(seq 1 500); do files+=("$SCENARIO"); done
"$GEOSIM" check -q "${files[@]}" >"$tmp/stdout" 2>"$tmp/stderr" &
stop_after 1 TERM $! && (( rc == 1 )) && has "interrupted by SIGTERM" && (( elapsed < 5000 * SCALE ))
check $? "SIGTERM stops 'check' of 500 files within 5 s (${elapsed:-?} ms), exit 1, says so"
set +m

# A background job of a shell without job control starts with SIGINT ignored (the shell's way
# of keeping Ctrl-C for the foreground job): geosim keeps it ignored, and SIGTERM still stops it.
"$GEOSIM" run "$SCENARIO" --runs 1000000000 --threads 2 --json "$tmp/bg.json" >"$tmp/stdout" 2>"$tmp/stderr" &
pid=$!
sleep 1
kill -INT $pid
sleep 1
kill -0 $pid 2>/dev/null
alive=$?
stop_after 0 TERM $pid
(( alive == 0 )) && stopped_cleanly "$tmp/bg.json" && has "by SIGTERM"
check $? "started with SIGINT ignored (cmd & in a script): SIGINT stays ignored, SIGTERM stops it cleanly"

finish
