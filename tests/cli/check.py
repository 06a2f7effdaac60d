#!/usr/bin/env python3
"""End-to-end tests of the `wisp` command line (stdlib only).

usage: check.py CASE WISP [name=path ...]

CASE picks one test function below (meson registers each as its own test);
WISP is the built CLI; name=path pairs hand over the modules built at build
time (hello=..., funcs=..., wasi=..., ...) and flags (fuel=true|false,
simd_build=true|false).
Exit status: 0 pass, 1 fail, 77 skip (meson's convention).
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tools", "py"))
from wasmbin import (name as wasm_name, read_uleb, section as wasm_section,  # noqa: E402
                     sections as wasm_sections, uleb, vec as wasm_vec)

TRAP = 134
SKIP = 77


class Failure(Exception):
    pass


class Ctx:
    def __init__(self, wisp, named):
        self.wisp = wisp
        self.named = named
        self.tmp = tempfile.mkdtemp(prefix="wisp-cli-")

    def module(self, name):
        if name not in self.named:
            raise Failure(f"test needs {name}=PATH on its command line")
        return self.named[name]

    def run(self, *args, stdin=b"", timeout=60):
        """Runs wisp; a signal (negative returncode) is always a failure:
        whatever the guest does, the host must not crash."""
        cmd = [self.wisp, *args]
        try:
            p = subprocess.run(cmd, input=stdin, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise Failure(f"timed out after {timeout}s: {cmd}")
        out = p.stdout.decode("utf-8", "replace")
        err = p.stderr.decode("utf-8", "replace")
        if p.returncode < 0:
            raise Failure(f"killed by signal {-p.returncode}: {cmd}\nstderr:\n{err}")
        if "Sanitizer" in err or "runtime error:" in err:
            raise Failure(f"sanitizer report: {cmd}\nstderr:\n{err}")
        return Result(cmd, p.returncode, out, err, p.stdout)

    def write(self, name, data):
        path = os.path.join(self.tmp, name)
        with open(path, "wb") as f:
            f.write(data)
        return path


class Result:
    def __init__(self, cmd, rc, out, err, raw_out=b""):
        self.cmd, self.rc, self.out, self.err = cmd, rc, out, err
        self.raw_out = raw_out

    def fail(self, why):
        raise Failure(f"{why}\ncommand: {self.cmd}\nexit: {self.rc}\n"
                      f"stdout:\n{self.out}\nstderr:\n{self.err}")

    def status(self, rc):
        if self.rc != rc:
            self.fail(f"expected exit status {rc}, got {self.rc}")
        return self

    def stdout_is(self, text):
        if self.out != text:
            self.fail(f"stdout differs; expected:\n{text}")
        return self

    def stdout_has(self, *parts):
        for part in parts:
            if part not in self.out:
                self.fail(f"stdout lacks {part!r}")
        return self

    def stderr_has(self, *parts):
        for part in parts:
            if part not in self.err:
                self.fail(f"stderr lacks {part!r}")
        return self

    def stderr_matches(self, pattern):
        if not re.search(pattern, self.err):
            self.fail(f"stderr does not match /{pattern}/")
        return self


# ---- command line ------------------------------------------------------

def case_help(c):
    for args in (["--help"], ["help"], ["run", "--help"]):
        r = c.run(*args).status(0).stdout_has("usage: wisp run", "--invoke", "--arena", "--fuel",
                                              "--stack-slots N", "--call-depth N", "v128",
                                              "WISP_FILE_LIMIT")
        if r.err:
            r.fail("help should not write to stderr")
    c.run().status(1).stderr_has("usage: wisp run")


def case_cmdline(c):
    funcs = c.module("funcs")
    c.run("run", "--bogus", funcs).status(1).stderr_has("unknown option '--bogus'")
    c.run("--bogus").status(1).stderr_has("unknown option '--bogus'")
    c.run("frobnicate").status(1).stderr_has("unknown command 'frobnicate'")
    c.run("run").status(1).stderr_has("missing module file")
    c.run("run", "--arena", "64M").status(1).stderr_has("missing module file")
    c.run("run", "--invoke").status(1).stderr_has("--invoke needs a value")
    missing = os.path.join(c.tmp, "no-such.wasm")
    c.run("run", missing).status(1).stderr_has(missing, "cannot read", "No such file")
    c.run("run", c.tmp).status(1).stderr_has("cannot read")
    for bad in ("12Q", "", "0", "-5", "K", "99999999999999999999G"):
        c.run("run", "--arena", bad, funcs).status(1).stderr_has("bad --arena size")
    for bad in ("-1", "lots", ""):
        c.run("run", "--fuel", bad, funcs).status(1).stderr_has("bad --fuel")
    # both spellings of an option's value, and `--` before a dash-named file
    c.run("run", "--arena=4M", "--invoke=add", funcs, "1", "2").status(0).stdout_is("3\n")
    c.write("-funcs.wasm", open(funcs, "rb").read())
    os.chdir(c.tmp)
    c.run("run", "--invoke", "add", "--", "-funcs.wasm", "1", "2").status(0).stdout_is("3\n")


# ---- the demo guest (a real wasi-libc program) --------------------------

DEMO_BOARD = """\
frame 0 (population 5)
  ............
  ..#.........
  ...#........
  .###........
  ............
  ............
  ............
  ............
