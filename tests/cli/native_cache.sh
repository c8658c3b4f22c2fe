#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The native-code cache trusts nothing it did not write itself (docs/errors.md, "Threat model"):
# a folder that is a link, another user's or writable by others is refused (a note, the run goes
# on interpreted; --engine native: exit 1), so is an entry that is a link; a library whose keyed
# hash does not verify (a trojan with the right name) is never loaded but rebuilt; temporaries
# never follow a planted link; the compiler runs in a clean environment (CPATH and friends do not
# reach it), its identity is in the key, it has a time limit, it dies with geosim (SIGTERM
# during the compile) and it never runs when an output path is wrong.
#
# Usage: bash native_cache.sh GEOSIM_BINARY SOURCE_DIR
set -u
RUN_LIMIT=120
source "$(dirname "$0")/lib/harness.sh" "$@"
small="$SRC/scenarios/bargaining-101.yaml"
has() { grep -q -- "$1" "$tmp/stderr"; }
execution() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["provenance"]["execution"])' "$1"; }

# A clean build in a fresh cache: the reference key (the library's name).
export GEOSIM_CACHE_DIR="$tmp/cache"
run_geosim run "$small" --runs 50 --engine native --json "$tmp/clean.json" -q
lib=$(ls "$tmp/cache"/*.so 2>/dev/null | head -n 1)
[[ $rc == 0 && -n $lib && $(stat -c %a "$tmp/cache") == 700 && $(stat -c %a "$tmp/cache/key") == 600 ]]
check $? "a new cache folder is created 0700, its key 0600"
key=$(basename "$lib" .so)
ls -A "$tmp/cache" | grep -vqE "^($key\.so|$key\.cpp|key)$"
(( $? != 0 ))
check $? "after a build the cache holds the library, its source and the key, no temporary"

# --engine auto by cost (docs/cli.md): a cached library runs native however few the runs; with
# none cached, 50 runs of a small scenario are far from repaying a compile.
choice() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["provenance"].get("engine_choice", ""))' "$1"; }
run_geosim run "$small" --runs 50 --json "$tmp/auto.json" -q
[[ $rc == 0 && $(execution "$tmp/auto.json") == native && $(choice "$tmp/auto.json") == "native: the library is cached (no compile)" ]]
check $? "--engine auto with the library cached: native, and provenance says why"
GEOSIM_CACHE_DIR="$tmp/empty-cache" run_geosim run "$small" --runs 50 --json "$tmp/auto-small.json" -q
[[ $rc == 0 && $(execution "$tmp/auto-small.json") == interpreted && $(choice "$tmp/auto-small.json") == "interpreted: 50 runs x "*" s native (x 0.66 per run)" ]] &&
  ! ls "$tmp/empty-cache"/*.so >/dev/null 2>&1
check $? "--engine auto, nothing cached, 50 runs: interpreted, nothing compiled, the costs weighed in provenance"
cmp <(python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); d.pop("provenance"); print(json.dumps(d))' "$tmp/auto.json") \
    <(python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); d.pop("provenance"); print(json.dumps(d))' "$tmp/auto-small.json") >/dev/null
check $? "... the same results either way"

# --- A world-writable cache (the attack: anyone could put a KEY.so there) ---
mkdir -p "$tmp/shared" && chmod 1777 "$tmp/shared"
cp "$lib" "$tmp/shared/$key.so"
GEOSIM_CACHE_DIR="$tmp/shared" run_geosim run "$small" --runs 50 --json "$tmp/shared.json" -q
[[ $rc == 0 && $(execution "$tmp/shared.json") == interpreted ]] && has "note: running interpreted" &&
  has "can be written by other users (mode 1777)" && has "GEOSIM_CACHE_DIR"
check $? "a world-writable cache folder: refused with a note, the run goes on interpreted"
GEOSIM_CACHE_DIR="$tmp/shared" run_geosim run "$small" --runs 50 --engine native -q
[[ $rc == 1 ]] && has "can be written by other users"
check $? "... with --engine native: exit 1 and the reason"

# --- A trojan library under the right name in one's own cache: real code plus a constructor ---
mkdir -m 700 "$tmp/own"
marker="$tmp/trojan-ran"
cat "$tmp/cache/$key.cpp" >"$tmp/trojan.cpp"
cat >>"$tmp/trojan.cpp" <<EOF
#include <cstdio>
__attribute__((constructor)) static void trojan() { std::FILE* f = std::fopen("$marker", "w"); if (f) std::fclose(f); }
EOF
c++ -std=c++20 -O1 -fPIC -shared -w -o "$tmp/own/$key.so" "$tmp/trojan.cpp"
cp "$tmp/cache/key" "$tmp/own/key"  # even with the right key file: the library carries no valid hash
GEOSIM_CACHE_DIR="$tmp/own" run_geosim run "$small" --runs 50 --engine auto --json "$tmp/own.json" -q
[[ $rc == 0 && ! -e $marker && $(execution "$tmp/own.json") == interpreted ]]
check $? "a trojan KEY.so without a valid keyed hash is not loaded (auto, nothing to build: interpreted)"
GEOSIM_CACHE_DIR="$tmp/own" run_geosim run "$small" --runs 50 --engine native --json "$tmp/own2.json" -q
[[ $rc == 0 && ! -e $marker && $(execution "$tmp/own2.json") == native ]] && cmp -s "$tmp/own/$key.so" "$lib"
check $? "... --engine native rebuilds it in its place; the trojan's code never ran"
# A forged trailer (the library's own tag, a wrong hash) does not verify either.
{ head -c -48 "$lib"; head -c 32 /dev/zero; tail -c 16 "$lib"; } >"$tmp/forged.so"
install -m 700 "$tmp/forged.so" "$tmp/own/$key.so"
GEOSIM_CACHE_DIR="$tmp/own" run_geosim run "$small" --runs 50 --json "$tmp/own3.json" -q
[[ $rc == 0 && $(execution "$tmp/own3.json") == interpreted ]]
check $? "a library whose keyed hash is wrong is not loaded"

# --- Links and other users ---
ln -s "$tmp/cache" "$tmp/link"
GEOSIM_CACHE_DIR="$tmp/link" run_geosim run "$small" --runs 50 --engine native -q
[[ $rc == 1 ]] && has "is a symbolic link"
check $? "a cache folder that is a symbolic link: refused"
mkdir -m 700 "$tmp/entrylink"
cp "$tmp/cache/key" "$tmp/entrylink/key"
ln -s "$lib" "$tmp/entrylink/$key.so"
GEOSIM_CACHE_DIR="$tmp/entrylink" run_geosim run "$small" --runs 50 --json "$tmp/el.json" -q
[[ $rc == 0 && $(execution "$tmp/el.json") == interpreted ]] && has "cache entry .*$key.so is a symbolic link" && has "remove it"
check $? "a cache entry that is a symbolic link: refused with a note naming it"
if (( $(id -u) == 0 )); then
  # Root can play the other user: a cache folder (or, with HOME unset, the default one in the
  # temporary folder) created first by someone else.
  mkdir -p "$tmp/tmpdir/geosim-native-0" && chown 65534 "$tmp/tmpdir/geosim-native-0"
  env -u HOME -u XDG_CACHE_HOME -u GEOSIM_CACHE_DIR TMPDIR="$tmp/tmpdir" \
    timeout 60 "$GEOSIM" run "$small" --runs 50 --json "$tmp/other.json" -q >"$tmp/stdout" 2>"$tmp/stderr"
  rc=$?
  [[ $rc == 0 && $(execution "$tmp/other.json") == interpreted ]] && has "belongs to another user (uid 65534)"
  check $? "HOME unset, the default cache in TMPDIR created first by another user: refused"
  mkdir -m 700 "$tmp/foreign" && cp -p "$lib" "$tmp/cache/key" "$tmp/foreign/" && chown 65534 "$tmp/foreign/$key.so"
  GEOSIM_CACHE_DIR="$tmp/foreign" run_geosim run "$small" --runs 50 --engine native -q
  [[ $rc == 1 ]] && has "belongs to another user"
  check $? "a cache entry owned by another user: refused"
fi

# --- Temporaries never follow a planted link ---
# geosim's PID is known before it starts (sh execs it): links are planted under every name a
# build could use for its temporaries with that PID, pointing at a file that must stay intact.
mkdir -m 700 "$tmp/planted"
echo precious >"$tmp/victim"
GEOSIM_CACHE_DIR="$tmp/planted" sh -c 'while [ ! -e "$1" ]; do sleep 0.05; done; shift; exec "$@"' _ "$tmp/go" \
  "$GEOSIM" run "$small" --runs 50 --engine native -q >"$tmp/stdout" 2>"$tmp/stderr" &
gpid=$!
for n in $(seq 0 9); do
  for name in "$key.so.$gpid.$n.tmp" "$key.cpp.$gpid.$n.tmp" "$key.so.$gpid.$n.tmp.log" "key.$gpid.$n.tmp"; do
    ln -s "$tmp/victim" "$tmp/planted/$name"
  done
done
touch "$tmp/go"
wait $gpid
rc=$?
[[ $rc == 0 && $(cat "$tmp/victim") == precious ]]
check $? "links planted under the temporary names of the build's PID: the build writes through none of them"

# --- The compiler's environment and identity ---
mkdir -p "$tmp/evil"
echo '#error "a header from a tampered environment"' >"$tmp/evil/cmath"
echo '#error "a header from a tampered environment"' >"$tmp/evil/cstdint"
GEOSIM_CACHE_DIR="$tmp/envcache" CPATH="$tmp/evil" CPLUS_INCLUDE_PATH="$tmp/evil" GCC_EXEC_PREFIX="$tmp/evil/" \
  COMPILER_PATH="$tmp/evil" run_geosim run "$small" --runs 50 --engine native -q
[[ $rc == 0 && -e "$tmp/envcache/$key.so" ]]
check $? "CPATH, CPLUS_INCLUDE_PATH, GCC_EXEC_PREFIX do not reach the compiler: the clean build, under the clean key"

# Another compiler (here a wrapper script around the same one) has another identity: another key.
cat >"$tmp/wrapper" <<EOF
#!/bin/sh
exec c++ "\$@"
EOF
chmod +x "$tmp/wrapper"
GEOSIM_CACHE_DIR="$tmp/cache" GEOSIM_CXX="$tmp/wrapper" run_geosim run "$small" --runs 50 --engine native -q
[[ $rc == 0 && $(ls "$tmp/cache"/*.so | wc -l) == 2 ]]
check $? "the compiler's identity is in the key: another compiler builds its own library"

# --- A compiler that hangs: a time limit, and killed with geosim ---
cat >"$tmp/hang" <<EOF
#!/bin/bash
[[ \$1 == --version ]] && { echo "hang 1.0"; exit 0; }
echo \$\$ >"$tmp/hang.pid"
exec sleep 600
EOF
chmod +x "$tmp/hang"
start=$(date +%s%3N)
GEOSIM_CACHE_DIR="$tmp/hangcache" GEOSIM_CXX="$tmp/hang" GEOSIM_COMPILE_TIMEOUT=2 run_geosim run "$small" --runs 50 --engine native -q
elapsed=$(( $(date +%s%3N) - start ))
pid=$(cat "$tmp/hang.pid" 2>/dev/null)
[[ $rc == 1 ]] && has "took more than 2 s and was stopped" && has "GEOSIM_COMPILE_TIMEOUT" && (( elapsed < 20000 )) &&
  [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null && [[ -z $(ls -A "$tmp/hangcache" | grep -v '^key$') ]]
check $? "a hanging compiler is stopped at GEOSIM_COMPILE_TIMEOUT (${elapsed} ms), killed, and leaves nothing in the cache"

rm -f "$tmp/hang.pid"
GEOSIM_CACHE_DIR="$tmp/hangcache" GEOSIM_CXX="$tmp/hang" "$GEOSIM" run "$small" --runs 50 --engine native -q \
  >"$tmp/stdout" 2>"$tmp/stderr" &
gpid=$!
for i in $(seq 1 100); do [[ -s "$tmp/hang.pid" ]] && break; sleep 0.1; done
pid=$(cat "$tmp/hang.pid" 2>/dev/null)
kill -TERM $gpid
for i in $(seq 1 50); do kill -0 $gpid 2>/dev/null || break; sleep 0.1; done
kill -0 $gpid 2>/dev/null && kill -KILL $gpid
wait $gpid
rc=$?
sleep 0.2
[[ -n $pid ]] && (( rc == 1 )) && ! kill -0 "$pid" 2>/dev/null && has "interrupted by SIGTERM" &&
  [[ -z $(ls -A "$tmp/hangcache" | grep -v '^key$') ]]
check $? "SIGTERM during the compile: the compiler is killed, geosim says so (exit 1), the cache has no leftovers"
[[ -n $pid ]] && kill -KILL "$pid" 2>/dev/null

# --- Output paths are checked before anything is compiled ---
echo keep >"$tmp/exists.json"
rm -f "$tmp/hang.pid"
GEOSIM_CACHE_DIR="$tmp/hangcache" GEOSIM_CXX="$tmp/hang" run_geosim run "$small" --runs 50 --engine native --json "$tmp/exists.json"
[[ $rc == 2 && ! -e "$tmp/hang.pid" ]] && has "already exists"
check $? "an output that exists (no --force): exit 2 before the compiler runs"
for cmd in compare sweep sensitivity; do
  extra=()
  [[ $cmd == sweep ]] && extra=(--param negotiation.progress=0.1:0.5:2)
  [[ $cmd == sensitivity ]] && extra=(--set 'negotiation.progress={uniform: [0.1, 0.5]}')
  GEOSIM_CACHE_DIR="$tmp/hangcache" GEOSIM_CXX="$tmp/hang" run_geosim $cmd "$SCENARIO" --runs 20 "${extra[@]}" \
    --engine native --csv "$tmp/exists.json"
  [[ $rc == 2 && ! -e "$tmp/hang.pid" ]] && has "already exists"
  check $? "$cmd: an output that exists: exit 2 before the compiler runs"
done

# --- Advice that fits the cause ---
GEOSIM_CACHE_DIR="$tmp/c2" GEOSIM_CXX=/nonexistent/c++ run_geosim run "$small" --runs 50 --engine native -q
[[ $rc == 1 ]] && has "no such program" && has "set GEOSIM_CXX"
check $? "no compiler: the advice is GEOSIM_CXX"
mkdir -m 500 "$tmp/readonly"
GEOSIM_CACHE_DIR="$tmp/readonly/cache" run_geosim run "$small" --runs 50 --engine native -q
if (( $(id -u) != 0 )); then
  [[ $rc == 1 ]] && has "cannot create the native-code cache" && has "a folder you can write" && ! has "GEOSIM_CXX"
else
  [[ $rc == 0 || $rc == 1 ]]  # root writes anywhere
fi
check $? "a cache that cannot be written: the advice is another folder, not GEOSIM_CXX"
if [[ -w /dev/full ]]; then
  cat >"$tmp/fullcxx" <<EOF
#!/bin/bash
[[ \$1 == --version ]] && { echo "full 1.0"; exit 0; }
echo "/usr/bin/ld: final link failed: No space left on device" >&2
exit 1
EOF
  chmod +x "$tmp/fullcxx"
  GEOSIM_CACHE_DIR="$tmp/c3" GEOSIM_CXX="$tmp/fullcxx" run_geosim run "$small" --runs 50 --engine native -q
  [[ $rc == 1 ]] && has "No space left" && has "free some disk space" && ! has "set GEOSIM_CXX"
  check $? "a full disk while compiling: the advice is disk space, not GEOSIM_CXX"
fi

finish
