#!/usr/bin/env python3
"""Tests of `wisp inspect` (stdlib only). The coredumps come from
mkdumps.py (byte-exact, built here), the DWARF guest from crash.c.

usage: check.py CASE WISP [name=path ...]

CASE picks one test function below (meson registers each as its own test);
name=path pairs hand over what the build made (crash=crash.wasm,
crash5=crash5.wasm, test_dwarf=..., dwarfdump=llvm-dwarfdump-14, objdump=...).
Exit status: 0 pass, 1 fail, 77 skip (meson's convention).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tools", "py"))
import mkdumps as M  # noqa: E402
from wasmbin import read_uleb, sections  # noqa: E402

SKIP = 77


class Failure(Exception):
    pass


class Skip(Exception):
    pass


def run(cmd, timeout=60):
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise Failure(f"timed out: {cmd}")
    if p.returncode < 0:
        raise Failure(f"killed by signal {-p.returncode}: {cmd}\n{p.stderr.decode()}")
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


class Ctx:
    def __init__(self, wisp, named):
        self.wisp = wisp
        self.named = named
        self.tmp = tempfile.mkdtemp(prefix="wisp-inspect-")
        self.files, self.facts = M.build_all()
        for fname, data in self.files.items():
            self.write(fname, data)

    def path(self, fname):
        return os.path.join(self.tmp, fname)

    def write(self, fname, data):
        # a new file each time: ext4 flushes a file truncated and rewritten
        if os.path.exists(self.path(fname)):
            os.unlink(self.path(fname))
        with open(self.path(fname), "wb") as f:
            f.write(data)
        return self.path(fname)

    def need(self, name):
        if name not in self.named:
            raise Skip(f"{name}=PATH not given (not built here)")
        return self.named[name]

    def inspect(self, *args):
        return run([self.wisp, "inspect", *args])

    def ok(self, *args):
        rc, out, err = self.inspect(*args)
        if rc != 0:
            raise Failure(f"wisp inspect {' '.join(args)}: exit {rc}\n{err}")
        return out, err


def expect_eq(what, got, want):
    if got != want:
        raise Failure(f"{what}:\n--- got ---\n{got}--- want ---\n{want}")


# ---- output of the valid dumps ------------------------------------------


def case_example(c):
    """The minimal spec-conformant dump (Coredump.md), byte-exact, read from the dump alone."""
    out, err = c.ok(c.path("example.core"))
    expect_eq("example.core", out, """\
trap: (reason not recorded in the coredump)
  #0 wasm-function[3]+0x12 $0=-1 $1=?
  #1 wasm-function[1]+0x5
  (wasm-function[I]+0xN: offset from the function body start; --module M.wasm gives module offsets and file:line)

executable: game.wasm
module 0: game.wasm
thread: main
globals:
  0 i32 = 65536
memories:
  0: 1 page = 65536 bytes; 2 bytes saved in 1 data segment
""")
    expect_eq("stderr", err, "")


GAME_TAIL = """
executable: game.wasm
module 0: game.wasm
thread: main
globals:
  0 __stack_pointer i32 mut = 65536
  1 speed f32 = 1.5
memories:
  0: 1 page = 65536 bytes, max 2; 22 bytes saved in 2 data segments
