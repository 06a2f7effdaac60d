#!/usr/bin/env python3
"""Byte-exact Wasm coredumps and a matching module for the `wisp inspect`
tests (stdlib only). The coredump format is tool-conventions Coredump.md
(coredump/README.md) plus wisp's optional `name` and
`wisp.trap` custom sections.

As a library (check.py imports it): build_*() return bytes and the facts
the expected output depends on. As a script: `mkdumps.py OUTDIR` writes the
files, for looking at them with `wisp inspect` or wasm-objdump.
"""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tools", "py"))
from wasmbin import name, section, sleb, uleb, vec  # noqa: E402

# ---- encoding ------------------------------------------------------------


def custom(sname, payload):
    return section(0, name(sname) + payload)


HEADER = b"\0asm\x01\0\0\0"

# values of the corestack
def v_i32(x): return b"\x7f" + sleb(x)
def v_i64(x): return b"\x7e" + sleb(x)
def v_f32(x): return b"\x7d" + struct.pack("<f", x)
def v_f64(x): return b"\x7c" + struct.pack("<d", x)
V_UNKNOWN = b"\x01"


def core(exe):
    return custom("core", b"\0" + name(exe))


def coremodules(names):
    return custom("coremodules", vec([b"\0" + name(n) for n in names]))


def coreinstances(insts):
    """insts: [(module, [memories], [globals])]"""
    return custom("coreinstances", vec([
        b"\0" + uleb(m) + vec([uleb(x) for x in mems]) + vec([uleb(x) for x in globs])
        for m, mems, globs in insts]))


def frame(inst, func, off, locals_=(), stack=()):
    return b"\0" + uleb(inst) + uleb(func) + uleb(off) + vec(list(locals_)) + vec(list(stack))


def corestack(thread, frames):
    return custom("corestack", b"\0" + name(thread) + vec(frames))


def memory_section(mems):
    """mems: [(min, max or None)]"""
    out = []
    for mn, mx in mems:
        out.append(b"\0" + uleb(mn) if mx is None else b"\1" + uleb(mn) + uleb(mx))
    return section(5, vec(out))


def global_section(globs):
    """globs: [(valtype byte, mutable, init expr bytes without end)]"""
    return section(6, vec([bytes([t, m]) + e + b"\x0b" for t, m, e in globs]))


def data_section(segs):
    """segs: [(offset, bytes)] for memory 0"""
    return section(11, vec([b"\0\x41" + sleb(off) + b"\x0b" + name(data) for off, data in segs]))


def trap(msg):
    return custom("wisp.trap", b"\0" + name(msg))


def name_section(module=None, funcs=(), locals_=(), globals_=()):
    """funcs: [(idx, name)], locals_: [(func, [(idx, name)])], globals_: [(idx, name)]"""
    def namemap(m):
        return vec([uleb(i) + name(n) for i, n in m])
    out = b""
    if module is not None:
        out += bytes([0]) + name(name(module))
    if funcs:
        out += bytes([1]) + name(namemap(funcs))
    if locals_:
        out += bytes([2]) + name(vec([uleb(f) + namemap(m) for f, m in locals_]))
    if globals_:
        out += bytes([7]) + name(namemap(globals_))
    return custom("name", out)


# ---- the minimal spec-conformant example (Coredump.md) ------------------

EXAMPLE_HEX = """
00 61 73 6d 01 00 00 00
00 10 04 63 6f 72 65 00 09 67 61 6d 65 2e 77 61 73 6d
00 18 0b 63 6f 72 65 6d 6f 64 75 6c 65 73 01 00 09 67 61 6d 65 2e 77 61 73 6d
00 15 0d 63 6f 72 65 69 6e 73 74 61 6e 63 65 73 01 00 00 01 00 01 00
00 22 09 63 6f 72 65 73 74 61 63 6b 00 04 6d 61 69 6e 02
      00 00 03 12 02 7f 7f 01 01 7f 2a
      00 00 01 05 00 00
05 03 01 00 01
06 08 01 7f 00 41 80 80 04 0b
0b 09 01 00 41 80 08 0b 02 68 69
"""


