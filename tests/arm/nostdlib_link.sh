#!/usr/bin/env bash
# Link every object of the given arm archives with -nostdlib against libgcc
# only: any undefined symbol (memcpy, sqrt, malloc, ...) fails the link and
# the test. Prints the section sizes: of the core alone when given one
# archive; with more (core first), of each archive after the first.
# --libc SYM,SYM names functions gcc itself calls on this target whatever
# the source says (memcpy and memset for struct copies on ARMv6-M): they
# link as address 0, so nothing else from a C library gets through.
#   nostdlib_link.sh [--libc SYM,SYM] CC LIB.a [LIB.a...] OUT.elf [CFLAGS...]
set -euo pipefail
defsyms=()
if [[ $1 == --libc ]]; then
    IFS=, read -ra syms <<< "$2"
    for s in "${syms[@]}"; do defsyms+=("-Wl,--defsym=$s=0"); done
    echo "arm core: $2 from the C library (gcc calls them on this target)"
    shift 2
fi
cc=$1
shift
libs=()
while [[ $1 == *.a ]]; do libs+=("$1"); shift; done
out=$1
shift
"$cc" "$@" -nostdlib -nostartfiles -Wl,--entry=0 -Wl,--no-undefined "${defsyms[@]}" \
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