"""


def game_lines(c, with_module):
    f = c.facts
    if with_module:
        return [
            f"  #0 0x{f[2][1]:x} scale_damage (wasm-function[2]) base=12 divisor=0 crit=1 r=36",
            "      operands: 36 0",  # the division's, from mkdumps' frame 0
            f"  #1 0x{f[4][1]:x} hit_enemy (wasm-function[4]) enemy=3 dmg=12.5",
            f"  #2 0x{f[6][1]:x} tick (wasm-function[6]) frame=901",
        ]
    return [
        f"  #0 scale_damage (wasm-function[2]+0x{f[2][0]:x}) base=12 divisor=0 crit=1 r=36",
        "      operands: 36 0",
        f"  #1 hit_enemy (wasm-function[4]+0x{f[4][0]:x}) enemy=3 dmg=12.5",
        f"  #2 tick (wasm-function[6]+0x{f[6][0]:x}) frame=901",
    ]


def case_backtrace(c):
    """The issue's backtrace, from the dump alone and with the module."""
    # From the dump alone: names from its name section, offsets from the
    # function body start.
    out, _ = c.ok(c.path("game.core"))
    expect_eq("game.core alone", out,
              "trap: integer divide by zero\n" + "\n".join(game_lines(c, False)) + "\n" +
              "  (wasm-function[I]+0xN: offset from the function body start; --module M.wasm "
              "gives module offsets and file:line)\n" + GAME_TAIL)
    # With the module: module offsets, same as wisp run prints.
    want = "trap: integer divide by zero\n" + "\n".join(game_lines(c, True)) + "\n" + GAME_TAIL
    out, _ = c.ok(c.path("game.core"), "--module", c.path("game.wasm"))
    expect_eq("game.core --module", out, want)
    out, _ = c.ok("--module=" + c.path("game.wasm"), c.path("game.core"))
    expect_eq("options first", out, want)
    # A dump with no names and no trap reason: everything from the module.
    out, _ = c.ok(c.path("game-bare.core"), "--module", c.path("game.wasm"))
    expect_eq("game-bare.core --module", out,
              "trap: (reason not recorded in the coredump)\n" +
              # no reason, so no operands line: nothing says they matter
              "\n".join(l for l in game_lines(c, True) if "operands:" not in l) + "\n" +
              GAME_TAIL)
    # ...and without the module: every local, numbered.
    out, _ = c.ok(c.path("game-bare.core"))
    f = c.facts
    lines = out.splitlines()
    expect_eq("game-bare.core alone", "\n".join(lines[:4]) + "\n", f"""\
trap: (reason not recorded in the coredump)
  #0 wasm-function[2]+0x{f[2][0]:x} $0=12 $1=0 $2=1 $3=36
  #1 wasm-function[4]+0x{f[4][0]:x} $0=3 $1=12.5
  #2 wasm-function[6]+0x{f[6][0]:x} $0=901
""")
    # With wisp's writer the dump carries the function types: parameters only.
    out, _ = c.ok(c.path("game-skel.core"))
    expect_eq("game-skel.core alone", "\n".join(out.splitlines()[:4]) + "\n", f"""\
trap: (reason not recorded in the coredump)
  #0 wasm-function[2]+0x{f[2][0]:x} $0=12 $1=0 $2=1
  #1 wasm-function[4]+0x{f[4][0]:x} $0=3 $1=12.5
  #2 wasm-function[6]+0x{f[6][0]:x} $0=901
""")


def case_variants(c):
    out, _ = c.ok(c.path("minimal.core"))
    expect_eq("minimal.core", out, """\
trap: (reason not recorded in the coredump)
  #0 wasm-function[7]+0x1c
  #1 wasm-function[3]
  (wasm-function[I]+0xN: offset from the function body start; --module M.wasm gives module offsets and file:line)

executable: a.wasm
thread: main
globals: none
memories: none
""")
    out, _ = c.ok(c.path("threads.core"))
    expect_eq("threads.core", out, """\
trap: out of bounds memory access
thread main:
  #0 wasm-function[1]+0x4 $0=-1099511627776 $1=-0 $2=nan:0x400001 $3=inf $4=?
thread worker:
  #0 wasm-function[0]+0x2 $0=-2147483648
  (wasm-function[I]+0xN: offset from the function body start; --module M.wasm gives module offsets and file:line)

executable: threads.wasm
module 0: threads.wasm
globals:
  0 i64 mut = -5
  1 f64 = 0.1
  2 v128 = i32x4 0x03020100 0x07060504 0x0b0a0908 0x0f0e0d0c
  3 funcref = null
  4 externref mut = null
memories:
  0: 2 pages = 131072 bytes; 4100 bytes saved in 2 data segments
""")
    # A module that does not match (issue 19): minimal.core records no
    # module identity and its frame #0 is in function 7, past game.wasm's
    # six (1 to 6 after its import): refused...
    rc, out, err = c.inspect(c.path("minimal.core"), "--module", c.path("game.wasm"))
    if rc != 1 or out or "frame #0 is in function 7, which the module does not define " \
            "(it defines 1 to 6)" not in err or "--force" not in err:
        raise Failure(f"mismatched module: exit {rc}, stdout:\n{out}stderr:\n{err}")
    # ...unless forced: then warned, offsets stay function-relative.
    rc, out, err = c.inspect(c.path("minimal.core"), "--module", c.path("game.wasm"), "--force")
    if rc != 0 or "is not inside a function body of this module" not in err:
        raise Failure(f"mismatched module: exit {rc}, stderr:\n{err}")
    if "  #0 wasm-function[7]+0x1c\n" not in out:
        raise Failure(f"mismatched module output:\n{out}")