frame 4 (population 5)
  ............
  ............
  ...#........
  ....#.......
  ..###.......
  ............
  ............
  ............
checksum: 0xe75a126d04406438
pi ~ 3.141492654
random: ok
"""


def demo_expected(path, args):
    lines = ["hello from wisp! (a wasm32-wasi guest)", f"argc = {1 + len(args)}"]
    lines += [f"argv[{i}] = {a}" for i, a in enumerate([path, *args])]
    return "\n".join(lines) + "\n" + DEMO_BOARD


def without_elapsed(text):
    """The one nondeterministic line: checked for shape, then dropped."""
    lines = text.splitlines(keepends=True)
    timed = [l for l in lines if l.startswith("elapsed:")]
    if len(timed) != 1 or not re.fullmatch(r"elapsed: \d+ us\n", timed[0]):
        raise Failure(f"expected one 'elapsed: N us' line in:\n{text}")
    return "".join(l for l in lines if not l.startswith("elapsed:"))


def case_demo(c):
    hello = c.module("hello")
    args = ["foo", "bar baz", "-x", ""]
    r = c.run("run", hello, *args).status(0)
    if without_elapsed(r.out) != demo_expected(hello, args):
        r.fail("demo output differs; expected (minus elapsed):\n" + demo_expected(hello, args))
    if r.err:
        r.fail("the demo should not write to stderr")


def case_demo_exit(c):
    hello = c.module("hello")
    r = c.run("run", hello, "--exit=3").status(3)
    r.stdout_has("exiting with status 3")
    if r.err:
        r.fail("a guest exit(3) is not an error: nothing belongs on stderr")
    c.run("run", hello, "--exit=0").status(0)


def case_demo_stdin(c):
    hello = c.module("hello")
    text = b"line one\nline two\n\xff\x00 binary\n"
    r = c.run("run", hello, "--cat", stdin=text).status(0)
    if r.raw_out != text + b"cat: 3 lines\n":
        r.fail("stdin was not copied through byte for byte")
    c.run("run", hello, "--cat", stdin=b"").status(0).stdout_is("cat: 0 lines\n")


def case_demo_arena(c):
    hello = c.module("hello")
    c.run("run", "--arena", "1K", hello).status(1) \
        .stderr_has("1024 bytes", "--arena 1K", "too small", "try a larger one")
    # and the default arena is enough
    c.run("run", hello).status(0)


# ---- --invoke -------------------------------------------------------------

def invoke(c, name, *args, module="funcs"):
    return c.run("run", "--invoke", name, c.module(module), *args)


def case_invoke(c):
    cases = [
        ("add", ["2", "3"], "5"),
        ("add", ["-1", "0xffffffff"], "-2"),
        ("add", ["2147483647", "1"], "-2147483648"),
        ("add", ["-0x10", "+4"], "-12"),
        ("fac", ["20"], "2432902008176640000"),
        ("fac", ["0"], "1"),
        ("id_i64", ["18446744073709551615"], "-1"),
        ("id_i64", ["-9223372036854775808"], "-9223372036854775808"),
        ("hypot", ["3", "4"], "5"),
        ("hypot", ["5", "12"], "13"),
        ("half", ["1"], "0.5"),
        ("half", ["3"], "1.5"),
        ("id_f64", ["0.1"], "0.1"),
        ("id_f64", ["0x1p-3"], "0.125"),
        ("id_f64", ["-0"], "-0"),
        ("id_f64", ["inf"], "inf"),
        ("id_f64", ["-inf"], "-inf"),
        ("id_f64", ["nan"], "nan"),
        ("id_f64", ["-nan"], "-nan"),
        ("id_f64", ["nan:0x1234"], "nan:0x1234"),
        ("id_f64", ["2.2250738585072014e-308"], "2.2250738585072014e-308"),
        ("id_f32", ["0.1"], "0.1"),
        ("id_f32", ["3.4028235e38"], "3.4028235e+38"),
        ("id_f32", ["nan:0x200000"], "nan:0x200000"),
        ("id_f32", ["1e-45"], "1e-45"),
        ("neg1", [], "-1"),
        ("nan_payload", [], "nan:0x1"),
        ("swap", ["7", "-8"], "-8\n7"),
    ]
    for name, args, want in cases:
        r = invoke(c, name, *args).status(0).stdout_is(want + "\n")
        if r.err:
            r.fail("unexpected stderr")
    invoke(c, "nothing").status(0).stdout_is("")


def case_invoke_errors(c):
    invoke(c, "add", "1").status(1).stderr_has("add expects 2 arguments, got 1",
                                               "(i32, i32) -> i32")
    invoke(c, "add", "1", "2", "3").status(1).stderr_has("(i32, i32) -> i32")
    invoke(c, "nothing", "1").status(1).stderr_has("expects 0 arguments", "() -> ()")
    invoke(c, "swap").status(1).stderr_has("(i32, i64) -> (i64, i32)")
    for bad in ("x", "1.5", "4294967296", "-2147483649", "0x", "010x", " 1", "--1"):
        invoke(c, "add", bad, "1").status(1).stderr_has(f"argument 1 '{bad}' is not a valid i32")
    invoke(c, "id_i64", "18446744073709551616").status(1).stderr_has("not a valid i64")
    invoke(c, "hypot", "3", "four").status(1).stderr_has("argument 2 'four' is not a valid f64",
                                                        "(f64, f64) -> f64")
    invoke(c, "half", "nan:0x800000").status(1).stderr_has("not a valid f32")
    invoke(c, "half", "1e39").status(1).stderr_has("not a valid f32")
    invoke(c, "id_f64", "1e400").status(1).stderr_has("not a valid f64")
    invoke(c, "nosuch").status(1).stderr_has('no exported function "nosuch"', "add", "fac")


def case_v128(c):
    """v128 arguments in every accepted syntax, v128 results printed so they
    read back (issue 15)."""
    if c.named.get("simd_build") == "false":
        invoke(c, "id", "0x1", module="simd").status(1).stderr_has("SIMD (v128) is not supported")
        return
    ones = "i32x4:0x00000001,0x00000002,0x00000003,0xffffffff"
    cases = [
        ("id", ["i32x4:1,2,3,-1"], ones),
        ("id", ["i32x4:1 2 3 0xffffffff"], ones),   # wabt's spacing, one argument
        ("id", ["i32x4:0x1,2,+3,4294967295"], ones),
        ("id", ["0xffffffff000000030000000200000001"], ones),
        ("id", ["0x1"], "i32x4:0x00000001,0x00000000,0x00000000,0x00000000"),
        ("id", ["0X0102030405060708090A0B0C0D0E0F10"],
         "i32x4:0x0d0e0f10,0x090a0b0c,0x05060708,0x01020304"),
        ("id", ["i8x16:1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,-1"],
         "i32x4:0x04030201,0x08070605,0x0c0b0a09,0xff0f0e0d"),
        ("id", ["i16x8:1,-2,3,65535,0x8000,0,0,7"],
         "i32x4:0xfffe0001,0xffff0003,0x00008000,0x00070000"),
        ("id", ["i64x2:-1,0x123456789abcdef0"],
         "i32x4:0xffffffff,0xffffffff,0x9abcdef0,0x12345678"),
        ("id", ["f32x4:1.5,-0,inf,nan:0x1"],
         "i32x4:0x3fc00000,0x80000000,0x7f800000,0x7f800001"),
        ("id", ["f64x2:0.1,-nan"], "i32x4:0x9999999a,0x3fb99999,0x00000000,0xfff80000"),
        ("add_i32x4", ["i32x4:1,2,3,4", "i32x4:-1,1,1,0x7fffffff"],
         "i32x4:0x00000000,0x00000003,0x00000004,0x80000003"),
        ("splat_f32", ["1.5"], "i32x4:0x3fc00000,0x3fc00000,0x3fc00000,0x3fc00000"),
        ("top_i8", ["0xff" + "00" * 15], "-1"),
        ("top_i8", ["0x7f" + "00" * 15], "127"),
        ("mix", ["7", "f64x2:0.1,-0", "2.5"],
         "i32x4:0x9999999a,0x3fb99999,0x00000000,0x80000000\n7\n"
         "i32x4:0x00000000,0x40040000,0x00000000,0x40040000"),
    ]
    for name, args, want in cases:
        r = invoke(c, name, *args, module="simd").status(0).stdout_is(want + "\n")
        if r.err:
            r.fail("unexpected stderr")
    # what is printed reads back as the same value
    for text in (ones, "i32x4:0x9999999a,0x3fb99999,0x00000000,0x80000000"):
        invoke(c, "id", text, module="simd").status(0).stdout_is(text + "\n")
    for bad in ("i32x4:1,2,3", "i32x4:1,2,3,4,5", "i32x4:1,,2,3", "i32x4:1,2,3,4,", "i32x4:",
                "i32x4: 1,2,3,4", "i8x16:256" + ",0" * 15, "i16x8:-32769" + ",0" * 7,
                "f32x4:1e39,0,0,0", "i32x3:1,2,3", "v128:1", "0x", "0x" + "1" * 33, "0xg",
                "1", "i32x4:1;2;3;4", "i64x2:18446744073709551616,0", "i32x4:1.5,0,0,0"):
        invoke(c, "id", bad, module="simd").status(1) \
            .stderr_has(f"argument 1 '{bad}' is not a valid v128", "(v128) -> v128",
                        "a v128 is SHAPE:L0,L1,...")


# ---- stacks -----------------------------------------------------------------

def stacks_module():
    """big(x): a function with 50,000 locals (the core's limit: its parameter
    and 49,999 declared) that returns x + 1 through its last local;
    rec(n) = n ? 1 + rec(n - 1) : 0, n + 1 frames deep."""
    last = 49999
    big = (wasm_vec([uleb(last) + b"\x7f"]) +
           b"\x20\x00\x41\x01\x6a\x21" + uleb(last) +      # local[last] = x + 1
           b"\x20" + uleb(last) + b"\x0b")                   # local[last]; end
    rec = (wasm_vec([]) + b"\x20\x00\x04\x7f" +            # n; if (result i32)
           b"\x41\x01\x20\x00\x41\x01\x6b\x10\x01\x6a" +   # 1 + rec(n - 1)
           b"\x05\x41\x00\x0b\x0b")                          # else 0; end; end
    return (HEADER +
            wasm_section(1, wasm_vec([b"\x60" + wasm_vec([b"\x7f"]) + wasm_vec([b"\x7f"])])) +
            wasm_section(3, wasm_vec([uleb(0), uleb(0)])) +
            wasm_section(7, wasm_vec([wasm_name("big") + b"\x00" + uleb(0),
                                      wasm_name("rec") + b"\x00" + uleb(1)])) +
            wasm_section(10, wasm_vec([uleb(len(b)) + b for b in (big, rec)])))


def case_stacks(c):
    """--stack-slots and --call-depth (issue 15): a function with 50,000
    locals runs by default (the core's own 16,384 slots could never hold
    its frame), and with a value stack too small for it traps cleanly;
    recursion 60,000 deep runs by default (the core's default is 1,024
    frames) and deeper needs --call-depth; bad values are refused."""
    path = c.write("stacks.wasm", stacks_module())

    def run(*args):
        return c.run("run", *args[:-2], "--invoke", args[-2], path, args[-1])

    run("big", "41").status(0).stdout_is("42\n")
    run("--stack-slots", "60000", "big", "41").status(0).stdout_is("42\n")
    for small in ("1000", "49999"):
        r = run("--stack-slots", small, "big", "41").status(TRAP).stdout_is("")
        r.stderr_has("trap: call stack exhausted\n",
                     f"wisp: {path}: the guest used up its stacks (--stack-slots {small}, "
                     "--call-depth 65536); larger ones may let it finish\n")
    run("rec", "60000").status(0).stdout_is("60000\n")
    run("--call-depth", "100002", "rec", "100000").status(0).stdout_is("100000\n")
    r = run("rec", "100000").status(TRAP)
    r.stderr_has("trap: call stack exhausted\n", "frames elided", "(--stack-slots 1048576, "
                 "--call-depth 65536)")
    r = run("--call-depth=10", "rec", "100").status(TRAP)
    r.stderr_has("trap: call stack exhausted\n  #0 0x", "rec (wasm-function[1]) $0=91\n",
                 "--call-depth 10)")
    # 10 frames of rec fit, 11 do not: the limit is exact
    run("--call-depth", "10", "rec", "9").status(0).stdout_is("9\n")
    run("--call-depth", "10", "rec", "10").status(TRAP)
    # a small arena still instantiates: the default stacks shrink to fit it
    c.run("run", "--arena", "1M", "--invoke", "add", c.module("funcs"), "1", "2") \
        .status(0).stdout_is("3\n")
    # stacks larger than the arena: the instantiation error says so and
    # suggests an arena twice their size (the default depth in 16M: 16M/512)
    run("--arena", "16M", "--stack-slots", "4M", "rec", "1").status(1) \
        .stderr_has("too small to instantiate", "try a larger one, e.g. --arena 128M",
                    "its stacks take about 34603008 bytes of it (--stack-slots 4194304, "
                    "--call-depth 32768)")
    for bad in ("0", "-1", "lots", "", "4G", "4294967296", "1.5"):
        run("--stack-slots", bad, "big", "1").status(1).stderr_has(f"bad --stack-slots '{bad}'")
    for bad in ("0", "-1", "lots", "", "4294967296", "1K"):
        run("--call-depth", bad, "rec", "1").status(1).stderr_has(f"bad --call-depth '{bad}'")
    run("--stack-slots", "1M", "--call-depth", "4294967295", "--arena", "1G", "rec", "3") \
        .status(1).stderr_has("too small to instantiate")
    run("--stack-slots", "64K", "--call-depth", "1000", "rec", "500").status(0) \
        .stdout_is("500\n")


# ---- file size caps -------------------------------------------------------------

def case_limits(c):
    """A module file has a 256 MiB cap (WISP_FILE_LIMIT=SIZE changes it):
    /dev/zero stops there at once; one byte over is refused, exactly the cap
    loads, also through a pipe (issue 15)."""
    funcs = open(c.module("funcs"), "rb").read()
    n = len(funcs)
    path = c.write("limit.wasm", funcs)
    msg = "file is larger than the {} limit for a module (WISP_FILE_LIMIT=SIZE changes it)\n"

    def run(limit, *args, stdin=b""):
        env = dict(os.environ)
        if limit is not None:
            env["WISP_FILE_LIMIT"] = limit
        t0 = time.monotonic()
        p = subprocess.run([c.wisp, "run", *args], input=stdin, capture_output=True,
                           timeout=60, env=env)
        r = Result(args, p.returncode, p.stdout.decode(), p.stderr.decode())
        if time.monotonic() - t0 > 20:
            r.fail("took too long")
        return r

    r = run(None, "/dev/zero").status(1)
    if r.err != "wisp: /dev/zero: " + msg.format("256 MiB"):
        r.fail("default cap on /dev/zero")
    r = run("64K", "/dev/zero").status(1)
    if r.err != "wisp: /dev/zero: " + msg.format("64 KiB"):
        r.fail("a lowered cap on /dev/zero")
    run(str(n), "--invoke", "add", path, "1", "2").status(0).stdout_is("3\n")
    r = run(str(n - 1), "--invoke", "add", path, "1", "2").status(1)
    if r.err != f"wisp: {path}: " + msg.format(f"{n - 1}-byte"):
        r.fail("one byte over the cap")
    run(str(n), "--invoke", "add", "/dev/stdin", "1", "2", stdin=funcs).status(0) \
        .stdout_is("3\n")
    r = run(str(n - 1), "--invoke", "add", "/dev/stdin", "1", "2", stdin=funcs).status(1)
    if r.err != "wisp: /dev/stdin: " + msg.format(f"{n - 1}-byte"):
        r.fail("a pipe one byte over the cap")
    run("2X", path).status(1).stderr_has("wisp: bad WISP_FILE_LIMIT '2X'")
    big = c.write("big.wasm", b"")
    with open(big, "wb") as f:
        f.truncate((256 << 20) + 1)
    r = run(None, big).status(1)
    if r.err != f"wisp: {big}: " + msg.format("256 MiB"):
        r.fail("default cap on a sparse file")
    os.unlink(big)


# ---- traps -----------------------------------------------------------------

def case_traps(c):
    invoke(c, "div", "1", "0").status(TRAP).stderr_has("trap: integer divide by zero")
    invoke(c, "div", "-2147483648", "-1").status(TRAP).stderr_has("trap: integer overflow")
    invoke(c, "boom").status(TRAP).stderr_has("trap: unreachable")
    invoke(c, "oob").status(TRAP).stderr_has("trap: out of bounds memory access")
    invoke(c, "div", "7", "2").status(0).stdout_is("3\n")
    c.run("run", c.module("start_trap")).status(TRAP).stderr_has("trap: unreachable")


def case_fuel(c):
    if c.named.get("fuel") == "false":
        invoke_fuel = c.run("run", "--fuel", "1000", "--invoke", "spin", c.module("funcs"))
        invoke_fuel.status(1).stderr_has("without fuel support")
        return
    t0 = time.monotonic()
    r = c.run("run", "--fuel", "100000", "--invoke", "spin", c.module("funcs"), timeout=30)
    r.status(TRAP).stderr_has("trap: ").stderr_matches("fuel")
    r.stderr_has("100000")
    if time.monotonic() - t0 > 20:
        r.fail("fuel did not stop the loop promptly")
    c.run("run", "--fuel", "0", "--invoke", "spin", c.module("funcs")).status(TRAP)
    # enough fuel: the result is unaffected
    c.run("run", "--fuel", "100000", "--invoke", "fac", c.module("funcs"), "10") \
        .status(0).stdout_is("3628800\n")
    if "hello" in c.named:
        c.run("run", "--fuel", "1000000000", c.module("hello")).status(0)
        c.run("run", "--fuel", "1000", c.module("hello")).status(TRAP).stderr_matches("fuel")


# ---- hostile modules --------------------------------------------------------

HEADER = b"\0asm\x01\0\0\0"


def case_bad_modules(c):
    funcs = open(c.module("funcs"), "rb").read()
    offset_required = {
        # type section claiming 0xFFFFFFFF entries in a 5-byte body
        "huge-count.wasm": HEADER + b"\x01\x05\xff\xff\xff\xff\x0f",
        # a section claiming 4 GiB of content
        "huge-section.wasm": HEADER + b"\x01\xff\xff\xff\xff\x0f\x00",
        "truncated.wasm": funcs[: len(funcs) * 2 // 3],
        "header-only-half.wasm": HEADER[:6],
        "garbage.wasm": b"this is not a wasm module at all\n" * 3,
        "bad-version.wasm": b"\0asm\x02\0\0\0",
        "garbage-after-header.wasm": HEADER + bytes(range(255, 0, -3)),
        # valid magic, then an unknown section id
        "bad-section-id.wasm": HEADER + b"\x7f\x00",
        # a LEB128 that never ends
        "endless-leb.wasm": HEADER + b"\x01" + b"\x80" * 16,
    }
    for name, data in offset_required.items():
        path = c.write(name, data)
        c.run("run", path).status(1).stderr_has(f"wisp: {path}: ").stderr_matches(r"at 0x[0-9a-f]+")
    # 0xFFFFFFFF i32 locals in a one-byte function: must be refused, not allocated
    locals_bomb = (HEADER + b"\x01\x04\x01\x60\x00\x00" + b"\x03\x02\x01\x00" +
                   b"\x0a\x0a\x01\x08\x01\xff\xff\xff\xff\x0f\x7f\x0b")
    c.run("run", c.write("locals-bomb.wasm", locals_bomb)).status(1)
    c.run("run", c.write("empty.wasm", b"")).status(1)
    # every prefix of a real module fails cleanly (or, for the full length, runs)
    for n in range(0, len(funcs), max(1, len(funcs) // 97)):
        path = c.write("prefix.wasm", funcs[:n])
        c.run("run", "--invoke", "add", path, "1", "2").status(1)


def case_imports(c):
    c.run("run", c.module("unlinkable")).status(1) \
        .stderr_has("1 import cannot be provided:\n  env.draw_sprite (function (i32) -> ())\n",
                    "wasi_snapshot_preview1", "--trap-unknown-imports")
    unknown = c.module("unknown_wasi")
    c.run("run", unknown).status(0)
    c.run("run", "--invoke", "teleport", unknown).status(0).stdout_is("52\n")
    c.run("run", "--invoke", "warp", unknown).status(TRAP) \
        .stderr_has("trap: wasi_snapshot_preview1.warp is not implemented by wisp")
    # a name WASI has, declared with another type: listed as such, never stood in for
    wrong = "  wasi_snapshot_preview1.fd_write (function (i32) -> i32), but the one provided " \
            "is (i32, i32, i32, i32) -> i32\n"
    c.run("run", c.module("wrong_wasi_type")).status(1).stderr_has(wrong)
    c.run("run", "--trap-unknown-imports", c.module("wrong_wasi_type")).status(1) \
        .stderr_has(wrong)


# ---- imports wisp does not have (issue 19) -----------------------------------

def case_unknown_imports(c):
    game = c.module("unknown_imports")
    path = game
    # every missing import, one a line, as unknown_imports.wat declares them
    want = (f"wisp: {path}: 7 imports cannot be provided:\n"
            "  env.draw_sprite (function (i32, i32, i32) -> ())\n"
            "  env.rand (function () -> i32)\n"
            "  env.clock (function () -> (i64, f32))\n"
            "  env.level (global mut i32)\n"
            "  env.gravity (global f64)\n"
            "  env.sprites (table funcref, 4 elements)\n"
            "  env.memory (memory 2 pages, max 3)\n")
    r = c.run("run", game).status(1)
    if not r.err.startswith(want):
        r.fail(f"the list differs; expected it to start with:\n{want}")
    r.stderr_has("--trap-unknown-imports", "--default-values-unknown-imports")
    c.run("run", "--trap-unknown-imports", "--default-values-unknown-imports", game) \
        .status(1).stderr_has("exclude each other")
    for opt in ("--trap-unknown-imports", "--default-values-unknown-imports"):
        r = c.run("run", opt, game).status(0)  # _start calls nothing missing
        for line in (f"wisp: {path}: env.level (global mut i32) is not provided: it holds 0",
                     f"wisp: {path}: env.gravity (global f64) is not provided: it holds 0",
                     f"wisp: {path}: env.sprites (table funcref, 4 elements) is not provided: "
                     "a table of nulls stands in",
                     f"wisp: {path}: env.memory (memory 2 pages, max 3) is not provided: a "
                     "zeroed memory stands in"):
            r.stderr_has(line + "\n")
        # the stand-ins have the declared types: zero, the minimum sizes
        c.run("run", opt, "--invoke", "level", game).status(0).stdout_is("0\n")
        c.run("run", opt, "--invoke", "gravity", game).status(0).stdout_is("0\n")
        c.run("run", opt, "--invoke", "pages", game).status(0).stdout_is("2\n")
        c.run("run", opt, "--invoke", "sprites", game).status(0).stdout_is("4\n")
    # a call traps, naming the import; the host frame is named like it and
    # its callers follow (draw_player is function 4, after 4 function
    # imports; it was called with 9 + 1, and passes 20 and 7 on)
    r = c.run("run", "--trap-unknown-imports", "--invoke", "frame", game, "9").status(TRAP)
    r.stderr_matches(r"(?m)^trap: call to unknown import env\.draw_sprite\n"
                     r"  #0 host env\.draw_sprite\n"
                     r"  #1 0x[0-9a-f]+ draw_player \(wasm-function\[4\]\) x=10\n"
                     r"  #2 0x[0-9a-f]+ frame \(wasm-function\[5\]\) x=9\n")
    core = os.path.join(c.tmp, "unknown.core")
    c.run("run", "--trap-unknown-imports", "--coredump", core, "--invoke", "frame", game,
          "9").status(TRAP)
    c.run("inspect", core).status(0).stdout_has("trap: call to unknown import env.draw_sprite\n")
    # with zeros for results: rand() + 5 is 5, clock() is (0, 0), drawing does nothing
    d = "--default-values-unknown-imports"
    c.run("run", d, "--invoke", "roll", game).status(0).stdout_is("5\n")
    c.run("run", d, "--invoke", "clock", game).status(0).stdout_is("0\n0\n")
    c.run("run", d, "--invoke", "frame", game, "9").status(0).stdout_is("")


# ---- out-of-bounds traps say what they know (issue 19) -------------------------

PAGE = 65536


def oob_text(kind, width, addr, size, memory=0):
    """The trap line's detail, from the numbers the test module was written with."""
    mem = f"memory {memory} is" if memory else "memory is"
    if kind in ("load", "store"):
        return f"{width}-byte {kind} at {addr:#x}, {mem} {size} bytes"
    return f"{kind} of {width} bytes at {addr:#x}, {mem} {size} bytes"


