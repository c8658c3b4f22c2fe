#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The command line's basic contract: help, version, exit codes (0 success, 2 invalid input or
# usage, 1 any other failure) and one-line messages for usage errors.
#
# Usage: bash basics.sh GEOSIM_BINARY SOURCE_DIR
set -u

source "$(dirname "$0")/lib/harness.sh" "$@"

has() { grep -q -- "$1" "$2"; }
lines() { wc -l <"$1"; }

run_geosim --help
[[ $rc == 0 ]] && has check "$tmp/stdout" && has run "$tmp/stdout" && has schema "$tmp/stdout"
check $? "--help exits 0 and lists the subcommands check, run, schema"

run_geosim --version
[[ $rc == 0 ]] && grep -Eq '^geosim [0-9]+\.[0-9]+\.[0-9]+' "$tmp/stdout"
check $? "--version exits 0 and prints a version"

run_geosim
[[ $rc == 2 ]] && [[ -s "$tmp/stderr" ]]
check $? "no arguments exits 2 with a message"

run_geosim check "$SRC"/scenarios/*.yaml
[[ $rc == 0 ]] && [[ ! -s "$tmp/stderr" ]]
check $? "check scenarios/*.yaml exits 0"

run_geosim check -q "$SRC"/scenarios/*.yaml
[[ $rc == 0 ]] && [[ ! -s "$tmp/stdout" ]]
check $? "check -q prints nothing for valid files"

run_geosim schema
[[ $rc == 0 ]] && has '"\$schema"' "$tmp/stdout"
check $? "schema exits 0 and prints a JSON Schema"

run_geosim frobnicate
[[ $rc == 2 ]]
check $? "an unknown subcommand exits 2"

missing="$tmp/no-such-scenario.yaml"
run_geosim run "$missing"
[[ $rc == 2 ]] && [[ $(lines "$tmp/stderr") == 1 ]] && has "no-such-scenario.yaml" "$tmp/stderr"
check $? "run with a missing file exits 2 with one line naming the file"

run_geosim run "$SCENARIO" --runs 0
[[ $rc == 2 ]]
check $? "run --runs 0 exits 2"

run_geosim run "$SCENARIO" --runs 10 --set negotiation.progress
[[ $rc == 2 ]] && [[ $(lines "$tmp/stderr") == 1 ]] && has "PATH=VALUE" "$tmp/stderr"
check $? "--set without '=' exits 2 with one line"

run_geosim run "$SCENARIO" --runs 10 --set negotiation.progres=0.5
[[ $rc == 2 ]] && has "did you mean 'progress'" "$tmp/stderr"
check $? "--set of an unknown key exits 2 with 'did you mean'"

run_geosim run "$SCENARIO" --runs 10 --set negotiaton.progress=0.5
[[ $rc == 2 ]] && has "did you mean 'negotiation'" "$tmp/stderr"
check $? "--set through an unknown section exits 2 with 'did you mean'"

run_geosim check "$SCENARIO" --set negotiation.progress=1.5
[[ $rc == 2 ]] && has "'progress' is 1.5" "$tmp/stderr"
check $? "--set of an out-of-range value exits 2"

run_geosim run "$SCENARIO" --runs 10 --variant no_such_variant
[[ $rc == 2 ]] && has "no_such_variant" "$tmp/stderr"
check $? "--variant with an unknown name exits 2"

run_geosim run "$SCENARIO" --runs 10 --variant us_backstop_withdrawn --set negotiation.progress=0.5
[[ $rc == 0 ]]
check $? "run with a declared variant and a valid --set exits 0"

finish
