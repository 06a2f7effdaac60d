#!/bin/sh
# Runs a WASM-4 cart on wisp-w4 in rp2040js, the RP2040 emulator:
#
#   boards/rp2040/run-cart.sh CART.wasm FRAMES [TAPE]
#
# builds the firmware (meson, cross files cross.ini + board.ini + w4.ini,
# in $W4_BUILD, default build-rp2040-w4 at the top of the repository),
# writes the cart and the tape (one byte a frame for gamepad 1) into its
# flash region with w4cart.py, runs the image in rp2040js
# (tests/boards/rp2040_run.mjs, `npm ci` first if the package is missing)
# and prints what the firmware writes to UART0: `load N`, `arena load A run
# R code C`, `frame F HHHHHHHH N` (N: the frame's clk_sys cycles) with the
# cart's trace lines, `stacks S slots F frames`. FRAMES 0 plays until
# W4_MAX_MS milliseconds of emulated time (default 600000) have passed.
# A trap prints the backtrace and sends the coredump framed (binary noise
# on a terminal; `wisp pull --file` reads it from a capture). Extra
# rp2040_run.mjs options in $W4_RUN (e.g. W4_RUN="--lcd lcd.jsonl --snap all").
set -e
if [ $# -lt 2 ]; then
    echo "usage: $0 CART.wasm FRAMES [TAPE]" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${W4_BUILD:-$root/build-rp2040-w4}
if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" "$root" --cross-file "$here/cross.ini" --cross-file "$here/board.ini" \
        --cross-file "$here/w4.ini" -Dsimd=false >"$build.setup.log" 2>&1 ||
        { cat "$build.setup.log" >&2; exit 1; }
fi
ninja -C "$build" boards/rp2040/wisp-w4.uf2 >/dev/null
uf2="$build/boards/rp2040/run-cart.uf2"
python3 "$here/w4cart.py" "$1" --frames "$2" ${3:+--tape "$3"} \
    --firmware "$build/boards/rp2040/wisp-w4.uf2" -o "$uf2"
if [ ! -d "$root/node_modules/rp2040js" ]; then
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
fi
frames=$2
set -- "$uf2" --max-ms "${W4_MAX_MS:-600000}"
[ "$frames" = 0 ] || set -- "$@" --until "wisp-w4: done"
# shellcheck disable=SC2086
exec node "$root/tests/boards/rp2040_run.mjs" "$@" $W4_RUN
