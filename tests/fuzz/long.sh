#!/usr/bin/env bash
# `make fuzz`: the long form of the robustness tests.
#   long.sh BUILD FUZZ_SECONDS DIFF_COUNT
# Each libFuzzer target runs FUZZ_SECONDS (two at a time on this 2-core
# budget), keeping its corpus in BUILD/tests/fuzz/corpus; then DIFF_COUNT
# binaryen -ttf modules against wasm-interp with a seed from the clock
# (printed; a disagreement lands in tests/robust/regress/); then the arena
# sweep over every spec module at a finer step. Exit 1 if anything failed.
set -u
build=$1 secs=$2 count=$3
src=$(cd "$(dirname "$0")/../.." && pwd)
fz=$build/tests/fuzz rb=$build/tests/robust
fail=0

if [ -x "$fz/fuzz_load" ]; then
  printf '%s\n' load run names coredump pull | xargs -P 2 -I{} sh -c '
    t={}; extra=""
    [ -x "$1/fuzz_$t" ] || exit 0
    [ "$t" = coredump ] && extra="--libfuzzer-arg=-malloc_limit_mb=64"
    case $t in names|coredump|pull) s=$t ;; *) s=wasm ;; esac
    python3 "$0/tests/fuzz/run_fuzz.py" --fuzzer "$1/fuzz_$t" --time "$2" \
      --corpus "$1/corpus/$t" --artifacts "$1/artifacts/$t" --seeds "$1/seeds/$s" \
      $extra' "$src" "$fz" "$secs" || fail=1
else
  echo "fuzz: no fuzzers in $fz (clang-14 with libFuzzer missing?): skipped"
fi

if command -v wasm-opt >/dev/null && command -v wasm-interp >/dev/null; then
  python3 "$src/tests/robust/diff_test.py" --driver "$rb/diff_driver" --count "$count" \
    --seed "$(date +%s)" --jobs 2 --regress "$src/tests/robust/regress" || fail=1
else
  echo "fuzz: binaryen or wabt missing: differential test skipped"
fi

hello=$build/examples/hello.wasm
"$rb/arena_sweep" --edge 256 --steps 256 "$fz/seeds/wasm" $( [ -f "$hello" ] && echo "$hello") || fail=1
exit $fail
