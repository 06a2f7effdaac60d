#!/usr/bin/env python3
"""Build wisp-runner.elf for a QEMU MPS2 board (mps2-an385, mps2-an505: the
boards whose board.ini lists the check 'runner') and check it on
runner.wasm.

    check_mps2.py --source ROOT --build DIR --wasm runner.wasm [--fuel true|false]
                  [--board BOARD]

The image is built by a cross meson build of the source tree in DIR
(cross.ini + board.ini, the fuel option as the native build's), so the core
is compiled exactly as `make mps2` compiles it. Then each export of
runner.wasm runs through boards/BOARD/run.sh and its `result` line,
exit status and `instructions N` (positive, identical over two runs) are
checked. wisp-f64arith.elf (tests/boards/f64arith.c) checks the f64
assembly against libgcc's. Where wasm3's runner image is in ../shared, the
result lines of the two are compared too. Exits 77 (skipped) without arm-none-eabi-gcc,
picolibc or qemu-system-arm.
"""
import argparse
import math
import os
import re
import shutil
import struct
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from wisptest import check, cross_build, finish, have_picolibc, skip  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "boards", "common"))
import boards  # noqa: E402


def build_runner(source, build, fuel, board, extra_cross=()):
    """Set up (or reuse) the cross build in `build` and build the image.

    The options come from the cross files at setup time only, so the build
    directory is set up afresh whenever they or the fuel option change (a
    stamp file holds what it was set up with). extra_cross: more cross
    files after the board's (m0.ini: the same board's code for ARMv6-M;
    os.ini: at -Os)."""
    cross = boards.board(source, board)["cross"] + list(extra_cross)
    cross_build(source, build, cross, ["-Dfuel=" + fuel], "check_mps2.stamp",
                [f"boards/{board}/wisp-runner.elf", f"boards/{board}/wisp-f64arith.elf"],
                "wisp-runner.elf and wisp-f64arith.elf")
    return os.path.join(build, "boards", board, "wisp-runner.elf")


BOARD = "mps2-an385"