def case_json(c):
    out, _ = c.ok(c.path("game.core"), "--module", c.path("game.wasm"), "--json",
                  "--memory", "1024:4")
    d = json.loads(out)
    f = c.facts
    if d["trap"] != "integer divide by zero" or d["executable"] != "game.wasm":
        raise Failure(f"trap/executable: {d['trap']!r} {d['executable']!r}")
    frames = d["threads"][0]["frames"]
    got = [(x["index"], x["func"], x["name"], x["code_offset"], x["module_offset"])
           for x in frames]
    want = [(0, 2, "scale_damage", f[2][0], f[2][1]), (1, 4, "hit_enemy", f[4][0], f[4][1]),
            (2, 6, "tick", f[6][0], f[6][1])]
    expect_eq("frames", repr(got), repr(want))
    expect_eq("frame text", frames[0]["text"], game_lines(c, True)[0][2:])
    locs = frames[1]["locals"]
    expect_eq("locals", repr(locs), repr([
        {"index": 0, "name": "enemy", "type": "i32", "value": 3},
        {"index": 1, "name": "dmg", "type": "f64", "value": 12.5, "bits": "0x4029000000000000"}]))
    expect_eq("stack", repr(frames[0]["stack"]), repr([
        {"index": 0, "type": "i32", "value": 36}, {"index": 1, "type": "i32", "value": 0}]))
    expect_eq("globals", repr(d["globals"]), repr([
        {"index": 0, "name": "__stack_pointer", "type": "i32", "mutable": True, "value": 65536},
        {"index": 1, "name": "speed", "type": "f32", "mutable": False, "value": 1.5,
         "bits": "0x3fc00000"}]))
    m = d["memories"][0]
    expect_eq("memory", repr((m["pages"], m["bytes"], m["max_pages"], m["segments"])),
              repr((1, 65536, 2, [{"offset": 1024, "length": 2}, {"offset": 8192, "length": 20}])))
    expect_eq("memory view", repr(d["memory_view"]), repr(
        {"memory": 0, "address": 1024, "start": 1024, "length": 4, "requested_length": 4,
         "clipped": False, "hex": "68690000"}))
    # Without the module; special floats; unknown values.
    d = json.loads(c.ok(c.path("threads.core"), "--json")[0])
    locs = d["threads"][0]["frames"][0]["locals"]
    expect_eq("special values", repr([(x["type"], x["value"], x.get("bits")) for x in locs]),
              repr([("i64", -1099511627776, None), ("f32", 0, "0x80000000"),
                    ("f32", "nan:0x400001", "0x7fc00001"), ("f64", "inf", "0x7ff0000000000000"),
                    ("unknown", None, None)]))
    fr = d["threads"][1]["frames"][0]
    if fr["module_offset"] is not None or fr["code_offset"] != 2 or fr["name"] is not None:
        raise Failure(f"frame without module: {fr}")


def case_memory(c):
    core = c.path("game.core")
    out, _ = c.ok(core, "--memory", "0x2008")
    view = out[out.index("memory 0 at"):]
    expect_eq("--memory ADDR", view, """\
memory 0 at 0x2008:
  00001fe0  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|
  00001ff0  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|
  00002000  41 42 43 44 45 46 47 48  49 4a 4b 4c 4d 4e 4f 50  |ABCDEFGHIJKLMNOP|
  00002010  51 52 53 54 00 00 00 00  00 00 00 00 00 00 00 00  |QRST............|
  00002020  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|
""")
    out, _ = c.ok(core, "--memory=1023:4")
    expect_eq("--memory ADDR:LEN", out[out.index("memory 0 at"):], """\
memory 0 at 0x3ff:
  000003ff  00 68 69 00                                       |.hi.|
""")
    # Past the end of memory: clipped, and the output says so (issue 15);
    # exactly to the end is not clipped.
    out, _ = c.ok(core, "--memory", "0xfff8:100")
    expect_eq("end of memory", out[out.index("memory 0 at"):], """\
memory 0 at 0xfff8 (clipped: 8 of the 100 bytes asked; memory 0 ends at 0x10000):
  0000fff8  00 00 00 00 00 00 00 00                           |........|
""")
    out, _ = c.ok(core, "--memory", "0xfff8:8")
    expect_eq("to the end of memory", out[out.index("memory 0 at"):], """\
memory 0 at 0xfff8:
  0000fff8  00 00 00 00 00 00 00 00                           |........|
""")
    # a length whose end wraps 2^64 is clipped too, not an error
    out, _ = c.ok(core, "--memory", "0xfff0:0xffffffffffffffff")
    if "(clipped: 16 of the 18446744073709551615 bytes asked; memory 0 ends at 0x10000):" \
            not in out:
        raise Failure(f"--memory with a huge LEN:\n{out}")
    for view, want in [("0xfff8:100", {"memory": 0, "address": 0xfff8, "start": 0xfff8,
                                       "length": 8, "requested_length": 100, "clipped": True,
                                       "hex": "00" * 8}),
                       ("0xfff8:8", {"memory": 0, "address": 0xfff8, "start": 0xfff8,
                                     "length": 8, "requested_length": 8, "clipped": False,
                                     "hex": "00" * 8}),
                       ("0xfffc", {"memory": 0, "address": 0xfffc, "start": 0xffd0,
                                   "length": 0x30, "requested_length": None, "clipped": False,
                                   "hex": "00" * 0x30})]:
        d = json.loads(c.ok(core, "--json", "--memory", view)[0])
        expect_eq(f"--json --memory {view}", repr(d["memory_view"]), repr(want))
    out, _ = c.ok(core, "--memory", "0")
    # around address 0: its line and the two after it
    if "\n  00000000 " not in out or "\n  00000020 " not in out or "00000030" in out:
        raise Failure(f"--memory 0:\n{out}")
    for args, msg in [(["--memory", "0x10000"], "address 0x10000 is outside memory 0 (0x10000 bytes)"),
                      (["--memory", "0x10000:4"], "address 0x10000 is outside memory 0 (0x10000 bytes)"),
                      (["--json", "--memory", "0x10000:4"], "address 0x10000 is outside memory 0"),
                      (["--memory", "0x1x"], "bad --memory '0x1x'"),
                      (["--memory", "5:0"], "bad --memory '5:0'")]:
        rc, out, err = c.inspect(core, *args)
        if rc != 1 or msg not in err:
            raise Failure(f"{args}: exit {rc}, stderr {err!r}, want {msg!r}")
    rc, out, err = c.inspect(c.path("minimal.core"), "--memory", "0")
    if rc != 1 or "the coredump has no memory" not in err:
        raise Failure(f"no memory: exit {rc}, {err!r}")