def build_example():
    data = bytes.fromhex(EXAMPLE_HEX.replace("\n", " "))
    # The same bytes from the encoder above: proves the encoder right.
    built = (HEADER + core("game.wasm") + coremodules(["game.wasm"]) +
             coreinstances([(0, [0], [0])]) +
             corestack("main", [frame(0, 3, 0x12, [v_i32(-1), V_UNKNOWN], [v_i32(42)]),
                                frame(0, 1, 5)]) +
             memory_section([(1, None)]) + global_section([(0x7F, 0, b"\x41" + sleb(65536))]) +
             data_section([(1024, b"hi")]))
    assert built == data, "encoder disagrees with the Coredump.md example"
    return data


# ---- game.wasm: the example backtrace -----------------------------
#
# func 0: import env.log (i32) -> ()
# func 1, 3, 5: padding (nop; end)
# func 2: scale_damage(base i32, divisor i32, crit i32) -> i32, local r i32
#         r = base * 3 (crit ignored); return r / divisor      <- i32.div_s traps
# func 4: hit_enemy(enemy i32, dmg f64): drop(scale_damage(12, 0, 1))  <- call 2
# func 6: tick(frame i32): hit_enemy(3, 12.5)                        <- call 4

GAME_FUNCS = [(0, "log"), (1, "pad_a"), (2, "scale_damage"), (3, "pad_b"),
              (4, "hit_enemy"), (5, "pad_c"), (6, "tick")]
GAME_LOCALS = [(2, [(0, "base"), (1, "divisor"), (2, "crit"), (3, "r")]),
               (4, [(0, "enemy"), (1, "dmg")]),
               (6, [(0, "frame")])]
GAME_GLOBALS = [(0, "__stack_pointer"), (1, "speed")]


def build_game_module():
    """Returns (module bytes, facts) where facts['trap'] etc. give, per frame,
    the module offset and the offset from the function body start."""
    types = section(1, vec([
        b"\x60" + vec([b"\x7f"]) + vec([]),                       # 0: (i32) -> ()
        b"\x60" + vec([b"\x7f"] * 3) + vec([b"\x7f"]),            # 1: (i32 i32 i32) -> i32
        b"\x60" + vec([b"\x7f", b"\x7c"]) + vec([]),              # 2: (i32 f64) -> ()
        b"\x60" + vec([]) + vec([]),                              # 3: () -> ()
    ]))
    imports = section(2, vec([name("env") + name("log") + b"\x00" + uleb(0)]))
    funcs = section(3, vec([uleb(t) for t in [3, 1, 3, 2, 3, 0]]))
    mem = section(5, vec([b"\x00\x01"]))
    globs = section(6, vec([b"\x7f\x01\x41" + sleb(65536) + b"\x0b",
                            b"\x7d\x00\x43" + struct.pack("<f", 1.5) + b"\x0b"]))
    exports = section(7, vec([name("tick") + b"\x00" + uleb(6)]))

    # Bodies, with the position of the instruction of interest (relative to
    # the body start = the local-declaration count).
    pad = b"\x00" + b"\x01\x0b"  # no locals; nop; end
    scale = (b"\x01\x01\x7f"                      # 1 group: 1 x i32 (r)
             + b"\x20\x00\x41\x03\x6c\x21\x03"    # r = base * 3
             + b"\x20\x03\x20\x01")               # r, divisor
    scale_trap = len(scale)
    scale += b"\x6d\x0b"                          # i32.div_s; end
    hit = b"\x00" + b"\x41\x0c\x41\x00\x41\x01"   # 12 0 1
    hit_call = len(hit)
    hit += b"\x10\x02\x1a\x0b"                    # call 2; drop; end
    tick = b"\x00" + b"\x41\x03\x44" + struct.pack("<d", 12.5)
    tick_call = len(tick)
    tick += b"\x10\x04\x0b"                       # call 4; end
    bodies = [pad, scale, pad, hit, pad, tick]
    code_payload = vec([uleb(len(b)) + b for b in bodies])
    before = HEADER + types + imports + funcs + mem + globs + exports
    code = section(10, code_payload)
    code_payload_at = len(before) + 1 + len(uleb(len(code_payload)))
    # body starts (module offsets)
    starts = []
    pos = code_payload_at + len(uleb(len(bodies)))
    for b in bodies:
        pos += len(uleb(len(b)))
        starts.append(pos)
        pos += len(b)
    names = name_section("game", GAME_FUNCS, GAME_LOCALS, GAME_GLOBALS)
    module = before + code + names
    facts = {
        "code_payload": code_payload_at,
        # func index -> (offset from body start, module offset)
        2: (scale_trap, starts[1] + scale_trap),
        4: (hit_call, starts[3] + hit_call),
        6: (tick_call, starts[5] + tick_call),
    }
    return module, facts


