#!/usr/bin/env python3
"""Reproducers that only show on a 32-bit target: run them on QEMU's
mps2-an385 (Cortex-M3) with wisp-runner.elf.

    on_target.py --source ROOT --build DIR --regress DIR

Each regress/NAME.wasm with a NAME.target file runs through
boards/mps2-an385/run.sh (the export named on the .target's first line);
the runner's first output line must start with the .target's second line. The
runner is built by a cross build of its own in DIR (cross.ini +
board.ini). Exits 77 when arm-none-eabi-gcc, picolibc or qemu-system-arm
is missing.
"""
import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile


def skip(why):
    print('SKIP: ' + why)
    sys.exit(77)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--source', required=True)
    ap.add_argument('--build', required=True)
    ap.add_argument('--regress', required=True)
    a = ap.parse_args()
    src, build = os.path.abspath(a.source), os.path.abspath(a.build)
    cases = sorted(glob.glob(os.path.join(a.regress, '*.target')))
    if not cases:
        skip('no .target reproducers')
    for tool in ('arm-none-eabi-gcc', 'qemu-system-arm'):
        if not shutil.which(tool):
            skip(tool + ' not found')
    with tempfile.TemporaryDirectory() as d:
        c = os.path.join(d, 't.c')
        with open(c, 'w') as f:
            f.write('int main(void) { return 0; }\n')
        if subprocess.run(['arm-none-eabi-gcc', '-mcpu=cortex-m3', '-mthumb',
                           '--specs=picolibc.specs', c, '-o', os.path.join(d, 't.elf')],
                          capture_output=True).returncode:
            skip('arm-none-eabi-gcc cannot link with picolibc (picolibc-arm-none-eabi)')

    board = os.path.join(src, 'boards', 'mps2-an385')
    try:  # set up afresh unless set up with these cross files (not the former runner.ini)
        with open(os.path.join(build, 'meson-private', 'cmd_line.txt')) as f:
            fresh = 'mps2-an385/board.ini' not in f.read()
    except OSError:
        fresh = True
    if fresh or not os.path.exists(os.path.join(build, 'build.ninja')):
        shutil.rmtree(build, ignore_errors=True)
        r = subprocess.run(['meson', 'setup', build, src,
                            '--cross-file', os.path.join(board, 'cross.ini'),
                            '--cross-file', os.path.join(board, 'board.ini')],
                           capture_output=True, text=True)
        if r.returncode:
            sys.exit('FAIL: meson setup:\n' + r.stdout + r.stderr)
    r = subprocess.run(['ninja', '-C', build, 'boards/mps2-an385/wisp-runner.elf'],
                       capture_output=True, text=True)
    if r.returncode:
        sys.exit('FAIL: building wisp-runner.elf:\n' + r.stdout + r.stderr)
    elf = os.path.join(build, 'boards', 'mps2-an385', 'wisp-runner.elf')

    bad = 0
    for t in cases:
        name = os.path.basename(t)[:-len('.target')]
        with open(t) as f:
            func, want = [l.rstrip('\n') for l in f.read().splitlines()
                          if not l.startswith('#')][:2]
        wasm = os.path.abspath(t[:-len('.target')] + '.wasm')
        r = subprocess.run([os.path.join(board, 'run.sh'), '-e', elf, '-t', '60', wasm, func],
                           capture_output=True, text=True)
        out = (r.stdout + r.stderr).splitlines()
        got = out[0] if out else '(no output; exit %d)' % r.returncode
        if got.startswith(want):
            print('ok   %s: %s' % (name, got))
        else:
            bad += 1
            print('FAIL %s: the Cortex-M3 runner printed %r, expected %r' % (name, got, want))
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