def case_usage(c):
    rc, out, err = c.inspect("--help")
    if rc != 0 or "usage: wisp inspect" not in out:
        raise Failure(f"--help: {rc} {out!r}")
    for args, msg in [([], "missing coredump file"),
                      (["--frob", c.path("game.core")], "unknown option '--frob'"),
                      ([c.path("game.core"), c.path("example.core")], "more than one coredump"),
                      ([c.path("game.core"), "--module"], "option --module needs a value"),
                      ([c.path("nonexistent.core")], "nonexistent.core: cannot read:"),
                      ([c.path("game.core"), "--module", c.path("nope.wasm")], "nope.wasm: cannot read:")]:
        rc, out, err = c.inspect(*args)
        if rc != 1 or msg not in err:
            raise Failure(f"{args}: exit {rc}, stderr {err!r}, want {msg!r}")
    # A damaged module is an error with its offset too.
    bad = c.write("bad.wasm", c.files["game.wasm"][:40])
    rc, out, err = c.inspect(c.path("game.core"), "--module", bad)
    if rc != 1 or not re.fullmatch(r"wisp: \S+bad\.wasm: damaged module at 0x[0-9a-f]+: .+\n", err):
        raise Failure(f"damaged module: exit {rc}, stderr {err!r}")


# ---- empty names (issue 15) ---------------------------------------------------


def case_empty_names(c):
    """Zero-length names everywhere: in a dump made by hand (executable,
    module, thread, functions, locals, globals) and in the dump `wisp run`
    writes for a module whose name section has only empty names. They print
    as empty (text: functions and locals as if unnamed) and never read past
    the name: with test_coredump_read=PATH (an ASan build) the printer runs
    on both dumps in process, where reading past the 1-byte copy of an empty
    name is a heap-buffer-overflow."""
    f = c.facts["empty"]
    wasm = c.path("empty-names.wasm")
    tail = """
executable: {exe}
module 0: 
thread: {thread}
globals:
  0 i32{mut} = 5
memories:
  0: 1 page = 65536 bytes; 0 bytes saved in 0 data segments
"""
    out, err = c.ok(c.path("empty-names.core"))
    expect_eq("empty names, no module", out, f"""\
trap: integer divide by zero
  #0 wasm-function[0]+0x{f[0][0]:x} $0=7
      operands: 7 0
  #1 wasm-function[1]+0x{f[1][0]:x}
  (wasm-function[I]+0xN: offset from the function body start; --module M.wasm gives module offsets and file:line)
""" + tail.format(exe="", thread="", mut=" mut"))
    expect_eq("stderr", err, "")
    frames = f"""\
trap: integer divide by zero
  #0 0x{f[0][1]:x} wasm-function[0] $0=7
      operands: 7 0
  #1 0x{f[1][1]:x} wasm-function[1]
"""
    out, err = c.ok(c.path("empty-names.core"), "--module", wasm)
    expect_eq("empty names, --module", out, frames + tail.format(exe="", thread="", mut=" mut"))
    expect_eq("stderr", err, "")

    # The dump wisp itself writes: its `coremodules` name is the module's
    # (empty) one, its name section copies the empty names.
    dump = c.path("empty-run.core")
    p = subprocess.run([c.wisp, "run", "--invoke", "tick", "--coredump", dump, wasm],
                       capture_output=True, text=True, timeout=60)
    expect_eq("wisp run's backtrace", p.stderr, frames + f"coredump saved: {dump}\n")
    if p.returncode != 134:
        raise Failure(f"wisp run: exit {p.returncode}, want 134 (a trap)")
    want = frames + tail.format(exe=wasm, thread="main", mut="")
    out, err = c.ok(dump, "--module", wasm)
    expect_eq("wisp's dump, --module", out, want)
    expect_eq("stderr", err, "")
    d = json.loads(c.ok(dump, "--module", wasm, "--json")[0])
    got = (d["modules"], [fr["name"] for fr in d["threads"][0]["frames"]],
           [lo["name"] for lo in d["threads"][0]["frames"][0]["locals"]],
           [g["name"] for g in d["globals"]])
    expect_eq("json names", repr(got), repr(([""], ["", ""], [""], [""])))

    tool = c.named.get("test_coredump_read")
    if tool:
        for core in (c.path("empty-names.core"), dump):
            p = subprocess.run([tool, "--inspect", c.tmp, "--module", wasm, core],
                               capture_output=True, text=True, timeout=240)
            if p.returncode != 0:
                raise Failure(f"test_coredump_read on {core}: exit {p.returncode}\n"
                              f"{p.stdout}{p.stderr}")


