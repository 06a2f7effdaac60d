#!/usr/bin/env python3
"""Differential test: wisp (diff_driver) against wabt's wasm-interp on
random modules from binaryen's `wasm-opt -ttf` (translate-to-fuzz).

For module i: random bytes (seeded by --seed and i) -> wasm-opt -ttf with
the Wasm 2.0 features both sides support -> two exports appended (see
augment(): a hash of all of memory and the mutable globals as raw bits,
called last) -> run in both -> compare the outputs line by line after
normalize().

Nondeterminism the spec allows, and how it is kept out:
  - NaN bits: two modules in three go through binaryen's --denan (every
    float result that is a NaN becomes 0), so no NaN exists and everything
    compares strictly, memory and globals included. The third keeps NaNs:
    printed results compare with the NaN sign ignored (%f hides payloads),
    an integer result that is a NaN's bit pattern (a reinterpret of one)
    compares as "some NaN" (the payload of an arithmetic NaN is free; e.g.
    f32.add of -nan:0x7fffd1 may give that NaN or the canonical one), and
    the memory/globals lines are not compared, as they may hold NaN bits.
  - Resource limits: -ttf bounds loops and recursion with a "hang limit"
    global, but if either side runs out of stack (or wisp out of fuel, or
    wasm-interp out of time) the module is counted as skipped.

A disagreement is saved as tests/robust/regress/diff-<seed>-<i>.wasm with
the expected (wasm-interp's, normalized) output beside it in .expected;
--replay runs the driver on every such file and compares.

  diff_test.py --driver BIN --count N [--seed S] [--jobs J] [--regress DIR]
  diff_test.py --driver BIN --replay DIR
"""
import argparse
import concurrent.futures
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

FEATURES = ['--mvp-features', '--enable-bulk-memory', '--enable-multivalue',
            '--enable-sign-ext', '--enable-nontrapping-float-to-int',
            '--enable-mutable-globals', '--enable-tail-call', '--enable-extended-const']
# the same for wabt (the rest of Wasm 2.0 is its default)
WABT_FEATURES = ['--enable-tail-call', '--enable-extended-const']
# reference-types is left out: binaryen 108's -ttf then emits modules wabt
# 1.0.32 rejects (externref/funcref subtyping it does not have).

TRAPS = [  # (regex on the message, canonical name); both sides' wordings
    (r'unreachable( executed)?$', 'unreachable'),
    (r'out of bounds memory access.*', 'memory out of bounds'),
    (r'integer divide by zero$', 'integer divide by zero'),
    (r'integer overflow$', 'integer overflow'),
    (r'invalid conversion to integer$', 'invalid conversion to integer'),
    (r'(out of bounds table access|undefined table index|undefined element).*',
     'table out of bounds'),
    (r'uninitialized (table )?element.*', 'uninitialized element'),
    (r'indirect call (signature|type) mismatch$', 'indirect call type mismatch'),
    (r'call stack exhausted$', 'call stack exhausted'),
    (r'out of fuel$', 'out of fuel'),
]

APPENDED = ('__wisp_memhash', '__wisp_globals')


def canon_trap(msg):
    for rx, name in TRAPS:
        if re.match(rx, msg):
            return name
    return msg


def nan_bits(m):
    """i32/i64 results holding an f32/f64 NaN's bits, as one token."""
    kind, v = m.group(1), int(m.group(2))
    if kind == 'i32' and (v >> 23) & 0xff == 0xff and v & 0x7fffff:
        return 'i32:<f32 nan bits>'
    if kind == 'i64' and (v >> 52) & 0x7ff == 0x7ff and v & ((1 << 52) - 1):
        return 'i64:<f64 nan bits>'
    return m.group(0)


def normalize(text, strict):
    out = []
    for line in text.splitlines():
        m = re.match(r'^(.*=>) error: (.*)$', line)
        if m:
            line = '%s error: %s' % (m.group(1), canon_trap(m.group(2)))
        else:
            line = line.replace('-nan', 'nan')  # the sign of a NaN is free
            if not strict:
                line = re.sub(r'\b(i32|i64):(\d+)\b', nan_bits, line)
        if not strict and line.startswith(APPENDED):
            continue
        out.append(line)
    return out


