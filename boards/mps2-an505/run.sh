#!/usr/bin/env bash
# Run one export of a Wasm module on QEMU mps2-an505 (Cortex-M33) under
# wisp-runner.elf: ../common/mps2/run.sh with this machine and image; the
# same command line and output (see there and README.md):
#
#   boards/mps2-an505/run.sh [-e ELF] [-t SECONDS] FILE.wasm [FUNC] [stats]
#
# -e defaults to $WISP_RUNNER_ELF, else build-an505/boards/mps2-an505/
# wisp-runner.elf in the repository. Under -icount shift=0 one guest
# instruction is 1 ns of virtual time and this machine's SysTick runs at
# 20 MHz: 50 instructions a tick.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export WISP_RUNNER_ELF=${WISP_RUNNER_ELF:-$here/../../build-an505/boards/mps2-an505/wisp-runner.elf}
exec "$here/../common/mps2/run.sh" -m mps2-an505 "$@"
