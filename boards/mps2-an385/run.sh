#!/usr/bin/env bash
# Run one export of a Wasm module on QEMU mps2-an385 (Cortex-M3) under a
# runner image: ../common/mps2/run.sh with this machine (see there and
# README.md); -e defaults to $WISP_RUNNER_ELF, else `make mps2`'s
# build-mps2/boards/mps2-an385/wisp-runner.elf.
#
#   boards/mps2-an385/run.sh [-e ELF] [-t SECONDS] FILE.wasm [FUNC] [stats]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export WISP_RUNNER_ELF=${WISP_RUNNER_ELF:-$here/../../build-mps2/boards/mps2-an385/wisp-runner.elf}
exec "$here/../common/mps2/run.sh" -m mps2-an385 "$@"