def build_game_core(facts, with_names=True, with_trap=True, skeleton=False):
    frames = [
        frame(0, 2, facts[2][0], [v_i32(12), v_i32(0), v_i32(1), v_i32(36)],
              [v_i32(36), v_i32(0)]),
        frame(0, 4, facts[4][0], [v_i32(3), v_f64(12.5)], [v_i32(12), v_i32(0), v_i32(1)]),
        frame(0, 6, facts[6][0], [v_i32(901)], [v_i32(3), v_f64(12.5)]),
    ]
    # wisp's writer (coredump/coredump.c) adds a skeleton of the module: a
    # function per index up to the largest on the stack, fillers () -> ()
    # and, for the functions on the stack, their real types and local
    # declarations, every body `unreachable`.
    types = funcs = code = b""
    if skeleton:
        types = section(1, vec([b"\x60\x00\x00",
                                b"\x60" + vec([b"\x7f"] * 3) + vec([b"\x7f"]),
                                b"\x60" + vec([b"\x7f", b"\x7c"]) + vec([]),
                                b"\x60" + vec([b"\x7f"]) + vec([])]))
        funcs = section(3, vec([uleb(t) for t in [0, 0, 1, 0, 2, 0, 3]]))
        filler = b"\x00\x0b"
        bodies = [filler, filler, b"\x01\x01\x7f\x00\x0b", filler, b"\x00\x00\x0b", filler,
                  b"\x00\x00\x0b"]
        code = section(10, vec([uleb(len(b)) + b for b in bodies]))
    out = (HEADER + core("game.wasm") + coremodules(["game.wasm"]) +
           coreinstances([(0, [0], [0, 1])]) + corestack("main", frames) + types + funcs +
           memory_section([(1, 2)]) +
           global_section([(0x7F, 1, b"\x41" + sleb(65536)),
                           (0x7D, 0, b"\x43" + struct.pack("<f", 1.5))]) +
           code + data_section([(1024, b"hi"), (0x2000, bytes(range(0x41, 0x41 + 20)))]))
    if with_trap:
        out += trap("integer divide by zero")
    if with_names:
        out += name_section("game", GAME_FUNCS, GAME_LOCALS, GAME_GLOBALS)
    return out


# ---- variants --------------------------------------------------------------


def build_minimal():
    """What wasmtime's first CLI wrote: `core` and `corestack` only, empty
    locals/stack, no memory."""
    return (HEADER + core("a.wasm") +
            corestack("main", [frame(0, 7, 0x1c), frame(0, 3, 0)]))


def build_threads():
    """Two threads, values of every type, globals of every type, chunked data."""
    nan_f32 = b"\x7d" + struct.pack("<I", 0x7FC00001)  # nan:0x400001
    frames_a = [frame(0, 1, 4, [v_i64(-(1 << 40)), v_f32(-0.0), nan_f32,
                                v_f64(float("inf")), V_UNKNOWN], [])]
    frames_b = [frame(0, 0, 2, [v_i32(-2147483648)], [V_UNKNOWN])]
    v128 = b"\xfd" + uleb(12) + bytes(range(16))
    globs = [(0x7E, 1, b"\x42" + sleb(-5)),
             (0x7C, 0, b"\x44" + struct.pack("<d", 0.1)),
             (0x7B, 0, v128),
             (0x70, 0, b"\xd0\x70"),
             (0x6F, 1, b"\xd0\x6f")]
    chunk = bytes([0xAB]) * 4096
    return (HEADER + core("threads.wasm") + coremodules(["threads.wasm"]) +
            coreinstances([(0, [0], [0, 1, 2, 3, 4])]) +
            corestack("main", frames_a) + corestack("worker", frames_b) +
            memory_section([(2, None)]) + global_section(globs) +
            data_section([(4096, chunk), (8192 + 16, b"tail")]) +
            trap("out of bounds memory access"))


