#!/usr/bin/env bash
# The core builds without meson: the one-line command of core/README.md,
# taken from there as written (only `cc` and the paths replaced), then a
# small embedding linked against the objects runs a module; again with
# -DWISP_NO_THREADED.
#   cc_build.sh CC SOURCE_ROOT
set -euo pipefail
cc=$1 root=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
line=$(grep -m1 '^cc -std=c11 ' "$root/core/README.md") || { echo "no cc line in core/README.md"; exit 1; }
cmd=${line/#cc /"$cc" }
cmd=${cmd//core\//"$root/core/"}
cd "$out"
# as written, then with the interpreter's portable dispatch (a switch: what
# a compiler without computed gotos gets; the pairs and guesses go with it)
for extra in "" -DWISP_NO_THREADED; do
    rm -f ./*.o main
    echo "+ $cmd $extra"
    eval "$cmd $extra"
    "$cc" -std=c11 -I"$root/core/include" "$root/tests/unit/cc_build_main.c" ./*.o -lm -o main
    ./main
done
