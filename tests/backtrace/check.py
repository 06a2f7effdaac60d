"""Backtraces end to end (issue 4): named wat modules trap in several ways at
several depths under `wisp run --coredump`; the printed frames, offsets,
names and values are asserted exactly; the coredump validates as a module
(wasm-objdump -x) and `wisp inspect` reproduces the backtrace from it alone;
when node is present the offsets match V8's for the same module.
A C guest built with clang -g (CRASH.wasm, from tests/inspect) shows
file:line per frame.
Usage: check.py WISP GAME.wasm [CRASH.wasm]"""
import os, re, shutil, subprocess, sys, tempfile

WISP, GAME = sys.argv[1], sys.argv[2]
HERE = os.path.dirname(os.path.abspath(__file__))
checks = failures = 0


def check(what, ok, detail=""):
    global checks, failures
    checks += 1
    if not ok:
        failures += 1
        print(f"FAIL {what}" + (f"\n{detail}" if detail else ""))


CASES = {
    ("tick", "3"): """trap: integer divide by zero
  #0 0x98 scale_damage (wasm-function[0]) base=12 divisor=0 crit=1
      operands: 24 0
  #1 0xab hit_enemy (wasm-function[1]) enemy=3 dmg=12.5 armor=40
  #2 0xb7 tick (wasm-function[2]) frame=3
""",
    # poke's f64.store at 40 * 4096 = 0x28000, past the 1 page of game.wat
    ("spawn_wave", "40"): """trap: out of bounds memory access: 8-byte store at 0x28000, memory is 65536 bytes
  #0 0xc0 poke (wasm-function[3]) addr=163840 value=-1.5
  #1 0xd5 spawn (wasm-function[4]) slot=40
  #2 0xdc spawn_wave (wasm-function[5]) count=40
""",
    ("update", "2"): """trap: unreachable
  #0 0xfa step (wasm-function[7]) state=2
  #1 0x103 update (wasm-function[8]) state=2
""",
    # the fetch's byte load, fused into the br_table it feeds, past memory
    ("script", "65520"): """trap: out of bounds memory access: 1-byte load at 0x10000, memory is 65536 bytes
  #0 0x130 interp (wasm-function[12]) pc=65520
  #1 0x148 script (wasm-function[13]) pc=65520
""",
    # the pop's load, fused with the add kept in $sp, past memory: $sp as
    # the add left it
    ("unwind", "65540"): """trap: out of bounds memory access: 4-byte load at 0x10000, memory is 65536 bytes
  #0 0x154 pop (wasm-function[14]) sp=65536
  #1 0x15c unwind (wasm-function[15]) sp=65540
""",
    ("relay", "5"): """trap: integer divide by zero
  #0 0x10d finish (wasm-function[9]) x=0
      operands: 100 0
      (entered by a tail call: its caller's frame was replaced)
  #1 0x11d relay (wasm-function[11]) x=5
""",
}


def frames(text):
    return [l for l in text.splitlines() if re.match(r"\s+(#\d+|operands:) ", l)]


def v8(fn, arg):
    if not shutil.which("node"):
        return None
    p = subprocess.run(["node", os.path.join(HERE, "v8_offsets.js"), GAME, fn, arg],
                       capture_output=True, text=True, timeout=60)
    return [tuple(l.split()) for l in p.stdout.splitlines() if l.startswith(tuple("0123456789"))]


