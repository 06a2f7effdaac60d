#!/usr/bin/env python3
"""What a br_table costs beside a br_if on an out-of-order host: five
loops of 20 M iterations each (fixed work), wisp and wasm3 side by side,
best of N wall ms. Each loop loads a byte of a 4 KiB table and branches on
it; the byte is random or always the same, the branch a br_table of 8
cases or a br_if. If the switch's cost were the host's branch prediction,
a constant byte would make it cheap; it does not (tests/bench/README.md).

    python3 tests/bench/switch_cost.py [--wisp build/tools/wisp] [-n 3]

Needs wat2wasm (wabt) and ../shared/peers/wasm3/wasm3. Python 3 stdlib."""
import argparse
import pathlib
import random
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
ITER = 20_000_000
N = 4096


def module(data, branch):
    esc = ''.join('\\%02x' % b for b in data)
    byte = '(i32.load8_u (i32.and (local.get $i) (i32.const 4095)))'
    if branch == 'br_if':
        body = f'''(block $out (block $c3
        (br_if $c3 (i32.ne (i32.const 5) {byte}))
        (local.set $a (i32.add (local.get $a) (i32.const 1))) (br $out))
        (local.set $a (i32.add (local.get $a) (i32.const 2))))'''
    else:
        targets = ' '.join(f'$c{k}' for k in (range(8) if branch == 'br_table' else [3] * 8))
        body = '(block $out ' + ''.join(f'(block $c{k} ' for k in range(8))
        body += f'(br_table {targets} {byte})'
        body += ''.join(f') (local.set $a (i32.add (local.get $a) (i32.const {k + 1}))) (br $out)'
                        for k in range(8)) + ')'
    return f'''(module (memory 1) (data (i32.const 0) "{esc}")
  (func (export "_start") (local $i i32) (local $a i32)
    (loop $l {body}
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const {ITER}))))
    (if (i32.eq (local.get $a) (i32.const 7)) (then unreachable))))'''


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--wisp', default=str(ROOT / 'build' / 'tools' / 'wisp'))
    ap.add_argument('--wasm3', default=str(ROOT.parent / 'shared' / 'peers' / 'wasm3' / 'wasm3'))
    ap.add_argument('-n', type=int, default=3)
    a = ap.parse_args()
    wat2wasm = shutil.which('wat2wasm')
    for need, what in ((wat2wasm, 'wat2wasm'), (pathlib.Path(a.wasm3).exists(), a.wasm3),
                       (pathlib.Path(a.wisp).exists(), a.wisp)):
        if not need:
            sys.exit(f'switch_cost: {what} not found')
    rnd = random.Random(1)
    cases = [  # name, bytes, branch
        ('br_if, random byte', bytes(rnd.getrandbits(1) * 5 for _ in range(N)), 'br_if'),
        ('br_if, same byte', bytes([5] * N), 'br_if'),
        ('br_table, random byte', bytes(rnd.getrandbits(3) for _ in range(N)), 'br_table'),
        ('br_table, same byte', bytes([3] * N), 'br_table'),
        ('br_table, one target', bytes(rnd.getrandbits(3) for _ in range(N)), 'one_target'),
    ]
    tmp = pathlib.Path(tempfile.mkdtemp(prefix='wisp-switch-'))
    runners = (('wisp', [a.wisp, 'run']), ('wasm3', [a.wasm3]))
    best = {}
    for i, (name, data, branch) in enumerate(cases):
        (tmp / f'{i}.wat').write_text(module(data, branch))
        subprocess.run([wat2wasm, tmp / f'{i}.wat', '-o', tmp / f'{i}.wasm'], check=True)
    for _ in range(a.n):
        for i in range(len(cases)):
            for r, cmd in runners:
                t = time.perf_counter()
                p = subprocess.run(cmd + [str(tmp / f'{i}.wasm')], capture_output=True)
                t = (time.perf_counter() - t) * 1000
                if p.returncode:
                    sys.exit(f'switch_cost: {r} failed on case {i}: {p.stderr.decode()[:200]}')
                best[i, r] = min(best.get((i, r), 1e12), t)
    shutil.rmtree(tmp)
    print(f'{ITER // 1_000_000} M iterations, best of {a.n}, wall ms')
    print(f'{"loop":<24}{"wisp":>9}{"wasm3":>9}{"wisp/wasm3":>12}')
    for i, (name, _, _) in enumerate(cases):
        w, p = best[i, 'wisp'], best[i, 'wasm3']
        print(f'{name:<24}{w:9.1f}{p:9.1f}{w / p:12.3f}')


if __name__ == '__main__':
    main()
