#!/usr/bin/env bash
# Run one export of a Wasm module on a QEMU MPS2 machine under a runner image
# (wisp's wisp-runner.elf, or for mps2-an385 ../shared/peers/wasm3/wasm3-mps2.elf;
# both take the same command line) and pass its output through:
#   result <first result>
#   instructions <guest instructions of the call>
#
#   boards/common/mps2/run.sh [-e ELF] [-m MACHINE] [-t SECONDS] FILE.wasm [FUNC] [stats]
#
#   -e ELF      the runner image; default: $WISP_RUNNER_ELF (each board's
#               run.sh sets it to its build's wisp-runner.elf)
#   -m MACHINE  the QEMU machine, default mps2-an385 (each board's run.sh sets it)
#   -t SECONDS  wall-clock limit for QEMU (default 600); exit 124 when hit
#   FUNC        the export to call, default run
#   stats       (wisp-runner only) also print arena, module and stack bytes
#
# Exit status: the runner's (0 ok, 1 bad module/missing export/trap,
# 2 unreadable file), 124 on timeout. Under -icount shift=0 the guest's
# virtual time is its instruction count, so the numbers are reproducible.
# Paths must not contain spaces (the semihosting command line is split on
# them). QEMU writes the guest's semihosting console output to its stderr;
# this script sends it to stdout (with QEMU's own messages, if any).
set -euo pipefail
elf=${WISP_RUNNER_ELF:-}
limit=600
machine=mps2-an385
usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while getopts e:m:t:h opt; do
    case $opt in
        e) elf=$OPTARG ;;
        m) machine=$OPTARG ;;
        t) limit=$OPTARG ;;
        *) usage ;;
    esac
done
shift $((OPTIND - 1))
(( $# >= 1 && $# <= 3 )) || usage
[[ -f $elf ]] || { echo "run.sh: no runner image at '$elf' (build it: make mps2)" >&2; exit 2; }
[[ -f $1 ]] || { echo "run.sh: no such file: $1" >&2; exit 2; }
command -v qemu-system-arm >/dev/null || { echo "run.sh: qemu-system-arm not found (apt-get install qemu-system-arm)" >&2; exit 2; }
args=()
for a in "$@"; do
    [[ $a != *" "* ]] || { echo "run.sh: arguments may not contain spaces: '$a'" >&2; exit 2; }
    args+=("arg=${a//,/,,}")   # QEMU option syntax: a literal comma is doubled
done
[[ $# -ge 2 ]] || args+=("arg=run")
IFS=,
exec timeout "$limit" qemu-system-arm -M "$machine" -nographic -monitor none -icount shift=0 \
    -semihosting-config "enable=on,target=native,${args[*]}" -kernel "$elf" 2>&1
