#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Output files (docs/errors.md, "Output files"): only regular files are written (or '-', or
# /dev/null, which needs no --force); a FIFO, a device, a socket or a symbolic link is refused,
# even with --force, and left as it was; two outputs of one command never share a file or a
# temporary; every output is renamed into place only once all are written, and none is left
# when one fails; without --force a file that appears meanwhile is not replaced.
#
# Usage: bash output_paths.sh GEOSIM_BINARY SOURCE_DIR
set -u
source "$(dirname "$0")/lib/harness.sh" "$@"
small="$SRC/scenarios/bargaining-101.yaml"
export GEOSIM_CACHE_DIR="$tmp/cache"
has() { grep -q -- "$1" "$tmp/stderr"; }
one_line() { [[ $(wc -l <"$tmp/stderr") == 1 ]]; }
no_temporaries() { ! compgen -G "$tmp/*.tmp-*" >/dev/null; }

# --- /dev/null: a place to discard output, no --force needed ---
run_geosim run "$small" --runs 100 --json /dev/null --csv /dev/null -q
[[ $rc == 0 && -c /dev/null ]]
check $? "--json /dev/null --csv /dev/null: exit 0 without --force, /dev/null still a device"
if (( $(id -u) == 0 )); then
  # Root could replace device nodes: a copy of /dev/null and of /dev/zero stand in for them.
  mknod "$tmp/null" c 1 3 && mknod "$tmp/zero" c 1 5
  run_geosim run "$small" --runs 100 --json "$tmp/null" --force -q
  [[ $rc == 0 && -c "$tmp/null" ]] && no_temporaries
  check $? "as root, --json NULL-DEVICE --force: written nowhere, the device node stays"
  run_geosim run "$small" --runs 100 --json "$tmp/zero" --force -q
  [[ $rc == 2 && -c "$tmp/zero" ]] && one_line && has "is a character device, not a regular file" && no_temporaries
  check $? "as root, --json OTHER-DEVICE --force: refused (exit 2), the device node stays"
fi

# --- FIFOs, sockets, links: refused with or without --force, left as they were ---
mkfifo "$tmp/fifo"
for force in "" --force; do
  run_geosim run "$small" --runs 100 --json "$tmp/fifo" $force -q
  [[ $rc == 2 && -p "$tmp/fifo" ]] && one_line && has "is a FIFO (named pipe), not a regular file" && no_temporaries
  check $? "--json FIFO ${force:-(no --force)}: exit 2, the FIFO stays"
done
python3 -c 'import socket, sys; s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$tmp/sock"
run_geosim run "$small" --runs 100 --csv "$tmp/sock" --force -q
[[ $rc == 2 && -S "$tmp/sock" ]] && has "is a socket"
check $? "--csv SOCKET --force: exit 2, the socket stays"
ln -s /proc/self/fd/1 "$tmp/to-stdout"
run_geosim run "$small" --runs 100 --json "$tmp/to-stdout" --force -q
[[ $rc == 2 && -L "$tmp/to-stdout" && $(readlink "$tmp/to-stdout") == /proc/self/fd/1 ]] && has "is a symbolic link" && no_temporaries
check $? "--json LINK-TO-/proc/self/fd/1 --force: exit 2, the link stays"
ln -s "$tmp/nowhere.json" "$tmp/dangling"
run_geosim run "$small" --runs 100 --json "$tmp/dangling" -q
[[ $rc == 2 && -L "$tmp/dangling" && ! -e "$tmp/nowhere.json" ]] && has "is a symbolic link"
check $? "--json DANGLING-LINK without --force: exit 2, not replaced, nothing created where it points"
echo keep >"$tmp/real.json"
ln -s "$tmp/real.json" "$tmp/link.json"
run_geosim run "$small" --runs 100 --json "$tmp/link.json" --force -q
[[ $rc == 2 && -L "$tmp/link.json" && $(cat "$tmp/real.json") == keep ]]
check $? "--json LINK-TO-A-FILE --force: exit 2, neither the link nor its file touched"