# (export, arguments, the access: kind, bytes, effective address, memory size)
# from oob.wat: memory 0 has 1 page, memory 1 two; offsets as written there
OOB_CASES = [
    ("load8_s", [PAGE], ("load", 1, PAGE, PAGE)),
    ("load16_u", [PAGE - 3], ("load", 2, PAGE - 3 + 2, PAGE)),
    ("load32", [PAGE - 7], ("load", 4, PAGE - 7 + 4, PAGE)),
    ("load64", [PAGE - 15], ("load", 8, PAGE - 15 + 8, PAGE)),
    ("store8", [0xFFFFFFFF], ("store", 1, 0xFFFFFFFF, PAGE)),
    ("store16", [PAGE - 2], ("store", 2, PAGE - 2 + 1, PAGE)),
    ("store32", [PAGE - 6], ("store", 4, PAGE - 6 + 3, PAGE)),
    ("store64", [PAGE - 20], ("store", 8, PAGE - 20 + 16, PAGE)),
    ("wrap64", [0x20], ("load", 8, 0x20 + 0xFFFFFFF0, PAGE)),
    ("wrap32", [0xFFFFFFFF], ("load", 4, 0xFFFFFFFF + 0xFFFFFFFE, PAGE)),
    ("add_const", [PAGE - 104], ("load", 4, PAGE - 104 + 100 + 4, PAGE)),
    ("add_reg", [PAGE - 3, 3], ("store", 1, PAGE - 3 + 3, PAGE)),
    ("scaled", [8100], ("load", 8, (8100 << 3) + 1024, PAGE)),
    ("const_addr", [], ("load", 8, 65530, PAGE)),
    ("mem1", [2 * PAGE - 10], ("load", 4, 2 * PAGE - 10 + 8, 2 * PAGE, 1)),
]
OOB_SIMD_CASES = [
    ("v128_load", [PAGE - 20], ("load", 16, PAGE - 20 + 16, PAGE)),
    ("lane_store", [PAGE - 4], ("store", 4, PAGE - 4 + 2, PAGE)),
]


