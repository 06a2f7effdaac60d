#!/usr/bin/env python3
"""The Rust test game (src/) under `wisp run` and `wisp inspect`.

  check.py panic   GUEST --wisp W --src DIR --guest NAME=PATH...
  check.py inspect GUEST ...
  check.py options - ...
  check.py held    - ... --guest held=held.wasm
  check.py layouts - ... --dwarfdump llvm-dwarfdump-14

GUEST is game-{wasi,unknown}-O{0,2}. Every expected value below is written
down from the sources, not from wisp's output:
  - the panic's location: the line marked `// crash: KIND` in src/, and the
    column of the expression Rust's #[track_caller] location names (an
    index expression, a panic!() call, the `unwrap` of a method call); the
    script checks the marker and the token are where it says;
  - the message: Rust's own wording (core::panicking::panic_bounds_check,
    Option::unwrap's "called `Option::unwrap()` on a `None` value") and
    formatting of the arguments (Display of integers, floats, bool, &str,
    String; Debug of char and f64);
  - the panic machinery: the call chain of Rust 1.63's library source
    (core/src/panicking.rs, std/src/panicking.rs, panic_abort/src/lib.rs):
    the entry the user's code calls (panic_bounds_check, panic, or panic_fmt
    straight from panic!()), core::panicking::panic_fmt, rust_begin_unwind
    (std's #[panic_handler] begin_panic_handler), __rust_end_short_backtrace,
    begin_panic_handler's closure, rust_panic_with_hook, rust_panic,
    __rust_start_panic;
  - the user's frames: the call chain of src/ (crate `main` for the WASI
    command, `cart` for the cdylib), with the line of each call.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

TRAP = 134

# innermost first; __rust_start_panic's own `abort` (panic_abort/src/lib.rs,
# core::intrinsics::abort on wasm) is inlined in it, a frame of its own
MACHINERY = ["panic_abort::__rust_start_panic::abort",
             "__rust_start_panic", "rust_panic", "std::panicking::rust_panic_with_hook",
             "std::panicking::begin_panic_handler::{{closure}}",
             "std::sys_common::backtrace::__rust_end_short_backtrace",
             "rust_begin_unwind", "core::panicking::panic_fmt"]

# kind -> where it panics, what it says, what it calls, and the user's frames
# (function path in the crate, file, line of the call or of the panic)
CRASHES = {
    "bounds": dict(file="src/level.rs", line=24, col=9, token="row[x]",
                   message="index out of bounds: the len is 3 but the index is 3",
                   entry="core::panicking::panic_bounds_check",
                   user=[("level::Level::tile_at", "src/level.rs", 24),
                         ("level::step", "src/level.rs", 36),
                         ("game::update", "src/game.rs", 9),
                         ("game::run_bounds", "src/game.rs", 17)]),
    "score": dict(file="src/level.rs", line=43, col=9, token="panic!",
                  message="score 7 is too high for level 2",
                  entry=None,
                  user=[("level::check_score", "src/level.rs", 43),
                        ("game::run_score", "src/game.rs", 25)]),
    "sprite": dict(file="src/sprites.rs", line=21, col=13, token="panic!",
                   message="no sprite ghost for key 'é' (frame -3, scale 2.5, flip true, "
                           "layer-2, big 18446744073709551614, -0.25)",
                   entry=None,
                   user=[("sprites::draw", "src/sprites.rs", 21),
                         ("game::run_sprite", "src/game.rs", 30)]),
    "unwrap": dict(file="src/sprites.rs", line=27, col=16, token="unwrap",
                   message="called `Option::unwrap()` on a `None` value",
                   entry="core::panicking::panic",
                   user=[("sprites::frames_of", "src/sprites.rs", 27),
                         ("game::run_unwrap", "src/game.rs", 34)],
                   # at -O2 rustc evaluates find() over the const SPRITES
                   # at compile time: frames_of and Option::unwrap fold
                   # into run_unwrap's call of core::panicking::panic, which
                   # the line table gives line 0 (llvm-symbolizer-14
                   # --inlining reads the same: src/game.rs:0:0)
                   user_O2=[("game::run_unwrap", None, None)]),
    # the third move of the path, Jump{height: 3, far: true}, divides by 0;
    # bonus is Some(7 * i) for i = 2, total the first two moves' (2 * 5 + 0)
    "moves": dict(file="src/moves.rs", line=25, col=17, token="100 /",
                  message="attempt to divide by zero",
                  entry="core::panicking::panic",
                  user=[("moves::reach", "src/moves.rs", 25),
                        ("game::run_moves", "src/game.rs", 42)],
                  # the variables by name, as the source has them there (at
                  # -O2 each is this or <optimized out>)
                  vars={"moves::reach": {"bonus": "Some(14)", "mv": "Jump{height=3, far=true}",
                                         "extra": "Some(14)", "height": "3", "far": "true",
                                         "h": "3", "gain": "14"},
                        "game::run_moves": {"path": "[Walk(2, 5), Stay, Jump{height=3, far=true}]",
                                            "total": "10", "i": "2", "bonus": "Some(14)"}},
                  # at -O2 (wasm32-unknown-unknown) rustc sums the three
                  # moves after the last call: until then total's location
                  # list says DW_OP_consts 0, and wisp shows what DWARF says
                  vars_O2_skip={"total"}),
    # assert_eq! with a message of its own: core's two-line text, the
    # values by their Debug (through `&dyn Debug`), the message's argument
    "assert": dict(file="src/moves.rs", line=36, col=5, token="assert_eq!",
                   message="assertion failed: `(left == right)`\n  left: `4`,\n right: `5`: "
                           "a path of 3 moves for hero",
                   entry=["core::panicking::assert_failed_inner",
                          "core::panicking::assert_failed"],
                   user=[("moves::check_path", "src/moves.rs", 36),
                         ("game::run_assert", "src/game.rs", 49)]),
}


def entries(c):
    """The frames between panic_fmt and the user's: what the user's code called."""
    e = c["entry"]
    return [] if not e else [e] if isinstance(e, str) else list(e)


# std/src/rt.rs, wasi-libc's crt1-command.c, wasm-ld's export wrapper
RUNTIME_O0 = ["std::sys_common::backtrace::__rust_begin_short_backtrace",
              "std::rt::lang_start::{{closure}}", "std::rt::lang_start_internal",
              "std::rt::lang_start", "__original_main", "_start", "_start.command_export"]

FRAME = re.compile(r"^  #(\d+) (?:0x[0-9a-f]+ )?(.*?) \((?:inlined in )?wasm-function\[\d+\]"
                   r"(?:\+0x[0-9a-f]+)?\)(.*?)(?: at (\S+?):(\d+)(?::(\d+))?)?$")
FOLD = re.compile(r"^  \.\.\. (\d+) frames? of (panic machinery|the Rust runtime's start) "
                  r"\(--full-backtrace shows them\)$")


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


def check_source(src):
    """The markers and tokens are where CRASHES says."""
    for kind, c in CRASHES.items():
        lines = open(os.path.join(src, c["file"]), encoding="utf-8").read().split("\n")
        text = lines[c["line"] - 1]
        check(f"// crash: {kind}" in text, f"{c['file']}:{c['line']} lacks '// crash: {kind}'")
        col = text.index(c["token"]) + 1
        check(col == c["col"], f"{c['file']}:{c['line']}: {c['token']} is at column {col}, "
                               f"not {c['col']}")


def panic_line(c):
    return f"panicked at {c['file']}:{c['line']}:{c['col']}: {c['message']}"


def head(text, c):
    """As many lines of text as the panic line of c has."""
    return "\n".join(text.split("\n")[:panic_line(c).count("\n") + 1])


def run(argv):
    p = subprocess.run(argv, capture_output=True)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def run_guest(a, guest, kind, extra=()):
    path = a.guests[guest]
    if "wasi" in guest:
        return run([a.wisp, "run", *extra, path, kind])
    return run([a.wisp, "run", *extra, "--invoke", kind, path])


def parse(text):
    """(frames [(index, name, file, line, variables text)], fold lines [(count, what)])."""
    frames, folds = [], []
    for line in text.split("\n")[1:]:
        m = FRAME.match(line)
        if m:
            frames.append((int(m.group(1)), m.group(2), m.group(4),
                           int(m.group(5)) if m.group(5) else None, m.group(3)))
            continue
        m = FOLD.match(line)
        if m:
            folds.append((int(m.group(1)), m.group(2), len(frames)))
    return frames, folds


def crate_of(guest):
    return "main" if "wasi" in guest else "cart"


def check_vars(text, want, optimized, what):
    """Each variable of `want` in a frame's text (' a=1 m=Jump{h=3, far=true}
    [$0=..]') as name=value; at -O2 it may be <optimized out>."""
    got, tok, depth, quoted = {}, "", 0, False
    for ch in text + " ":
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "([{<":
            depth += 1
        elif not quoted and ch in ")]}>":
            depth -= 1
        if ch == " " and depth == 0 and not quoted:
            if "=" in tok and not tok.startswith("[$"):  # not the Wasm locals
                k, v = tok.split("=", 1)
                got[k] = v
            tok = ""
        else:
            tok += ch
    for k, v in want.items():
        ok = got.get(k) == v or (optimized and got.get(k) == "<optimized out>")
        check(ok, f"{what}: {k}={got.get(k)!r}, expected {v!r}"
                  f"{' or <optimized out>' if optimized else ''} (all: {got})")


