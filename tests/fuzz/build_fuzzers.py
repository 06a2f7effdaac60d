#!/usr/bin/env python3
"""Build the libFuzzer targets with clang, whatever compiler meson uses.

The project may be configured with gcc, which has no libFuzzer, so the
fuzzers are not meson executables: this script compiles the core (and the
shared harness) once with -fsanitize=fuzzer-no-link,address,undefined and
links each target with -fsanitize=fuzzer. The --lib sources (the tools
library) go into an archive, so a target links only what it calls. It
writes one depfile covering every header any object included, so ninja
rebuilds when they change.

  build_fuzzers.py --cc clang-14 --objdir D --depfile F --inc DIR... \
      --core SRC... --common SRC... --lib SRC... --target OUT=SRC[,SRC...]...
"""
import argparse
import os
import subprocess
import sys

SAN = ['-fsanitize=address,undefined', '-fno-sanitize-recover=undefined',
       '-fno-omit-frame-pointer', '-g', '-O1']


def compile_one(cc, src, obj, flags):
    dep = obj + '.d'
    cmd = [cc, '-std=c11', '-c', src, '-o', obj, '-MMD', '-MF', dep] + flags
    r = subprocess.run(cmd)
    if r.returncode:
        raise RuntimeError('failed: ' + ' '.join(cmd))
    with open(dep) as f:
        text = f.read().replace('\\\n', ' ')
    return text.split(':', 1)[1].split()


def cflags(core_srcs):
    """The core's flags, from core/cflags beside its sources (clang: no
    gcc: lines)."""
    path = os.path.join(os.path.dirname(core_srcs[0]), 'cflags')
    flags = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#') and not line.startswith('gcc:'):
                flags += line.split()
    return flags


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--cc', required=True)
    ap.add_argument('--objdir', required=True)
    ap.add_argument('--depfile', required=True)
    ap.add_argument('--inc', nargs='*', default=[])
    ap.add_argument('--core', nargs='*', default=[])
    ap.add_argument('--common', nargs='*', default=[])
    ap.add_argument('--lib', nargs='*', default=[])
    # system libraries the tools library calls (jansson for source maps)
    ap.add_argument('--link-libs', nargs='*', default=[])
    ap.add_argument('--target', nargs='*', default=[])
    a = ap.parse_args()

    os.makedirs(a.objdir, exist_ok=True)
    inc = ['-I' + d for d in a.inc]
    # The core is freestanding and built with fuel, as the fuzzers need it.
    core_flags = SAN + ['-fsanitize=fuzzer-no-link'] + cflags(a.core) + ['-DWISP_FUEL=1'] + inc
    host_flags = SAN + ['-fsanitize=fuzzer-no-link', '-Wall', '-Wextra'] + inc
    deps, objs, lib_objs = set(), [], []
    for i, src in enumerate(a.core + a.common + a.lib):
        obj = os.path.join(a.objdir, '%02d_%s.o' % (i, os.path.basename(src)))
        flags = core_flags if src in a.core else host_flags
        if os.path.basename(src) == 'interp.c':
            # clang-14 needs minutes for the dispatch loop with UBSan's
            # pointer-overflow check at -O1 (13 s without it); ASan still
            # catches any access that actually leaves its object.
            flags = flags + ['-fno-sanitize=pointer-overflow']
        try:
            deps.update(compile_one(a.cc, src, obj, flags))
        except RuntimeError as e:
            sys.exit('build_fuzzers: ' + str(e))
        (lib_objs if src in a.lib else objs).append(obj)
    archive = os.path.join(a.objdir, 'libtools.a')
    if os.path.exists(archive):
        os.unlink(archive)
    if lib_objs and subprocess.run(['ar', 'rcs', archive] + lib_objs).returncode:
        sys.exit('build_fuzzers: ar failed')
    if lib_objs:
        objs.append(archive)
    outs = []
    for t in a.target:
        # OUT=SRC[,EXTRA...]: the target's own sources after the shared ones.
        # A target that does not build (its code mid-change) becomes a
        # script that says why and fails, so the other fuzzers still build.
        out, srcs = t.split('=', 1)
        deps.update(srcs.split(','))  # rebuild when they change, even after a failure
        objs_t = []
        try:
            for k, src in enumerate(srcs.split(',')):
                obj = os.path.join(a.objdir, '%s.%d.o' % (os.path.basename(out), k))
                deps.update(compile_one(a.cc, src, obj, host_flags))
                objs_t.append(obj)
            cmd = [a.cc] + objs_t + objs + ['-o', out, '-fsanitize=fuzzer'] + SAN + \
                ['-l' + x for x in a.link_libs]
            if subprocess.run(cmd).returncode:
                raise RuntimeError('link failed: ' + ' '.join(cmd))
        except (RuntimeError, SystemExit) as e:
            with open(out, 'w') as f:
                f.write('#!/bin/sh\necho "%s did not build: %s"\nexit 1\n'
                        % (os.path.basename(out), str(e).replace('"', "'")))
            os.chmod(out, 0o755)
        outs.append(out)
    with open(a.depfile, 'w') as f:
        f.write(outs[0] + ': ' + ' '.join(sorted(deps)).replace(' ', ' \\\n ') + '\n')


if __name__ == '__main__':
    main()