def oob_check(c, module, name, args, access):
    kind, width, addr, size = access[:4]
    memory = access[4] if len(access) > 4 else 0
    want = "trap: out of bounds memory access: " + oob_text(kind, width, addr, size, memory)
    r = c.run("run", "--invoke", name, module, *map(str, args)).status(TRAP)
    if r.err.splitlines()[0] != want:
        r.fail(f"trap line, expected:\n{want}")
    # the same from its coredump, in text and JSON
    core = os.path.join(c.tmp, name + ".core")
    c.run("run", "--coredump", core, "--invoke", name, module, *map(str, args)).status(TRAP)
    for extra in ([], ["--module", module]):
        r = c.run("inspect", core, *extra).status(0)
        if r.out.splitlines()[0] != want:
            r.fail(f"inspect's trap line, expected:\n{want}")
    r = c.run("inspect", "--json", core).status(0)
    got = json.loads(r.out)["trap_access"]
    expect = {"kind": kind, "memory": memory, "address": addr, "length": width,
              "memory_size": size, "text": want[len("trap: out of bounds memory access: "):]}
    if got != expect:
        r.fail(f"trap_access {got}, expected {expect}")


def case_oob_traps(c):
    oob = c.module("oob")
    for name, args, access in OOB_CASES:
        oob_check(c, oob, name, args, access)
    # in bounds: no trap (the last byte of each memory)
    c.run("run", "--invoke", "load8_s", oob, str(PAGE - 1)).status(0)
    c.run("run", "--invoke", "mem1", oob, str(2 * PAGE - 12)).status(0)
    # bulk operations: the range that does not fit
    bulk = [("fill", [PAGE - 16, 17], f"memory.fill of 17 bytes at {PAGE - 16:#x}"),
            ("copy", [PAGE - 8, 0, 9], f"memory.copy of 9 bytes to {PAGE - 8:#x}"),
            ("copy", [0, PAGE - 8, 9], f"memory.copy of 9 bytes from {PAGE - 8:#x}"),
            ("init", [PAGE - 2, 0, 3], f"memory.init of 3 bytes to {PAGE - 2:#x}"),
            ("init", [0, 4, 3], "memory.init of 3 bytes from offset 0x4 of data segment 0, "
                                "which is 6 bytes")]
    for name, args, text in bulk:
        want = "trap: out of bounds memory access: " + text
        if "data segment" not in text:
            want += f", memory is {PAGE} bytes"
        r = c.run("run", "--invoke", name, oob, *map(str, args)).status(TRAP)
        if r.err.splitlines()[0] != want:
            r.fail(f"trap line, expected:\n{want}")
    c.run("run", "--invoke", "copy", oob, "0", str(PAGE - 9), "9").status(0)
    if c.named.get("simd_build") != "false":
        for name, args, access in OOB_SIMD_CASES:
            oob_check(c, c.module("oob_simd"), name, args, access)