def check_backtrace(guest, kind, out, what):
    """The panic line, the folds, and the user's frames in `out`."""
    c = CRASHES[kind]
    check(head(out, c) == panic_line(c), f"{what}: first line\n  {head(out, c)!r}\nexpected\n  "
                                         f"{panic_line(c)!r}")
    frames, folds = parse(out)
    nmach = len(MACHINERY) + len(entries(c))
    check(folds and folds[0] == (nmach, "panic machinery", 0),
          f"{what}: expected '... {nmach} frames of panic machinery' right under the panic "
          f"line, got {folds[:1]}")
    check(frames and frames[0][0] == nmach,
          f"{what}: the first frame shown should be #{nmach}, got {frames[:1]}")
    if "wasi" in guest:
        check(len(folds) == 2 and folds[1][1] == "the Rust runtime's start"
              and folds[1][2] == len(frames),
              f"{what}: expected the runtime's start folded last, got {folds}")
    else:
        check(len(folds) == 1, f"{what}: nothing but the machinery folded: {folds}")
    # the user's frames, in order, each with its file:line
    crate = crate_of(guest)
    user = c.get("user_O2", c["user"]) if guest.endswith("O2") else c["user"]
    want = [(f"{crate}::{fn}", file, line) for fn, file, line in user]
    at = 0
    for name, file, line in want:
        while at < len(frames) and frames[at][1] != name:
            at += 1
        check(at < len(frames), f"{what}: no frame {name} (after the ones before it); "
                                f"frames: {[f[1] for f in frames]}")
        check((frames[at][2], frames[at][3]) == (file, line),
              f"{what}: {name} at {frames[at][2]}:{frames[at][3]}, expected {file}:{line}")
        want_vars = c.get("vars", {}).get(name.split("::", 1)[1], {})
        if guest.endswith("O2"):
            want_vars = {k: v for k, v in want_vars.items() if k not in c.get("vars_O2_skip", ())}
        check_vars(frames[at][4], want_vars, guest.endswith("O2"), f"{what}: {name}")
        at += 1
    # the frame that called run_KIND: main::main in main.rs, the export in cart.rs
    caller = "main::main" if "wasi" in guest else kind
    rest = [f for f in frames[at:] if f[1] == caller]
    check(rest and rest[0][2] == ("src/main.rs" if "wasi" in guest else "src/cart.rs"),
          f"{what}: {caller} in {'src/main.rs' if 'wasi' in guest else 'src/cart.rs'} "
          f"expected after the game's frames: {frames[at:]}")


