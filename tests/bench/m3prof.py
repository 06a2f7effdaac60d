#!/usr/bin/env python3
"""Where a Cortex-M3 (or M0) runner's instructions go, per function.

    python3 tests/bench/m3prof.py ELF GUEST.wasm [--func run] [--top 25] [--addr SYMBOL]
    python3 tests/bench/m3prof.py WISP-W4.elf CART.wasm --args "20 TAPE"   # a cart, 20 frames

Runs the runner under QEMU mps2-an385 with `-d in_asm,exec,nochain`: the
in_asm blocks give each translation block's instruction addresses, the exec
lines (one per block executed, chaining off) how often each block ran.
Addresses map to symbols with arm-none-eabi-nm. The count covers the whole
run (crt0, loading, translation), not only the guest function; --addr lists
the instructions of one symbol with their counts (e.g. `run`, to see which
handlers are hot). The log is large (~100 bytes per block executed): use
the SMALL guests.
"""
import argparse
import bisect
import collections
import os
import re
import subprocess
import sys
import tempfile


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("elf")
    ap.add_argument("wasm")
    what = ap.add_mutually_exclusive_group()
    what.add_argument("--func", default="run")
    what.add_argument("--args", help="the image's arguments after the module, instead of --func "
                      "(wisp-w4.elf: frames and tape)")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--addr", metavar="SYMBOL")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "qemu.log")
        r = subprocess.run(["qemu-system-arm", "-M", "mps2-an385", "-nographic", "-monitor", "none",
                            "-icount", "shift=0", "-semihosting-config",
                            "enable=on,target=native," + ",".join(
                                f"arg={x}" for x in [a.wasm] + (a.args.split() if a.args else [a.func])),
                            "-kernel", a.elf, "-d", "in_asm,exec,nochain", "-D", log],
                           capture_output=True, text=True)
        if r.returncode:
            sys.exit(f"m3prof: the runner failed ({r.returncode}): {(r.stdout + r.stderr)[-500:]}")
        blocks, runs, cur = {}, collections.Counter(), None
        with open(log, errors="replace") as f:
            for line in f:
                if line.startswith("IN:"):
                    cur = []
                    continue
                m = re.match(r"0x([0-9a-f]{8}):\s", line)
                if m and cur is not None:
                    cur.append(int(m.group(1), 16))
                    blocks[cur[0]] = cur
                    continue
                m = re.match(r"Trace \d+: 0x[0-9a-f]+ \[[0-9a-f]+/([0-9a-f]+)/", line)
                if m:
                    cur = None
                    runs[int(m.group(1), 16)] += 1
    nm = subprocess.run(["arm-none-eabi-nm", "-n", a.elf], capture_output=True, text=True,
                        check=True).stdout
    syms = sorted((int(p[0], 16), p[2]) for p in (line.split() for line in nm.splitlines())
                  if len(p) == 3 and p[1] in "tTwW")
    starts = [s[0] for s in syms]
    per_fn, per_addr = collections.Counter(), collections.Counter()
    for start, n in runs.items():
        for pc in blocks.get(start, ()):
            i = bisect.bisect_right(starts, pc) - 1
            name = syms[i][1] if i >= 0 else "?"
            per_fn[name] += n
            if name == a.addr:
                per_addr[pc] += n
    total = sum(per_fn.values())
    print(f"{total} instructions")
    for name, n in per_fn.most_common(a.top):
        print(f"{n:11d} {100 * n / total:5.1f}%  {name}")
    if a.addr:
        print(f"--- {a.addr}, by address")
        for pc, n in sorted(per_addr.items()):
            print(f"{pc:08x} {n:11d}")


if __name__ == "__main__":
    main()