# ---- wisp inspect --module: the module the dump was taken from (issue 19) -----

def code_section(path):
    data = open(path, "rb").read()
    for sid, start, end in wasm_sections(data):
        if sid == 10:
            return data[start:end]
    return b""


def without_section(data, name):
    """The module without its custom section NAME."""
    out, pos = bytearray(data[:8]), 8
    for sid, start, end in wasm_sections(data):
        hdr = data[pos:start]
        if sid == 0:
            n, i = read_uleb(data, start)
            if data[i:i + n] == name.encode():
                pos = end
                continue
        out += hdr + data[start:end]
        pos = end
    return bytes(out)


def case_inspect_module(c):
    oob, other = c.module("oob"), c.module("unknown_imports")
    core = os.path.join(c.tmp, "oob.core")
    c.run("run", "--coredump", core, "--invoke", "load32", oob, str(PAGE)).status(TRAP)
    c.run("inspect", core, "--module", oob).status(0)
    # a build with a name section and more custom sections: the same code, accepted
    debug = c.write("oob-debug.wasm", open(oob, "rb").read() +
                    wasm_section(0, wasm_name("producers") + b"\x00") +
                    wasm_section(0, wasm_name("notes") + b"debug build"))
    c.run("inspect", core, "--module", debug).status(0)
    # another module: refused, naming both code sections (length, zlib's CRC-32)
    mine, theirs = code_section(oob), code_section(other)
    r = c.run("inspect", core, "--module", other).status(1)
    r.stderr_has(f"wisp: {other}: not the module the coredump {core} was taken from: its code "
                 f"section ({len(theirs)} bytes, CRC-32 {zlib.crc32(theirs):#010x}) is not the one "
                 f"the coredump records ({len(mine)} bytes, CRC-32 {zlib.crc32(mine):#010x})",
                 "--force")
    if r.out:
        r.fail("a refused module printed a backtrace")
    c.run("inspect", core, "--module", other, "--json").status(1)
    r = c.run("inspect", core, "--module", other, "--force").status(0)
    r.stderr_has("used anyway (--force)").stdout_has("trap: out of bounds memory access")
    r = c.run("inspect", core, "--module", oob, "--json").status(0)
    check = json.loads(r.out)["module_check"]
    if check != {"recorded": True, "matches": True, "forced": False, "code_length": len(mine),
                 "code_crc32": zlib.crc32(mine)}:
        r.fail(f"module_check {check}")
    # a dump without the record (an older wisp, another runtime): the frames
    # must fit the module. load32 is function 2 of oob.wat; unlinkable.wasm
    # defines function 1 only (after its one import)
    old = c.write("old.core", without_section(open(core, "rb").read(), "wisp.modules"))
    c.run("inspect", old, "--module", oob).status(0).stdout_has("load32 (wasm-function[2])")
    small = c.module("unlinkable")
    r = c.run("inspect", old, "--module", small).status(1)
    r.stderr_has(f"wisp: {small}: not the module the coredump {old} was taken from: frame #0 "
                 "is in function 2, which the module does not define (it defines 1 to 1)")
    c.run("inspect", old, "--module", small, "--force").status(0)
    r = c.run("inspect", old, "--module", oob, "--json").status(0)
    if json.loads(r.out)["module_check"]["recorded"] is not False:
        r.fail("an old dump has no record")


