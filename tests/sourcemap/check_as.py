#!/usr/bin/env python3
"""AssemblyScript guests under `wisp run` and `wisp inspect` (suite
'sourcemap', test 'assemblyscript'; issue 19, items 4 and 5).

as/game.ts is compiled at test time with the pinned assemblyscript of the
repository's package.json / package-lock.json (`npm ci` into the build
folder, so it never races tests/boards/check_demo.py's `npm ci` in the
source tree; the source tree's node_modules is used when the registry
cannot be reached), as `asc --debug --sourceMap`. Each export crashes three
calls deep; what is expected comes from the source, not from wisp:
  - a frame is marked in game.ts by `// at: TEXT`: the frame of the function
    around that line must read `at .../game.ts:LINE:COL`, LINE that of the
    comment and COL where TEXT starts on it (asc maps a call and a load to
    where their expression starts), innermost first;
  - `abort: MESSAGE at FILE:LINE:COL`: for the game's own throw, the line
    and column of `// throw: TEXT`; for the standard library's index check,
    the line of assemblyscript's std/assembly/array.ts at that column must
    hold `throw new RangeError(E_INDEXOUTOFRANGE)`.
Then the same with the map moved (`--source-map`), from a coredump through
`wisp inspect --module` (text and --json), from a map inside the module
(data: URL), for a WASM-4 cart (as/cart.ts) under `wisp play`, and with a
damaged map (a note, no locations, no crash).

usage: check_as.py --wisp WISP --source ROOT --build DIR
Skips (77) without node/npm or when assemblyscript cannot be installed."""
import argparse
import base64
import fcntl
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from wisptest import check, finish, skip  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "tools", "py"))
import wasmbin  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
GAME = os.path.join(HERE, "as", "game.ts")
CART = os.path.join(HERE, "as", "cart.ts")
# WASM-4's AssemblyScript set-up: its memory imported, data above its
# registers, no env.abort (WASM-4 has none; aborts become unreachable)
CART_FLAGS = ["--runtime", "stub", "--importMemory", "--initialMemory", "1", "--maximumMemory",
              "1", "--noExportMemory", "--zeroFilledMemory", "--memoryBase", "6560",
              "--use", "abort="]


# ---- the compiler -------------------------------------------------------------

def pinned_version(root):
    pkg = json.load(open(os.path.join(root, "package.json")))
    deps = dict(pkg.get("dependencies", {}), **pkg.get("devDependencies", {}))
    return deps["assemblyscript"]


def has_asc(prefix, want):
    pkg = os.path.join(prefix, "node_modules", "assemblyscript", "package.json")
    return os.path.exists(pkg) and json.load(open(pkg)).get("version") == want


def ensure_asc(root, build):
    """The folder holding node_modules/assemblyscript at the pinned version."""
    if not shutil.which("node"):
        skip("node not found (apt-get install nodejs npm): AssemblyScript runs on node")
    want = pinned_version(root)
    prefix = os.path.join(build, "npm")
    os.makedirs(prefix, exist_ok=True)
    lock_src = open(os.path.join(root, "package-lock.json"), "rb").read()
    stamp = os.path.join(prefix, "package-lock.json")
    with open(os.path.join(prefix, ".lock"), "w") as lk:
        fcntl.flock(lk, fcntl.LOCK_EX)  # one npm ci at a time in this folder
        fresh = os.path.exists(stamp) and open(stamp, "rb").read() == lock_src
        if fresh and has_asc(prefix, want):
            return prefix
        why = "npm not found (apt-get install npm)"
        if shutil.which("npm"):
            for f in ("package.json", "package-lock.json"):
                shutil.copyfile(os.path.join(root, f), os.path.join(prefix, f))
            r = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                               cwd=prefix, capture_output=True, text=True, timeout=600)
            if r.returncode == 0 and has_asc(prefix, want):
                return prefix
            why = "npm ci failed: " + (r.stdout + r.stderr).strip()[-300:]
    if has_asc(root, want):  # offline, but installed in the source tree before
        return root
    skip(f"cannot install assemblyscript@{want}: {why}")


