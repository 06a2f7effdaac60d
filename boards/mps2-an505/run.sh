#!/usr/bin/env bash
# Run one export of a Wasm module on QEMU mps2-an505 (Cortex-M33) under
# wisp-runner.elf; the same command line and output as
# boards/mps2-an385/run.sh (see there and README.md):
#
#   boards/mps2-an505/run.sh [-e ELF] [-t SECONDS] FILE.wasm [FUNC] [stats]
#
#   -e ELF      default: $WISP_RUNNER_ELF, else
#               build-an505/boards/mps2-an505/wisp-runner.elf in the repository
#   -t SECONDS  wall-clock limit for QEMU (default 600); exit 124 when hit
#
# Under -icount shift=0 one guest instruction is 1 ns of virtual time and
# this machine's SysTick runs at 20 MHz: 50 instructions a tick.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
elf=${WISP_RUNNER_ELF:-$here/../../build-an505/boards/mps2-an505/wisp-runner.elf}
limit=600
usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while getopts e:t:h opt; do
    case $opt in
        e) elf=$OPTARG ;;
        t) limit=$OPTARG ;;
        *) usage ;;
    esac
done
shift $((OPTIND - 1))
(( $# >= 1 && $# <= 3 )) || usage
[[ -f $elf ]] || { echo "run.sh: no runner image at $elf (build it: see boards/mps2-an505/README.md)" >&2; exit 2; }
[[ -f $1 ]] || { echo "run.sh: no such file: $1" >&2; exit 2; }
command -v qemu-system-arm >/dev/null || { echo "run.sh: qemu-system-arm not found (apt-get install qemu-system-arm)" >&2; exit 2; }
args=()
for a in "$@"; do
    [[ $a != *" "* ]] || { echo "run.sh: arguments may not contain spaces: '$a'" >&2; exit 2; }
    args+=("arg=${a//,/,,}")
done
[[ $# -ge 2 ]] || args+=("arg=run")
IFS=,
exec timeout "$limit" qemu-system-arm -M mps2-an505 -nographic -monitor none -icount shift=0 \
    -semihosting-config "enable=on,target=native,${args[*]}" -kernel "$elf" 2>&1