# ---- the WASI layer, driven directly ---------------------------------------

def case_wasi(c):
    wasi = c.module("wasi")

    def call(name, *args):
        return invoke(c, name, *args, module="wasi")

    call("write_hi", "1").status(0).stdout_is("hi\n0\n3\n")
    r = call("write_hi", "2").status(0)
    if r.err != "hi\n":
        r.fail("fd 2 should be stderr")
    call("write_hi", "0").status(0).stdout_is("8\n0\n")   # EBADF: stdin
    call("write_hi", "9").status(0).stdout_is("8\n0\n")   # EBADF: no such fd
    call("write_bad_iovs").status(0).stdout_is("21\n")    # EFAULT
    call("write_huge_count").status(0).stdout_is("21\n")
    call("write_bad_buf").status(0).stdout_is("21\n")
    call("write_bad_nwritten").status(0).stdout_is("21\n")
    call("seek", "1").status(0).stdout_is("70\n")         # ESPIPE
    call("seek", "5").status(0).stdout_is("8\n")
    call("fdstat", "0").status(0).stdout_is("0\n2\n")     # character device
    call("fdstat", "2").status(0).stdout_is("0\n2\n")
    call("fdstat", "3").status(0).stdout_is("8\n255\n")   # untouched on EBADF
    call("prestat", "3").status(0).stdout_is("8\n")       # no preopens
    call("path_open").status(0).stdout_is("52\n")         # ENOSYS stub
    call("random", "64", "32").status(0).stdout_is("0\n")
    call("random", "65530", "7").status(0).stdout_is("21\n")
    call("random", "65536", "0").status(0).stdout_is("0\n")
    call("close_then_write").status(0).stdout_is("0\n8\n")
    # argv is just the module path under --invoke; the environment is empty
    call("args").status(0).stdout_is(f"0\n1\n{len(os.fsencode(wasi)) + 1}\n")
    env = dict(os.environ, WISP_TEST_SECRET="1")
    r = subprocess.run([c.wisp, "run", "--invoke", "environ", wasi], env=env,
                       capture_output=True, text=True)
    if r.returncode != 0 or r.stdout != "0\n0\n0\n":
        raise Failure(f"environ should be empty: {r.returncode} {r.stdout!r} {r.stderr!r}")

    now = time.time_ns()
    out = call("clock", "0").status(0).out.split()
    if out[0] != "0" or abs(int(out[1]) - now) > 60 * 10**9:
        raise Failure(f"realtime clock far from host time: {out}")
    a = call("clock", "1").status(0).out.split()
    b = call("clock", "1").status(0).out.split()
    if a[0] != "0" or b[0] != "0" or int(a[1]) <= 0 or int(b[1]) < int(a[1]):
        raise Failure(f"monotonic clock not monotonic: {a} then {b}")
    call("clock", "99").status(0).stdout_is("28\n0\n")    # EINVAL

    r = call("exit", "7").status(7)
    if r.out or r.err:
        r.fail("proc_exit should end silently")
    call("exit", "0").status(0)
    call("exit", "-1").status(255)   # as a shell sees exit(-1)


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 1
    case, wisp = sys.argv[1], os.path.abspath(sys.argv[2])
    named = {}
    for arg in sys.argv[3:]:
        key, _, value = arg.partition("=")
        named[key] = value if key in ("fuel", "simd_build") else os.path.abspath(value)
    fn = globals().get("case_" + case)
    if not fn:
        print(f"check.py: no test case {case!r}", file=sys.stderr)
        return 1
    try:
        fn(Ctx(wisp, named))
    except Failure as e:
        print(f"FAIL {case}: {e}", file=sys.stderr)
        return 1
    print(f"ok {case}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
