#!/usr/bin/env python3
"""A real cart's real bug, explained (issue 17): `text-input` reads out of
bounds in frame 25. `wisp play` must stop there with exit 134, print the
reason and a backtrace naming the function and, from the cart's DWARF,
FILE:LINE; the frames before it must equal the reference's; the coredump
it writes must read back with `wisp inspect` and show the same frame.

    check_crash.py WISP CARTS_DIR OUT_DIR
"""
import os
import re
import subprocess
import sys


def main():
    wisp, carts, out = sys.argv[1:4]
    cart = os.path.join(carts, 'text-input.wasm')
    if not os.path.exists(cart):
        print(f'skipped: no {cart} (the WASM-4 carts of ../shared/carts)')
        return 77
    os.makedirs(out, exist_ok=True)
    core = os.path.join(out, 'text-input.core')
    if os.path.exists(core):
        os.unlink(core)
    p = subprocess.run([wisp, 'play', '--headless', '--tape', os.path.join(carts, 'tape.bin'),
                        '--coredump', core, cart], capture_output=True, text=True)
    fails = []
    if p.returncode != 134:
        fails.append(f'exit {p.returncode}, want 134')
    ref = open(os.path.join(carts, 'ref', 'text-input.txt')).read().splitlines()
    if p.stdout.splitlines() != ref:
        fails.append('the frames before the trap differ from the reference')
    if len(ref) != 25 or ref[-1].split()[1] != '24':
        fails.append('the reference should end at frame 24')
    err = p.stderr
    if 'trap: out of bounds memory access' not in err:
        fails.append('no out-of-bounds trap message')
    frame0 = re.search(r'^  #0 0x[0-9a-f]+ (\S+) \(wasm-function\[\d+\]\).* at (\S+?):(\d+)(?::\d+)?$',
                       err, re.M)
    if not frame0:
        fails.append('frame #0 has no function name and FILE:LINE')
    elif not frame0.group(2).endswith('.c'):
        fails.append(f'frame #0 source {frame0.group(2)} is not a C file')
    if not os.path.exists(core):
        fails.append('no coredump written')
    else:
        q = subprocess.run([wisp, 'inspect', core, '--module', cart], capture_output=True,
                           text=True)
        if q.returncode != 0:
            fails.append(f'wisp inspect: exit {q.returncode}: {q.stderr.strip()}')
        elif frame0 and frame0.group(0) not in q.stdout.splitlines():
            fails.append('wisp inspect shows another frame #0 than wisp play')
    print(err.strip())
    for f in fails:
        print('FAIL', f)
    return 1 if fails else 0


if __name__ == '__main__':
    sys.exit(main())