def run(source, elf, wasm, func, *extra):
    """(exit status, output) of one QEMU run through the board's run.sh."""
    board = "mps2-an385" if elf.endswith("wasm3-mps2.elf") else BOARD
    r = subprocess.run([os.path.join(source, "boards", board, "run.sh"),
                        "-e", elf, "-t", "30", wasm, func, *extra],
                       capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def parse(out):
    """The result line's value (None if absent) and the instruction count."""
    res = re.search(r"^result (.*)$", out, re.M)
    ins = re.search(r"^instructions (\d+)$", out, re.M)
    return (res.group(1) if res else None), (int(ins.group(1)) if ins else None)


M64 = (1 << 64) - 1


def xorshift(x):
    """runner.wat's $xorshift."""
    x ^= (x << 13) & M64
    x ^= x >> 7
    return x ^ ((x << 17) & M64)


def f64(u):
    return struct.unpack("<d", struct.pack("<Q", u))[0]


def f32(u):
    return struct.unpack("<f", struct.pack("<I", u))[0]


def f32_bits(q):
    """A double's bits as a float, rounded to nearest even; NaN as the
    canonical NaN."""
    if math.isnan(q):
        return 0x7fc00000
    try:
        return struct.unpack("<I", struct.pack("<f", q))[0]
    except OverflowError:  # rounds beyond the largest float
        return 0x7f800000 | (0x80000000 if q < 0 else 0)


def near32(fa, fb):
    """runner.wat's $near32: fb with its exponent within -16..15 of fa's."""
    return (fb & 0x807fffff) | ((((fa >> 23) + (fb & 31) - 16) & 0xff) << 23)


def rotl5(v):
    return ((v << 5) | (v >> 59)) & M64


def ieee_div(x, y):
    """x / y as IEEE 754 has it (Python raises on a zero divisor)."""
    if y != 0:
        return x / y
    return math.nan if x == 0 or math.isnan(x) else math.copysign(math.inf, x) * math.copysign(1, y)


def fdiv_expected():
    """runner.wat's fdiv, with Python's (IEEE) division."""
    bits = lambda d: struct.unpack("<Q", struct.pack("<d", d))[0]
    x, total = 0x9e3779b97f4a7c15, 0
    for i in range(3000):
        a = xorshift(x)
        b = xorshift(a)
        x = b
        if i % 4 == 1:
            e = ((a >> 52) + ((b & 63) - 40)) & 0x7ff
            b = (b & 0x800fffffffffffff) | e << 52
        if i % 4 == 2:
            a = (a >> 12) >> (b & 31)
            b = (b & 0x800fffffffffffff) | (1000 + ((b >> 52) & 63)) << 52
        if i % 4 == 3:
            a = (a & 0x800fffffffffffff) | 1 | (b & 63) << 52
            b = (1024 + ((b >> 8) & 15)) << 52
        q = ieee_div(f64(a), f64(b))
        r = 0x7ff8000000000000 if math.isnan(q) else bits(q)
        total = rotl5(total) ^ r
    return (total ^ (total >> 32)) & 0xffffffff


def divmul_expected():
    """runner.wat's divmul: i64 division as Wasm defines it (truncating),
    f32 products and quotients rounded to nearest even by struct."""
    def sx(v):
        return v - (1 << 64) if v >> 63 else v

    def f32op(fa, fb, op):
        # a double product is exact, and a double quotient rounded again to
        # float is the correctly rounded one (53 >= 2*24+2)
        return f32_bits(f32(fa) * f32(fb) if op == "*" else ieee_div(f32(fa), f32(fb)))

    x, total = 0x2545f4914f6cdd1d, 0
    for i in range(2000):
        a = xorshift(x)
        b = xorshift(a)
        x = b
        s2, s1 = (b >> 12) & 31, (b >> 6) & 63
        ua, sa = a >> s2, sx(a) >> s2
        u, sb = (b >> s1) or 1, sx(b) >> s1
        if sb in (0, -1):
            sb += 7
        q = abs(sa) // abs(sb) * (1 if (sa < 0) == (sb < 0) else -1)
        for v in (ua // u, ua % u, q, sa - q * sb):
            total = rotl5(total) ^ (v & M64)
        fa, fb = a & 0xffffffff, b >> 32
        if i & 1:
            fb = near32(fa, fb)
        for op in "*/":
            total = rotl5(total) ^ f32op(fa, fb, op)
    return (total ^ (total >> 32)) & 0xffffffff


def i64ops_expected():
    """runner.wat's i64ops, on Python integers masked to 64 bits."""
    sx = lambda v: v - (1 << 64) if v >> 63 else v
    rotl = lambda v, k: ((v << (k & 63)) | (v >> ((64 - k) & 63))) & M64
    ext = lambda v, n: (sx(v << (64 - n) & M64) >> (64 - n)) & M64
    x, s = 0x0f1e2d3c4b5a6978, 0
    for i in range(1000):
        a = xorshift(x)
        b = xorshift(a)
        x = b
        if i & 7 == 3:
            b = a
        c = b
        k = c >> 58
        cmp = ((k == 0) | (a == c) << 1 | (a != c) << 2 | (sx(a) < sx(c)) << 3 | (a < c) << 4 |
               (sx(a) > sx(c)) << 5 | (a > c) << 6 | (sx(a) <= sx(c)) << 7 | (a <= c) << 8 |
               (sx(a) >= sx(c)) << 9 | (a >= c) << 10)
        for v in (a + c, a - c, a * c, a & c, a | c, a ^ c, a << k, (sx(a) >> k), a >> k,
                  rotl(a, k), rotl(a, -c & 63), a + 0x123456789, a * 0x9e3779b97f4a7c15,
                  c & 0xff00ff00ff00ff, c << 33, sx(c) >> 7, c >> 40, rotl(c, 45), rotl(c, 51),
                  64 - (a >> k).bit_length(), ((c << k) & M64 & -((c << k) & M64)).bit_length() - 1
                  if (c << k) & M64 else 64, bin(a).count("1"), ext(a, 8), ext(c, 16), ext(a, 32),
                  ext(c & 0xffffffff, 32), c & 0xffffffff, cmp, a if k < 32 else c):
            s = rotl(s, 5) ^ (v & M64)
    return (s ^ (s >> 32)) & 0xffffffff


def farith_expected():
    """runner.wat's farith: f32 sums and differences (computed in double and
    rounded once more to float, which is the correctly rounded result:
    53 >= 2*24+2) and f64 products, sums and differences, as Python's IEEE
    arithmetic has them."""
    bits = lambda d: struct.unpack("<Q", struct.pack("<d", d))[0]
    x, total = 0x243f6a8885a308d3, 0
    for i in range(2000):
        a = xorshift(x)
        b = xorshift(a)
        x = b
        fa, fb = a & 0xffffffff, b >> 32
        if i & 1:
            fb = near32(fa, fb)
            b = (b & 0x800fffffffffffff) | ((((a >> 52) + (b & 31) - 16) & 0x7ff) << 52)
        if i & 3 == 2:
            fb &= 0x80000000
            b &= 0x8000000000000000
        if i & 7 == 4:
            fa = fb ^ 0x80000000
            a = b ^ (1 << 63)
            if i & 15 == 12:
                fa = (fa + 3) & 0xffffffff
                a = (a + 3) & M64
        total = rotl5(total) ^ f32_bits(f32(fa) + f32(fb))
        total = rotl5(total) ^ f32_bits(f32(fa) - f32(fb))
        for r in (f64(a) * f64(b), f64(a) + f64(b), f64(a) - f64(b)):
            total = rotl5(total) ^ (0x7ff8000000000000 if math.isnan(r) else bits(r))
    return (total ^ (total >> 32)) & 0xffffffff


def fcmp_expected():
    """runner.wat's fcmp, with Python's (IEEE) comparisons."""
    def flags(x, y):
        bits = 0
        for k, (p, q) in enumerate(((x, y), (x, 1.5))):
            for j, v in enumerate((p == q, p != q, p < q, p > q, p <= q, p >= q)):
                bits |= v << (6 * k + j)
        return bits
    x, total = 0x2545f4914f6cdd1d, 0
    for i in range(2000):
        a = xorshift(x)
        b = xorshift(a)
        x = b
        fa, fb, sel = a & 0xffffffff, b & 0xffffffff, i & 7
        if sel == 4:
            b, fb = a, fa
        elif sel == 5:
            b, fb = a | 0x7ff8000000000000, fa | 0x7fc00000
        elif sel == 6:
            a, b, fa, fb = 0, 1 << 63, 0, 1 << 31
        elif sel == 7:
            b, fb = (a + 1) & M64, (fa + 1) & 0xffffffff
        total = (total * 33 + flags(f64(a), f64(b))) & 0xffffffff
        total = (total * 33 + flags(f32(fa), f32(fb))) & 0xffffffff
    return total


def unaligned_expected():
    """runner.wat's unaligned, on a bytearray."""
    mem = bytearray(2048)
    def st(a, n, v):
        mem[a:a + n] = (v & ((1 << 8 * n) - 1)).to_bytes(n, "little")
    def ld(a, n, signed=False):
        return int.from_bytes(mem[a:a + n], "little", signed=signed) & M64
    rotl = lambda v, k: ((v << k) | (v >> (64 - k))) & M64
    x, s = 0x0123456789abcdef, 0
    for i in range(64):
        a = 1000 + (i & 15)
        x = xorshift(x)
        st(a, 8, x)
        s = rotl(s, 7) ^ ld(a + 1, 8)
        st(a + 3, 4, x >> 8)
        s = (s + ld(a, 4)) & M64
        s ^= ld(a + 2, 4, True)
        st(a + 5, 2, x)
        s = (s + (ld(a + 4, 2, True) & 0xffffffff)) & M64
        s ^= ld(a + 1, 2)
        s = (s + ld(a + 1, 4)) & M64
        st(a + 9, 4, rotl(x, 13))
        st(a + 6, 2, rotl(x, 29))
        st(a + 2, 1, x)
        s = rotl(s, 3) ^ ld(a + 3, 8)
        s = (s + ld(a + 7, 2, True)) & M64
        s ^= ld(a + 2, 1, True)
        st(a + 1, 4, x & 0x3fffffff)
        st(a + 5, 8, x & 0x3fffffffffffffff)
        s = (s + ld(a + 2, 4)) & M64
        s ^= ld(a + 3, 8)
        st(1, 4, s)
        s = (s + ld(0, 8)) & M64
    return (s ^ (s >> 32)) & 0xffffffff


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--wasm", required=True)
    ap.add_argument("--fuel", default="true")
    ap.add_argument("--board", default="mps2-an385")
    ap.add_argument("--cross", action="append", default=[],
                    help="a cross file layered after the board's, e.g. boards/mps2-an385/m0.ini")
    a = ap.parse_args()
    if a.board not in boards.with_test(os.path.abspath(a.source), "runner"):
        sys.exit(f"FAIL: {a.board}'s board.ini lists no 'runner' check")
    global BOARD
    BOARD = a.board
    a.wasm = os.path.abspath(a.wasm)  # QEMU resolves it from its own cwd

    for tool in ("arm-none-eabi-gcc", "qemu-system-arm", "meson", "ninja"):
        if not shutil.which(tool):
            skip(f"{tool} not found (apt-get install "
                 + {"arm-none-eabi-gcc": "gcc-arm-none-eabi",
                    "qemu-system-arm": "qemu-system-arm",
                    "meson": "meson", "ninja": "ninja-build"}[tool] + ")")
    if not have_picolibc(semihost=True):
        skip("arm-none-eabi-gcc cannot link with picolibc "
             "(apt-get install picolibc-arm-none-eabi)")

    elf = build_runner(os.path.abspath(a.source), os.path.abspath(a.build), a.fuel, a.board,
                       [os.path.abspath(c) for c in a.cross])
    size = subprocess.run(["arm-none-eabi-size", elf], capture_output=True, text=True).stdout
    print(size.strip())

    # export: expected result line value (None: no result line)
    cases = {
        "fdiv": str(fdiv_expected()),
        "fcmp": str(fcmp_expected()),
        "divmul": str(divmul_expected()),
        "farith": str(farith_expected()),
        "i64ops": str(i64ops_expected()),
        "unaligned": str(unaligned_expected()),
        "run": "6765",
        "fact64": "2432902008176640000",
        "neg": "4294967289",
        "f32": "1.500000",
        "f64": "-3.750000",
        "none": None,
        "clock": "3",
    }
    counts = {}
    for func, want in cases.items():
        rc, out = run(a.source, elf, a.wasm, func)
        res, ins = parse(out)
        check(rc == 0, f"{func}: exit status 0 (got {rc})")
        check(res == want, f"{func}: result {want} (got {res})")
        check(ins is not None and ins > 0, f"{func}: instructions positive (got {ins})")
        counts[func] = ins
        if rc:
            print(out)

    # Determinism under -icount shift=0: the same count on a second run.
    for func in ("run", "clock"):
        rc, out = run(a.source, elf, a.wasm, func)
        check(parse(out)[1] == counts[func] and rc == 0,
              f"{func}: same instruction count twice ({counts[func]}, {parse(out)[1]})")
    check(counts["clock"] >= 2_000_000, "clock: spinning 3 ms of virtual time took >= 2M "
          f"instructions (got {counts['clock']})")

    rc, out = run(a.source, elf, a.wasm, "run", "stats")
    m = {k: int(v) for k, v in re.findall(r"^(arena|stack|module) (\d+)$", out, re.M)}
    check(rc == 0 and set(m) == {"arena", "stack", "module"}, f"stats lines: {m}")

    # Failures: a trap, a call to an import the runner lacks, a missing export, no file.
    for func, rc_want, text in (("trap", 1, "wisp trap: unreachable"),
                                ("call_missing", 1, "wisp trap: missing imported function"),
                                ("no_such_export", 1, "wisp error: no exported function")):
        rc, out = run(a.source, elf, a.wasm, func)
        check(rc == rc_want and text in out and "instructions" not in out,
              f"{func}: exit {rc_want} and '{text}' (got {rc}: {out.strip()!r})")
    rc, out = run(a.source, elf, a.wasm + ".missing", "run")
    check(rc == 2, f"missing file: exit 2 (got {rc})")

    # The f64 assembly against libgcc's, bit for bit (tests/boards/f64arith.c):
    # add, subtract, multiply and wfloat's division, on Thumb-2 and on
    # ARMv6-M (m0.ini)
    f64arith = os.path.join(os.path.dirname(elf), "wisp-f64arith.elf")
    r = subprocess.run(["timeout", "120", "qemu-system-arm", "-M", a.board, "-nographic",
                        "-monitor", "none", "-semihosting-config",
                        "enable=on,target=native,arg=1000000", "-kernel", f64arith],
                       capture_output=True, text=True)
    out = r.stdout + r.stderr
    print(out.strip())
    m = re.search(r"^f64arith (\d+) checks, (\d+) failures$", out, re.M)
    want = 20_000_000
    check(r.returncode == 0 and m and int(m.group(1)) >= want and m.group(2) == "0",
          f"f64arith: at least {want:,} checks against libgcc's, no failures")

    # Beside wasm3's runner, where ../shared has it: same result lines for the
    # types it prints (i32, f32), and the instruction counts for the record.
    wasm3 = os.path.join(a.source, "..", "shared", "peers", "wasm3", "wasm3-mps2.elf")
    if a.board != "mps2-an385" or a.cross:
        print("(wasm3's runner image is for mps2-an385: comparison skipped)")
    elif os.path.exists(wasm3):
        for func in ("run", "neg", "f32", "clock"):
            rc, out = run(a.source, wasm3, a.wasm, func)
            res, ins = parse(out)
            check(rc == 0 and res == cases[func], f"wasm3 {func}: result {res} as wisp's")
            if ins:
                print(f"     {func}: wisp {counts[func]} / wasm3 {ins} instructions "
                      f"= {counts[func] / ins:.2f}x")
    else:
        print(f"(no {wasm3}: comparison with wasm3 skipped)")

    return finish()


if __name__ == "__main__":
    sys.exit(main())