def case_panic(a):
    check_source(a.src)
    for kind, c in CRASHES.items():
        what = f"{a.guest} {kind}"
        status, out, err = run_guest(a, a.guest, kind)
        check(status == TRAP, f"{what}: exit status {status}, expected {TRAP}\n{err}")
        check(out == "", f"{what}: stdout {out!r}")
        # std's own report of the panic (wasi) is not printed a second time
        check("thread 'main' panicked" not in err and "RUST_BACKTRACE" not in err,
              f"{what}: std's panic text printed besides wisp's:\n{err}")
        check_backtrace(a.guest, kind, err, what)
        print(f"ok {what}: {err.splitlines()[0]}")


def case_inspect(a):
    with tempfile.TemporaryDirectory() as tmp:
        for kind, c in CRASHES.items():
            what = f"{a.guest} {kind} (inspect)"
            core = os.path.join(tmp, kind + ".core")
            status, out, err = run_guest(a, a.guest, kind, ["--coredump", core])
            check(status == TRAP and os.path.exists(core), f"{what}: no coredump:\n{err}")
            live = err[:err.index("coredump saved")] if "coredump saved" in err else err
            status, out, err = run([a.wisp, "inspect", "--module", a.guests[a.guest], core])
            check(status == 0, f"{what}: wisp inspect exited {status}:\n{err}")
            check_backtrace(a.guest, kind, out, what)
            # the same lines as `wisp run` printed (names, folds, locations)
            frames_live, folds_live = parse(live)
            frames_dump, folds_dump = parse(out.split("\n\n")[0])
            check(out.split("\n")[0] == live.split("\n")[0], f"{what}: first lines differ")
            check(folds_live == folds_dump, f"{what}: folds {folds_dump} vs run {folds_live}")
            check([f[1:] for f in frames_live] == [f[1:] for f in frames_dump],
                  f"{what}: frames differ from wisp run's:\n{frames_dump}\n{frames_live}")
            status, out, err = run([a.wisp, "inspect", "--json", "--module",
                                    a.guests[a.guest], core])
            check(status == 0, f"{what}: --json exited {status}:\n{err}")
            doc = json.loads(out)
            want = {"message": c["message"], "file": c["file"], "line": c["line"],
                    "column": c["col"]}
            got = doc.get("panic")
            check(got is not None and {k: got.get(k) for k in want} == want,
                  f"{what}: --json panic {got}, expected {want}")
            # source frames in the text's order: each frame's inlined ones, then it
            marks = []
            for f in doc["threads"][0]["frames"]:
                marks += [g.get("folded", "absent") for g in f["inlined"]]
                marks.append(f.get("folded", "absent"))
            nmach = len(MACHINERY) + len(entries(c))
            check(marks[:nmach] == ["panic machinery"] * nmach and marks[nmach] is None,
                  f"{what}: --json 'folded' marks {marks}")
            # --full-backtrace and --no-demangle, as for wisp run
            status, out, err = run([a.wisp, "inspect", "--full-backtrace", "--module",
                                    a.guests[a.guest], core])
            frames, folds = parse(out.split("\n\n")[0])
            want = MACHINERY + entries(c)
            check(status == 0 and not folds and [f[1] for f in frames[:len(want)]] == want,
                  f"{what}: --full-backtrace: folds {folds}, frames {[f[1] for f in frames]}")
            status, out, err = run([a.wisp, "inspect", "--no-demangle", "--module",
                                    a.guests[a.guest], core])
            names = [f[1] for f in parse(out.split("\n\n")[0])[0]]
            crate = crate_of(a.guest)
            check(status == 0 and head(out, c) == panic_line(c) and
                  any(re.fullmatch(rf"_ZN{len(crate)}{crate}.*17h[0-9a-f]{{16}}E", n)
                      for n in names),
                  f"{what}: --no-demangle: {names}")
            # a device runs the stripped module: its dump, read with the
            # debug build, says the same
            if kind == "bounds" and a.wasm_strip:
                stripped = os.path.join(tmp, "stripped.wasm")
                subprocess.run([a.wasm_strip, a.guests[a.guest], "-o", stripped], check=True)
                score = os.path.join(tmp, "stripped.core")
                argv = ([a.wisp, "run", "--coredump", score, stripped, kind] if "wasi" in a.guest
                        else [a.wisp, "run", "--coredump", score, "--invoke", kind, stripped])
                run(argv)
                status, out2, err2 = run([a.wisp, "inspect", "--module", a.guests[a.guest],
                                          score])
                status, out3, _ = run([a.wisp, "inspect", "--module", a.guests[a.guest], core])
                check(status == 0 and out2.split("\n\n")[0] == out3.split("\n\n")[0],
                      f"{what}: the stripped module's dump reads\n{out2}\nnot\n{out3}\n{err2}")
            # without --module the table of formatting functions is unknown:
            # the literal pieces (Rust's wording, core::panicking) and {?}
            if kind == "bounds":
                status, out, err = run([a.wisp, "inspect", core])
                want = (f"panicked at {c['file']}:{c['line']}:{c['col']}: index out of bounds: "
                        "the len is {?} but the index is {?}")
                check(status == 0 and out.split("\n")[0] == want,
                      f"{what}: without --module: {out.splitlines()[:1]}, expected {want!r}")
            print(f"ok {what}")


