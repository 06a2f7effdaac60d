#!/usr/bin/env bash
# Link every object of the arm core with -nostdlib against libgcc only: any
# undefined symbol (memcpy, sqrt, malloc, ...) fails the link and the test.
# Prints the core's section sizes.
set -euo pipefail
cc=$1 lib=$2 out=$3
shift 3
"$cc" "$@" -nostdlib -nostartfiles -Wl,--entry=0 -Wl,--no-undefined \
    -Wl,--whole-archive "$lib" -Wl,--no-whole-archive -lgcc -o "$out"
size=${cc%gcc}size
"$size" -A "$out" | awk '$1==".text"||$1==".rodata"||$1==".data"||$1==".bss"{printf "arm core %-8s %7d bytes\n", $1, $2}'