# ---- empty names (issue 15) -------------------------------------------------
#
# Every name empty: the module's name section (module, functions, locals,
# globals) and, in the dump, the executable, module and thread names too.
# A zero-length name once made `wisp inspect` print an unterminated buffer.
#
# func 0: boom(x i32): drop(x / 0)         <- i32.div_s traps
# func 1: tick(): boom(7)                  exported as "tick"
# global 0: i32 mut = 5


def build_empty_names_module():
    """Returns (module bytes, facts): facts[f] = (body offset, module offset)."""
    types = section(1, vec([b"\x60" + vec([b"\x7f"]) + vec([]), b"\x60\x00\x00"]))
    funcs = section(3, vec([uleb(0), uleb(1)]))
    mem = section(5, vec([b"\x00\x01"]))
    globs = section(6, vec([b"\x7f\x01\x41" + sleb(5) + b"\x0b"]))
    exports = section(7, vec([name("tick") + b"\x00" + uleb(1)]))
    boom = b"\x00" + b"\x20\x00\x41\x00"    # x, 0
    boom_trap = len(boom)
    boom += b"\x6d\x1a\x0b"                    # i32.div_s; drop; end
    tick = b"\x00" + b"\x41\x07"               # 7
    tick_call = len(tick)
    tick += b"\x10\x00\x0b"                    # call 0; end
    bodies = [boom, tick]
    before = HEADER + types + funcs + mem + globs + exports
    code_payload = vec([uleb(len(b)) + b for b in bodies])
    pos = len(before) + 1 + len(uleb(len(code_payload))) + len(uleb(len(bodies)))
    starts = []
    for b in bodies:
        pos += len(uleb(len(b)))
        starts.append(pos)
        pos += len(b)
    names = name_section("", [(0, ""), (1, "")], [(0, [(0, "")])], [(0, "")])
    facts = {0: (boom_trap, starts[0] + boom_trap), 1: (tick_call, starts[1] + tick_call)}
    return before + section(10, code_payload) + names, facts


def build_empty_names_core(facts):
    """What wisp's writer makes of that module's trap, with every name empty."""
    frames = [frame(0, 0, facts[0][0], [v_i32(7)], [v_i32(7), v_i32(0)]),
              frame(0, 1, facts[1][0], [], [])]
    return (HEADER + core("") + coremodules([""]) + coreinstances([(0, [0], [0])]) +
            corestack("", frames) + memory_section([(1, None)]) +
            global_section([(0x7F, 1, b"\x41" + sleb(5))]) + trap("integer divide by zero") +
            name_section("", [(0, ""), (1, "")], [(0, [(0, "")])], [(0, "")]))


def build_all():
    module, facts = build_game_module()
    empty_module, empty_facts = build_empty_names_module()
    facts["empty"] = empty_facts
    return {
        "example.core": build_example(),
        "game.wasm": module,
        "game.core": build_game_core(facts),
        "game-bare.core": build_game_core(facts, with_names=False, with_trap=False),
        "game-skel.core": build_game_core(facts, with_names=False, with_trap=False,
                                          skeleton=True),
        "minimal.core": build_minimal(),
        "threads.core": build_threads(),
        "empty-names.wasm": empty_module,
        "empty-names.core": build_empty_names_core(empty_facts),
    }, facts


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: mkdumps.py OUTDIR")
    files, facts = build_all()
    os.makedirs(sys.argv[1], exist_ok=True)
    for fname, data in files.items():
        with open(os.path.join(sys.argv[1], fname), "wb") as f:
            f.write(data)
    print("frames (func: body offset, module offset):",
          {k: (hex(v[0]), hex(v[1])) for k, v in facts.items() if isinstance(k, int)})
    print("empty-names frames:", {k: (hex(v[0]), hex(v[1])) for k, v in facts["empty"].items()})


if __name__ == "__main__":
    main()