def compile_game(prefix, out_dir, source=GAME, flags=()):
    asc = os.path.join(prefix, "node_modules", "assemblyscript", "bin", "asc.js")
    os.makedirs(out_dir, exist_ok=True)
    base = os.path.basename(source)
    wasm = os.path.join(out_dir, base[:-3] + ".wasm")
    # from the source's folder, so the file name asc records is "game.ts"
    r = subprocess.run(["node", asc, base, "--debug", "--sourceMap", "-o", wasm] + list(flags),
                       cwd=os.path.dirname(source), capture_output=True, text=True, timeout=300)
    if r.returncode or not os.path.exists(wasm + ".map"):
        sys.exit(f"FAIL: asc: {r.stdout}{r.stderr}")
    return wasm


# ---- what the source says ------------------------------------------------------

def source_markers(source=GAME):
    """{TEXT: (line, column, function)} for every `// at: TEXT` and
    `// throw: TEXT`; function is the one the line is in."""
    marks, func = {}, None
    for n, line in enumerate(open(source).read().split("\n"), 1):
        m = re.match(r"\s*(?:export\s+)?function\s+(\w+)", line)
        if m:
            func = m.group(1)
        m = re.search(r"//\s*(at|throw):\s*(.+?)\s*$", line)
        code = line[:line.index("//")] if m else ""
        if code.strip():  # a marker after code, not the comments that explain them
            col = code.find(m.group(2))
            assert col >= 0, f"game.ts:{n}: '{m.group(2)}' is not on its line"
            marks[m.group(2)] = (n, col + 1, func)
    return marks


def std_line(prefix, path, line):
    p = os.path.join(prefix, "node_modules", "assemblyscript", "std", "assembly",
                     path[len("~lib/"):])
    lines = open(p).read().split("\n")
    return lines[line - 1] if 0 < line <= len(lines) else ""


# ---- running wisp ---------------------------------------------------------------

def run(cmd, env=None):
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
    return r.returncode, r.stdout, r.stderr


def frame_lines(text):
    return [ln for ln in text.split("\n") if re.match(r"\s+#\d+ ", ln)]


def check_frames(what, text, marks, chain, unit="game"):
    """The frames of `chain` (marker texts, innermost first) in order, each
    in its function and at its line and column of UNIT.ts."""
    lines = frame_lines(text)
    last = -1
    for t in chain:
        line, col, func = marks[t]
        want = re.compile(r"\s%s/%s \(wasm-function\[\d+\]\).* at (\S*/)?%s\.ts:%d:%d$"
                          % (unit, func, unit, line, col))
        hits = [i for i, ln in enumerate(lines) if want.search(ln)]
        check(bool(hits) and hits[0] > last,
              f"{what}: {func} at {unit}.ts:{line}:{col} (`{t}`), after the frames before it")
        if hits:
            last = hits[0]
    return lines


CASES = [
    # export, args, the trap line (a pattern), the marked frames innermost first
    ("hitEnemy", ["3"], "index", ["enemies[slot]", "enemyAt(slot)", "damage(slot, 3)"]),
    ("advance", [], "throw", ["loadLevel(level + 5)", "nextLevel()"]),
    ("render", ["1"], "trap: out of bounds memory access",
     ["load<u32>", "readTile(0x7ffff000, x, y)", "drawRow(frame & 7)"]),
    ("update", ["2"], "trap: unreachable",
     ["unreachable()", "pickAction(state)", "think(state)"]),
]


