#!/usr/bin/env python3
"""wisp-w4.elf, the WASM-4 console on QEMU mps2-an385 (Cortex-M3), against
the reference's output (issue 18): a few carts of different languages run
for FRAMES frames with the tape; every frame's hash equals the reference's,
every frame reports a positive instruction count, and a second run of one
cart gives the same counts (-icount shift=0 is exact).

    check_mps2.py --source ROOT --build DIR --carts CARTS [--frames N]

The image is built by a cross build of the source tree in DIR, as
`make mps2` builds it. Exits 77 (skipped) without the carts, the cross
compiler, picolibc or qemu-system-arm.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from wisptest import check, cross_build, finish, have_picolibc, skip  # noqa: E402

CARTS = ["2048", "wormhole", "endless-runner", "bubblewrap", "annoyingrobots"]


def run(elf, cart, frames, tape):
    r = subprocess.run(["qemu-system-arm", "-M", "mps2-an385", "-nographic", "-monitor", "none",
                        "-icount", "shift=0", "-semihosting-config",
                        f"enable=on,target=native,arg={cart},arg={frames},arg={tape}",
                        "-kernel", elf], capture_output=True, text=True, timeout=300)
    return r.returncode, r.stdout + r.stderr  # semihosting writes to QEMU's stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--carts", required=True)
    ap.add_argument("--frames", type=int, default=60)
    a = ap.parse_args()
    if not os.path.isdir(a.carts):
        skip(f"no carts at {a.carts} (the WASM-4 carts of ../shared/carts)")
    for tool in ("arm-none-eabi-gcc", "qemu-system-arm", "meson", "ninja"):
        if not shutil.which(tool):
            skip(f"{tool} not found")
    if not have_picolibc():
        skip("picolibc-arm-none-eabi not installed")
    src = os.path.abspath(a.source)
    cross = [os.path.join(src, "boards", "mps2-an385", f) for f in ("cross.ini", "board.ini")]
    cross_build(src, a.build, cross, [], "check_w4.stamp",
                ["boards/mps2-an385/wisp-w4.elf"], "wisp-w4.elf")
    elf = os.path.join(a.build, "boards", "mps2-an385", "wisp-w4.elf")
    tape = os.path.join(os.path.abspath(a.carts), "tape.bin")
    counts = {}
    for name in CARTS:
        cart = os.path.join(os.path.abspath(a.carts), name + ".wasm")
        rc, out = run(elf, cart, a.frames, tape)
        ref = [l for l in open(os.path.join(a.carts, "ref", name + ".txt")).read().splitlines()]
        ref_frames = [l for l in ref if l.startswith("frame ")][:a.frames]
        got = re.findall(r"^frame (\d+) ([0-9a-f]{8}) (\d+)$", out, re.M)
        check(rc == 0, f"{name}: exit {rc}: {out[-300:]}")
        check([f"frame {f} {h}" for f, h, _ in got] == ref_frames,
              f"{name}: frames differ from the reference")
        check(all(int(n) > 0 for _, _, n in got) and len(got) == a.frames,
              f"{name}: {len(got)} frames with counts")
        counts[name] = [int(n) for _, _, n in got]
        mid = sorted(counts[name])[len(got) // 2] if got else 0
        m = re.search(r"^arena load (\d+) run (\d+) code (\d+)$", out, re.M)
        check(m is not None, f"{name}: no arena line")
        st = re.search(r"^stacks (\d+) slots (\d+) frames$", out, re.M)
        check(st is not None and int(st.group(1)) > 0 and 1 <= int(st.group(2)) < 1024,
              f"{name}: stack use {st.groups() if st else None}")
        print(f"{name}: {len(got)} frames as the reference, median {mid} instructions a frame, "
              f"arena {m.group(1) if m else '?'} bytes loading, {m.group(2) if m else '?'} "
              f"running, code {m.group(3) if m else '?'} bytes")
    rc, out = run(elf, os.path.join(os.path.abspath(a.carts), CARTS[0] + ".wasm"), a.frames, tape)
    again = [int(n) for _, _, n in re.findall(r"^frame (\d+) ([0-9a-f]{8}) (\d+)$", out, re.M)]
    check(again == counts[CARTS[0]], "a second run counts other instructions")
    sys.exit(finish())


if __name__ == "__main__":
    main()
