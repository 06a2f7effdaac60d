#!/usr/bin/env python3
"""Seed corpora for the fuzzers, made from the spec suite at build time
(never committed):

  OUT/wasm/      every distinct module of ../shared/testsuite/*.wast and chaos/*.wat (valid,
                 invalid and malformed ones: wast2json writes them all)
  OUT/names/     0x00 + module (names fuzzer, whole-module mode) for modules
                 with a name section, and 0x01 + that section's payload
                 (wrapped mode)
  OUT/coredump/  coredumps wisp writes when those modules trap (cd_seed)
  OUT/pull/      piece-size byte + some of those coredumps framed as the UART
                 sink sends them (wisp.h, "coredump sinks"), amid log text

  make_seeds.py --wast2json PATH --testsuite DIR --out DIR --stamp FILE
                [--cd-seed BIN]
"""
import argparse
import glob
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', '..', 'tools', 'py'))
from wasmbin import read_uleb, sections  # noqa: E402


def name_payload(mod):
    """The payload of the `name` custom section, or None."""
    if mod[:4] != b'\0asm':
        return None
    try:
        for sid, start, end in sections(mod):
            if sid == 0:
                n, j = read_uleb(mod, start)
                if mod[j:j + n] == b'name':
                    return mod[j + n:end]
    except IndexError:
        pass
    return None


def cobs(data):
    out, block = bytearray(), bytearray()
    for b in data:
        if b == 0 or len(block) == 254:
            if b != 0:  # a full block of 254 non-zero bytes
                out += bytes([255]) + block
                block = bytearray([b])
                continue
            out += bytes([len(block) + 1]) + block
            block = bytearray()
        else:
            block.append(b)
    return bytes(out + bytes([len(block) + 1]) + block)


def packet(kind, body):
    p = b'WD' + kind + body
    return b'\0' + cobs(p + zlib.crc32(p).to_bytes(4, 'little')) + b'\0'


def framed(dump, seq):
    """The UART sink's stream for one dump, with log lines around."""
    le = lambda v, n: v.to_bytes(n, 'little')
    out = b'boot: wisp demo\r\n' + packet(b'H', bytes([1, 0]) + le(240, 2) + le(len(dump), 4)
                                           + le(seq, 4))
    for off in range(0, len(dump), 240):
        out += packet(b'D', le(off, 4) + dump[off:off + 240])
        if off == 480:
            out += b'log: tick\r\n'
    return out + packet(b'E', le(len(dump), 4) + le(zlib.crc32(dump), 4)) + b'done\r\n'


def put(d, data):
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), 'wb') as f:
        f.write(data)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--wast2json', required=True)
    ap.add_argument('--testsuite', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--stamp', required=True)
    ap.add_argument('--cd-seed')
    a = ap.parse_args()

    dirs = {k: os.path.join(a.out, k) for k in ('wasm', 'names', 'coredump', 'pull')}
    for d in dirs.values():
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    wasts = sorted(glob.glob(os.path.join(a.testsuite, '*.wast')))
    # and ours, written for the fuzzers (a module is a one-module script)
    chaos = sorted(glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                          'chaos', '*.wat')))
    if not wasts:
        print('make_seeds: no .wast in %s: empty seed corpora' % a.testsuite)
    with tempfile.TemporaryDirectory() as tmp:
        for w in wasts + chaos:
            base = os.path.splitext(os.path.basename(w))[0]
            # --debug-names keeps $names: the names fuzzer wants real sections
            subprocess.run([a.wast2json, '--enable-all', '--debug-names', w,
                            '-o', os.path.join(tmp, base + '.json')],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        mods = set()
        for f in glob.glob(os.path.join(tmp, '*.wasm')):
            with open(f, 'rb') as fh:
                mods.add(fh.read())
        for m in mods:
            put(dirs['wasm'], m)
            p = name_payload(m)
            if p is not None:
                put(dirs['names'], b'\0' + m)
                put(dirs['names'], b'\1' + p)
    if a.cd_seed and mods:
        files = sorted(glob.glob(os.path.join(dirs['wasm'], '*')))
        r = subprocess.run([a.cd_seed, dirs['coredump']] + files)
        if r.returncode:
            sys.exit('make_seeds: cd_seed failed')
    # pull: the first byte picks the fuzzer's piece size
    dumps = sorted(glob.glob(os.path.join(dirs['coredump'], '*')))
    for k, path in enumerate(dumps[:40]):
        with open(path, 'rb') as f:
            put(dirs['pull'], bytes([k & 7]) + framed(f.read(), k))
    put(dirs['pull'], b'\0log\r\n' + packet(b'N', b''))
    counts = {k: len(os.listdir(d)) for k, d in dirs.items()}
    with open(a.stamp, 'w') as f:
        f.write('%s\n' % counts)
    print('make_seeds: %s' % counts)


if __name__ == '__main__':
    main()