def augment(wat):
    """Append exports that expose all of memory (FNV-1a over 8-byte words)
    and the mutable globals (floats as their bits) to the comparison."""
    body = wat.rstrip()
    assert body.endswith(')')
    body = body[:-1]
    extra = []
    if re.search(r'\(memory \(;0;\)', wat):
        extra.append('''
  (func $__wisp_memhash (result i64) (local $i i32) (local $h i64)
    i64.const 0xcbf29ce484222325
    local.set $h
    block $done
      loop $next
        local.get $i
        memory.size
        i32.const 16
        i32.shl
        i32.ge_u
        br_if $done
        local.get $h
        local.get $i
        i64.load
        i64.xor
        i64.const 0x100000001b3
        i64.mul
        local.set $h
        local.get $i
        i32.const 8
        i32.add
        local.set $i
        br $next
      end
    end
    local.get $h)
  (export "__wisp_memhash" (func $__wisp_memhash))''')
    globs = re.findall(r'\(global \(;(\d+);\) \(mut (i32|i64|f32|f64)\)', wat)
    if globs:
        conv = {'i32': '', 'i64': '', 'f32': ' i32.reinterpret_f32', 'f64': ' i64.reinterpret_f64'}
        rtype = {'i32': 'i32', 'i64': 'i64', 'f32': 'i32', 'f64': 'i64'}
        results = ' '.join(rtype[t] for _, t in globs)
        code = ' '.join('global.get %s%s' % (i, conv[t]) for i, t in globs)
        extra.append('\n  (func $__wisp_globals (result %s) %s)'
                     '\n  (export "__wisp_globals" (func $__wisp_globals))' % (results, code))
    return body + ''.join(extra) + ')\n'


def run(cmd, timeout):
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout, universal_newlines=True, errors='replace')
        return r.returncode, r.stdout, r.stderr
    except subprocess.TimeoutExpired:
        return None, '', 'timeout'


class Tools:
    def __init__(self, a):
        self.driver = a.driver
        self.wasm_opt = a.wasm_opt
        self.interp = a.wasm_interp
        self.wasm2wat = a.wasm2wat
        self.wat2wasm = a.wat2wasm


def make_module(t, seed, i, tmp):
    """Returns (path, strict) or (None, reason)."""
    rnd = random.Random(seed * 1000003 + i)
    raw = bytes(rnd.getrandbits(8) for _ in range(rnd.randint(256, 12000)))
    strict = i % 3 != 2
    binp, ttf, wat, out = (os.path.join(tmp, '%d.%s' % (i, e)) for e in ('bin', 'ttf.wasm', 'wat', 'wasm'))
    with open(binp, 'wb') as f:
        f.write(raw)
    cmd = [t.wasm_opt, binp, '-ttf'] + FEATURES + (['--denan'] if strict else [])
    if i % 4 == 1:
        cmd.append('-O2')  # optimized code has other shapes (br_table, select, ...)
    rc, _, err = run(cmd + ['-o', ttf], 60)
    if rc != 0:
        return None, 'wasm-opt failed'
    rc, text, _ = run([t.wasm2wat] + WABT_FEATURES + [ttf], 60)
    if rc != 0:
        return None, 'wabt rejects the module'
    with open(wat, 'w') as f:
        f.write(augment(text))
    rc, _, err = run([t.wat2wasm] + WABT_FEATURES + [wat, '-o', out], 60)
    if rc != 0:
        return None, 'wat2wasm failed on the augmented module: ' + err.strip()[:200]
    return out, strict


def compare(t, path, strict):
    """Returns ('agree'|'skip'|'disagree', detail, expected-text, calls)."""
    rc_ref, ref, ref_err = run([t.interp, '--run-all-exports', '--dummy-import-func']
                               + WABT_FEATURES + [path], 60)
    if rc_ref is None:
        return 'skip', 'wasm-interp timed out', None, []
    rc_w, got, got_err = run([t.driver, path], 120)
    if rc_w is None:
        return 'disagree', 'diff_driver timed out (fuel should stop it)', ref, []
    if rc_w not in (0, 1):
        return 'disagree', 'diff_driver crashed (%d): %s' % (rc_w, got_err.strip()[-500:]), ref, []
    a, b = normalize(ref, strict), normalize(got, strict)
    calls = [l.split(' error: ', 1)[1] if ' error: ' in l else 'ok'
             for l in b if '=>' in l and not l.startswith('called host')]
    if any('error: out of fuel' in l for l in b):
        return 'skip', 'wisp ran out of fuel', None, calls
    if a == b:
        return 'agree', '', ref, calls
    if any('call stack exhausted' in l for l in a + b):
        return 'skip', 'call stack exhausted (implementation limit)', None, calls
    for k in range(max(len(a), len(b))):
        x = a[k] if k < len(a) else '(nothing)'
        y = b[k] if k < len(b) else '(nothing)'
        if x != y:
            return 'disagree', 'line %d: wasm-interp %r, wisp %r' % (k + 1, x, y), ref, calls
    return 'disagree', 'outputs differ', ref, calls