def case_options(a):
    # --full-backtrace: nothing folded; the machinery as std's source has it
    for guest in ("game-unknown-O0", "game-wasi-O0", "game-unknown-O2", "game-wasi-O2"):
        for kind in ("bounds", "score"):
            c = CRASHES[kind]
            what = f"{guest} {kind} --full-backtrace"
            status, out, err = run_guest(a, guest, kind, ["--full-backtrace"])
            check(err.split("\n")[0] == panic_line(c), f"{what}: {err.splitlines()[:1]}")
            frames, folds = parse(err)
            check(not folds, f"{what}: folded {folds}")
            want = MACHINERY + entries(c)
            got = [f[1] for f in frames[:len(want)]]
            check(got == want, f"{what}: machinery {got}, expected {want}")
            check([f[0] for f in frames] == list(range(len(frames))), f"{what}: numbering")
            if guest == "game-wasi-O0":
                # in this order from std's mark on (inlined frames between)
                names = [f[1] for f in frames]
                at = names.index(RUNTIME_O0[0]) if RUNTIME_O0[0] in names else len(names)
                rest = iter(names[at:])
                check(all(n in rest for n in RUNTIME_O0),
                      f"{what}: runtime {names[at:]}, expected {RUNTIME_O0} in order")
            if "wasi" in guest:
                # as many as the fold line counted without the option
                _, _, err2 = run_guest(a, guest, kind)
                folds2 = parse(err2)[1]
                mark = [i for i, f in enumerate(frames)
                        if f[1] == "std::sys_common::backtrace::__rust_begin_short_backtrace"]
                check(mark and folds2[-1][0] == len(frames) - mark[0],
                      f"{what}: runtime fold {folds2[-1:]} vs frames from the mark {mark}")
            print(f"ok {what}")
    # --no-demangle: the names as the module has them; the panic still read
    what = "game-unknown-O0 score --no-demangle"
    status, out, err = run_guest(a, "game-unknown-O0", "score", ["--no-demangle"])
    check(err.split("\n")[0] == panic_line(CRASHES["score"]), f"{what}: {err[:200]}")
    names = [f[1] for f in parse(err)[0]]
    check(any(re.fullmatch(r"_ZN4cart5level11check_score17h[0-9a-f]{16}E", n) for n in names),
          f"{what}: no raw name for cart::level::check_score in {names}")
    check("cart::level::check_score" not in names, f"{what}: demangled anyway")
    print(f"ok {what}")
    # v0 names (-C symbol-mangling-version=v0): an inherent method reads
    # <Type>::method, as LLVM and rustc print v0 paths
    what = "game-unknown-O0-v0 bounds"
    status, out, err = run_guest(a, "game-unknown-O0-v0", "bounds")
    check(err.split("\n")[0] == panic_line(CRASHES["bounds"]), f"{what}: {err[:200]}")
    names = [f[1] for f in parse(err)[0]]
    for n in ["<cart::level::Level>::tile_at", "cart::level::step", "cart::game::update",
              "cart::game::run_bounds", "bounds"]:
        check(n in names, f"{what}: no frame {n} in {names}")
    print(f"ok {what}")