# ---- file size caps (issue 15) -------------------------------------------------


def inspect_env(c, env, *args, timeout=20):
    p = subprocess.run([c.wisp, "inspect", *args], capture_output=True, text=True,
                       timeout=timeout, env=dict(os.environ, **env))
    return p.returncode, p.stdout, p.stderr


def case_limits(c):
    """The coredump and the --module file have size caps: /dev/zero and a
    file one byte over the cap are refused at once with the cap named; a
    file of exactly the cap is read. The default caps are checked on sparse
    files (refused by their size, nothing read)."""
    core = c.path("game.core")
    n = os.path.getsize(core)
    limit_msg = "file is larger than the {} limit for {} (WISP_FILE_LIMIT=SIZE changes it)\n"
    cases = [
        ({"WISP_FILE_LIMIT": "1K"}, ["/dev/zero"],
         "wisp: /dev/zero: " + limit_msg.format("1 KiB", "a coredump")),
        ({"WISP_FILE_LIMIT": "64K"}, [core, "--module", "/dev/zero"],
         "wisp: /dev/zero: " + limit_msg.format("64 KiB", "a module")),
        ({"WISP_FILE_LIMIT": str(n - 1)}, [core],
         f"wisp: {core}: " + limit_msg.format(f"{n - 1}-byte", "a coredump")),
        ({"WISP_FILE_LIMIT": "0"}, [core], "wisp: bad WISP_FILE_LIMIT '0': "),
        ({"WISP_FILE_LIMIT": "12Q"}, [core], "wisp: bad WISP_FILE_LIMIT '12Q': "),
    ]
    for env, args, want in cases:
        t0 = time.monotonic()
        rc, out, err = inspect_env(c, env, *args)
        if rc != 1 or out or not err.startswith(want) or len(err.splitlines()) != 1:
            raise Failure(f"{env} inspect {args}: exit {rc}, stdout {out!r}, stderr {err!r}, "
                          f"want {want!r}")
        if time.monotonic() - t0 > 5:
            raise Failure(f"{env} inspect {args}: took {time.monotonic() - t0:.1f} s")
    # exactly the cap: read as usual (from a pipe too, which has no size)
    rc, out, err = inspect_env(c, {"WISP_FILE_LIMIT": str(n)}, core)
    if rc != 0 or not out.startswith("trap: integer divide by zero"):
        raise Failure(f"a dump of exactly the cap: exit {rc}, {err!r}")
    p = subprocess.run(f"cat {core} | WISP_FILE_LIMIT={n} {c.wisp} inspect /dev/stdin",
                       shell=True, capture_output=True, text=True, timeout=20)
    if p.returncode != 0 or not p.stdout.startswith("trap: integer divide by zero"):
        raise Failure(f"a piped dump of exactly the cap: exit {p.returncode}, {p.stderr!r}")
    p = subprocess.run(f"(cat {core}; echo x) | WISP_FILE_LIMIT={n} {c.wisp} inspect "
                       f"/dev/stdin", shell=True, capture_output=True, text=True, timeout=20)
    if p.returncode != 1 or p.stderr != "wisp: /dev/stdin: " + limit_msg.format(
            f"{n}-byte", "a coredump"):
        raise Failure(f"a piped dump one byte over the cap: exit {p.returncode}, {p.stderr!r}")
    # the default caps, on sparse files one byte over them
    for size, args, what in [((1 << 30) + 1, ["big.core"], "a coredump"),
                             ((256 << 20) + 1, [core, "--module", "big.wasm"], "a module")]:
        big = c.path(args[-1])
        with open(big, "wb") as f:
            f.truncate(size)
        args = [big if a == args[-1] else a for a in args]
        rc, out, err = inspect_env(c, {}, *args)
        limit = "1 GiB" if size > (1 << 30) else "256 MiB"
        if rc != 1 or err != f"wisp: {big}: " + limit_msg.format(limit, what):
            raise Failure(f"default cap for {what}: exit {rc}, {err!r}")
        os.unlink(big)


# ---- damaged coredumps -----------------------------------------------------

DAMAGE_RE = re.compile(r"wisp: (\S+): damaged coredump at 0x([0-9a-f]+): (.+)\n")


