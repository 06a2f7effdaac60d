#!/usr/bin/env python3
"""Every symbol a wisp library defines for others starts with wisp_ (so an
embedder's own names never collide with the runtime's).

  check_symbols.py NM LIB.a [LIB.a ...]"""
import subprocess
import sys

INSTRUMENTATION = ("__odr_asan", "__asan", "__ubsan", "__sanitizer", "__sancov")
nm, libs = sys.argv[1], sys.argv[2:]
bad, total = [], 0
for lib in libs:
    out = subprocess.run([nm, "-g", "--defined-only", lib], capture_output=True, text=True,
                         check=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) != 3:
            continue  # "member.o:" headers and blank lines
        if parts[2].startswith(INSTRUMENTATION):
            continue  # the sanitizers' own, in ASan/UBSan builds
        total += 1
        if not parts[2].startswith("wisp_"):
            bad.append(f"{lib}: {parts[2]}")
for b in bad:
    print("not prefixed:", b)
print(f"{total - len(bad)} passed, {len(bad)} failed")
sys.exit(1 if bad else 0)