def save(regress, path, seed, i, ref, strict, detail):
    os.makedirs(regress, exist_ok=True)
    base = os.path.join(regress, 'diff-%d-%d' % (seed, i))
    shutil.copy(path, base + '.wasm')
    with open(base + '.expected', 'w') as f:
        f.write('# wasm-interp --run-all-exports --dummy-import-func, normalized (%s)\n'
                % ('strict' if strict else 'NaN-tolerant'))
        f.write('# first difference: %s\n' % detail)
        f.write('\n'.join(normalize(ref, strict)) + '\n')
    return base + '.wasm'


def replay(a):
    """Every NAME.expected in the directory, with NAME.wasm or NAME.wat."""
    t = Tools(a)
    names = sorted(f[:-9] for f in os.listdir(a.replay) if f.endswith('.expected'))
    bad = 0
    tmp = tempfile.mkdtemp(prefix='wisp-replay-')
    for name in names:
        base = os.path.join(a.replay, name)
        path = base + '.wasm'
        if not os.path.exists(path):
            path = os.path.join(tmp, name + '.wasm')
            rc, _, err = run([t.wat2wasm] + WABT_FEATURES + [base + '.wat', '-o', path], 60)
            if rc != 0:
                print('FAIL %s: cannot assemble %s.wat: %s' % (name, name, err.strip()))
                bad += 1
                continue
        with open(base + '.expected') as fh:
            lines = fh.read().splitlines()
        strict = 'NaN-tolerant' not in lines[0]
        want = [l for l in lines if not l.startswith('#')]
        rc, got, err = run([t.driver, path], 120)
        have = normalize(got, strict)
        if rc not in (0, 1) or have != want:
            bad += 1
            print('FAIL %s: wisp disagrees with the recorded wasm-interp output%s' % (
                name, ' (driver exit %s: %s)' % (rc, err.strip()[-300:]) if rc not in (0, 1) else ''))
            for x, y in zip(want + ['(nothing)'] * len(have), have + ['(nothing)'] * len(want)):
                if x != y:
                    print('  expected %r\n  got      %r' % (x, y))
                    break
        else:
            print('ok   %s' % name)
    shutil.rmtree(tmp, ignore_errors=True)
    print('replayed %d reproducers, %d failing' % (len(names), bad))
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--driver', required=True)
    ap.add_argument('--wasm-opt', default='wasm-opt')
    ap.add_argument('--wasm-interp', default='wasm-interp')
    ap.add_argument('--wasm2wat', default='wasm2wat')
    ap.add_argument('--wat2wasm', default='wat2wasm')
    ap.add_argument('--count', type=int, default=1000)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--regress')
    ap.add_argument('--replay')
    a = ap.parse_args()
    if a.replay:
        return replay(a)

    t = Tools(a)
    t0 = time.time()
    counts, skips, calls, bad = {'agree': 0, 'skip': 0, 'disagree': 0}, {}, {}, []
    tmp = tempfile.mkdtemp(prefix='wisp-diff-')

    def one(i):
        path, strict = make_module(t, a.seed, i, tmp)
        if path is None:
            return i, 'skip', strict, None, None, []
        verdict, detail, ref, n = compare(t, path, strict)
        saved = None
        if verdict == 'disagree' and a.regress:
            saved = save(a.regress, path, a.seed, i, ref or '', strict, detail)
        for e in ('bin', 'ttf.wasm', 'wat', 'wasm'):
            try:
                os.remove(os.path.join(tmp, '%d.%s' % (i, e)))
            except OSError:
                pass
        return i, verdict, detail, saved, strict, n

    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as ex:
        for i, verdict, detail, saved, strict, n in ex.map(one, range(a.count)):
            counts[verdict] += 1
            for outcome in n:
                calls[outcome] = calls.get(outcome, 0) + 1
            if verdict == 'skip':
                skips[detail] = skips.get(detail, 0) + 1
            elif verdict == 'disagree':
                bad.append(i)
                print('DISAGREE seed %d module %d: %s%s' % (
                    a.seed, i, detail, '\n  saved: %s' % saved if saved else ''))
    shutil.rmtree(tmp, ignore_errors=True)
    print('diff: %d modules (seed %d) in %.0f s: %d agree, %d skipped, %d disagree; '
          '%d export calls compared' % (a.count, a.seed, time.time() - t0, counts['agree'],
                                        counts['skip'], counts['disagree'],
                                        sum(calls.values())))
    print('  outcomes: ' + ', '.join('%s %d' % (k, v) for k, v in
                                     sorted(calls.items(), key=lambda x: -x[1])))
    for why, n in sorted(skips.items(), key=lambda x: -x[1]):
        print('  skipped %d: %s' % (n, why))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