tmp = tempfile.mkdtemp()
for (fn, arg), want in CASES.items():
    core = os.path.join(tmp, fn + ".core")
    p = subprocess.run([WISP, "run", "--coredump", core, "--invoke", fn, GAME, arg],
                       capture_output=True, text=True, timeout=60)
    check(f"{fn}: exit 134", p.returncode == 134, p.stderr)
    got = p.stderr.replace(f"coredump saved: {core}\n", "")
    check(f"{fn}: backtrace", got == want, f"--- got\n{got}--- want\n{want}")
    check(f"{fn}: 'coredump saved' line", f"coredump saved: {core}" in p.stderr)
    # the dump is a module wabt reads
    o = subprocess.run(["wasm-objdump", "-x", core], capture_output=True, text=True)
    check(f"{fn}: wasm-objdump -x reads the dump", o.returncode == 0 and "corestack" in o.stdout,
          o.stderr)
    # wisp inspect reproduces the frames, with and without the module
    i = subprocess.run([WISP, "inspect", core, "--module", GAME], capture_output=True, text=True)
    want_frames = [l for l in frames(want) if "tail call" not in l]
    check(f"{fn}: inspect --module reproduces the frames",
          i.returncode == 0 and frames(i.stdout) == want_frames, i.stdout + i.stderr)
    check(f"{fn}: inspect shows the trap", want.splitlines()[0] in i.stdout, i.stdout)
    i = subprocess.run([WISP, "inspect", core], capture_output=True, text=True)
    names = [re.sub(r"^\s+#\d+ (0x[0-9a-f]+ )?", "", l).split(" (")[0] for l in frames(i.stdout)]
    want_names = [re.sub(r"^\s+#\d+ 0x[0-9a-f]+ ", "", l).split(" (")[0] for l in want_frames]
    check(f"{fn}: the dump alone names the frames", i.returncode == 0 and names == want_names,
          i.stdout + i.stderr)
    # V8 agrees on function indices and module offsets
    theirs = v8(fn, arg)
    if theirs is not None:
        ours = [(m.group(2), m.group(1)) for m in
                (re.match(r"\s+#\d+ (0x[0-9a-f]+) .*wasm-function\[(\d+)\]", l) for l in want_frames) if m]
        check(f"{fn}: offsets match V8", theirs[:len(ours)] == ours, f"V8 {theirs} ours {ours}")

# stack exhaustion: 1024 frames, the middle elided with a count
p = subprocess.run([WISP, "run", "--call-depth", "1024", "--invoke", "chase", GAME, "0"],
                   capture_output=True, text=True)
lines = p.stderr.splitlines()
check("chase: trap message", lines[0] == "trap: call stack exhausted", p.stderr[:200])
check("chase: innermost frame", lines[1] == "  #0 0xe6 chase (wasm-function[6]) depth=1023", lines[1])
check("chase: elision line", "  ... 992 frames elided ..." in lines, "\n".join(lines[20:30]))
check("chase: outermost frame", frames(p.stderr)[-1] == "  #1023 0xe6 chase (wasm-function[6]) depth=0",
      frames(p.stderr)[-1])
check("chase: the sizes to raise are named", "--call-depth 1024" in lines[-1], lines[-1])
p = subprocess.run([WISP, "run", "--call-depth", "1024", "--backtrace-depth", "4", "--invoke", "chase", GAME, "0"],
                   capture_output=True, text=True)
check("chase: --backtrace-depth 4 prints 4 frames", len(frames(p.stderr)) == 4, p.stderr)

# DWARF: the C guest divides by argc - 1 at crash.c:11, called from line 17
if len(sys.argv) > 3:
    p = subprocess.run([WISP, "run", sys.argv[3]], capture_output=True, text=True, timeout=60)
    fr = [l for l in frames(p.stderr) if "operands:" not in l]
    check("C guest: trap", p.returncode == 134 and "integer divide by zero" in p.stderr, p.stderr)
    check("C guest: #0 at crash.c:11", len(fr) > 1 and re.search(r"#0 0x[0-9a-f]+ scale_damage .* at \S*crash\.c:11(:\d+)?$", fr[0]) is not None, p.stderr)
    check("C guest: #1 at crash.c:17", len(fr) > 1 and re.search(r"#1 0x[0-9a-f]+ main .* at \S*crash\.c:17(:\d+)?$", fr[1]) is not None, p.stderr)
else:
    print("skipped: the C guest with DWARF (no wasm32-wasi clang toolchain)")

shutil.rmtree(tmp)
print(f"{checks - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