def case_held(a):
    """held.wat: stderr that starts like std's panic report but is not
    replaced by a panic line is printed whole and in order."""
    text = ("thread 'main' panicked at 'boom', src/x.rs:1:2\n"
            "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n")
    path = a.guests["held"]
    p = subprocess.run([a.wisp, "run", "--invoke", "trap", path], capture_output=True, text=True)
    check(p.returncode == TRAP and p.stderr.startswith(text + "trap: unreachable\n"),
          f"held trap: {p.returncode}\n{p.stderr}")
    # stdout and stderr into one pipe: the order the guest wrote them in
    p = subprocess.run([a.wisp, "run", "--invoke", "stdout", path], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    check(p.returncode == 0 and p.stdout == "thread 'x' is fine\n" + text + "out\n" + text,
          f"held stdout: {p.returncode}\n{p.stdout}")
    p = subprocess.run([a.wisp, "run", "--invoke", "exit", path], capture_output=True, text=True)
    check(p.returncode == 3 and p.stderr == text, f"held exit: {p.returncode}\n{p.stderr}")
    print("ok held-back stderr: printed whole, in order, when no panic line replaces it")


# panic.c's layouts (its header): struct -> (byte size, {member: offset})
LAYOUTS = {
    "Location": (16, {"file": 0, "line": 8, "col": 12}),
    "Arguments": (24, {"pieces": 0, "fmt": 8, "args": 16}),
    "ArgumentV1": (8, {"value": 0, "formatter": 4}),
    "Argument": (32, {"position": 0, "format": 4}),
    "FormatSpec": (28, {"fill": 0, "flags": 4, "precision": 8, "width": 16, "align": 24}),
    "Count": (8, {}),
    "Is": (8, {"__0": 4}),
    "Param": (8, {"__0": 4}),
    "PanicInfo": (20, {"payload": 0, "message": 8, "location": 12, "can_unwind": 16}),
    "String": (12, {"vec": 0}),
    "Vec<u8, alloc::alloc::Global>": (12, {"buf": 0, "len": 8}),
    "RawVec<u8, alloc::alloc::Global>": (8, {"ptr": 0, "cap": 4}),
    "&str": (8, {"data_ptr": 0, "length": 4}),
}
DIE = re.compile(r"^0x[0-9a-f]+:( +)(DW_TAG_\w+|NULL)")
ATTR = re.compile(r"^ +(DW_AT_\w+)\s+\((.*)\)$")


def dwarf_structs(text):
    """Every DW_TAG_structure_type named in LAYOUTS: (name, size, {member: offset})."""
    lines = text.split("\n")
    out = []
    i = 0
    while i < len(lines):
        m = DIE.match(lines[i])
        if not m or m.group(2) != "DW_TAG_structure_type":
            i += 1
            continue
        depth = len(m.group(1))
        attrs = {}
        i += 1
        while i < len(lines) and ATTR.match(lines[i]):
            k, v = ATTR.match(lines[i]).groups()
            attrs[k] = v
            i += 1
        name = attrs.get("DW_AT_name", "").strip('"')
        if name not in LAYOUTS or "DW_AT_declaration" in attrs:
            continue  # not ours, or a declaration that another unit defines
        members = {}
        start = i
        while i < len(lines):
            m = DIE.match(lines[i])
            if m and len(m.group(1)) <= depth:
                break
            if m and len(m.group(1)) == depth + 2 and m.group(2) == "DW_TAG_member":
                mattrs = {}
                i += 1
                while i < len(lines) and ATTR.match(lines[i]):
                    k, v = ATTR.match(lines[i]).groups()
                    mattrs[k] = v
                    i += 1
                members[mattrs.get("DW_AT_name", "").strip('"')] = \
                    int(mattrs.get("DW_AT_data_member_location", "-1"), 0)
                continue
            if m and len(m.group(1)) == depth + 2 and m.group(2) == "NULL":
                break
            i += 1
        out.append((name, int(attrs.get("DW_AT_byte_size", "-1"), 0), members))
        i = start  # structs nested in this one (Count's Is and Param) come next
    return out


def case_layouts(a):
    """panic.c's struct offsets against the guests' own DWARF."""
    for guest in ("game-unknown-O0", "game-wasi-O0"):
        text = subprocess.run([a.dwarfdump, "--debug-info", a.guests[guest]],
                              capture_output=True, text=True, check=True).stdout
        seen = {}
        for name, size, members in dwarf_structs(text):
            want_size, want = LAYOUTS[name]
            got = {k: members.get(k) for k in want}
            check(size == want_size and got == want,
                  f"{guest}: {name} is {size} bytes {members} in the DWARF; panic.c reads "
                  f"{want_size} bytes {want}")
            seen[name] = seen.get(name, 0) + 1
        missing = [n for n in LAYOUTS if n not in seen]
        check(not missing, f"{guest}: no DWARF for {missing}")
        print(f"ok {guest}: {sum(seen.values())} definitions of {len(seen)} structs agree "
              "with panic.c")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("case")
    ap.add_argument("guest")
    ap.add_argument("--wisp", required=True)
    ap.add_argument("--src", required=True)
    ap.add_argument("--guest", dest="guests", action="append", default=[])
    ap.add_argument("--dwarfdump")
    ap.add_argument("--wasm-strip")
    a = ap.parse_args()
    a.guests = dict(g.split("=", 1) for g in a.guests)
    try:
        {"panic": case_panic, "inspect": case_inspect, "options": case_options,
         "held": case_held, "layouts": case_layouts}[a.case](a)
    except Failure as e:
        print(f"FAIL {e}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