def expect_damage(c, fname, data, offset, reason):
    path = c.write(fname, data)
    rc, out, err = c.inspect(path)
    m = DAMAGE_RE.fullmatch(err)
    if rc != 1 or not m or out:
        raise Failure(f"{fname}: exit {rc}, stdout {out!r}, stderr {err!r}")
    if m.group(1) != path or int(m.group(2), 16) != offset or reason not in m.group(3):
        raise Failure(f"{fname}: got {err!r}\nwant offset 0x{offset:x} and {reason!r}")


def patched(data, pos, new):
    b = bytearray(data)
    b[pos:pos + len(new)] = new
    return bytes(b)


def case_damaged(c):
    ex = c.files["example.core"]
    H = M.HEADER
    cases = [
        ("empty", b"", 0, "not a Wasm file"),
        ("magic", b"\0asn" + ex[4:], 0, "not a Wasm file"),
        ("version", patched(ex, 4, b"\x02"), 4, "unsupported Wasm version 02 00 00 00"),
        ("frame-kind", patched(ex, 0x5e, b"\x01"), 0x5e,
         "frame kind: expected 0x00, found 0x01"),
        ("value-tag", patched(ex, 0x63, b"\x7b"), 0x63, "bad value type 0x7b"),
        ("stack-kind", patched(ex, 0x57, b"\x02"), 0x57, "`corestack` kind: expected 0x00"),
        ("instance-range", patched(ex, 0x5f, b"\x01"), 0x5e,
         "frame 0: instance index 1 out of range (1 instance)"),
        ("section-past-eof", ex[:0x60], 0x4c,
         "custom section of 34 bytes runs past the end of the file (19 bytes left)"),
        ("section-id", ex + b"\x20\x00", 0x89, "unknown section id 32"),
        ("memory-flags", patched(ex, 0x72, b"\x10"), 0x72, "bad memory limits flags 0x10"),
        ("global-type", patched(ex, 0x79, b"\x42"), 0x79,
         "global of type i32 has an initializer (0x42) of another type"),
        ("global-end", patched(ex, 0x7d, b"\x0c"), 0x7d, "expected `end` (0x0b)"),
        ("data-past-memory", ex[:0x7e] + M.data_section([(0xFFFF, b"hi")]), 0x87,
         "data segment 0 (0xffff + 0x2 bytes) runs past the end of memory 0 (0x10000 bytes)"),
        ("data-memidx", patched(ex, 0x81, b"\x02\x01"), 0x82,
         "data segment 0 is for memory 1, but the coredump has 1 memory"),
        ("not-a-coredump", c.files["game.wasm"], len(c.files["game.wasm"]),
         "no `corestack` section"),
    ]
    # Encoded from scratch: LEB, count, UTF-8 and section-rule damage.
    core = M.core("game.wasm")
    good_stack_prefix = b"\0" + M.name("main")

    def stack(payload):
        return H + core + M.custom("corestack", good_stack_prefix + payload)
    # offset of the corestack payload after its name
    at = len(H + core) + 2 + 10 + len(good_stack_prefix)
    cases += [
        ("leb-too-long", stack(b"\x01\x00\x00\x83\x80\x80\x80\x80\x00\x05\x00\x00"), at + 3,
         "function index: LEB128 longer than 5 bytes"),
        ("leb-high-bits", stack(b"\x01\x00\x00\xff\xff\xff\xff\x1f\x05\x00\x00"), at + 3,
         "function index: LEB128 value too large for 32 bits"),
        ("sleb-range", stack(b"\x01\x00\x00\x01\x05\x01\x7f\xff\xff\xff\xff\x4f\x00"), at + 7,
         "i32 value: signed LEB128 out of range for 32 bits"),
        ("huge-frames", stack(b"\xff\xff\xff\xff\x0f\x00"), at,
         "frame count 4294967295 is impossible"),
        ("huge-locals", stack(b"\x01\x00\x00\x01\x05\xff\xff\xff\xff\x0f"), at + 5,
         "local count 4294967295 is impossible"),
        ("truncated-value", stack(b"\x01\x00\x00\x01\x05\x01\x7c\x00\x00"), at + 7,
         "f64 value: 8 bytes needed but the `corestack` section has only 2 left"),
        ("trailing", stack(b"\x00\x99"), at + 1,
         "1 unexpected bytes at the end of the `corestack` section"),
        ("utf8", H + core + M.custom("corestack", b"\0\x02\xc3\x28\x00"),
         len(H + core) + 13, "thread name is not valid UTF-8"),
        ("two-cores", H + core + core + M.corestack("main", []), len(H + core),
         "second `core` section"),
        ("no-stack", H + core, len(H + core), "no `corestack` section"),
        ("order", H + M.corestack("main", []) + M.section(6, b"\x00") + M.section(5, b"\x00"),
         len(H + M.corestack("main", [])) + 3, "memory section out of order"),
        ("instances-module", H + M.coremodules(["a"]) + M.coreinstances([(1, [], [])]) +
         M.corestack("main", []), len(H + M.coremodules(["a"])) + 18,
         "instance 0: module index 1 out of range (1 modules)"),
    ]
    for fname, data, offset, reason in cases:
        expect_damage(c, fname + ".core", data, offset, reason)