# --- Two outputs, one file ---
run_geosim run "$small" --runs 100 --json "$tmp/same" --csv "$tmp/same" -q
[[ $rc == 2 && ! -e "$tmp/same" ]] && one_line && has "name the same file" && no_temporaries
check $? "--json F --csv F: exit 2 before running, F not written"
run_geosim run "$small" --runs 100 --json "$tmp/same" --csv "$tmp/./same" --report "$tmp/other.html" -q
[[ $rc == 2 && ! -e "$tmp/same" && ! -e "$tmp/other.html" ]] && has "name the same file"
check $? "--json F --csv ./F (one file, two spellings): exit 2"
run_geosim run "$small" --runs 100 --json - --csv - -q
[[ $rc == 2 ]] && has "both write to standard output"
check $? "--json - --csv -: exit 2, two outputs cannot share standard output"
run_geosim compare "$SCENARIO" --runs 20 --json "$tmp/same" --report "$tmp/same" -q
[[ $rc == 2 && ! -e "$tmp/same" ]] && has "name the same file"
check $? "compare --json F --report F: exit 2"

# --- Placed only when every output is written; a later failure withdraws the earlier ones ---
# A FIFO appears where the report goes while the runs go on: the report cannot be placed, so
# neither is the JSON (renamed first) nor the CSV.
"$GEOSIM" run "$SCENARIO" --runs 30000 --threads 2 --json "$tmp/a.json" --csv "$tmp/a.csv" --report "$tmp/a.html" -q \
  >"$tmp/stdout" 2>"$tmp/stderr" &
pid=$!
for i in $(seq 1 100); do compgen -G "$tmp/a.html.tmp-*" >/dev/null && break; sleep 0.05; done
mkfifo "$tmp/a.html"
wait $pid
rc=$?
[[ $rc == 1 && -p "$tmp/a.html" && ! -e "$tmp/a.json" && ! -e "$tmp/a.csv" ]] && has "became a FIFO" && no_temporaries
check $? "the last output cannot be placed: exit 1, and no output at all (the others withdrawn), no temporary"

# Another process creates the target meanwhile (no --force): it is not replaced.
"$GEOSIM" run "$SCENARIO" --runs 30000 --threads 2 --json "$tmp/b.json" -q >"$tmp/stdout" 2>"$tmp/stderr" &
pid=$!
for i in $(seq 1 100); do compgen -G "$tmp/b.json.tmp-*" >/dev/null && break; sleep 0.05; done
echo "the other process's file" >"$tmp/b.json"
wait $pid
rc=$?
[[ $rc == 1 && $(cat "$tmp/b.json") == "the other process's file" ]] && has "created by another process" && has "--force" && no_temporaries
check $? "a target created by another process during the run: exit 1, that file kept, no temporary"

# Two runs writing one path without --force: exactly one of them succeeds.
"$GEOSIM" run "$small" --runs 20000 --seed 1 --json "$tmp/race.json" -q 2>"$tmp/race1.err" &
p1=$!
"$GEOSIM" run "$small" --runs 20000 --seed 2 --json "$tmp/race.json" -q 2>"$tmp/race2.err" &
p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
(( (r1 == 0) + (r2 == 0) == 1 )) && python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$tmp/race.json" && no_temporaries
check $? "two runs racing for one path without --force: exactly one succeeds (exits $r1, $r2)"

# Each output has its own temporary, created exclusively (a link planted under a temporary's
# likely name is never followed): the JSON and the CSV of one run are both complete.
run_geosim run "$small" --runs 300 --json "$tmp/c.json" --csv "$tmp/c.csv" -q
[[ $rc == 0 ]] && python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$tmp/c.json" &&
  [[ $(wc -l <"$tmp/c.csv") == 301 ]] && no_temporaries
check $? "--json and --csv of one run: each complete in its own file"

finish