def check_trap_line(what, err, kind, marks, prefix):
    first = err.split("\n")
    trap = next((ln for ln in first if ln.startswith("trap: ")), "")
    if kind == "index":
        m = re.match(r"trap: abort: Index out of range at (~lib/array\.ts):(\d+):(\d+)$", trap)
        ok = bool(m)
        if m:
            src = std_line(prefix, m.group(1), int(m.group(2)))
            ok = src[int(m.group(3)) - 1:].startswith("throw new RangeError(E_INDEXOUTOFRANGE)")
        check(ok, f"{what}: `{trap}` names the index check of assemblyscript's "
                  "std/assembly/array.ts by line and column")
    elif kind == "throw":
        line, col, _ = marks["throw new Error"]
        check(trap == f"trap: abort: no such level at game.ts:{line}:{col}",
              f"{what}: `{trap}` is the game's throw at game.ts:{line}:{col}")
    else:  # the trap's own words, then maybe details (an address, sizes)
        check(trap == kind or trap.startswith(kind + ":"), f"{what}: `{trap}` is `{kind}`")


def json_frames(text):
    try:
        d = json.loads(text)
        return d["threads"][0]["frames"], d.get("trap")
    except (ValueError, KeyError, IndexError):
        return [], None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wisp", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--build", required=True)
    a = ap.parse_args()
    wisp = a.wisp

    prefix = ensure_asc(a.source, a.build)
    out = os.path.join(a.build, "as")
    shutil.rmtree(out, ignore_errors=True)
    wasm = compile_game(prefix, out)
    marks = source_markers()
    print(f"compiled {wasm} with assemblyscript {pinned_version(a.source)}")

    # the module alone in another folder, the map in a third
    moved = os.path.join(out, "moved", "game.wasm")
    moved_map = os.path.join(out, "maps", "game.map")
    os.makedirs(os.path.dirname(moved))
    os.makedirs(os.path.dirname(moved_map))
    shutil.copyfile(wasm, moved)
    shutil.copyfile(wasm + ".map", moved_map)

    for export, args, kind, chain in CASES:
        what = f"run --invoke {export}"
        core = os.path.join(out, export + ".core")
        rc, _, err = run([wisp, "run", "--invoke", export, "--coredump", core, wasm] + args)
        print(err.rstrip())
        check(rc == 134, f"{what}: exit status 134 (got {rc})")
        check_trap_line(what, err, kind, marks, prefix)
        check_frames(what, err, marks, chain)
        check("wisp: note:" not in err, f"{what}: no notes (the map is found and read)")

        # the map not beside the module: a note, no locations; --source-map
        rc, _, err = run([wisp, "run", "--invoke", export, moved] + args)
        check(rc == 134 and "game.ts:" not in "\n".join(frame_lines(err)) and
              re.search(r"wisp: note: source map \S*moved/game\.wasm\.map .*cannot read", err),
              f"{what}, the map elsewhere: a note that it is missing, frames without lines")
        rc, _, err = run([wisp, "run", "--invoke", export, "--source-map", moved_map, moved]
                         + args)
        check(rc == 134, f"{what} --source-map: exit status 134")
        check_frames(what + " --source-map", err, marks, chain)

        # the coredump, through `wisp inspect --module`
        if not check(os.path.exists(core), f"{what}: the coredump was written"):
            continue
        rc, text, err = run([wisp, "inspect", "--module", wasm, core])
        print(text.split("\n\n")[0])
        check(rc == 0, f"inspect {export}.core --module: exit status 0 ({err.strip()})")
        check_trap_line(f"inspect {export}.core", text, kind, marks, prefix)
        check_frames(f"inspect {export}.core --module", text, marks, chain)
        rc, text, err = run([wisp, "inspect", "--module", moved, "--source-map", moved_map,
                             core])
        check(rc == 0, f"inspect {export}.core --module moved --source-map: exit status 0")
        check_frames(f"inspect {export}.core --source-map", text, marks, chain)
        rc, text, err = run([wisp, "inspect", "--module", wasm, "--json", core])
        frames, _ = json_frames(text)
        for t in chain:
            line, col, func = marks[t]
            f = next((f for f in frames if f.get("name") == "game/" + func), None)
            check(f is not None and str(f.get("file", "")).endswith("game.ts") and
                  f.get("line") == line and f.get("column") == col,
                  f"inspect {export}.core --json: game/{func} has file game.ts, line {line}, "
                  f"column {col} (got {f and (f.get('file'), f.get('line'), f.get('column'))})")

    # The map inside the module, as a data: URL in its sourceMappingURL.
    data = open(wasm, "rb").read()
    url = b"data:application/json;base64," + base64.b64encode(open(wasm + ".map", "rb").read())
    parts = [(sid, data[s:e]) for sid, s, e in wasmbin.sections(data)]
    body = b"".join(wasmbin.section(sid, p) for sid, p in parts
                    if not (sid == 0 and p.startswith(wasmbin.name("sourceMappingURL"))))
    inline = os.path.join(out, "moved", "inline.wasm")
    with open(inline, "wb") as f:
        f.write(data[:8] + body + wasmbin.section(0, wasmbin.name("sourceMappingURL") +
                                                    wasmbin.uleb(len(url)) + url))
    rc, _, err = run([wisp, "run", "--invoke", "update", inline, "2"])
    check(rc == 134 and "wisp: note:" not in err, "data: URL map: exit 134, no notes")
    check_frames("data: URL map", err, marks, ["unreachable()", "pickAction(state)"])

    # `wisp play`: a WASM-4 cart, its map found the same ways.
    cart = compile_game(prefix, out, CART, CART_FLAGS)
    cart_marks = source_markers(CART)
    chain = ["load<u8>", "tileAt(frame * 16)", "drawMap()"]
    rc, text, err = run([wisp, "play", "--headless", "--frames", "5", cart])
    print(err.rstrip())
    check(rc == 134 and text.count("\nframe ") + text.startswith("frame ") == 2 and
          err.startswith("trap: out of bounds memory access"),
          f"play cart.wasm: two frames, then the trap in the third, exit 134 (got {rc})")
    check_frames("play cart.wasm", err, cart_marks, chain, "cart")
    moved_cart = os.path.join(out, "moved", "cart.wasm")
    shutil.copyfile(cart, moved_cart)
    rc, _, err = run([wisp, "play", "--headless", "--frames", "5", "--source-map",
                      cart + ".map", moved_cart])
    check(rc == 134, "play --source-map: exit 134")
    check_frames("play --source-map", err, cart_marks, chain, "cart")

    # --source-map is for a module's offsets: inspect refuses it without one.
    rc, _, err = run([wisp, "inspect", "--source-map", moved_map,
                      os.path.join(out, "update.core")])
    check(rc == 1 and "--source-map needs --module" in err,
          f"inspect --source-map without --module: exit 1 and why ({err.strip()})")
    for cmd in ("run", "play", "inspect"):
        rc, text, _ = run([wisp, cmd, "--help"])
        check(rc == 0 and "--source-map FILE" in text, f"wisp {cmd} --help: --source-map FILE")

    # A damaged map: one note, frames without lines, the same exit status.
    for name, text in (("garbage", b"{\"version\":3,"),
                       ("bad-vlq", open(wasm + ".map", "rb").read().replace(
                           b"\"mappings\":\"", b"\"mappings\":\"!", 1))):
        bad = os.path.join(out, name + ".map")
        open(bad, "wb").write(text)
        rc, _, err = run([wisp, "run", "--invoke", "update", "--source-map", bad, moved, "2"])
        notes = [ln for ln in err.split("\n") if ln.startswith("wisp: note:")]
        check(rc == 134 and len(notes) == 1 and "damaged" in notes[0] and
              "game.ts:" not in err and len(frame_lines(err)) >= 3,
              f"damaged map ({name}): one note ({notes}), frames without lines, exit 134")
    return finish()


if __name__ == "__main__":
    sys.exit(main())
