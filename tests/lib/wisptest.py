"""What the Python test scripts share: `ok`/`FAIL` lines and the exit
status, skips (status 77, which meson reports as skipped), the cross build
of a board, and COBS, the UART coredump framing (coredump/sink_uart.c), written
from its description.

A script puts this folder on sys.path:
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
"""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
failures = []


def skip(why):
    print(f"SKIP: {why}")
    sys.exit(SKIP)


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)
    return cond


def finish():
    """The exit status: 1 if any check failed."""
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    return 0


def have_picolibc(cpu="cortex-m3", semihost=False):
    """True if arm-none-eabi-gcc links a program for `cpu` against picolibc."""
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "t.c")
        with open(src, "w") as f:
            f.write("#include <stdio.h>\nint main(void) { puts(\"x\"); return 0; }\n" if semihost
                    else "#include <string.h>\nint main(void) { return (int)strlen(\"x\"); }\n")
        cmd = ["arm-none-eabi-gcc", "-mcpu=" + cpu, "-mthumb", "--specs=picolibc.specs"]
        if semihost:
            cmd.append("--oslib=semihost")
        r = subprocess.run(cmd + [src, "-o", os.path.join(d, "t.elf")],
                           capture_output=True, text=True)
        return r.returncode == 0


def cross_build(source, build_dir, cross, opts, stamp, targets, what):
    """Set up (or reuse) the cross meson build in build_dir and build the
    ninja targets. Cross files are read at setup time only, so the directory
    is set up afresh whenever they or the options change (the stamp file
    holds what it was set up with)."""
    h = hashlib.sha256(" ".join(opts).encode())
    for c in cross:
        with open(c, "rb") as f:
            h.update(f.read())
    stamp_path = os.path.join(build_dir, stamp)
    try:
        with open(stamp_path) as f:
            old = f.read()
    except OSError:
        old = None
    if old != h.hexdigest() or not os.path.exists(os.path.join(build_dir, "build.ninja")):
        shutil.rmtree(build_dir, ignore_errors=True)
        cmd = ["meson", "setup", build_dir, source] + opts
        for c in cross:
            cmd += ["--cross-file", c]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode:
            print(r.stdout + r.stderr)
            sys.exit(f"FAIL: {' '.join(cmd)}")
        with open(stamp_path, "w") as f:
            f.write(h.hexdigest())
    r = subprocess.run(["ninja", "-C", build_dir] + targets, capture_output=True, text=True)
    if r.returncode:
        print(r.stdout + r.stderr)
        sys.exit(f"FAIL: building {what}")


def cobs_encode(data):
    out, block = bytearray(), bytearray()
    for b in data:
        if b == 0:
            out += bytes([len(block) + 1]) + block
            block = bytearray()
        else:
            block.append(b)
            if len(block) == 254:
                out += b"\xff" + block
                block = bytearray()
    out += bytes([len(block) + 1]) + block
    return bytes(out)


def cobs_decode(enc):
    """The bytes of one COBS piece (no 0x00 in it); ValueError if malformed."""
    out, i = bytearray(), 0
    while i < len(enc):
        code = enc[i]
        i += 1
        if code == 0 or i + code - 1 > len(enc):
            raise ValueError("bad COBS")
        out += enc[i:i + code - 1]
        i += code - 1
        if code < 0xff and i < len(enc):
            out.append(0)
    return bytes(out)
