"""Custom page sizes (page size 1 byte or 64 KiB): binary modules built here,
run with `wisp run --invoke`. memory.size, memory.grow and bounds in pages
of one byte, limits, imports, data segments, and bad encodings.
Usage: check.py WISP"""
import os, subprocess, sys, tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tools", "py"))
from wasmbin import name, section, sleb, uleb, vec  # noqa: E402

WISP = sys.argv[1]
checks = failures = 0


def memtype(mn, mx=None, log2=0):
    flags = 0x08 | (1 if mx is not None else 0)
    return bytes([flags]) + uleb(mn) + (uleb(mx) if mx is not None else b"") + uleb(log2)


I32 = 0x7F
# types: 0 () -> i32, 1 (i32) -> i32, 2 (i32 i32) -> ()
TYPES = section(1, vec([b"\x60\x00\x01\x7f", b"\x60\x01\x7f\x01\x7f", b"\x60\x02\x7f\x7f\x00"]))
FUNCS = [  # (name, type, body)
    ("size", 0, b"\x3f\x00"),                       # memory.size
    ("grow", 1, b"\x20\x00\x40\x00"),               # memory.grow (local 0)
    ("load", 1, b"\x20\x00\x2d\x00\x00"),           # i32.load8_u
    ("store", 2, b"\x20\x00\x20\x01\x3a\x00\x00"),  # i32.store8
    ("load32", 1, b"\x20\x00\x28\x00\x00"),         # i32.load (align 0)
]


def module(mem_section=None, import_mem=None, data=None):
    out = b"\x00asm\x01\x00\x00\x00" + TYPES
    if import_mem is not None:
        out += section(2, vec([name("env") + name("mem") + b"\x02" + import_mem]))
    out += section(3, vec([uleb(t) for _, t, _ in FUNCS]))
    if mem_section is not None:
        out += section(5, vec([mem_section]))
    out += section(7, vec([name(n) + b"\x00" + uleb(i) for i, (n, _, _) in enumerate(FUNCS)]))
    bodies = [b"\x00" + body + b"\x0b" for _, _, body in FUNCS]
    out += section(10, vec([uleb(len(b)) + b for b in bodies]))
    if data is not None:
        addr, blob = data
        out += section(11, vec([b"\x00\x41" + sleb(addr) + b"\x0b" + uleb(len(blob)) + blob]))
    return out


def run(wasm, *args):
    with tempfile.NamedTemporaryFile(suffix=".wasm", delete=False) as f:
        f.write(wasm)
    try:
        p = subprocess.run([WISP, "run", "--invoke", *args[:1], f.name, *args[1:]],
                           capture_output=True, text=True, timeout=30)
        return p.returncode, p.stdout.strip(), p.stderr.strip()
    finally:
        os.unlink(f.name)


def check(what, got, want):
    global checks, failures
    checks += 1
    if got != want:
        failures += 1
        print(f"FAIL {what}: got {got!r}, want {want!r}")


def check_in(what, text, part):
    global checks, failures
    checks += 1
    if part not in text:
        failures += 1
        print(f"FAIL {what}: {part!r} not in {text!r}")


m = module(memtype(3, 10))
check("size in 1-byte pages", run(m, "size")[:2], (0, "3"))
check("last byte readable", run(m, "load", "2")[:2], (0, "0"))
rc, _, err = run(m, "load", "3")
check("one past the end traps", rc, 134)
check_in("trap message", err, "out of bounds memory access")
rc, _, err = run(m, "load32", "0")
check("a 4-byte load from a 3-byte memory traps", rc, 134)
check("grow by 2 returns the old size", run(m, "grow", "2")[:2], (0, "3"))
check("grow past the max fails with -1", run(m, "grow", "8")[:2], (0, "-1"))
check("grow to exactly the max", run(m, "grow", "7")[:2], (0, "3"))

# data segments are placed and bounds-checked in bytes
m = module(memtype(5), data=(1, b"wisp"))
check("data at 1..4", run(m, "load", "4")[:2], (0, str(ord("p"))))
rc, _, err = run(module(memtype(4), data=(1, b"wisp")), "size")
check("data one byte past the end fails instantiation", rc, 134)
check_in("segment trap", err, "out of bounds memory access")

# a memory of zero 1-byte pages: every access traps, growing works
m = module(memtype(0))
check("empty memory size", run(m, "size")[:2], (0, "0"))
check("empty memory grows", run(m, "grow", "1")[:2], (0, "0"))
check("empty memory load traps", run(m, "load", "0")[0], 134)

# page size 2^16 written explicitly is the default page
m = module(memtype(1, None, 16))
check("explicit 64 KiB pages", run(m, "load", "65535")[:2], (0, "0"))
check("explicit 64 KiB pages bound", run(m, "load", "65536")[0], 134)

# bad page sizes: 2^8 is invalid, 2^64 malformed
rc, _, err = run(module(memtype(1, None, 8)), "size")
check("page size 256 rejected", rc, 1)
check_in("page size 256 message", err, "invalid custom page size")
rc, _, err = run(module(memtype(1, None, 64)), "size")
check("page size 2^64 rejected", rc, 1)
check_in("page size 2^64 message", err, "malformed module")

# 1-byte pages allow more than 65536 pages
m = module(memtype(70000))
check("70000 one-byte pages", run(m, "load", "69999")[:2], (0, "0"))

# imports must agree on the page size (wisp run resolves env.mem only from
# its own imports, so an import is unlinkable: the message must say so)
rc, _, err = run(module(None, import_mem=memtype(1)), "size")
check("imported memory unresolved", rc, 1)

print(f"{checks - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