def section_ends(data):
    """Offsets where a section of a valid file ends."""
    return {end for _, _, end in sections(data)}


def case_truncated(c):
    """Cut at every byte: a clear error with an offset inside the file, or
    (cut between sections after the corestack) a shorter valid dump."""
    for fname in ["game.core", "example.core"]:
        data = c.files[fname]
        ends = section_ends(data)
        for n in range(len(data)):
            path = c.write("cut.core", data[:n])
            rc, out, err = c.inspect(path)
            if rc == 0 and n in ends:
                continue
            m = DAMAGE_RE.fullmatch(err)
            if rc != 1 or not m or int(m.group(2), 16) > n:
                raise Failure(f"{fname} cut to {n} bytes: exit {rc}, stderr {err!r}")


# ---- DWARF: a C guest built with clang-14 -g --------------------------------


def markers(src):
    """LINE:name markers of crash.c -> line numbers."""
    out = {}
    with open(src) as f:
        for i, line in enumerate(f, 1):
            m = re.search(r"LINE:(\w+)", line)
            if m and "/*" in line[:m.start()] and not line.lstrip().startswith("*"):
                out[m.group(1)] = i
    return out


def objdump_funcs(c, wasm):
    """wasm-objdump -d: {name: (func index, body start, [(offset, text)])}."""
    rc, out, err = run([c.named.get("objdump", "wasm-objdump"), "-d", wasm])
    if rc != 0:
        raise Failure(f"wasm-objdump -d {wasm}: {err}")
    funcs, cur = {}, None
    for line in out.splitlines():
        m = re.match(r"^([0-9a-f]+) func\[(\d+)\] <(.+)>:$", line)
        if m:
            cur = []
            funcs[m.group(3)] = (int(m.group(2)), int(m.group(1), 16), cur)
            continue
        m = re.match(r"^ ([0-9a-f]+):[ 0-9a-f]*\|\s*(.*)$", line)
        if m and cur is not None:
            cur.append((int(m.group(1), 16), m.group(2).strip()))
    return funcs


def body_starts(data):
    """Independent of wisp: module offset of each defined body (after the
    size LEB), and the number of imported functions."""
    nimports, starts = 0, []
    for sid, pos, _ in sections(data):
        if sid == 2:
            n, p = read_uleb(data, pos)
            for _ in range(n):
                for _ in range(2):
                    ln, p = read_uleb(data, p)
                    p += ln
                kind = data[p]
                p += 1
                if kind != 0:
                    raise Failure("crash.wasm imports something other than functions")
                _, p = read_uleb(data, p)
                nimports += 1
        elif sid == 10:
            n, p = read_uleb(data, pos)
            for _ in range(n):
                sz, p = read_uleb(data, p)
                starts.append(p)
                p += sz
    return nimports, starts


def crash_facts(c, wasm):
    funcs = objdump_funcs(c, wasm)
    nimports, starts = body_starts(open(wasm, "rb").read())
    scale = funcs.get("scale_damage")
    caller = [(name, f) for name, f in funcs.items()
              if any("call" in t and "<scale_damage>" in t for _, t in f[2])]
    if not scale or len(caller) != 1:
        raise Failure("crash.wasm: scale_damage or its one caller not found by wasm-objdump")
    cname, cf = caller[0]
    for f in (scale, cf):
        if starts[f[0] - nimports] != f[1]:
            raise Failure(f"body start of func {f[0]}: wasm-objdump says 0x{f[1]:x}, "
                          f"the code section 0x{starts[f[0] - nimports]:x}")

    def find(f, pred):
        hits = [off for off, t in f[2] if pred(t)]
        if len(hits) != 1:
            raise Failure(f"expected one match in func {f[0]}, got {hits}")
        return hits[0]
    return {
        "scale": scale[0], "scale_start": scale[1],
        "unreachable": find(scale, lambda t: t == "unreachable"),
        "div": find(scale, lambda t: t == "i32.div_s"),
        "caller": cf[0], "caller_name": cname, "caller_start": cf[1],
        "call": find(cf, lambda t: t.startswith("call ") and "<scale_damage>" in t),
    }


def case_dwarf(c):
    """test_dwarf on the trapping instructions of crash.wasm (DWARF 4 and 5)."""
    tool = c.need("test_dwarf")
    lines = markers(c.need("crash_src"))
    for key in ["crash", "crash5"]:
        wasm = c.need(key)
        f = crash_facts(c, wasm)
        for what, line in [("unreachable", lines["unreachable"]), ("div", lines["div"]),
                           ("call", lines["call"])]:
            rc, out, err = run([tool, "lookup", wasm, hex(f[what])])
            if rc != 0 or not re.fullmatch(rf"(\S*/)?crash\.c:{line}\n", out):
                raise Failure(f"{key} {what} at 0x{f[what]:x}: exit {rc}, {out!r} {err!r}, "
                              f"want crash.c:{line}")


