#!/usr/bin/env python3
"""The console demo (`make demo`, boards/mps2-an385/demo.py) end to end in
QEMU mps2-an385, three times:

1. the demo game (examples/game): it plays, traps in mean_speed <-
   tune_difficulty <- update; the console's backtrace on the UART equals
   `wisp inspect`'s (which adds game.c:LINE: the division's line); the dump
   streamed live at the trap (`wisp pull --file` on the capture) is byte for
   byte the one the restarted console read back from its flash slot for
   `wisp pull --request`; `coredump erase` drops it and the game plays
   again; the run ends with `coredump saved: PATH`;
2. a user's game (`make demo GAME=`, console/mini.wat): only `update`, one
   import; its trap on frame 5 two calls deep, locals by name;
3. a game importing what the console lacks (console/foreign.wat): a clear
   refusal naming the import.

    check_console.py [--board mps2-an385] --source ROOT --build DIR --wisp HOST_WISP

(the board's demo.py runs it: boards/BOARD/demo.py)

Exits 77 (skipped) when a tool is missing.
"""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from wisptest import SKIP, check, finish  # noqa: E402


def demo(a, build, game=None, erase=False):
    cmd = [sys.executable, os.path.join(a.source, "boards", a.board, "demo.py"),
           "--source", a.source, "--wisp", a.wisp, "--build", build, "--timeout", "120"]
    if game:
        cmd += ["--game", game]
    if erase:
        cmd.append("--erase")
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    print(f"--- demo.py {'--game ' + os.path.basename(game) if game else ''} "
          f"(exit {r.returncode}) ---\n{r.stdout.rstrip()}\n{r.stderr.rstrip()}\n---")
    return r


def trap_lines(text):
    """The first `trap: ...` line of text and the backtrace lines after it."""
    lines = text.splitlines()
    i = next((k for k, l in enumerate(lines) if l.startswith("trap: ")), None)
    if i is None:
        return []
    got = [lines[i]]
    for l in lines[i + 1:]:
        if not l.startswith(("  #", "      operands: ")):
            break
        got.append(l)
    return got


def device_trap(out):
    """The console's trap line and backtrace lines."""
    return trap_lines(out)


