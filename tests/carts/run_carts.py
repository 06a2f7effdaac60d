#!/usr/bin/env python3
"""WASM-4 carts against the reference runtime's output (issue 17).

    run_carts.py --wisp WISP --carts DIR [--jobs N] [--expected-failures FILE]
                 [--only NAME,...] [--code-cache BYTES]

For every cart DIR/NAME.wasm with a reference DIR/ref/NAME.txt, runs
`wisp play --headless --frames 600 --tape DIR/tape.bin` and compares its
stdout with the reference line for line (frame hashes and trace lines).
A cart without a reference must still run its 600 frames (exit 0). The
carts run in parallel. A cart listed in the expected-failures file (one
name a line, # comments) must fail: the run fails on a new failure and on
a listed cart that passes. Exit 77 (skipped) when DIR is absent.

--code-cache runs every cart with a code cache that small (issue 18:
functions translated when called, dropped when it is full), which must
not change a line. A cart whose largest function needs more, or whose
code on the call stack at some point does, runs again with the size it
needs or twice as much.
"""
import argparse
import re
import concurrent.futures
import os
import subprocess
import sys
import time

FRAMES = 600


def play(wisp, carts, name, cache):
    cmd = [wisp, 'play', '--headless', '--frames', str(FRAMES),
           '--tape', os.path.join(carts, 'tape.bin'), os.path.join(carts, name + '.wasm')]
    if cache:
        cmd[2:2] = ['--code-cache', str(cache)]
    return subprocess.run(cmd, capture_output=True, timeout=300)


def run_cart(wisp, carts, name, cache=0):
    ref_path = os.path.join(carts, 'ref', name + '.txt')
    t0 = time.monotonic()
    try:
        p = play(wisp, carts, name, cache)
        while cache:
            err = p.stderr.decode('utf-8', 'replace')
            small = re.search(r'code cache of \d+ bytes is too small: function \d+ needs (\d+)',
                              err)
            if small:
                cache = int(small.group(1))
            elif re.search(r'code cache of \d+ bytes full', err):
                cache *= 2
            else:
                break
            p = play(wisp, carts, name, cache)
    except subprocess.TimeoutExpired:
        return name, False, 'timed out after 300 s', 300.0
    secs = time.monotonic() - t0
    out = p.stdout.decode('utf-8', 'replace').splitlines()
    err = p.stderr.decode('utf-8', 'replace')
    if not os.path.exists(ref_path):
        ok = p.returncode == 0 and len(out) == FRAMES
        why = '' if ok else f'exit {p.returncode}, {len(out)} lines: {err.strip()[:300]}'
        return name, ok, why, secs
    ref = open(ref_path, encoding='utf-8', errors='replace').read().splitlines()
    if out == ref:
        return name, True, '', secs
    for i, (a, b) in enumerate(zip(out, ref)):
        if a != b:
            return name, False, f'line {i + 1}: got {a!r}, want {b!r}', secs
    return name, False, (f'{len(out)} lines, want {len(ref)} (exit {p.returncode}: '
                         f'{err.strip()[:300]})'), secs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--wisp', required=True)
    ap.add_argument('--carts', required=True)
    ap.add_argument('--jobs', type=int, default=os.cpu_count() or 2)
    ap.add_argument('--expected-failures')
    ap.add_argument('--only', default='')
    ap.add_argument('--code-cache', type=int, default=0)
    a = ap.parse_args()
    if not os.path.isdir(a.carts):
        print(f'skipped: no carts at {a.carts} (the WASM-4 carts of ../shared/carts)')
        return 77
    names = sorted(f[:-5] for f in os.listdir(a.carts) if f.endswith('.wasm'))
    if a.only:
        names = [n for n in names if n in a.only.split(',')]
    expected = set()
    if a.expected_failures:
        for line in open(a.expected_failures):
            line = line.split('#', 1)[0].strip()
            if line:
                expected.add(line)
    t0 = time.monotonic()
    results = []
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
        for r in ex.map(lambda n: run_cart(a.wisp, a.carts, n, a.code_cache), names):
            results.append(r)
    bad = 0
    for name, ok, why, secs in results:
        if ok and name in expected:
            print(f'UNEXPECTED PASS {name} ({secs:.1f} s): remove it from the expected failures')
            bad += 1
        elif not ok and name not in expected:
            print(f'FAIL {name} ({secs:.1f} s): {why}')
            bad += 1
        elif not ok:
            print(f'expected failure {name}: {why}')
    passed = sum(1 for r in results if r[1])
    slowest = sorted(results, key=lambda r: -r[3])[:3]
    print(f'{passed} of {len(results)} carts as the reference ({len(expected)} expected to '
          f'fail) in {time.monotonic() - t0:.0f} s; slowest: ' +
          ', '.join(f'{n} {s:.1f} s' for n, _, _, s in slowest))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
