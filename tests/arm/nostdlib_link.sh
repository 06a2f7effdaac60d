#!/usr/bin/env bash
# Link every object of the given arm archives with -nostdlib against libgcc
# only: any undefined symbol (memcpy, sqrt, malloc, ...) fails the link and
# the test. Prints the section sizes: of the core alone when given one
# archive; with more (core first), of each archive after the first.
#   nostdlib_link.sh CC LIB.a [LIB.a...] OUT.elf [CFLAGS...]
set -euo pipefail
cc=$1
shift
libs=()
while [[ $1 == *.a ]]; do libs+=("$1"); shift; done
out=$1
shift
"$cc" "$@" -nostdlib -nostartfiles -Wl,--entry=0 -Wl,--no-undefined \
    -Wl,--whole-archive "${libs[@]}" -Wl,--no-whole-archive -lgcc -o "$out"
size=${cc%gcc}size
if (( ${#libs[@]} == 1 )); then
    "$size" -A "$out" | awk '$1==".text"||$1==".rodata"||$1==".data"||$1==".bss"{printf "arm core %-8s %7d bytes\n", $1, $2}'
else
    for lib in "${libs[@]:1}"; do
        name=$(basename "$lib" .a)
        "$size" -A "$lib" | awk -v n="${name#lib}" '
            $1 ~ /^\.text/ {t += $2} $1 ~ /^\.rodata/ {r += $2}
            $1 ~ /^\.data/ {d += $2} $1 ~ /^\.bss/ {b += $2}
            END {printf "arm %s .text %d .rodata %d .data %d .bss %d bytes\n", n, t, r, d, b}'
    done
fi