def inspect_trap(out):
    """wisp inspect's, at the end of demo.py's output."""
    return trap_lines(out.split("demo: wisp inspect", 1)[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--board", default="mps2-an385")
    ap.add_argument("--source", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--wisp", required=True)
    a = ap.parse_args()
    a.source, a.wisp = os.path.abspath(a.source), os.path.abspath(a.wisp)
    for tool, pkg in (("qemu-system-arm", "qemu-system-arm"),
                      ("arm-none-eabi-gcc", "gcc-arm-none-eabi"), ("clang-14", "clang-14"),
                      ("wasm-ld-14", "lld-14"), ("wat2wasm", "wabt")):
        if not shutil.which(tool):
            print(f"SKIP: {tool} not found (apt-get install {pkg})")
            return SKIP
    build = os.path.abspath(a.build)

    # 1. the demo game
    r = demo(a, build, erase=True)
    out = r.stdout
    check(r.returncode == 0, "make demo's script exits 0")
    m = re.search(r"^coredump saved: (\S+)$", out, re.M)
    check(m is not None and out.rstrip().endswith(m.group(0)),
          "it ends with 'coredump saved: PATH'")
    check(re.search(r"^console: the game crashed in update at frame \d+$", out, re.M) is not None,
          "the console reports the crash in update")
    dev = device_trap(out)
    ins = inspect_trap(out)
    names = [re.match(r"  #\d+ 0x[0-9a-f]+ (\S+)", l).group(1) for l in dev[1:]
             if l.startswith("  #")]
    check(dev[:1] == ["trap: integer divide by zero"] and
          names == ["mean_speed", "tune_difficulty", "update"],
          f"device backtrace: divide by zero in mean_speed <- tune_difficulty <- update ({dev})")
    # mean_speed's division: the divisor, count, is 0 (examples/game/game.c)
    check(len(dev) > 2 and re.fullmatch(r"      operands: .*-?\d+ 0", dev[2]) is not None,
          f"device backtrace: the division's operands under frame #0, divisor 0 ({dev[2:3]})")
    # the same frames; inspect's locals may be the DWARF variables instead
    frame = re.compile(r"  #\d+ 0x[0-9a-f]+ \S+ \(wasm-function\[\d+\]\)")
    def head(l):
        m = frame.match(l)
        return m.group(0) if m else l
    check(len(ins) == len(dev) and ins[:1] == dev[:1] and
          all(head(i) == head(d) for i, d in zip(ins[1:], dev[1:])),
          "wisp inspect on the pulled dump gives the device's backtrace")
    src = open(os.path.join(a.source, "examples", "game", "game.c")).read().splitlines()
    line = next(k + 1 for k, l in enumerate(src) if "return total / count" in l)
    # the device runs the game without DWARF (embed.py --strip-debug): the
    # variables' names and the line come from the debug build on the host
    embedded = glob.glob(os.path.join(build, "boards", "**", "game_wasm.c"), recursive=True)
    debug_wasm = re.search(r"^demo: wisp inspect \S+ --module (\S+)$", out, re.M)
    if embedded and debug_wasm:
        first = open(embedded[0]).readline()
        n = int(re.search(r"(\d+) bytes", first).group(1))
        check(n < os.path.getsize(debug_wasm.group(1)),
              f"the device's game is stripped of its DWARF ({n} of "
              f"{os.path.getsize(debug_wasm.group(1))} bytes)")
    check(len(ins) > 1 and " count=" in ins[1],
          "wisp inspect --module shows mean_speed's source variables from the debug build")
    check(len(ins) > 1 and re.search(rf" at examples/game/game\.c:{line}(:\d+)?$", ins[1]),
          f"and the trapping line, examples/game/game.c:{line} ({ins[1] if len(ins) > 1 else None})")
    check("plays again" in out, "'coredump erase' drops the dump and the game restarts")
    if m and os.path.exists(m.group(1)):
        stored = open(m.group(1), "rb").read()
        capture = os.path.join(build, "demo", "serial.bin")
        with tempfile.TemporaryDirectory() as d:
            live = os.path.join(d, "live.core")
            p = subprocess.run([a.wisp, "pull", "--file", capture, "-o", live],
                               capture_output=True, text=True)
            print("     " + p.stderr.strip())
            got = open(live, "rb").read() if p.returncode == 0 else b""
        check(len(stored) > 0 and got == stored,
              f"the dump streamed at the trap equals the one read back from the flash slot "
              f"({len(got)} and {len(stored)} bytes)")

    # 2. and 3. games of the user's own
    with tempfile.TemporaryDirectory() as d:
        games = {}
        for name in ("mini", "foreign"):
            games[name] = os.path.join(d, name + ".wasm")
            subprocess.run(["wat2wasm", "--debug-names",
                            os.path.join(a.source, "tests", "boards", "console", name + ".wat"),
                            "-o", games[name]], check=True)
        r = demo(a, build, games["mini"])
        dev = device_trap(r.stdout)
        check(r.returncode == 0 and "console: the game crashed in update at frame 5" in r.stdout,
              "GAME=mini.wasm: crashes in update at frame 5")
        check(len(dev) == 4 and dev[0] == "trap: unreachable" and
              " explode " in dev[1] and dev[1].endswith("frame=5") and
              " step " in dev[2] and dev[2].endswith("frame=5 twice=10") and " update " in dev[3],
              f"its backtrace names explode <- step <- update with their locals ({dev})")
        check("game: tick" in r.stdout, "its log lines reach the serial line")
        check(r.stdout.rstrip().splitlines()[-1].startswith("coredump saved: "),
              "and ends with 'coredump saved:'")
        r = demo(a, build, games["foreign"])
        check(r.returncode != 0 and "console: the game needs what the console does not provide"
              in r.stdout and "draw_sprite" in r.stdout,
              "GAME=foreign.wasm: refused, naming the import it lacks")
    # Leave the build with the demo game, as make demo expects it.
    return finish()


if __name__ == "__main__":
    sys.exit(main())