def case_dwarf_rows(c):
    """Every row of the line tables (crash.c's and wasi-libc's) against
    llvm-dwarfdump-14."""
    tool = c.need("test_dwarf")
    dump = c.need("dwarfdump")
    for key in ["crash", "crash5"]:
        wasm = c.need(key)
        rc, mine, err = run([tool, "rows", wasm])
        if rc != 0:
            raise Failure(f"test_dwarf rows {key}: {err}")
        mine = [(int(a, 16), int(ln), int(col), e == "end")
                for _, a, ln, col, _, e in (r.split(" ") for r in mine.splitlines())]
        rc, out, err = run([dump, "--debug-line", wasm])
        if rc != 0:
            raise Failure(f"{dump}: {err}")
        theirs = []
        for r in out.splitlines():
            m = re.match(r"^0x([0-9a-f]+) +(\d+) +(\d+) ", r)
            if m:
                theirs.append((int(m.group(1), 16), int(m.group(2)), int(m.group(3)),
                               "end_sequence" in r))
        if mine != theirs or len(mine) < 100:
            for i, (a, b) in enumerate(zip(mine, theirs)):
                if a != b:
                    raise Failure(f"{key}: row {i} differs: ours {a}, llvm-dwarfdump {b}")
            raise Failure(f"{key}: {len(mine)} rows, llvm-dwarfdump has {len(theirs)}")


def case_dwarf_damage(c):
    tool = c.need("test_dwarf")
    for key in ["crash", "crash5"]:
        rc, out, err = run([tool, "damage", c.need(key)], timeout=300)
        if rc != 0:
            raise Failure(f"test_dwarf damage {key}: exit {rc}\n{out}{err}")


def case_inspect_c(c):
    """The point of it all: a dump of the crashed C guest, read with its
    module, shows crash.c:LINE per frame."""
    lines = markers(c.need("crash_src"))
    for key in ["crash", "crash5"]:
        wasm = c.need(key)
        f = crash_facts(c, wasm)
        for trap_at, line, msg in [("div", lines["div"], "integer divide by zero"),
                                   ("unreachable", lines["unreachable"], "unreachable")]:
            dump = (M.HEADER + M.core("crash.wasm") + M.coremodules(["crash.wasm"]) +
                    M.coreinstances([(0, [], [])]) +
                    M.corestack("main", [
                        M.frame(0, f["scale"], f[trap_at] - f["scale_start"],
                                [M.v_i32(12), M.v_i32(0)] + [M.v_i32(0)] * 3),
                        M.frame(0, f["caller"], f["call"] - f["caller_start"])]) +
                    M.trap(msg))
            path = c.write(f"{key}-{trap_at}.core", dump)
            out, err = c.ok(path, "--module", wasm)
            want = [
                rf"trap: {msg}",
                rf"  #0 0x{f[trap_at]:x} scale_damage \(wasm-function\[{f['scale']}\]\) "
                # DWARF names the variables; this dump has no memory, where
                # clang -O0 keeps them (tests/dwarf checks their values), so
                # the Wasm locals follow
                rf"base=\? divisor=\? \[\$0=12 \$1=0\] at (\S*/)?crash\.c:{line}:\d+",
                rf"  #1 0x{f['call']:x} {re.escape(f['caller_name'])} "
                rf"\(wasm-function\[{f['caller']}\]\)( \w+=\S+)* at (\S*/)?crash\.c:{lines['call']}:\d+",
            ]
            got = out.splitlines()[:3]
            for w, g in zip(want, got):
                if not re.fullmatch(w, g):
                    raise Failure(f"{key} {trap_at}: line {g!r} does not match {w!r}\n{out}")
            d = json.loads(c.ok(path, "--module", wasm, "--json")[0])
            fr = d["threads"][0]["frames"][0]
            if fr["line"] != line or not fr["file"].endswith("crash.c"):
                raise Failure(f"{key} json: {fr}")


CASES = {name[5:]: fn for name, fn in globals().items() if name.startswith("case_")}


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in CASES:
        sys.exit(f"usage: check.py CASE WISP [name=path ...]; cases: {' '.join(CASES)}")
    named = dict(a.split("=", 1) for a in sys.argv[3:])
    c = Ctx(sys.argv[2], named)
    try:
        CASES[sys.argv[1]](c)
    except Skip as e:
        print(f"skipped: {e}")
        sys.exit(SKIP)
    except Failure as e:
        print(f"FAIL: {e} (files in {c.tmp})")
        sys.exit(1)
    shutil.rmtree(c.tmp, ignore_errors=True)
    print("ok")


if __name__ == "__main__":
    main()
