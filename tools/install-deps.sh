#!/usr/bin/env bash
# Install the Debian packages wisp builds and tests with, if any is missing.
# Runs apt-get only when something is absent (and only as root).
set -euo pipefail

# command -> package
declare -A need=(
  [meson]=meson
  [ninja]=ninja-build
  [gcc]=gcc
  [python3]=python3
  [pkg-config]=pkg-config
  [clang-14]=clang-14
  [wasm-ld-14]=lld-14
  [wat2wasm]=wabt
  [wast2json]=wabt
  [arm-none-eabi-gcc]=gcc-arm-none-eabi
  [qemu-system-arm]=qemu-system-arm
  [wasm-opt]=binaryen   # the differential test makes modules with wasm-opt -ttf
  [npm]=npm  # node + npm: the rp2040 board test runs in rp2040js (package.json)
  [llvm-symbolizer-14]=llvm-14  # DWARF backtrace tests check frames against it
  [xvfb-run]=xvfb  # `wisp play`'s window, tested on a virtual display
)
# files -> package
declare -A need_files=(
  [/usr/include/jansson.h]=libjansson-dev
  [/usr/lib/picolibc/arm-none-eabi/picolibc.specs]=picolibc-arm-none-eabi
  [/usr/include/wasm32-wasi/stdio.h]=wasi-libc
  [/usr/lib/llvm-14/lib/clang/14.0.6/lib/wasi/libclang_rt.builtins-wasm32.a]=libclang-rt-14-dev-wasm32
  [/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a]=libclang-rt-14-dev
  [/usr/include/SDL2/SDL.h]=libsdl2-dev  # `wisp play`'s window and sound
  [/usr/include/libiberty/demangle.h]=libiberty-dev  # demangled Rust and C++ names
  # the Rust test guests (tests/rust): Debian's rustc and its wasm32 std
  # (a rustup rustc earlier in PATH has no wasm32 targets, hence the file)
  [/usr/bin/rustc]=rustc
  [/usr/lib/rustlib/wasm32-wasi/lib/self-contained/crt1-command.o]=libstd-rust-dev-wasm32
)

missing=()
for cmd in "${!need[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${need[$cmd]}")
done
for f in "${!need_files[@]}"; do
  [ -e "$f" ] || missing+=("${need_files[$f]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

pkgs=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
if [ "$(id -u)" != 0 ]; then
  echo "wisp: missing packages: $pkgs; install them with: sudo apt-get install $pkgs" >&2
  exit 1
fi
echo "wisp: installing $pkgs"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
